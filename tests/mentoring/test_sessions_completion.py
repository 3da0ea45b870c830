"""Mentoring sessions in the completion rule, the participant's year and the reminder the day
before: held sessions counted against the cohort's setting, the same from the timeline as for
the whole cohort, and each reminder sent once."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cohorts import completion, timeline
from cohorts.models import CompletionRule
from csssl.models import OutboxMessage
from csssl.reminders import reminders_sweep
from csssl.uktime import uk_moment, uk_today
from mentoring.models import CohortMentoring, MentoringSession
from mentoring.registrations.sessions import ELEMENT, count, session_reminders
from mentoring.services import sessions as services
from tests.factories import CohortFactory, ParticipantFactory, coordinator
from tests.mentoring.factories import PairingFactory, SessionFactory

pytestmark = pytest.mark.django_db

Status = MentoringSession.Status


def held(pairing, n=1):
    for _ in range(n):
        past = timezone.now() - timedelta(days=3)
        SessionFactory(pairing=pairing, status=Status.HELD, starts_at=past, held_at=past)


def cohort_with(required: int | None):
    cohort = CohortFactory()
    if required is not None:
        CohortMentoring.objects.create(cohort=cohort, sessions_required=required)
    return cohort


def standings(cohort, *, now=None):
    return {
        c.participant.pk: c.standings[ELEMENT]
        for c in completion.cohort_completions(cohort, now=now or timezone.now())
    }


def test_completion_asks_nothing_without_settings_or_with_none_required():
    for required in (None, 0):
        cohort = cohort_with(required)
        participant = ParticipantFactory(cohort=cohort)
        standing = standings(cohort)[participant.pk]
        assert not standing.sessions_asked
        assert standing.finished
        assert standing.within_allowance
        assert standing.reasons == []


def test_completion_counts_held_sessions_only():
    cohort = cohort_with(2)
    done, short = (PairingFactory(participant=ParticipantFactory(cohort=cohort)) for _ in "ab")
    held(done, 2)
    held(short)
    SessionFactory(pairing=short)  # agreed, not held
    SessionFactory(pairing=short, status=Status.CANCELLED)

    found = standings(cohort)

    assert found[done.participant_id].sessions_held == 2
    assert found[done.participant_id].finished
    assert found[short.participant_id].sessions_held == 1
    assert not found[short.participant_id].finished
    assert found[short.participant_id].within_allowance  # the programme has not ended
    assert found[short.participant_id].to_come == "1 more mentoring session to hold"


def days_before_end(cohort, days):
    return uk_moment(cohort.ends_on - timedelta(days=days), time(12))


def test_completion_at_risk_near_the_end_and_short_once_ended():
    cohort = cohort_with(3)
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort))
    held(pairing)

    near = standings(cohort, now=days_before_end(cohort, 20))[pairing.participant_id]
    assert near.reasons
    assert "Only 1 of 3" in near.reasons[0]
    assert near.within_allowance

    after = standings(cohort, now=days_before_end(cohort, -1))[pairing.participant_id]
    assert after.finished
    assert not after.within_allowance
    assert after.shortfall == "1 of 3 mentoring sessions held"
    ended = completion.cohort_completions(cohort, now=days_before_end(cohort, -1))[0]
    assert not ended.met


def test_completion_far_from_the_end_is_no_reason():
    cohort = cohort_with(3)
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort))
    far = days_before_end(cohort, 60)
    assert standings(cohort, now=far)[pairing.participant_id].reasons == []


def test_completion_count_reads_a_fixed_number_of_queries(django_assert_num_queries):
    for size in (1, 5):
        cohort = cohort_with(2)
        participants = []
        for _ in range(size):
            pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort))
            held(pairing)
            participants.append(pairing.participant)
        with django_assert_num_queries(1):
            found = count(
                cohort=cohort,
                rule=CompletionRule(cohort=cohort),
                participants=participants,
                whole_cohort=True,
                now=timezone.now(),
            )
        assert {s.sessions_held for s in found.values()} == {1}


def test_completion_from_timeline_is_the_same_as_the_count():
    cohort = cohort_with(2)
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort))
    held(pairing)
    SessionFactory(pairing=pairing)
    participant = pairing.participant
    now = timezone.now()
    items = timeline.timeline_for(participant=participant, now=now)
    rule = completion.rule_for(cohort)

    from_year = completion.completion_from_timeline(
        participant=participant, rule=rule, items=items, now=now
    ).standings[ELEMENT]

    assert from_year == standings(cohort)[participant.pk]
    kinds = [item.kind for item in items if item.source == "mentoring.sessions"]
    assert kinds.count("mentoring") == 2
    assert kinds.count("mentoring_required") == 1


def test_timeline_owes_an_answer_to_the_mentors_proposal():
    pairing = PairingFactory()
    SessionFactory(pairing=pairing, status=Status.PROPOSED, agreed_at=None)
    owed = timeline.owed(timeline.timeline_for(participant=pairing.participant))
    assert any("Agree to the mentoring session" in line for line in owed)


def test_reminder_the_day_before_to_both_sides_once():
    pairing = PairingFactory()
    now = timezone.now()
    tomorrow = uk_today(now=now) + timedelta(days=1)
    starts = uk_moment(tomorrow, time(14))
    session = SessionFactory(pairing=pairing, starts_at=starts, ends_at=starts + timedelta(hours=1))
    SessionFactory(pairing=pairing, status=Status.PROPOSED, starts_at=starts)
    SessionFactory(pairing=pairing, starts_at=starts + timedelta(days=3))
    at = uk_moment(tomorrow - timedelta(days=1), time(8))

    assert session_reminders(now=at) == 2
    assert session_reminders(now=at) == 0
    with time_machine.travel(at, tick=False):
        reminders_sweep()
    sent = OutboxMessage.objects.filter(kind=services.REMINDER)
    assert sorted(sent.values_list("recipient", flat=True)) == sorted(
        [pairing.mentor.user.email, pairing.participant.user.email]
    )
    assert set(sent.values_list("object_ref", flat=True)) == {
        f"mentoring.mentoringsession:{session.pk}"
    }


def test_engagement_card_and_certificates_page_show_the_sessions(client):
    cohort = cohort_with(2)
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort))
    held(pairing)
    client.force_login(pairing.participant.user)
    page = client.get(reverse("cohorts:dashboard")).content.decode()
    assert "Mentoring sessions: 1 of 2 held." in page
    assert "1 more mentoring session with your mentor." in page
    client.force_login(coordinator())
    page = client.get(f"/coordinator/cohorts/{cohort.pk}/certificates/").content.decode()
    assert "Mentoring sessions" in page
    assert "1 of 2" in page


def test_engagement_card_says_nothing_when_no_sessions_are_asked(client):
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort_with(0)))
    held(pairing)
    client.force_login(pairing.participant.user)
    page = client.get(reverse("cohorts:dashboard")).content.decode()
    assert "Mentoring sessions:" not in page
    assert "more mentoring session" not in page
