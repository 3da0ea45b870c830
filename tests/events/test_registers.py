"""The coordinators' workspace and registers of attendance, through the web.

Coordinators only: anyone else signed in is told nothing. Every change works as a plain form
(post, then back to the person's row) and as the JSON register.js asks for; two coordinators
marking at once lose nothing, which only real connections to PostgreSQL can show.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from datetime import UTC, datetime, time, timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Participant
from events import services
from events.models import Apology, AttendanceRecord
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
    dcs_member,
)

from .factories import EventFactory

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status
JSON = {"HTTP_ACCEPT": "application/json"}


# --- Reading pages ------------------------------------------------------------------------------


class Buttons(HTMLParser):
    """The page's buttons: their attributes and the whole text inside them (visually hidden
    text included, as a screen reader reads it)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "button":
            self._open = {**dict(attrs), "text": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "button" and self._open is not None:
            self._open["text"] = " ".join(self._open["text"].split())
            self.found.append(self._open)
            self._open = None


def buttons(response) -> dict[str, dict]:
    """Buttons by their accessible text, e.g. ``"Late for Priya Shah"``."""
    parser = Buttons()
    parser.feed(response.content.decode())
    return {button["text"]: button for button in parser.found}


def pressed(response, name: str) -> list[str]:
    """The status buttons of ``name``'s row that are pressed."""
    return [
        button["value"]
        for text, button in buttons(response).items()
        if text.endswith(f" for {name}") and button.get("aria-pressed") == "true"
    ]


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


# --- Fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def coord():
    return coordinator(first_name="Alex", last_name="Morgan")


@pytest.fixture
def cohort():
    return CohortFactory(status=Cohort.Status.RUNNING)


@pytest.fixture
def event(cohort):
    return EventFactory(cohort=cohort, title="Event 2: extended day")


@pytest.fixture
def on_the_day(event):
    """The morning of the event, half an hour before it starts: the register can be taken, and
    apologies can still be sent."""
    with time_machine.travel(event.starts_at - timedelta(minutes=30), tick=True):
        yield


def another_coordinator():
    return coordinator(first_name="Jo", last_name="Reed")


def person(cohort, first: str, last: str, organisation: str = "Derby City Council", **kwargs):
    return ParticipantFactory(
        cohort=cohort,
        user=UserFactory(first_name=first, last_name=last),
        organisation=OrganisationFactory(name=organisation),
        **kwargs,
    )


@pytest.fixture
def priya(cohort):
    return person(cohort, "Priya", "Shah", "Leicestershire County Council")


@pytest.fixture
def tom(cohort):
    return person(cohort, "Tom", "Adebayo", "Nottingham CityCare")


@pytest.fixture
def signed_in(coord) -> Client:
    client = Client()
    client.force_login(coord)
    return client


def register_url(event) -> str:
    return reverse("coordinator:register", kwargs={"event_id": event.pk})


def mark_url(event, participant) -> str:
    return reverse(
        "coordinator:mark", kwargs={"event_id": event.pk, "participant_id": participant.pk}
    )


def note_url(event, participant) -> str:
    return reverse(
        "coordinator:note", kwargs={"event_id": event.pk, "participant_id": participant.pk}
    )


def all_urls(event, participant) -> dict[str, str]:
    return {
        "workspace": reverse("cohorts:workspace"),
        "register": register_url(event),
        "register_csv": reverse("coordinator:register_csv", kwargs={"event_id": event.pk}),
        "all_present": reverse("coordinator:all_present", kwargs={"event_id": event.pk}),
        "mark": mark_url(event, participant),
        "note": note_url(event, participant),
    }


# --- Who may see it -------------------------------------------------------------------------------


def test_coordinator_pages_anonymous_sent_to_login(event, priya):
    client = Client()
    for name, url in all_urls(event, priya).items():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(f"/accounts/login/?next={url}"), name


def test_coordinator_pages_for_participant_and_dcs_member_not_found(event, priya, tom):
    services.attendance_mark(
        event=event, participant=tom, status=Status.LATE, by=coordinator(), now=event.starts_at
    )
    for user in (priya.user, dcs_member(), UserFactory(is_staff=True)):
        client = Client()
        client.force_login(user)
        for name, url in all_urls(event, priya).items():
            assert client.get(url).status_code == 404, (user, name)
            assert client.post(url, {"status": "absent", "note": "x"}).status_code == 404, name
    assert list(event.attendance.values_list("participant", "status")) == [(tom.pk, Status.LATE)]


def test_coordinator_pages_answer_only_their_methods(signed_in, event, priya):
    urls = all_urls(event, priya)
    for name in ("mark", "note", "all_present"):
        assert signed_in.get(urls[name]).status_code == 405, name
    for name in ("workspace", "register", "register_csv"):
        assert signed_in.post(urls[name]).status_code == 405, name


def test_register_of_missing_event_not_found(signed_in, event, priya):
    missing = event.pk + 1000
    assert signed_in.get(f"/coordinator/events/{missing}/register/").status_code == 404
    response = signed_in.post(f"/coordinator/events/{missing}/register/{priya.pk}/mark/")
    assert response.status_code == 404


# --- The workspace --------------------------------------------------------------------------------


def test_workspace_lists_working_cohorts_with_upcoming_and_recent_events(
    signed_in, cohort, event, priya, tom
):
    now = timezone.now()
    seminar = EventFactory(
        cohort=cohort,
        seminar=True,
        title="Online seminar 3",
        starts_at=now - timedelta(days=5),
        ends_at=now - timedelta(days=5) + timedelta(hours=2),
    )
    EventFactory(
        cohort=cohort,
        title="Event 1: long ago",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=40) + timedelta(hours=8),
    )
    Apology.objects.create(participant=priya, event=seminar, reason="Court hearing")
    services.attendance_mark(
        event=seminar, participant=tom, status=Status.PRESENT, by=coordinator()
    )
    services.apology_send(participant=tom, event=event, reason="Ofsted visit")
    open_cohort = CohortFactory(status=Cohort.Status.OPEN, name="Cohort 6: next year")
    draft = CohortFactory(status=Cohort.Status.DRAFT, name="Cohort 7: draft")
    EventFactory(cohort=draft, title="Draft cohort event")
    completed = CohortFactory(status=Cohort.Status.COMPLETED, name="Cohort 1: finished")

    response = signed_in.get("/coordinator/")

    assert response.status_code == 200
    body = response.content.decode()
    assert cohort.name in body
    assert open_cohort.name in body
    assert draft.name not in body
    assert "Draft cohort event" not in body
    assert completed.name not in body
    assert "Event 1: long ago" not in body
    upcoming, recent = body.split("Last four weeks")[0], body.split("Last four weeks")[1]
    assert "Event 2: extended day" in upcoming
    assert "East Midlands Conference Centre" in upcoming
    assert "1 apology" in upcoming
    assert "Register not taken" in upcoming
    assert "Online seminar 3" in recent
    assert re.search(r"·\s*Online\s*</p>", recent)
    assert "Register started: 1 of 2 marked" in recent
    assert f'href="{register_url(event)}"' in body
    assert f'href="{register_url(seminar)}"' in body


