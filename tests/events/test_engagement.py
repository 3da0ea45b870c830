"""The required events in the completion rule, and participants at risk. (Awarding
certificates, and the pages around them, are ``tests/cohorts/test_certificate_awarding.py``.)"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from cohorts import completion as engagement
from cohorts.models import Cohort, CompletionRule, Participant
from events import services
from events.models import EXTENDED_DAY_ENDS, EXTENDED_DAY_STARTS, AttendanceRecord, Event
from tests.factories import CohortFactory, ParticipantFactory, coordinator

from .factories import EventFactory

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status


def ended_cohort(**kwargs) -> Cohort:
    """A cohort whose last day was about four months ago."""
    opened = timezone.now() - timedelta(days=400)
    return CohortFactory(
        applications_open=opened,
        application_deadline=opened + timedelta(days=20),
        status=Cohort.Status.RUNNING,
        **kwargs,
    )


def at(day, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def day_event(cohort: Cohort, days_before_end: int, **kwargs) -> Event:
    """An extended day ``days_before_end`` days before the cohort's last day."""
    day = cohort.ends_on - timedelta(days=days_before_end)
    return EventFactory(
        cohort=cohort,
        starts_at=timezone.make_aware(datetime.combine(day, EXTENDED_DAY_STARTS)),
        ends_at=timezone.make_aware(datetime.combine(day, EXTENDED_DAY_ENDS)),
        **kwargs,
    )


def mark(event: Event, participant: Participant, status: str, *, by=None) -> None:
    """Mark the register as it is taken: on the event's day."""
    services.attendance_mark(
        event=event,
        participant=participant,
        status=status,
        by=by or coordinator(),
        now=event.starts_at,
    )


def apologise(event: Event, participant: Participant) -> None:
    services.apology_send(
        participant=participant,
        event=event,
        reason="Ofsted inspection that week",
        now=event.starts_at - timedelta(days=3),
    )


@pytest.fixture
def cohort() -> Cohort:
    return CohortFactory(status=Cohort.Status.RUNNING)


@pytest.fixture
def after_end(cohort) -> datetime:
    return at(cohort.ends_on + timedelta(days=1))


@pytest.fixture
def days(cohort) -> list[Event]:
    """Four required extended days, a month apart, the last on the cohort's last day."""
    return [day_event(cohort, 30 * n) for n in (3, 2, 1, 0)]


@pytest.fixture
def participant(cohort) -> Participant:
    return ParticipantFactory(cohort=cohort)


def attend_all(events, participant, *, status=Status.PRESENT) -> None:
    by = coordinator()
    for event in events:
        mark(event, participant, status, by=by)


# --- The rule ----------------------------------------------------------------------------------


def test_completion_met_when_every_required_event_attended(days, participant, after_end):
    mark(days[0], participant, Status.PRESENT)
    mark(days[1], participant, Status.LATE)
    mark(days[2], participant, Status.LEFT_EARLY)
    mark(days[3], participant, Status.PRESENT)

    completion = engagement.completion_of(participant, now=after_end)

    assert (completion.required, completion.attended, completion.still_to_come) == (4, 4, 0)
    assert completion.missed == []
    assert completion.met


def test_completion_not_met_with_one_absence_and_none_allowed(days, participant, after_end):
    attend_all(days[:3], participant)
    mark(days[3], participant, Status.ABSENT)

    completion = engagement.completion_of(participant, now=after_end)

    assert not completion.met
    assert [str(miss) for miss in completion.missed] == [f"{days[3].title} (absent)"]
    assert completion.outcome == "Does not meet the rule: missed 1 required event, 0 allowed"


def test_completion_allowed_absences(cohort, days, participant, after_end):
    CompletionRule.objects.create(cohort=cohort, allowed_absences=1)
    attend_all(days[:2], participant)
    mark(days[2], participant, Status.ABSENT)
    mark(days[3], participant, Status.PRESENT)

    assert engagement.completion_of(participant, now=after_end).met

    mark(days[3], participant, Status.ABSENT)

    completion = engagement.completion_of(participant, now=after_end)
    assert not completion.met
    assert len(completion.missed) == 2


def test_completion_apologies_count_as_missed(days, participant, after_end):
    attend_all(days[:2], participant)
    apologise(days[2], participant)  # sent beforehand, never marked
    mark(days[3], participant, Status.APOLOGIES)

    completion = engagement.completion_of(participant, now=after_end)

    assert not completion.met
    assert [miss.why for miss in completion.missed] == ["Apologies sent", "Apologies"]


def test_completion_unmarked_register_counts_as_missed(days, participant, after_end):
    attend_all(days[:3], participant)

    completion = engagement.completion_of(participant, now=after_end)

    assert not completion.met
    assert completion.missed[0].why == "Not marked on the register"


