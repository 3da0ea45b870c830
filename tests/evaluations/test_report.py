"""Reports: frozen once the round is complete for the participant and never changed after,
except that a withheld comment comes out; released at once or after a debrief, as the round
says; and pre against post from the two frozen reports."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from csssl.uktime import uk_today
from evaluations.errors import EvaluationError, RaterLinkError
from evaluations.models import RaterComment, RaterInvitation, Relationship, Report, Round
from evaluations.selectors.reports import report_page
from evaluations.services import raters, reports
from tests.evaluations.factories import RaterInvitationFactory
from tests.evaluations.reporting import (
    answer,
    answers_in,
    frozen,
    open_round,
    participant_of,
    qualities,
    self_submit,
)
from tests.factories import coordinator, mentor

pytestmark = pytest.mark.django_db

LATER = timedelta(days=30)  # after every factory round has closed


def jsonish(value):
    return json.loads(json.dumps(value))


# --- When a report is frozen -----------------------------------------------------------------


def test_freeze_on_completion_released_at_once_with_the_figures_of_that_moment():
    round = open_round(release=Round.Release.ON_COMPLETION)
    participant = participant_of(round)
    self_submit(round, participant)
    answers_in(round, participant, (1, 3, 0, 0))
    expected = jsonish(reports.figures_for(round=round, participant=participant))

    report = reports.freeze_if_complete(round=round, participant=participant)

    report.refresh_from_db()
    assert report.is_released
    assert report.figures == expected
    assert report.figures["answered"] == {"manager": 1, "peer": 3, "report": 0, "other": 0}
    assert report.figures["scale"][3] == [4, "Leading others"]


def test_freeze_after_debrief_waits_for_it_then_the_debrief_releases_it():
    report = frozen(release=Round.Release.AFTER_DEBRIEF)
    assert not report.is_released

    held = uk_today()
    staff = coordinator()
    reports.debrief_record(report=report, held_on=held, by=staff)

    report.refresh_from_db()
    assert report.is_released
    assert (report.debrief_on, report.debrief_by) == (held, staff)


def test_debrief_not_yet_held_or_recorded_by_someone_else_is_refused():
    report = frozen(release=Round.Release.AFTER_DEBRIEF)

    with pytest.raises(EvaluationError) as refused:
        reports.debrief_record(
            report=report, held_on=uk_today() + timedelta(days=1), by=coordinator()
        )
    assert "held_on" in refused.value.errors
    with pytest.raises(EvaluationError):
        reports.debrief_record(report=report, held_on=uk_today(), by=report.participant.user)
    with pytest.raises(EvaluationError):
        reports.debrief_record(report=report, held_on=uk_today(), by=mentor())

    report.refresh_from_db()
    assert not report.is_released
    assert report.debrief_on is None


def test_debrief_of_a_report_released_on_completion_keeps_its_release_time():
    report = frozen(release=Round.Release.ON_COMPLETION)
    released = report.released_at

    reports.debrief_record(report=report, held_on=uk_today(), by=coordinator())

    report.refresh_from_db()
    assert report.released_at == released
    assert report.debrief_on == uk_today()


def test_self_evaluation_before_any_rater_does_not_freeze_the_report():
    """A participant who evaluates themselves first must still be able to invite raters."""
    round = open_round()
    participant = participant_of(round)
    self_submit(round, participant)

    assert reports.freeze_if_complete(round=round, participant=participant) is None
    assert not raters.report_frozen(round=round, participant_id=participant.pk)


def test_rater_still_to_answer_keeps_the_report_open_until_they_do():
    round = open_round()
    participant = participant_of(round)
    self_submit(round, participant)
    answers_in(round, participant, (1, 0, 0, 0))
    waiting = RaterInvitationFactory(round=round, participant=participant)

    assert reports.freeze_if_complete(round=round, participant=participant) is None

    waiting.state = RaterInvitation.State.DECLINED
    waiting.save()
    assert reports.freeze_if_complete(round=round, participant=participant) is not None


def test_without_the_self_evaluation_the_report_waits_for_the_round_to_close():
    round = open_round()
    participant = participant_of(round)
    answers_in(round, participant, (1, 3, 0, 0))

    assert reports.freeze_if_complete(round=round, participant=participant) is None
    report = reports.freeze_if_complete(
        round=round, participant=participant, now=timezone.now() + LATER
    )
    assert report is not None
    assert report.figures["themes"][0]["qualities"][0]["means"]["self"] is None


def test_fewer_answers_than_the_round_asks_keep_it_open_until_it_closes():
    round = open_round(peers_min=3)
    participant = participant_of(round)
    self_submit(round, participant)
    answers_in(round, participant, (1, 2, 0, 0))
    RaterInvitationFactory(
        round=round,
        participant=participant,
        relationship=Relationship.PEER,
        state=RaterInvitation.State.DECLINED,
    )

    assert reports.freeze_if_complete(round=round, participant=participant) is None

    assert reports.freeze_due(now=timezone.now() + LATER) == 1
    report = Report.objects.get(round=round, participant=participant)
    assert report.figures["left_out_groups"] == ["Peers"]
    assert reports.freeze_due(now=timezone.now() + LATER) == 0


def test_freeze_due_freezes_every_participant_on_programme_of_a_closed_round():
    round = open_round()
    first, second = participant_of(round), participant_of(round)
    withdrawn = participant_of(round)
    withdrawn.status = withdrawn.Status.WITHDRAWN
    withdrawn.save()

    assert reports.freeze_due() == 0
    assert reports.freeze_due(now=timezone.now() + LATER) == 2

    assert set(Report.objects.values_list("participant", flat=True)) == {first.pk, second.pk}


# --- Frozen means frozen ---------------------------------------------------------------------


def test_answer_after_freeze_is_not_added_to_the_report():
    report = frozen(sizes=(1, 3, 0, 0))
    figures = report.figures
    round, participant = report.round, report.participant

    # An answer that arrived anyway (a submit racing the freeze) changes nothing.
    answer(round, participant, Relationship.PEER, scores={str(q.pk): 1 for q in qualities(round)})
    again = reports.freeze_if_complete(
        round=round, participant=participant, now=timezone.now() + LATER
    )

    assert again.pk == report.pk
    again.refresh_from_db()
    assert again.figures == figures
    assert again.figures["answered"]["peer"] == 3
    assert Report.objects.filter(round=round, participant=participant).count() == 1


def test_rater_link_after_freeze_is_refused():
    report = frozen()
    late = RaterInvitationFactory(round=report.round, participant=report.participant)

    with pytest.raises(RaterLinkError) as refused:
        raters.invitation_from_token(raters.rater_token(late))

    assert refused.value.reason == "complete"


def test_rater_link_before_freeze_is_accepted():
    """The refusal above is the freeze's doing: before it, the same link opens."""
    round = open_round()
    participant = participant_of(round)
    invited = RaterInvitationFactory(round=round, participant=participant)

    assert raters.invitation_from_token(raters.rater_token(invited)) == invited


