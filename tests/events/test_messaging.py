"""Coordinators emailing a cohort's participants chosen by their attendance
(/coordinator/cohorts/<id>/email/ and ``events.messaging``).

Recipients are chosen by a filter and shown (names and count) before anything is sent; the
message is previewed as a participant will receive it; sending writes one record and one
outbox email per person, once, however often the form is sent.
"""

from __future__ import annotations

import re
import threading
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Participant
from csssl.models import OutboxMessage
from events import messaging, selectors, services
from events.models import AttendanceRecord, CoordinatorMessage, Event
from events.services import EventError
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
    coordinator,
    dcs_member,
)

from .factories import EventFactory

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status
Audience = selectors.Audience


# --- Fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def coord():
    return coordinator(first_name="Alex", last_name="Morgan")


@pytest.fixture
def cohort() -> Cohort:
    programme = ProgrammeFactory(
        short_name="CSSSL",
        name="Children's Services Senior Strategic Leadership",
        contact_email="csssl@sdsa.example.org",
    )
    return CohortFactory(programme=programme, status=Cohort.Status.RUNNING, name="Cohort 4")


def days_ago(days: int) -> dict:
    start = timezone.now() - timedelta(days=days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=8)}


@pytest.fixture
def event(cohort) -> Event:
    """Event 2, held ten days ago."""
    return EventFactory(cohort=cohort, title="Event 2: extended day", **days_ago(10))


def person(cohort, first: str, last: str, **kwargs) -> Participant:
    return ParticipantFactory(
        cohort=cohort,
        user=UserFactory(
            first_name=first, last_name=last, email=f"{first}.{last}@example.org".lower()
        ),
        organisation=OrganisationFactory(name=f"{last} County Council"),
        **kwargs,
    )


@pytest.fixture
def people(cohort, event) -> dict[str, Participant]:
    """Five on Event 2's register: Tom present, Grace late, Priya absent, Owen marked
    apologies, Asha sent apologies beforehand and nobody marked her. Kit sent apologies but
    came after all (present); Sam has withdrawn."""
    by = coordinator()
    found = {
        name: person(cohort, *name.split())
        for name in (
            "Tom Adebayo",
            "Grace Hughes",
            "Priya Shah",
            "Owen Walsh",
            "Asha Begum",
            "Kit Carter",
        )
    }
    found["Sam Left"] = person(cohort, "Sam", "Left", status=Participant.Status.WITHDRAWN)
    for name, status in (
        ("Tom Adebayo", Status.PRESENT),
        ("Grace Hughes", Status.LATE),
        ("Priya Shah", Status.ABSENT),
        ("Owen Walsh", Status.APOLOGIES),
        ("Kit Carter", Status.PRESENT),
        ("Sam Left", Status.ABSENT),
    ):
        services.attendance_mark(event=event, participant=found[name], status=status, by=by)
    for name in ("Asha Begum", "Kit Carter"):
        services.apology_send(
            participant=found[name],
            event=event,
            reason="Ofsted inspection that week",
            now=event.starts_at - timedelta(days=3),
        )
    return found


@pytest.fixture
def signed_in(coord) -> Client:
    client = Client()
    client.force_login(coord)
    return client


def email_url(cohort) -> str:
    return reverse("coordinator:email", kwargs={"cohort_id": cohort.pk})


def names(participants) -> list[str]:
    return [participant.user.get_full_name() for participant in participants]


def recipients(cohort, **audience) -> list[str]:
    return names(selectors.audience_recipients(cohort=cohort, audience=Audience(**audience)))


def shown(response) -> list[str]:
    """The names the page lists as recipients, in order."""
    body = response.content.decode()
    listed = re.search(r'<ul [^>]*id="recipient-list">(.*?)</ul>', body, re.S)
    return re.findall(r"<li[^>]*>\s*(.*?)\s*</li>", listed.group(1)) if listed else []


def seen(response) -> str:
    return re.search(r'name="seen" value="([^"]*)"', response.content.decode()).group(1)


def key(response) -> str:
    return re.search(r'name="key" value="([^"]*)"', response.content.decode()).group(1)