def test_completion_ignores_cancelled_and_optional_events(cohort, days, participant, after_end):
    attend_all(days, participant)
    day_event(cohort, 45, cancelled=True)
    day_event(cohort, 15, counts_toward_completion=False)

    completion = engagement.completion_of(participant, now=after_end)

    assert completion.required == 4
    assert completion.met


def test_completion_not_met_while_required_events_are_to_come(days, participant):
    attend_all(days[:2], participant)
    before_third = days[2].starts_at - timedelta(days=1)

    completion = engagement.completion_of(participant, now=before_third)

    assert (completion.required, completion.attended, completion.still_to_come) == (2, 2, 2)
    assert not completion.met
    assert completion.within_allowance
    assert completion.outcome == "On course: 2 required events to come"


def test_completion_not_met_before_any_event_is_on_the_calendar(cohort, participant):
    completion = engagement.completion_of(participant, now=at(cohort.starts_on))

    assert not completion.met
    assert completion.outcome == "On course: no required event is on the calendar yet"
    assert engagement.completion_of(participant, now=at(cohort.ends_on + timedelta(days=1))).met


def test_completion_submitted_assessment_counts(cohort, days, participant, after_end):
    assessment = day_event(cohort, 1, kind=Event.Kind.ASSESSMENT, title="Assessment")
    attend_all(days, participant)

    assert not engagement.completion_of(participant, now=after_end).met

    mark(assessment, participant, Status.PRESENT)

    assert engagement.completion_of(participant, now=after_end).met


def test_completion_from_timeline_agrees_with_completion_of(cohort, days, participant, after_end):
    from cohorts.timeline import timeline_for

    attend_all(days[:3], participant)
    apologise(days[3], participant)
    items = timeline_for(participant=participant, now=after_end)

    from_timeline = engagement.completion_from_timeline(
        participant=participant, rule=engagement.rule_for(cohort), items=items, now=after_end
    )
    direct = engagement.completion_of(participant, now=after_end)

    assert from_timeline.missed == direct.missed
    assert (from_timeline.required, from_timeline.attended) == (direct.required, direct.attended)
    assert from_timeline.met is direct.met is False


# --- At risk -----------------------------------------------------------------------------------


def test_at_risk_flags_a_missed_required_event_even_within_the_allowance(cohort, days):
    CompletionRule.objects.create(cohort=cohort, allowed_absences=1)
    steady, missed_one = ParticipantFactory(cohort=cohort), ParticipantFactory(cohort=cohort)
    attend_all(days[:2], steady)
    mark(days[0], missed_one, Status.PRESENT)
    mark(days[1], missed_one, Status.ABSENT)

    flagged = engagement.at_risk(cohort, now=days[1].ends_at + timedelta(hours=1))

    assert [entry.participant for entry in flagged] == [missed_one]
    assert flagged[0].reasons == [f"Missed {days[1].title} (absent)."]
    assert flagged[0].completion.within_allowance


def test_at_risk_flags_two_absences_in_a_row_of_any_events(cohort, days, participant):
    tutorials = [
        day_event(cohort, 80, counts_toward_completion=False, title="Tutorial group 1"),
        day_event(cohort, 70, counts_toward_completion=False, title="Tutorial group 2"),
    ]
    mark(days[0], participant, Status.PRESENT)
    apologise(tutorials[0], participant)
    mark(tutorials[1], participant, Status.ABSENT)

    flagged = engagement.at_risk(cohort, now=tutorials[1].ends_at + timedelta(hours=1))

    assert len(flagged) == 1
    assert flagged[0].reasons == [
        "Away from 2 events in a row: Tutorial group 1, Tutorial group 2."
    ]


def test_at_risk_leaves_out_one_optional_absence_and_withdrawn_people(cohort, days, participant):
    optional = day_event(cohort, 80, counts_toward_completion=False)
    mark(days[0], participant, Status.PRESENT)
    mark(optional, participant, Status.ABSENT)
    withdrawn = ParticipantFactory(cohort=cohort, status=Participant.Status.WITHDRAWN)
    mark(days[0], withdrawn, Status.ABSENT)

    assert engagement.at_risk(cohort, now=optional.ends_at + timedelta(hours=1)) == []


@pytest.mark.parametrize("size", [2, 12])
def test_at_risk_reads_a_cohort_in_fixed_queries(cohort, django_assert_num_queries, size):
    by = coordinator()
    events = [day_event(cohort, 10 * n) for n in range(size)]
    for n in range(size):
        person = ParticipantFactory(cohort=cohort)
        for event in events:
            mark(event, person, Status.ABSENT if n % 2 else Status.PRESENT, by=by)
    cohort = Cohort.objects.get(pk=cohort.pk)

    # cohort with programme and rule, participants, events, marks with apologies, the counting
    # evaluation rounds with their self evaluations, the mentoring sessions held, the counting
    # group meetings
    with django_assert_num_queries(7):
        flagged = engagement.at_risk(cohort, now=at(cohort.ends_on + timedelta(days=1)))

    assert len(flagged) == size // 2