def test_workspace_register_taken_when_every_active_participant_marked(
    signed_in, cohort, event, priya, tom
):
    person(cohort, "Sam", "Withdrawn", status=Participant.Status.WITHDRAWN)
    services.attendance_all_present(event=event, by=coordinator(), now=event.starts_at)

    body = signed_in.get("/coordinator/").content.decode()

    assert "Register taken: all 2 marked" in body
    assert "2 participants" in body


def test_workspace_shows_event_times_in_uk_time(signed_in, cohort):
    year = timezone.now().year + 1
    summer = datetime(year, 7, 1, 8, 0, tzinfo=UTC)  # 09:00 in British Summer Time
    winter = datetime(year, 1, 14, 14, 30, tzinfo=UTC)  # 14:30 in Greenwich Mean Time
    EventFactory(cohort=cohort, starts_at=summer, ends_at=summer + timedelta(hours=10))
    EventFactory(cohort=cohort, starts_at=winter, ends_at=winter + timedelta(hours=2))

    body = signed_in.get("/coordinator/").content.decode()

    assert re.search(rf"1 Jul {year}, 09:00</time> – 19:00", body)
    assert re.search(rf"14 Jan {year}, 14:30</time> – 16:30", body)
    assert f"1 Jul {year}, 08:00" not in body


