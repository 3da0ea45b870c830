"""Attendance is marked from the event's day (UK time), never months ahead; apologies can be
recorded before it, by the participant on /me/ and by a coordinator on the register."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cohorts.models import Cohort
from events import services
from events.models import EXTENDED_DAY_ENDS, EXTENDED_DAY_STARTS, Apology, AttendanceRecord
from tests.factories import CohortFactory, ParticipantFactory, UserFactory, coordinator

from .factories import EventFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
Status = AttendanceRecord.Status
ATTENDANCE = (Status.PRESENT, Status.LATE, Status.LEFT_EARLY, Status.ABSENT)
JSON = {"HTTP_ACCEPT": "application/json"}
# An extended day in May 2027, the register opened in the December before.
DAY = datetime(2027, 5, 13).date()
DECEMBER = datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
TOO_EARLY = "Attendance can be marked from the day of the event, Thursday 13 May 2027."


@pytest.fixture
def event():
    cohort = CohortFactory(status=Cohort.Status.RUNNING)
    return EventFactory(
        cohort=cohort,
        title="Event 4: extended day",
        starts_at=datetime.combine(DAY, EXTENDED_DAY_STARTS, tzinfo=LONDON),
        ends_at=datetime.combine(DAY, EXTENDED_DAY_ENDS, tzinfo=LONDON),
    )


@pytest.fixture
def participant(event):
    return ParticipantFactory(
        cohort=event.cohort, user=UserFactory(first_name="Priya", last_name="Shah")
    )


@pytest.fixture
def coord():
    return coordinator()


@pytest.fixture
def signed_in(coord) -> Client:
    client = Client()
    client.force_login(coord)
    return client


def mark(event, participant, status, by, now):
    return services.attendance_mark(
        event=event, participant=participant, status=status, by=by, now=now
    )


# --- The rule, in the service ------------------------------------------------------------------


@pytest.mark.parametrize("status", ATTENDANCE)
def test_attendance_months_ahead_refused_and_nothing_written(event, participant, coord, status):
    with pytest.raises(services.EventError) as refused:
        mark(event, participant, status, coord, DECEMBER)

    assert refused.value.message.startswith(TOO_EARLY)
    assert "only apologies can be recorded" in refused.value.message
    assert not AttendanceRecord.objects.exists()


def test_late_marked_in_december_for_an_event_in_may_refused(event, participant, coord):
    with time_machine.travel(DECEMBER, tick=False):
        with pytest.raises(services.EventError, match="from the day of the event"):
            services.attendance_mark(
                event=event, participant=participant, status=Status.LATE, by=coord
            )
        with pytest.raises(services.EventError, match="from the day of the event"):
            services.attendance_all_present(event=event, by=coord)

    assert not AttendanceRecord.objects.exists()


def test_attendance_day_is_the_uk_day_not_the_utc_one(event, participant, coord):
    # 23:30 in London on the 12th is 22:30 UTC: still the day before.
    evening_before = datetime(2027, 5, 12, 23, 30, tzinfo=LONDON)
    with pytest.raises(services.EventError, match="from the day of the event"):
        mark(event, participant, Status.PRESENT, coord, evening_before)
    # 00:30 in London on the 13th is 23:30 UTC on the 12th: the day has begun.
    just_after_midnight = datetime(2027, 5, 12, 23, 30, tzinfo=UTC)
    record = mark(event, participant, Status.PRESENT, coord, just_after_midnight)

    assert record.status == Status.PRESENT
    assert record.marked_at == just_after_midnight
    assert not services.attendance_open(event=event, now=evening_before)
    assert services.attendance_open(event=event, now=just_after_midnight)
    assert services.attendance_open(event=event, now=datetime(2027, 7, 1, tzinfo=LONDON))


def test_apologies_can_be_marked_and_noted_before_the_day(event, participant, coord):
    record = mark(event, participant, Status.APOLOGIES, coord, DECEMBER)
    noted = services.attendance_note(
        event=event, participant=participant, note="Court hearing", by=coord, now=DECEMBER
    )

    assert (noted.pk, noted.status, noted.note) == (record.pk, Status.APOLOGIES, "Court hearing")
    with pytest.raises(services.EventError, match="from the day of the event"):
        mark(event, participant, Status.ABSENT, coord, DECEMBER)
    assert AttendanceRecord.objects.get().status == Status.APOLOGIES


def test_all_present_before_the_day_refused_and_nothing_written(event, participant, coord):
    apologetic = ParticipantFactory(cohort=event.cohort)
    services.apology_send(participant=apologetic, event=event, reason="Away", now=DECEMBER)

    with pytest.raises(services.EventError, match="from the day of the event"):
        services.attendance_all_present(event=event, by=coord, now=DECEMBER)

    assert not AttendanceRecord.objects.exists()
    on_the_day = datetime.combine(DAY, EXTENDED_DAY_STARTS, tzinfo=LONDON)
    assert services.attendance_all_present(event=event, by=coord, now=on_the_day) == 2
    assert dict(AttendanceRecord.objects.values_list("participant", "status")) == {
        participant.pk: Status.PRESENT,
        apologetic.pk: Status.APOLOGIES,
    }


# --- Through the web ------------------------------------------------------------------------------


def status_buttons(body: str) -> dict[str, str]:
    """Each status button's value and its opening tag."""
    return {
        re.search(r'value="([^"]+)"', tag).group(1): tag
        for tag in re.findall(r'<button type="submit" name="status"[^>]*>', body)
    }