def test_invite_after_freeze_is_refused():
    report = frozen()

    with pytest.raises(EvaluationError, match="report is complete"):
        raters.rater_invite(
            participant=report.participant,
            round=report.round,
            relationship=Relationship.PEER,
            name="Late Peer",
            email="late.peer@example.org",
        )

    assert not RaterInvitation.objects.filter(email="late.peer@example.org").exists()


# --- Withholding a comment -------------------------------------------------------------------


def comments_of(report: Report, section: str) -> dict[str, list[str]]:
    report.refresh_from_db()
    return {s["question"]: s["texts"] for s in report.figures["comments"][section]}


def test_withheld_comment_comes_out_of_the_frozen_report_and_nothing_else_does():
    round = open_round()
    participant = participant_of(round)
    self_submit(round, participant)
    strengths = RaterComment.Question.STRENGTHS
    answer(round, participant, Relationship.LINE_MANAGER, comments=[(strengths, "Nothing to add.")])
    develop = RaterComment.Question.DEVELOP
    peers = [
        answer(round, participant, Relationship.PEER, comments=[(strengths, text)])
        for text in ("Nothing to add.", "Calm under pressure.", "Abusive words.")
    ]
    later = answer(round, participant, Relationship.PEER, comments=[(develop, "Nothing to add.")])
    report = reports.freeze_if_complete(round=round, participant=participant)
    before = jsonish(report.figures)
    abusive = peers[2].comments.get()
    same_words = later.comments.get()

    reports.comment_withhold(comment=abusive, reason="Abusive", by=coordinator())

    assert comments_of(report, "others") == {
        strengths: ["Calm under pressure.", "Nothing to add."],
        develop: ["Nothing to add."],
    }
    assert comments_of(report, "manager") == {strengths: ["Nothing to add."]}
    assert {k: v for k, v in report.figures.items() if k != "comments"} == {
        k: v for k, v in before.items() if k != "comments"
    }

    # The same words from a peer come out of the peers' comments, never the manager's, and
    # from under the question they answered.
    reports.comment_withhold(comment=same_words, reason="Repeated", by=coordinator())
    assert comments_of(report, "others") == {strengths: ["Calm under pressure.", "Nothing to add."]}
    assert comments_of(report, "manager") == {strengths: ["Nothing to add."]}