@pytest.mark.parametrize("size", [1, 4])
def test_workspace_query_count_does_not_grow(signed_in, django_assert_num_queries, size):
    by = coordinator()
    now = timezone.now()
    for index in range(size):
        cohort = CohortFactory(status=[Cohort.Status.RUNNING, Cohort.Status.OPEN][index % 2])
        people = [ParticipantFactory(cohort=cohort) for _ in range(size)]
        coming = EventFactory(cohort=cohort)
        past = EventFactory(
            cohort=cohort,
            seminar=True,
            starts_at=now - timedelta(days=3),
            ends_at=now - timedelta(days=3) + timedelta(hours=2),
        )
        services.apology_send(participant=people[0], event=coming, reason="Away")
        services.attendance_all_present(event=past, by=by)
    # session, user, the role check, cohorts, events with their counts, evaluation rounds,
    # mentoring (pool, pairings with change requests and "not working" answers), the
    # portfolio counts (entries with their files), placements with projects,
    # groups with their members, group meetings with their attendance
    with django_assert_num_queries(12):
        response = signed_in.get("/coordinator/")
    assert response.status_code == 200
    assert response.content.decode().count("Register taken") == size


# --- The register -------------------------------------------------------------------------------


def test_register_lists_active_participants_by_surname(signed_in, cohort, event, priya, tom):
    person(cohort, "Sam", "Left", status=Participant.Status.WITHDRAWN)
    ParticipantFactory(user=UserFactory(first_name="Other", last_name="Cohort"))

    response = signed_in.get(register_url(event))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Tom Adebayo") < body.index("Priya Shah")
    assert "Nottingham CityCare" in body
    assert "Leicestershire County Council" in body
    assert "Sam Left" not in body
    assert "Other Cohort" not in body
    assert "0 of 2 marked" in body
    assert pressed(response, "Priya Shah") == []


def test_register_keeps_withdrawn_participant_who_was_marked(
    signed_in, cohort, event, priya, on_the_day
):
    left = person(cohort, "Sam", "Left")
    services.attendance_mark(event=event, participant=left, status=Status.PRESENT, by=coordinator())
    left.status = Participant.Status.WITHDRAWN
    left.save()

    response = signed_in.get(register_url(event))
    exported = read_csv(signed_in.get(f"/coordinator/events/{event.pk}/register.csv"))

    assert "Sam Left" in response.content.decode()
    assert pressed(response, "Sam Left") == [Status.PRESENT]
    assert "0 of 1 marked" in response.content.decode()
    assert [exported[1][i] for i in (0, 1, 5, 6)] == ["Left", "Sam", "Withdrawn", "Present"]


