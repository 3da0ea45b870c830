"""Reports: working out a participant's figures, freezing them when the round is complete for
them, and releasing them to the participant.

A round is *complete* for a participant when it has closed, or when they have submitted their
self evaluation, nobody they invited is still to answer, and the answers in reach the round's
fewest of each kind of rater (with at least one answer in all). Until then a participant who
evaluated themselves first can still invite their raters. Then their report is frozen
(``Report.figures``): no rater can be added and no answer taken, so the figures never change
except that a comment a coordinator withholds is taken out. It is released at once if the
round releases on completion, or when a mentor or coordinator records the debrief.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone

from cohorts.models import Participant
from csssl.uktime import uk_today
from evaluations import anonymity, rules
from evaluations.errors import EvaluationError
from evaluations.models import (
    RaterComment,
    RaterInvitation,
    RaterResponse,
    Report,
    Round,
    SelfEvaluation,
    VersionQuality,
)


def quality_refs(round: Round) -> list[anonymity.QualityRef]:
    """The round's qualities as the anonymity module reads them. One query."""
    return [
        anonymity.QualityRef(key=str(quality.pk), name=quality.name, theme=quality.theme)
        for quality in VersionQuality.objects.filter(version_id=round.version_id).order_by(
            "order", "pk"
        )
    ]


def answers_for(*, round: Round, participant_id: int) -> list[anonymity.Answers]:
    """Every submitted rater's answers for the participant, withheld comments left out. Two
    queries."""
    responses = RaterResponse.objects.filter(
        round=round, participant_id=participant_id
    ).prefetch_related(
        Prefetch(
            "comments",
            queryset=RaterComment.objects.filter(withheld_at__isnull=True),
            to_attr="shown_comments",
        )
    )
    return [
        anonymity.Answers(
            relationship=response.relationship,
            scores=response.scores,
            comments=tuple((c.question, c.text) for c in response.shown_comments),
        )
        for response in responses
    ]


def figures_for(*, round: Round, participant: Participant) -> dict:
    """The participant's report as it would be frozen now, on the round version's scale."""
    own = SelfEvaluation.objects.filter(
        round=round, participant=participant, submitted_at__isnull=False
    ).first()
    return anonymity.report_figures(
        qualities=quality_refs(round),
        self_scores=own.scores if own else {},
        responses=answers_for(round=round, participant_id=participant.pk),
        threshold=round.score_threshold,
        comment_threshold=round.comment_threshold,
        scale=round.version.points,
    )


def is_complete(*, round: Round, participant: Participant, today: date) -> bool:
    """Closed; or the self evaluation submitted, nobody invited still to answer, and enough
    answers in: at least the round's fewest of each kind of rater, and one at all. (Without
    the last two, a participant who evaluates themselves before inviting anyone would find
    their report frozen with nobody able to add to it.) Two queries at most."""
    if round.has_closed(today):
        return True
    submitted = SelfEvaluation.objects.filter(
        round=round, participant=participant, submitted_at__isnull=False
    ).exists()
    if not submitted:
        return False
    states = RaterInvitation.objects.filter(round=round, participant=participant).values(
        "relationship", "state"
    )
    answered: dict[str, int] = {}
    for row in states.annotate(count=Count("pk")):
        if row["state"] == RaterInvitation.State.INVITED:
            return False
        if row["state"] == RaterInvitation.State.SUBMITTED:
            answered[row["relationship"]] = answered.get(row["relationship"], 0) + row["count"]
    if not answered:
        return False
    return all(
        answered.get(relationship, 0) >= fewest
        for relationship, (fewest, _) in round.limits().items()
    )


def _freeze(*, round: Round, participant: Participant, now: datetime) -> Report:
    report, created = Report.objects.get_or_create(
        round=round,
        participant=participant,
        defaults={"figures": figures_for(round=round, participant=participant)},
    )
    if created and round.release == Round.Release.ON_COMPLETION:
        report.released_at = now
        report.save(update_fields=["released_at"])
    return report


