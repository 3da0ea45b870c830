"""A double click on the participant's and the coordinators' forms never answers 500.

Both requests go at the same moment, each on its own connection to PostgreSQL; the data comes out
as if the form was sent once, and each request is answered with an ordinary page or a redirect
to one, with a message a person can read.
"""

from __future__ import annotations

from datetime import datetime, time
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from events import services
from events.models import Apology, AttendanceRecord, CalendarFeed
from tests.concurrency import post_at_once, signed_in
from tests.factories import CohortFactory, ParticipantFactory, coordinator

from .factories import EventFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

Status = AttendanceRecord.Status
JSON = {"HTTP_ACCEPT": "application/json"}


def assert_ordinary(answers, *, location: str, saying: str) -> None:
    """Every answer is a redirect to ``location``, whose page says ``saying``."""
    assert [(a.status, a.location) for a in answers] == [(302, location)] * len(answers)
    for answer in answers:
        assert saying in unescape(answer.page)


@pytest.fixture
def participant():
    return ParticipantFactory(cohort=CohortFactory(status=Cohort.Status.RUNNING))


@pytest.fixture
def coming(participant):
    """An event ten days from now."""
    return EventFactory(cohort=participant.cohort, title="Event 3: extended day")


@pytest.fixture
def today(participant):
    """An event today, so its register can be taken."""
    day = timezone.localdate()
    return EventFactory(
        cohort=participant.cohort,
        title="Event 2: extended day",
        starts_at=timezone.make_aware(datetime.combine(day, time(0, 0))),
        ends_at=timezone.make_aware(datetime.combine(day, time(23, 59))),
    )


def register(event) -> str:
    return reverse("coordinator:register", kwargs={"event_id": event.pk})


# --- The participant, on /me/ ---------------------------------------------------------------------


def test_apology_sent_twice_at_once_is_one_apology(postgresql, participant, coming):
    url = reverse("events:apology", kwargs={"event_id": coming.pk})

    answers = post_at_once(url, {"reason": "Ofsted visit"}, *signed_in(participant.user))

    assert_ordinary(
        answers, location=reverse("cohorts:dashboard"), saying="Your apologies for Event 3"
    )
    assert list(Apology.objects.values_list("participant", "reason")) == [
        (participant.pk, "Ofsted visit")
    ]


def test_apology_withdrawn_twice_at_once(postgresql, participant, coming):
    services.apology_send(participant=participant, event=coming, reason="Ofsted visit")
    url = reverse("events:apology_withdraw", kwargs={"event_id": coming.pk})

    answers = post_at_once(url, {}, *signed_in(participant.user))

    assert_ordinary(answers, location=reverse("cohorts:dashboard"), saying="are withdrawn")
    assert not Apology.objects.exists()


def test_calendar_reset_twice_at_once_leaves_one_working_address(postgresql, participant):
    old = CalendarFeed.objects.create(participant=participant).token
    url = reverse("events:feed_reset")

    answers = post_at_once(url, {}, *signed_in(participant.user))

    calendar = f"{reverse('cohorts:dashboard')}#calendar"
    assert_ordinary(answers, location=calendar, saying="Your calendar address is new")
    (feed,) = CalendarFeed.objects.all()
    assert feed.token != old
    for answer in answers:  # the page shows the one address that works
        assert feed.token in answer.page


# --- The coordinator, on the register -----------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, JSON], ids=["form", "fetch"])
def test_mark_twice_at_once_is_one_mark(postgresql, participant, today, headers):
    url = reverse(
        "coordinator:mark", kwargs={"event_id": today.pk, "participant_id": participant.pk}
    )
    clients = signed_in(coordinator())

    if headers:
        responses = [a.status for a in post_at_once(url, {"status": "late"}, *clients, **headers)]
        assert responses == [200, 200]
    else:
        answers = post_at_once(url, {"status": "late"}, *clients)
        assert_ordinary(
            answers, location=f"{register(today)}#participant-{participant.pk}", saying=": Late."
        )
    (record,) = AttendanceRecord.objects.all()
    assert record.status == Status.LATE


def test_note_twice_at_once_is_one_note(postgresql, participant, today):
    services.attendance_mark(
        event=today, participant=participant, status=Status.LATE, by=coordinator()
    )
    url = reverse(
        "coordinator:note", kwargs={"event_id": today.pk, "participant_id": participant.pk}
    )

    answers = post_at_once(url, {"note": "Train delayed"}, *signed_in(coordinator()))

    assert_ordinary(
        answers, location=f"{register(today)}#participant-{participant.pk}", saying="note saved."
    )
    (record,) = AttendanceRecord.objects.all()
    assert (record.status, record.note) == (Status.LATE, "Train delayed")


def test_all_present_twice_at_once_marks_everyone_once(postgresql, participant, today):
    others = [ParticipantFactory(cohort=participant.cohort) for _ in range(3)]
    url = reverse("coordinator:all_present", kwargs={"event_id": today.pk})

    answers = post_at_once(url, {}, *signed_in(coordinator()))

    assert [(a.status, a.location) for a in answers] == [(302, register(today))] * 2
    said = [unescape(a.page) for a in answers]
    counts = []
    for page in said:
        if "Everyone was already marked; nothing changed." in page:
            counts.append(0)
        else:
            counts.append(
                next(
                    n
                    for n in range(1, 5)
                    if f"{n} people marked" in page or f"{n} person marked" in page
                )
            )
    assert sum(counts) == 4  # each person marked by one of the two, none twice
    assert AttendanceRecord.objects.filter(event=today).count() == 4
    assert set(AttendanceRecord.objects.values_list("participant", flat=True)) == {
        participant.pk,
        *(other.pk for other in others),
    }