def test_register_buttons_name_the_person_and_show_current_status(
    signed_in, event, priya, tom, on_the_day
):
    services.attendance_mark(event=event, participant=priya, status=Status.LATE, by=coordinator())

    response = signed_in.get(register_url(event))

    found = buttons(response)
    for label in ("Present", "Late", "Left early", "Apologies", "Absent"):
        assert f"{label} for Priya Shah" in found
        assert f"{label} for Tom Adebayo" in found
    assert found["Late for Priya Shah"]["aria-pressed"] == "true"
    assert found["Present for Priya Shah"]["aria-pressed"] == "false"
    assert pressed(response, "Priya Shah") == [Status.LATE]
    assert pressed(response, "Tom Adebayo") == []
    body = response.content.decode()
    # A note belongs to a mark: the form shows once the person is marked.
    priya_note = re.search(rf'<form[^>]*action="{note_url(event, priya)}"[^>]*>', body)
    tom_note = re.search(rf'<form[^>]*action="{note_url(event, tom)}"[^>]*>', body)
    assert " hidden" not in priya_note.group(0)
    assert " hidden" in tom_note.group(0)
    assert "Save note about Priya Shah" in found


def test_register_apology_shown_and_preselects_apologies(signed_in, event, priya):
    services.apology_send(participant=priya, event=event, reason="Ofsted inspection that week")

    response = signed_in.get(register_url(event))

    body = response.content.decode()
    assert "Ofsted inspection that week" in body
    assert "Apologies sent; not marked yet" in body
    assert pressed(response, "Priya Shah") == [Status.APOLOGIES]
    assert "1 sent apologies" in body
    assert not event.attendance.exists()


def test_register_mark_redirects_back_to_the_row(signed_in, coord, event, priya, on_the_day):
    response = signed_in.post(mark_url(event, priya), {"status": "late"})

    assert response.status_code == 302
    assert response["Location"] == f"{register_url(event)}#participant-{priya.pk}"
    record = event.attendance.get()
    assert (record.participant, record.status, record.marked_by) == (priya, Status.LATE, coord)
    page = signed_in.get(response["Location"])
    body = page.content.decode()
    assert "Priya Shah: Late." in body
    assert re.search(r"Marked by Alex Morgan at \d\d:\d\d", body)
    assert pressed(page, "Priya Shah") == [Status.LATE]


def test_register_mark_by_fetch_answers_with_the_row(signed_in, event, priya, tom, on_the_day):
    services.attendance_mark(event=event, participant=tom, status=Status.PRESENT, by=coordinator())

    response = signed_in.post(mark_url(event, priya), {"status": "absent"}, **JSON)

    assert response.status_code == 200
    answer = response.json()
    assert answer["message"] == "Priya Shah: Absent."
    assert answer["summary"] == "2 of 2 marked"
    row = answer["row"]
    assert (row["participant"], row["selected"], row["status_label"], row["tone"]) == (
        priya.pk,
        "absent",
        "Absent",
        "danger",
    )
    assert re.fullmatch(r"Marked by Alex Morgan at \d\d:\d\d", row["marked"])  # on the day
    assert row["history"][0].startswith("Absent, by Alex Morgan at ")
    assert event.attendance.get(participant=priya).status == Status.ABSENT
    # The answer went to the script: nothing waits to be shown on the next page.
    assert "Priya Shah: Absent." not in signed_in.get(register_url(event)).content.decode()


def test_register_mark_unknown_status_refused(signed_in, event, priya):
    answer = signed_in.post(mark_url(event, priya), {"status": "asleep"}, **JSON)
    plain = signed_in.post(mark_url(event, priya), {"status": "asleep"})

    assert answer.status_code == 400
    assert answer.json() == {
        "participant": priya.pk,
        "error": "Priya Shah: Choose present, late, left early, apologies or absent.",
    }
    assert plain.status_code == 400
    row_error = re.search(rf'<p[^>]*id="error-{priya.pk}"[^>]*>([^<]*)</p>', plain.content.decode())
    assert (
        row_error.group(1) == "Priya Shah: Choose present, late, left early, apologies or absent."
    )
    assert " hidden" not in row_error.group(0)
    assert not event.attendance.exists()


