"""The self evaluation in the completion rule: asked only where a round counts toward
completion, finished when those rounds have closed, met when each one's self evaluation was
submitted, and a reason to talk when one is missing close to, or after, the close."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cohorts import completion, timeline
from cohorts.models import Participant
from csssl.uktime import uk_today
from evaluations.completion import ELEMENT, SELF_EVALUATION
from evaluations.models import Round
from tests.evaluations.factories import RoundFactory, SelfEvaluationFactory
from tests.factories import ParticipantFactory, coordinator

pytestmark = pytest.mark.django_db


def closing_in(days: int, **kwargs) -> Round:
    """A counting round, open for the 30 days up to its close, ``days`` from today."""
    closes_on = uk_today() + timedelta(days=days)
    return RoundFactory(
        opens_on=min(closes_on, uk_today()) - timedelta(days=30),
        closes_on=closes_on,
        counts_toward_completion=True,
        **kwargs,
    )


def submitted(round: Round, participant: Participant) -> None:
    SelfEvaluationFactory(round=round, participant=participant, submitted_at=timezone.now())


def standing(participant: Participant):
    return completion.completion_of(participant).standings[ELEMENT]


def test_element_is_registered():
    assert SELF_EVALUATION in completion.elements()


def test_cohort_without_a_counting_round_asks_nothing():
    round = RoundFactory(counts_toward_completion=False)
    participant = ParticipantFactory(cohort=round.cohort)
    each = standing(participant)
    assert each.finished
    assert each.within_allowance
    assert each.reasons == []
    assert each.evaluation_rounds == []


def test_open_round_far_from_its_close_is_on_course():
    round = closing_in(20)
    participant = ParticipantFactory(cohort=round.cohort)
    each = standing(participant)
    assert not each.finished
    assert each.within_allowance
    assert each.reasons == []
    assert each.to_come.startswith("self evaluation due by")


def test_not_submitted_within_a_week_of_the_close_is_a_reason():
    round = closing_in(7)
    participant = ParticipantFactory(cohort=round.cohort)
    (reason,) = standing(participant).reasons
    assert reason.startswith("Self evaluation not submitted yet for the pre-programme evaluation")
    submitted(round, participant)
    assert standing(participant).reasons == []


def test_not_submitted_when_the_round_closed_is_short_of_the_rule():
    round = closing_in(-1)
    participant = ParticipantFactory(cohort=round.cohort)
    each = standing(participant)
    assert each.finished
    assert not each.within_allowance
    assert each.shortfall == "self evaluation not submitted for the pre-programme evaluation"
    (reason,) = each.reasons
    assert "which closed on" in reason
    assert not completion.completion_of(participant).met


def test_submitted_and_closed_is_finished_and_within():
    round = closing_in(-1)
    participant = ParticipantFactory(cohort=round.cohort)
    submitted(round, participant)
    each = standing(participant)
    assert each.finished
    assert each.within_allowance
    assert each.reasons == []


def test_finished_only_when_every_counting_round_has_closed():
    pre = closing_in(-10)
    RoundFactory(
        cohort=pre.cohort,
        kind=Round.Kind.POST,
        version=pre.version,
        opens_on=uk_today() + timedelta(days=100),
        closes_on=uk_today() + timedelta(days=120),
        counts_toward_completion=True,
    )
    participant = ParticipantFactory(cohort=pre.cohort)
    submitted(pre, participant)
    each = standing(participant)
    assert not each.finished
    assert each.within_allowance
    assert [r.closed for r in each.evaluation_rounds] == [True, False]


def test_the_timeline_gives_the_same_standing_as_the_count():
    round = closing_in(-1)
    cohort = round.cohort
    RoundFactory(
        cohort=cohort,
        kind=Round.Kind.POST,
        version=round.version,
        opens_on=uk_today() + timedelta(days=1),
        closes_on=uk_today() + timedelta(days=5),
        counts_toward_completion=True,
    )
    done, missed = ParticipantFactory(cohort=cohort), ParticipantFactory(cohort=cohort)
    submitted(round, done)
    counted = {
        c.participant.pk: c.standings[ELEMENT] for c in completion.cohort_completions(cohort)
    }
    for participant in (done, missed):
        rule = completion.rule_for(cohort)
        items = timeline.timeline_for(participant=participant)
        from_year = completion.completion_from_timeline(
            participant=participant, rule=rule, items=items
        ).standings[ELEMENT]
        assert from_year == counted[participant.pk]
    assert counted[done.pk].within_allowance
    assert not counted[missed.pk].within_allowance


@pytest.mark.parametrize("size", [1, 6])
def test_a_whole_cohort_is_counted_in_one_query(django_assert_num_queries, size):
    round = closing_in(3)
    participants = [ParticipantFactory(cohort=round.cohort) for _ in range(size)]
    for participant in participants[::2]:
        submitted(round, participant)
    rule = completion.rule_for(round.cohort)
    with django_assert_num_queries(1):
        standings = SELF_EVALUATION.count(
            cohort=round.cohort,
            rule=rule,
            participants=participants,
            whole_cohort=True,
            now=timezone.now(),
        )
    assert [bool(standings[p.pk].reasons) for p in participants] == [
        n % 2 == 1 for n in range(size)
    ]


def test_counting_some_participants_reads_only_theirs():
    round = closing_in(3)
    one, other = ParticipantFactory(cohort=round.cohort), ParticipantFactory(cohort=round.cohort)
    submitted(round, other)
    standings = SELF_EVALUATION.count(
        cohort=round.cohort,
        rule=completion.rule_for(round.cohort),
        participants=[one],
        whole_cohort=False,
        now=timezone.now(),
    )
    assert standings[one.pk].evaluations_due


def test_dashboard_shows_the_self_evaluation_in_engagement_and_whats_needed():
    round = closing_in(5)
    participant = ParticipantFactory(cohort=round.cohort)
    client = Client()
    client.force_login(participant.user)
    body = client.get("/me/").content.decode()
    assert "Self evaluation, pre-programme evaluation: due by" in body
    assert "Your self evaluation for the pre-programme evaluation, by" in body


def test_certificates_page_shows_the_self_evaluation_column():
    round = closing_in(-200)
    participant = ParticipantFactory(cohort=round.cohort)
    submitted(round, participant)
    client = Client()
    client.force_login(coordinator())
    body = client.get(f"/coordinator/cohorts/{round.cohort_id}/certificates/").content.decode()
    assert '<th scope="col">Self evaluation</th>' in body
    assert "Pre-programme evaluation: submitted" in body