@transaction.atomic
def freeze_if_complete(
    *, round: Round, participant: Participant, now: datetime | None = None
) -> Report | None:
    """Freeze (and, on completion, release) the participant's report once the round is
    complete for them; the report if it is frozen. Called after each answer, and by the
    daily sweep once a round closes. The participant's row is locked, so an answer and the
    freeze never cross."""
    now = now or timezone.now()
    Participant.objects.select_for_update().get(pk=participant.pk)
    existing = Report.objects.filter(round=round, participant=participant).first()
    if existing is not None:
        return existing
    if not is_complete(round=round, participant=participant, today=uk_today(now=now)):
        return None
    return _freeze(round=round, participant=participant, now=now)


@transaction.atomic
def debrief_record(*, report: Report, held_on: date, by, now: datetime | None = None) -> Report:
    """Record the debrief of a frozen report, held by someone who may record it; this
    releases the report to the participant if it was waiting for it."""
    now = now or timezone.now()
    if not rules.can_record_debrief(by, participant=report.participant):
        raise EvaluationError(
            "Only the programme team or the participant's mentor can record a debrief."
        )
    report = Report.objects.select_for_update().get(pk=report.pk)
    if held_on > uk_today(now=now):
        raise EvaluationError(
            "A debrief is recorded once it has been held.",
            errors={"held_on": "Give the day it was held: today or earlier."},
        )
    report.debrief_on = held_on
    report.debrief_by = by
    fields = ["debrief_on", "debrief_by"]
    if report.released_at is None:
        report.released_at = now
        fields.append("released_at")
    report.save(update_fields=fields)
    return report


def _without(figures: dict, *, comment: RaterComment) -> dict:
    """The frozen figures with one comment taken out (once): from the line manager's comments
    if it is theirs, else from everyone else's, under its own question. Looking only there
    means the same words written by someone else (a "Nothing to add", say) stay."""
    section = "manager" if comment.response.relationship == anonymity.MANAGER else "others"
    text = comment.text.strip()
    sections = figures.get("comments", {}).get(section, [])
    for entry in sections:
        if entry.get("question") == comment.question and text in entry.get("texts", []):
            entry["texts"].remove(text)
            if not entry["texts"]:
                sections.remove(entry)
            break
    return figures


@transaction.atomic
def comment_withhold(
    *, comment: RaterComment, reason: str, by, now: datetime | None = None
) -> RaterComment:
    """Withhold an abusive comment, by someone who runs evaluations, with the reason recorded;
    a frozen report loses it too (and nothing else changes in it: the groups' thresholds are
    of answers, not of comments)."""
    if not rules.can_run_evaluations(by):
        raise EvaluationError("Only the programme team can withhold a comment.")
    reason = reason.strip()
    if not reason:
        raise EvaluationError(
            "Say why the comment is withheld.", errors={"reason": "Give a reason."}
        )
    comment = RaterComment.objects.select_for_update().select_related("response").get(pk=comment.pk)
    if comment.is_withheld:
        return comment
    comment.withheld_at = now or timezone.now()
    comment.withheld_by = by
    comment.withheld_reason = reason[:300]
    comment.save(update_fields=["withheld_at", "withheld_by", "withheld_reason"])
    report = (
        Report.objects.select_for_update()
        .filter(round_id=comment.response.round_id, participant_id=comment.response.participant_id)
        .first()
    )
    if report is not None:
        report.figures = _without(report.figures, comment=comment)
        report.save(update_fields=["figures"])
    return comment


def freeze_due(*, now: datetime | None = None) -> int:
    """Freeze the reports of every participant of a round that has closed and is not yet
    frozen for them: the daily sweep. Returns how many were frozen."""
    now = now or timezone.now()
    today = uk_today(now=now)
    frozen = 0
    for round in Round.objects.filter(closes_on__lt=today).select_related("cohort"):
        done = Report.objects.filter(round=round).values("participant_id")
        waiting = round.cohort.participants.filter(status__in=Participant.ON_PROGRAMME).exclude(
            pk__in=done
        )
        for participant in waiting:
            if freeze_if_complete(round=round, participant=participant, now=now):
                frozen += 1
    return frozen