def test_register_mark_participant_of_another_cohort_not_found(signed_in, event):
    outsider = ParticipantFactory()

    response = signed_in.post(mark_url(event, outsider), {"status": "present"})

    assert response.status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_register_all_present_keeps_exceptions_and_apologies(
    signed_in, event, priya, tom, on_the_day
):
    late = person(event.cohort, "Lee", "Late")
    unmarked = person(event.cohort, "Una", "Marked")
    services.attendance_mark(event=event, participant=late, status=Status.LATE, by=coordinator())
    services.apology_send(participant=priya, event=event, reason="Court hearing")

    response = signed_in.post(
        reverse("coordinator:all_present", kwargs={"event_id": event.pk}), follow=True
    )

    assert response.redirect_chain == [(register_url(event), 302)]
    assert dict(event.attendance.values_list("participant", "status")) == {
        late.pk: Status.LATE,
        priya.pk: Status.APOLOGIES,
        tom.pk: Status.PRESENT,
        unmarked.pk: Status.PRESENT,
    }
    body = response.content.decode()
    assert "3 people marked: present, or apologies where they sent them." in body
    assert "4 of 4 marked" in body
    again = signed_in.post(
        reverse("coordinator:all_present", kwargs={"event_id": event.pk}), follow=True
    )
    assert "Everyone was already marked; nothing changed." in again.content.decode()


def test_register_note_saved_and_status_kept(signed_in, event, priya, on_the_day):
    services.attendance_mark(event=event, participant=priya, status=Status.LATE, by=coordinator())

    plain = signed_in.post(note_url(event, priya), {"note": "  Train from Derby delayed  "})
    answer = signed_in.post(note_url(event, priya), {"note": "Arrived 10:15"}, **JSON)

    assert plain["Location"] == f"{register_url(event)}#participant-{priya.pk}"
    assert answer.status_code == 200
    assert answer.json()["message"] == "Priya Shah: note saved."
    assert answer.json()["row"]["note"] == "Arrived 10:15"
    record = event.attendance.get()
    assert (record.status, record.note) == (Status.LATE, "Arrived 10:15")
    assert list(record.history.values_list("status", "note")) == [
        (Status.LATE, "Arrived 10:15"),
        (Status.LATE, "Train from Derby delayed"),
        (Status.LATE, ""),
    ]
    page = signed_in.get(register_url(event)).content.decode()
    assert 'value="Arrived 10:15"' in page
    removed = signed_in.post(note_url(event, priya), {"note": ""}, **JSON)
    assert removed.json()["message"] == "Priya Shah: note removed."
    assert event.attendance.get().note == ""


def test_register_note_before_a_mark_refused(signed_in, event, priya):
    response = signed_in.post(note_url(event, priya), {"note": "Parking at the back"}, **JSON)

    assert response.status_code == 400
    assert response.json()["error"] == "Priya Shah: Mark them first, then add a note."
    assert not event.attendance.exists()


def test_register_note_too_long_refused_and_kept(signed_in, event, priya, on_the_day):
    services.attendance_mark(
        event=event, participant=priya, status=Status.PRESENT, by=another_coordinator()
    )

    typed = "Arrived late; " + "x" * 300

    response = signed_in.post(note_url(event, priya), {"note": typed})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Priya Shah: Keep the note to 300 characters or fewer.</p>" in body
    field = re.search(rf'<input[^>]*id="note-{priya.pk}"[^>]*>', body).group(0)
    assert f'value="{typed}"' in field
    assert 'aria-invalid="true"' in field
    assert event.attendance.get().note == ""


def test_register_shows_who_marked_and_the_history_of_changes(signed_in, event, priya):
    first, second = another_coordinator(), coordinator(first_name="Kim", last_name="Patel")
    on_the_day = event.starts_at + timedelta(minutes=2)  # 09:02 UK time
    with time_machine.travel(on_the_day, tick=False):
        services.attendance_mark(event=event, participant=priya, status=Status.PRESENT, by=first)
    with time_machine.travel(on_the_day + timedelta(days=1), tick=False):  # put right next day
        services.attendance_mark(
            event=event, participant=priya, status=Status.LEFT_EARLY, by=second, note="Ill"
        )

    body = signed_in.get(register_url(event)).content.decode()

    day_after = timezone.localtime(on_the_day + timedelta(days=1))
    assert f"Marked by Kim Patel at 09:02 on {day_after:%-d %B}<" in body
    assert f"Left early (note: Ill), by Kim Patel at 09:02 on {day_after:%-d %B}<" in body
    assert "Present, by Jo Reed at 09:02<" in body