def register_url(event) -> str:
    return reverse("coordinator:register", kwargs={"event_id": event.pk})


def mark_url(event, participant) -> str:
    return reverse(
        "coordinator:mark", kwargs={"event_id": event.pk, "participant_id": participant.pk}
    )


def test_register_before_the_day_offers_only_apologies(signed_in, event, participant):
    with time_machine.travel(DECEMBER, tick=False):
        body = signed_in.get(register_url(event)).content.decode()

    assert re.search(r'<p class="alert alert-info" id="marks-from">' + re.escape(TOO_EARLY), body)
    found = status_buttons(body)
    assert sorted(found) == sorted(Status.values)
    for status in ATTENDANCE:
        assert " disabled" in found[status], status
        assert 'aria-describedby="marks-from"' in found[status]
    assert " disabled" not in found[Status.APOLOGIES]
    all_present = re.search(r"<button[^>]*>All present</button>", body).group(0)
    assert " disabled" in all_present
    assert "marks-from" in all_present


def test_register_on_the_day_offers_every_mark(coord, event, participant):
    with time_machine.travel(datetime(2027, 5, 13, 8, 0, tzinfo=LONDON), tick=False):
        client = Client()
        client.force_login(coord)  # a session of that morning
        body = client.get(register_url(event)).content.decode()

    assert 'id="marks-from"' not in body
    assert all(" disabled" not in tag for tag in status_buttons(body).values())
    assert " disabled" not in re.search(r"<button[^>]*>All present</button>", body).group(0)


def test_register_mark_before_the_day_refused_beside_the_row(signed_in, event, participant):
    with time_machine.travel(DECEMBER, tick=False):
        plain = signed_in.post(mark_url(event, participant), {"status": "late"})
        answer = signed_in.post(mark_url(event, participant), {"status": "late"}, **JSON)

    assert plain.status_code == 400
    row_error = re.search(
        rf'<p[^>]*id="error-{participant.pk}"[^>]*>([^<]*)</p>', plain.content.decode()
    )
    assert row_error.group(1).startswith(f"Priya Shah: {TOO_EARLY}")
    assert answer.status_code == 400
    assert answer.json()["error"].startswith(f"Priya Shah: {TOO_EARLY}")
    assert not AttendanceRecord.objects.exists()


def test_register_apologies_before_the_day_recorded(signed_in, event, participant):
    with time_machine.travel(DECEMBER, tick=False):
        response = signed_in.post(mark_url(event, participant), {"status": "apologies"})

    assert response.status_code == 302
    assert AttendanceRecord.objects.get().status == Status.APOLOGIES


def test_register_all_present_before_the_day_refused_with_a_message(signed_in, event, participant):
    url = reverse("coordinator:all_present", kwargs={"event_id": event.pk})
    with time_machine.travel(DECEMBER, tick=False):
        response = signed_in.post(url, follow=True)

    assert response.redirect_chain == [(register_url(event), 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith(TOO_EARLY)
    assert not AttendanceRecord.objects.exists()


def test_participant_sends_apologies_months_ahead(event, participant):
    client = Client()
    client.force_login(participant.user)
    with time_machine.travel(DECEMBER, tick=False):
        response = client.post(
            reverse("events:apology", kwargs={"event_id": event.pk}), {"reason": "Court hearing"}
        )

    assert response.status_code == 302
    assert Apology.objects.get().reason == "Court hearing"