def form(response, **changes) -> dict:
    """What the page's form sends as it stands, with ``changes``."""
    return {
        "who": "everyone",
        "event": "",
        "status": "",
        "subject": "Event 3: what to bring",
        "body": "Please bring your development plan.\n\nSee you on the day.",
        "key": key(response),
        "seen": seen(response),
        "action": "send",
        **changes,
    }


def coordinator_emails():
    return OutboxMessage.objects.filter(kind=messaging.MESSAGE_KIND)


# --- Who may use it -------------------------------------------------------------------------------


def test_email_page_anonymous_sent_to_login(cohort):
    client = Client()
    for method in (client.get, client.post):
        response = method(email_url(cohort))
        assert response.status_code == 302
        assert response["Location"].startswith(f"/accounts/login/?next={email_url(cohort)}")


def test_email_page_for_participant_dcs_member_and_staff_not_found(cohort, people):
    data = {
        "who": "everyone",
        "subject": "Hello",
        "body": "Hello all",
        "key": str(uuid.uuid4()),
        "action": "send",
    }
    for user in (people["Tom Adebayo"].user, dcs_member(), UserFactory(is_staff=True)):
        client = Client()
        client.force_login(user)
        assert client.get(email_url(cohort)).status_code == 404, user
        assert client.post(email_url(cohort), data).status_code == 404, user
    assert not CoordinatorMessage.objects.exists()
    assert not coordinator_emails().exists()


def test_email_page_of_missing_cohort_not_found(signed_in, cohort):
    assert signed_in.get(f"/coordinator/cohorts/{cohort.pk + 1000}/email/").status_code == 404


# --- Choosing recipients --------------------------------------------------------------------------


def test_recipients_everyone_active_on_the_cohort(cohort, people):
    person(CohortFactory(), "Other", "Cohort")
    ParticipantFactory(cohort=cohort, status=Participant.Status.COMPLETED)

    assert recipients(cohort, who="everyone") == [
        "Tom Adebayo",
        "Asha Begum",
        "Kit Carter",
        "Grace Hughes",
        "Priya Shah",
        "Owen Walsh",
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("present", ["Tom Adebayo", "Kit Carter"]),
        ("attended", ["Tom Adebayo", "Kit Carter", "Grace Hughes"]),
        ("late", ["Grace Hughes"]),
        ("absent", ["Priya Shah"]),
        # Marked apologies, or sent them and not marked otherwise (as the register shows it).
        ("apologies", ["Asha Begum", "Owen Walsh"]),
        ("left_early", []),
    ],
)
def test_recipients_by_attendance_at_an_event(cohort, event, people, status, expected):
    assert recipients(cohort, who="event", event=event, status=status) == expected


def test_recipients_not_marked_leaves_out_those_who_sent_apologies(cohort, event, people):
    coming = EventFactory(cohort=cohort, title="Event 3: extended day")
    services.apology_send(participant=people["Priya Shah"], event=coming, reason="On leave")

    assert recipients(cohort, who="event", event=coming, status="not_marked") == [
        "Tom Adebayo",
        "Asha Begum",
        "Kit Carter",
        "Grace Hughes",
        "Owen Walsh",
    ]
    assert recipients(cohort, who="event", event=event, status="not_marked") == []


def test_recipients_at_risk_are_those_engagement_flags(cohort, event, people):
    """Event 2 is required: everyone who missed it (absent, apologies marked or sent) is at
    risk; the withdrawn are not written to."""
    assert recipients(cohort, who="at_risk") == ["Asha Begum", "Priya Shah", "Owen Walsh"]


def test_email_page_shows_recipients_and_count_for_the_filter(signed_in, cohort, event, people):
    response = signed_in.get(
        email_url(cohort), {"who": "event", "event": event.pk, "status": "absent"}
    )

    assert response.status_code == 200
    assert shown(response) == ["Priya Shah"]
    body = " ".join(response.content.decode().split())
    day = f"{timezone.localtime(event.starts_at):%-d %B %Y}"
    assert f"1 person: Absent from Event 2: extended day ({day})" in body
    assert "Send to 1 person" in body
    assert seen(response) == str(people["Priya Shah"].pk)


def test_email_page_starts_with_everyone(signed_in, cohort, people):
    response = signed_in.get(email_url(cohort))

    body = response.content.decode()
    assert len(shown(response)) == 6
    assert "6 people: Everyone active on the cohort" in body
    assert " checked" in re.search(r'<input[^>]*value="everyone"[^>]*>', body)[0]
    assert " checked" not in re.search(r'<input[^>]*value="at_risk"[^>]*>', body)[0]