def test_register_history_shows_a_removed_mark(signed_in, event, priya, on_the_day):
    record = services.attendance_mark(
        event=event, participant=priya, status=Status.ABSENT, by=another_coordinator()
    )
    record.delete()

    response = signed_in.get(register_url(event))

    body = response.content.decode()
    assert re.search(r"<li>Mark removed, by Jo Reed at \d\d:\d\d", body)
    assert re.search(r"<li>Absent, by Jo Reed at \d\d:\d\d", body)
    assert pressed(response, "Priya Shah") == []


def test_register_csv_lists_everyone_with_marks_and_apologies(signed_in, event, priya, tom):
    services.apology_send(participant=priya, event=event, reason="=Court hearing")
    with time_machine.travel(datetime(2030, 7, 1, 8, 5, tzinfo=UTC), tick=False):
        services.attendance_mark(
            event=event,
            participant=tom,
            status=Status.LATE,
            by=another_coordinator(),
            note="Traffic",
        )

    response = signed_in.get(f"/coordinator/events/{event.pk}/register.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = timezone.localtime(event.starts_at).date().isoformat()
    filename = f"register-{event.cohort.programme.slug}-{day}-event-2-extended-day.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    rows = read_csv(response)
    assert rows[0] == [
        "Last name",
        "First name",
        "Email",
        "Organisation",
        "Job title",
        "Place",
        "Attendance",
        "Note",
        "Apology sent",
        "Apology reason",
        "Marked by",
        "Marked at",
    ]
    assert rows[1] == [
        "Adebayo",
        "Tom",
        tom.user.email,
        "Nottingham CityCare",
        "Head of Service",
        "Active",
        "Late",
        "Traffic",
        "",
        "",
        "Jo Reed",
        "2030-07-01 09:05",
    ]
    assert rows[2][:2] == ["Shah", "Priya"]
    assert rows[2][6] == "Not marked yet"
    assert rows[2][9] == "'=Court hearing"
    assert len(rows) == 3


@pytest.mark.parametrize("size", [2, 12])
def test_register_query_count_does_not_grow(
    signed_in, cohort, event, on_the_day, django_assert_num_queries, size
):
    first, second = coordinator(), coordinator()
    people = [ParticipantFactory(cohort=cohort) for _ in range(size)]
    for participant in people[::2]:
        services.apology_send(participant=participant, event=event, reason="Away")
    for participant in people[1::2]:
        services.attendance_mark(event=event, participant=participant, status="late", by=first)
        services.attendance_mark(event=event, participant=participant, status="absent", by=second)
    services.attendance_all_present(event=event, by=first)
    # session, user, the role check, event, history, participants with their marks and apologies
    with django_assert_num_queries(6):
        response = signed_in.get(register_url(event))
    assert response.status_code == 200
    assert response.content.decode().count('aria-pressed="true"') == size


def test_register_buttons_escape_the_persons_name(signed_in, cohort, event):
    """The status buttons are written in Python, not the template language: a name that looks
    like markup is still shown as text, on every button and the group that names them."""
    ParticipantFactory(
        cohort=cohort, user=UserFactory(first_name='<b onclick="x()">Ann', last_name="O'Neil & Co")
    )

    body = signed_in.get(register_url(event)).content.decode()

    assert "<b onclick" not in body
    name = "&lt;b onclick=&quot;x()&quot;&gt;Ann O&#x27;Neil &amp; Co"
    assert f'aria-label="Attendance of {name}"' in body
    assert body.count(f'<span class="visually-hidden"> for {name}</span></button>') == 5


# --- Two coordinators at once -------------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_register_concurrent_marks_by_two_coordinators_all_land(postgresql):
    """Eight people are marked by two coordinators at the same moment (one says present, the
    other late); four already marked absent get a note from one while the other marks them
    left early. Every request answers, every mark lands, and the history holds every change."""
    cohort = CohortFactory(status=Cohort.Status.RUNNING)
    today = timezone.localdate()
    event = EventFactory(
        cohort=cohort,
        starts_at=timezone.make_aware(datetime.combine(today, time(0, 0))),
        ends_at=timezone.make_aware(datetime.combine(today, time(23, 59))),
    )
    first = coordinator(first_name="Alex", last_name="Morgan")
    second = coordinator(first_name="Kim", last_name="Patel")
    unmarked = [ParticipantFactory(cohort=cohort) for _ in range(8)]
    noted = [ParticipantFactory(cohort=cohort) for _ in range(4)]
    for participant in noted:
        services.attendance_mark(event=event, participant=participant, status="absent", by=first)
    jobs = []  # (coordinator, url, form data, headers, the status it must answer)
    for participant in unmarked:
        jobs.append((first, mark_url(event, participant), {"status": "present"}, {}, 302))
        jobs.append((second, mark_url(event, participant), {"status": "late"}, JSON, 200))
    for index, participant in enumerate(noted):
        jobs.append((first, note_url(event, participant), {"note": f"Note {index}"}, JSON, 200))
        jobs.append((second, mark_url(event, participant), {"status": "left_early"}, {}, 302))
    start = threading.Barrier(len(jobs))
    answers: list[tuple[int, int]] = []
    lock = threading.Lock()

    def send(user, url, data, headers, expected):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            start.wait()
            status = client.post(url, data, **headers).status_code
        finally:
            connections.close_all()
        with lock:
            answers.append((status, expected))

    threads = [threading.Thread(target=send, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(answers) == len(jobs)
    assert [status for status, expected in answers if status != expected] == []
    for participant in unmarked:
        record = AttendanceRecord.objects.get(event=event, participant=participant)
        changes = list(record.history.order_by("history_date", "history_id"))
        assert record.status in (Status.PRESENT, Status.LATE)
        assert sorted((c.status, c.history_user_id) for c in changes) == sorted(
            [(Status.PRESENT, first.pk), (Status.LATE, second.pk)]
        )
        assert changes[-1].status == record.status
    for index, participant in enumerate(noted):
        record = AttendanceRecord.objects.get(event=event, participant=participant)
        assert (record.status, record.note) == (Status.LEFT_EARLY, f"Note {index}")
        assert record.history.count() == 3


def test_register_counts_completed_participants_too():
    from cohorts.models import Participant
    from events.models import AttendanceRecord
    from events.selectors.registers import register_for
    from events.services import attendance_mark
    from tests.factories import ParticipantFactory, coordinator

    from .factories import EventFactory

    event = EventFactory()
    completed = ParticipantFactory(cohort=event.cohort, status=Participant.Status.COMPLETED)
    ParticipantFactory(cohort=event.cohort)
    ParticipantFactory(cohort=event.cohort, status=Participant.Status.WITHDRAWN)
    attendance_mark(
        event=event,
        participant=completed,
        status=AttendanceRecord.Status.PRESENT,
        by=coordinator(),
        now=event.starts_at,
    )
    register = register_for(event=event)
    assert register.summary == "1 of 2 marked"


def test_each_card_posts_to_its_own_persons_addresses(signed_in, event, priya, tom):
    body = signed_in.get(register_url(event)).content.decode()
    for participant in (priya, tom):
        assert f'action="{mark_url(event, participant)}" data-register="mark"' in body
        assert f'action="{note_url(event, participant)}" class="mt-3" data-register="note"' in body