def test_withholding_the_last_comment_of_a_question_drops_the_question():
    round = open_round()
    participant = participant_of(round)
    self_submit(round, participant)
    manager = answer(
        round,
        participant,
        Relationship.LINE_MANAGER,
        comments=[(RaterComment.Question.DEVELOP, "Too blunt.")],
    )
    report = reports.freeze_if_complete(round=round, participant=participant)

    reports.comment_withhold(comment=manager.comments.get(), reason="Abusive", by=coordinator())

    assert comments_of(report, "manager") == {}


def test_comment_withheld_before_freeze_is_never_in_the_report():
    round = open_round()
    participant = participant_of(round)
    self_submit(round, participant)
    strengths = RaterComment.Question.STRENGTHS
    responses = [
        answer(round, participant, Relationship.PEER, comments=[(strengths, f"Peer {n}.")])
        for n in range(3)
    ]
    extra = RaterInvitationFactory(round=round, participant=participant)
    reports.comment_withhold(
        comment=responses[0].comments.get(), reason="Abusive", by=coordinator()
    )
    extra.state = RaterInvitation.State.DECLINED
    extra.save()

    report = reports.freeze_if_complete(round=round, participant=participant)

    assert comments_of(report, "others") == {strengths: ["Peer 1.", "Peer 2."]}
    # Withholding is of comments, not answers: the peers' scores are all still there.
    assert report.figures["answered"]["peer"] == 3


def test_withhold_needs_a_reason_and_the_programme_team():
    report = frozen(sizes=(0, 3, 0, 0))
    comment = RaterComment.objects.filter(response__participant=report.participant).first()

    with pytest.raises(EvaluationError) as refused:
        reports.comment_withhold(comment=comment, reason="  ", by=coordinator())
    assert "reason" in refused.value.errors
    with pytest.raises(EvaluationError):
        reports.comment_withhold(comment=comment, reason="Mine", by=report.participant.user)

    comment.refresh_from_db()
    assert not comment.is_withheld
    assert comment.text in json.dumps(Report.objects.get(pk=report.pk).figures)


# --- Pre against post ------------------------------------------------------------------------


def scored(round, participant, groups: dict[str, list[int]], *, release=None) -> Report:
    """A report frozen from raters who each gave every quality the one score listed."""
    self_submit(round, participant)
    for relationship, scores in groups.items():
        for score in scores:
            answer(
                round,
                participant,
                relationship,
                scores={str(q.pk): score for q in qualities(round)},
            )
    return reports.freeze_if_complete(round=round, participant=participant)


def pre_and_post(*, post_release=Round.Release.ON_COMPLETION):
    pre_round = open_round()
    participant = participant_of(pre_round)
    pre = scored(pre_round, participant, {Relationship.PEER: [2, 2, 3]})
    post_round = open_round(
        cohort=pre_round.cohort,
        kind=Round.Kind.POST,
        version=pre_round.version,
        release=post_release,
    )
    post = scored(
        post_round, participant, {Relationship.LINE_MANAGER: [4], Relationship.PEER: [3, 3, 4]}
    )
    return pre, post


def test_pre_against_post_when_both_are_released():
    pre, post = pre_and_post()

    page = report_page(report=post)

    assert page.compared_with == pre.round
    names = [q.name for q in qualities(post.round)]
    assert sorted(row.name for row in page.comparison) == sorted(names)
    first = next(row for row in page.comparison if row.name == names[0])
    assert (first.self_before, first.self_after, first.self_change) == ("3", "3", "no change")
    assert (first.others_before, first.others_after, first.others_change) == (
        "2.33",
        "3.50",
        "+1.17",
    )
    # Read from either report, the comparison is the same.
    assert report_page(report=pre).comparison == page.comparison


def test_pre_against_post_waits_for_both_releases_except_for_coordinators():
    pre, post = pre_and_post(post_release=Round.Release.AFTER_DEBRIEF)

    assert report_page(report=pre).comparison == []
    assert report_page(report=pre).compared_with is None
    assert report_page(report=pre, for_coordinator=True).compared_with == post.round

    reports.debrief_record(report=post, held_on=uk_today(), by=coordinator())
    post.refresh_from_db()
    assert report_page(report=pre).compared_with == post.round


def test_another_participants_report_is_never_compared():
    pre, _ = pre_and_post()
    someone_else = participant_of(pre.round)
    other = frozen(round=pre.round, participant=someone_else)

    assert report_page(report=other).comparison == []