def test_email_page_event_filter_needs_event_and_attendance(signed_in, cohort, people):
    response = signed_in.get(email_url(cohort), {"who": "event", "event": "", "status": ""})

    body = response.content.decode()
    assert "Choose the event." in body
    assert "Choose their attendance" in body
    assert shown(response) == []
    assert "Finish choosing who to write to" in body


def test_email_page_changing_recipients_keeps_what_was_typed(signed_in, cohort, event, people):
    page = signed_in.get(email_url(cohort))

    response = signed_in.post(
        email_url(cohort),
        form(
            page,
            who="event",
            event=event.pk,
            status="late",
            subject="Catching up",
            body="Dear all,\nA note about Event 2.",
            action="recipients",
        ),
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert shown(response) == ["Grace Hughes"]
    assert 'value="Catching up"' in body
    assert "Dear all,\nA note about Event 2.</textarea>" in body
    assert key(response) == key(page)
    assert "There is a problem" not in body
    assert not coordinator_emails().exists()


# --- Writing, previewing, sending -----------------------------------------------------------------


def test_email_preview_shows_the_email_as_sent_and_sends_nothing(signed_in, cohort, people):
    page = signed_in.get(email_url(cohort))

    response = signed_in.post(email_url(cohort), form(page, action="preview"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Preview, as Tom Adebayo will receive it" in body
    assert "<p>Dear Tom,</p>" in body
    assert "<p>Please bring your development plan.</p>" in body
    assert "Alex Morgan<br>CSSSL programme team<br>csssl@sdsa.example.org" in body
    assert 'value="Event 3: what to bring"' in body
    assert key(response) == key(page)
    assert not CoordinatorMessage.objects.exists()
    assert not coordinator_emails().exists()


def test_email_send_writes_one_email_each_and_a_record(signed_in, coord, cohort, event, people):
    page = signed_in.get(email_url(cohort), {"who": "at_risk"})

    response = signed_in.post(email_url(cohort), form(page, who="at_risk"))

    assert response.status_code == 302
    assert response["Location"] == email_url(cohort)
    message = CoordinatorMessage.objects.get()
    assert (message.cohort, message.sent_by, message.recipient_count) == (cohort, coord, 3)
    assert message.audience == "Those at risk of not completing"
    assert message.subject == "Event 3: what to bring"
    assert message.body == "Please bring your development plan.\n\nSee you on the day."
    emails = coordinator_emails().order_by("recipient")
    assert list(emails.values_list("recipient", flat=True)) == [
        "asha.begum@example.org",
        "owen.walsh@example.org",
        "priya.shah@example.org",
    ]
    for email in emails:
        assert email.occasion == str(message.key)
        assert email.object_ref == f"events.coordinatormessage:{message.pk}"
        assert email.reply_to == "csssl@sdsa.example.org"
        assert email.subject == "Event 3: what to bring"
    assert emails[0].body_text.startswith("Dear Asha,\n\nPlease bring your development plan.")
    followed = signed_in.get(response["Location"])
    body = " ".join(followed.content.decode().split())
    assert "“Event 3: what to bring” sent to 3 people." in body
    assert "To 3 people: Those at risk of not completing" in body
    assert "Sent by Alex Morgan" in body


def test_email_double_submit_sends_once(signed_in, cohort, people):
    page = signed_in.get(email_url(cohort))
    data = form(page)

    first = signed_in.post(email_url(cohort), data)
    second = signed_in.post(email_url(cohort), data)

    assert first.status_code == second.status_code == 302
    assert CoordinatorMessage.objects.count() == 1
    assert coordinator_emails().count() == 6
    followed = signed_in.get(second["Location"])
    assert "nobody was sent it twice" in followed.content.decode()


def test_email_resent_after_the_people_changed_still_sends_once(signed_in, cohort, people):
    """A form sent again with the browser's back button, after someone has withdrawn: it was
    sent already, so nothing more goes."""
    page = signed_in.get(email_url(cohort))
    data = form(page)
    signed_in.post(email_url(cohort), data)
    Participant.objects.filter(pk=people["Tom Adebayo"].pk).update(
        status=Participant.Status.WITHDRAWN
    )

    response = signed_in.post(email_url(cohort), data)

    assert response.status_code == 302
    assert coordinator_emails().count() == 6


def test_email_a_new_form_sends_a_new_message(signed_in, cohort, people):
    for _ in range(2):
        signed_in.post(email_url(cohort), form(signed_in.get(email_url(cohort))))

    assert CoordinatorMessage.objects.count() == 2
    assert coordinator_emails().count() == 12


def test_email_refused_when_recipients_changed_since_shown(signed_in, cohort, event, people):
    page = signed_in.get(email_url(cohort), {"who": "event", "event": event.pk, "status": "late"})
    data = form(page, who="event", event=event.pk, status="late")
    services.attendance_mark(
        event=event, participant=people["Tom Adebayo"], status=Status.LATE, by=coordinator()
    )

    response = signed_in.post(email_url(cohort), data)

    assert response.status_code == 400
    assert "The people this goes to changed since the list was shown" in (response.content.decode())
    assert shown(response) == ["Tom Adebayo", "Grace Hughes"]
    assert 'value="Event 3: what to bring"' in response.content.decode()
    assert not coordinator_emails().exists()

    again = signed_in.post(email_url(cohort), {**data, "seen": seen(response)})

    assert again.status_code == 302
    assert coordinator_emails().count() == 2


def test_email_without_subject_or_message_refused_beside_the_fields(signed_in, cohort, people):
    page = signed_in.get(email_url(cohort))

    response = signed_in.post(
        email_url(cohort), form(page, subject="  ", body="Please bring your plan.")
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert re.search(r'id="error_1_id_subject"[^>]*>\s*<strong>Write a subject.</strong>', body)
    assert '<a href="#id_subject">Subject: Write a subject.</a>' in body
    assert "Please bring your plan.</textarea>" in body
    assert key(response) == key(page)
    assert not CoordinatorMessage.objects.exists()

    response = signed_in.post(email_url(cohort), form(page, body=""))

    assert "Write the message." in response.content.decode()
    assert 'value="Event 3: what to bring"' in response.content.decode()


def test_email_to_nobody_refused(signed_in, cohort, event, people):
    page = signed_in.get(email_url(cohort))

    response = signed_in.post(
        email_url(cohort), form(page, who="event", event=event.pk, status="left_early")
    )

    assert response.status_code == 400
    assert "Nobody matches your choice" in response.content.decode()
    assert not CoordinatorMessage.objects.exists()


def test_email_event_of_another_cohort_refused(signed_in, cohort, people):
    other = EventFactory(title="Someone else's day")
    page = signed_in.get(email_url(cohort))

    response = signed_in.post(
        email_url(cohort), form(page, who="event", event=other.pk, status="present")
    )

    assert response.status_code == 400
    assert "Choose one of this cohort&#x27;s events." in response.content.decode()
    assert not coordinator_emails().exists()


def test_email_delivered_with_reply_to_the_programme(
    signed_in, cohort, people, django_capture_on_commit_callbacks
):
    page = signed_in.get(email_url(cohort))
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(email_url(cohort), form(page))

    assert response.status_code == 302

    assert len(mail.outbox) == 6
    tom = next(email for email in mail.outbox if email.to == ["tom.adebayo@example.org"])
    assert tom.reply_to == ["csssl@sdsa.example.org"]
    assert tom.subject == "Event 3: what to bring"
    assert "Dear Tom," in tom.body
    assert "Alex Morgan\nCSSSL programme team\ncsssl@sdsa.example.org" in tom.body


@pytest.mark.parametrize("size", [2, 10])
def test_email_page_query_count_does_not_grow(
    signed_in, coord, cohort, django_assert_num_queries, size
):
    by = coordinator()
    events = [EventFactory(cohort=cohort, **days_ago(10 * (n + 1))) for n in range(size)]
    participants = [ParticipantFactory(cohort=cohort) for _ in range(size)]
    for n, participant in enumerate(participants):
        for event in events:
            status = Status.ABSENT if n % 2 else Status.PRESENT
            services.attendance_mark(event=event, participant=participant, status=status, by=by)
    for _ in range(size):
        messaging.message_send(
            cohort=cohort, recipients=participants, subject="Hello", body="Hello all", by=coord
        )

    # session, user, the role check, the cohort, its events, the recipients, messages sent
    with django_assert_num_queries(7):
        response = signed_in.get(
            email_url(cohort), {"who": "event", "event": events[0].pk, "status": "absent"}
        )
    assert len(shown(response)) == size // 2
    # ...and for those at risk, at risk's participants, events, marks with apologies, evaluation
    # rounds, mentoring sessions held and the counting group meetings
    with django_assert_num_queries(12):
        response = signed_in.get(email_url(cohort), {"who": "at_risk"})
    assert len(shown(response)) == size // 2
    assert response.content.decode().count("Sent by ") == size


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_email_sent_four_times_at_once_sends_once(postgresql, cohort, people):
    """A coordinator's quadruple click: the same form arrives four times at the same moment.
    Every request answers by going back to the page; one message is kept and each person gets
    one email."""
    coord = coordinator(first_name="Alex", last_name="Morgan")
    client = Client()
    client.force_login(coord)
    data = form(client.get(email_url(cohort)))
    start = threading.Barrier(4)
    answers: list[int] = []
    lock = threading.Lock()

    def send():
        sender = Client(raise_request_exception=False)
        sender.force_login(coord)
        try:
            start.wait()
            status = sender.post(email_url(cohort), data).status_code
        finally:
            connections.close_all()
        with lock:
            answers.append(status)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert answers == [302] * 4
    assert CoordinatorMessage.objects.count() == 1
    assert coordinator_emails().count() == 6
    assert coordinator_emails().values("recipient").distinct().count() == 6


# --- The service ----------------------------------------------------------------------------------


def test_message_send_twice_with_one_key_writes_once(coord, cohort, people):
    everyone = selectors.audience_recipients(cohort=cohort, audience=Audience(who="everyone"))
    key = uuid.uuid4()

    first, created = messaging.message_send(
        cohort=cohort, recipients=everyone, subject="Hi", body="Hello", by=coord, key=key
    )
    again, created_again = messaging.message_send(
        cohort=cohort, recipients=everyone, subject="Hi", body="Hello", by=coord, key=key
    )

    assert (created, created_again) == (True, False)
    assert again == first
    assert coordinator_emails().count() == len(everyone) == 6


def test_message_send_refuses_someone_withdrawn_or_of_another_cohort(coord, cohort, people):
    stranger = person(CohortFactory(), "Other", "Cohort")
    for outsider in (people["Sam Left"], stranger):
        with pytest.raises(EventError, match="no longer an active participant"):
            messaging.message_send(
                cohort=cohort,
                recipients=[people["Tom Adebayo"], outsider],
                subject="Hi",
                body="Hello",
                by=coord,
            )
    assert not CoordinatorMessage.objects.exists()
    assert not coordinator_emails().exists()


@pytest.mark.parametrize(
    ("subject", "body", "error"),
    [
        ("", "Hello", "Subject: This field cannot be blank."),
        ("Hi", "   ", "Message: This field cannot be blank."),
        ("Hi", "x" * (messaging.BODY_LENGTH + 1), "Keep the message to 10,000 characters"),
    ],
)
def test_message_send_needs_a_subject_and_a_message(coord, cohort, people, subject, body, error):
    with pytest.raises(EventError, match=re.escape(error)):
        messaging.message_send(
            cohort=cohort, recipients=[people["Tom Adebayo"]], subject=subject, body=body, by=coord
        )
    assert not coordinator_emails().exists()


def test_message_send_to_nobody_refused(coord, cohort):
    with pytest.raises(EventError, match="nobody to send this to"):
        messaging.message_send(cohort=cohort, recipients=[], subject="Hi", body="Hello", by=coord)


def test_message_send_key_of_another_cohort_refused(coord, cohort, people):
    elsewhere = person(CohortFactory(), "Other", "Cohort")
    sent, _ = messaging.message_send(
        cohort=elsewhere.cohort, recipients=[elsewhere], subject="Hi", body="Hello", by=coord
    )

    with pytest.raises(EventError, match="another cohort"):
        messaging.message_send(
            cohort=cohort,
            recipients=[people["Tom Adebayo"]],
            subject="Hi",
            body="Hello",
            by=coord,
            key=sent.key,
        )
    assert coordinator_emails().count() == 1
