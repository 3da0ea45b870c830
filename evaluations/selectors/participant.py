"""Read queries for the participant's evaluation pages (/me/evaluations/): their cohort's
rounds, their self evaluation, the raters they invited and how many in each group answered.

The raters are listed by name, address and relationship only: which of them answered or
declined is never read into these rows, so no page can show it. How many answered in each
group is a count of the anonymous responses, which hold no link to any invitation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count
from django.shortcuts import get_object_or_404

from cohorts.models import Participant
from evaluations import anonymity, rules
from evaluations.models import (
    RELATIONSHIPS,
    RaterInvitation,
    RaterResponse,
    Relationship,
    Report,
    Round,
    SelfEvaluation,
    VersionQuality,
)

#: Invitations that count as invited: every one the participant has not removed.
INVITED = (
    RaterInvitation.State.INVITED,
    RaterInvitation.State.SUBMITTED,
    RaterInvitation.State.DECLINED,
)


@dataclass(frozen=True)
class RaterRow:
    """A rater on the participant's list: who, and how they know the participant."""

    id: int
    name: str
    email: str
    relationship: str
    relationship_label: str


@dataclass(frozen=True)
class GroupCount:
    """One relationship the round asks for: how many the participant may invite, how many
    they have, and how many answered."""

    relationship: str
    label: str
    fewest: int
    most: int
    invited: int
    answered: int

    @property
    def still_needed(self) -> int:
        return max(self.fewest - self.invited, 0)

    @property
    def is_full(self) -> bool:
        return self.invited >= self.most


@dataclass
class RoundSummary:
    """A round as the participant's overview shows it."""

    round: Round
    today: date
    qualities: int
    self_evaluation: SelfEvaluation | None
    report_frozen: bool
    #: Whether the participant may read their report for the round (frozen and released).
    report_released: bool = False
    raters: list[RaterRow] = field(default_factory=list)
    groups: list[GroupCount] = field(default_factory=list)
    #: The page's form to invite a rater to the round, set by the view.
    invite_form: Any = None

    @property
    def is_open(self) -> bool:
        return rules.answers_open(self.round, self.today)

    @property
    def not_yet_open(self) -> bool:
        return self.today < self.round.opens_on

    @property
    def has_closed(self) -> bool:
        return self.round.has_closed(self.today)

    @property
    def answered_qualities(self) -> int:
        return answered_count(self.self_evaluation, self.qualities)

    @property
    def can_invite(self) -> bool:
        return self.is_open and not self.report_frozen

    @property
    def self_submitted(self) -> bool:
        return self.self_evaluation is not None and self.self_evaluation.is_submitted


def answered_count(evaluation: SelfEvaluation | None, qualities: int) -> int:
    """How many qualities a self evaluation answers (a rating or "not able to say")."""
    return min(len(evaluation.scores), qualities) if evaluation else 0


def relationship_label(value: str) -> str:
    return Relationship(value).label


def rounds_for(*, participant: Participant, today: date) -> list[RoundSummary]:
    """Each round of the participant's cohort, in date order, with their self evaluation,
    their raters and the counts per relationship. Five queries (one with no rounds)."""
    rounds = list(
        Round.objects.filter(cohort_id=participant.cohort_id)
        .select_related("version")
        .annotate(quality_count=Count("version__qualities"))
        .order_by("opens_on", "pk")
    )
    if not rounds:
        return []
    ids = [round.pk for round in rounds]
    evaluations = {
        evaluation.round_id: evaluation
        for evaluation in SelfEvaluation.objects.filter(participant=participant, round_id__in=ids)
    }
    frozen = dict(
        Report.objects.filter(participant=participant, round_id__in=ids).values_list(
            "round_id", "released_at"
        )
    )
    invitations = (
        RaterInvitation.objects.filter(participant=participant, round_id__in=ids, state__in=INVITED)
        .values_list("pk", "round_id", "name", "email", "relationship")
        .order_by("name", "pk")
    )
    raters: dict[int, list[RaterRow]] = {pk: [] for pk in ids}
    for pk, round_id, name, email, relationship in invitations:
        raters[round_id].append(
            RaterRow(
                id=pk,
                name=name,
                email=email,
                relationship=relationship,
                relationship_label=relationship_label(relationship),
            )
        )
    answered: dict[tuple[int, str], int] = {
        (row["round_id"], row["relationship"]): row["count"]
        for row in RaterResponse.objects.filter(participant=participant, round_id__in=ids)
        .values("round_id", "relationship")
        .annotate(count=Count("pk"))
        .order_by()
    }
    order = {str(relationship): index for index, relationship in enumerate(RELATIONSHIPS)}
    summaries = []
    for round in rounds:
        listed = sorted(raters[round.pk], key=lambda row: order[row.relationship])
        groups = [
            GroupCount(
                relationship=relationship,
                label=anonymity.LABELS[relationship],
                fewest=fewest,
                most=most,
                invited=sum(1 for row in listed if row.relationship == relationship),
                answered=answered.get((round.pk, relationship), 0),
            )
            for relationship, (fewest, most) in sorted(
                round.limits().items(), key=lambda item: order[item[0]]
            )
        ]
        summaries.append(
            RoundSummary(
                round=round,
                today=today,
                qualities=round.quality_count,
                self_evaluation=evaluations.get(round.pk),
                report_frozen=round.pk in frozen,
                report_released=frozen.get(round.pk) is not None,
                raters=listed,
                groups=groups,
            )
        )
    return summaries


def own_round(*, participant: Participant, round_id: int) -> Round:
    """A round of the participant's own cohort, with its framework version; any other is a
    404. One query."""
    return get_object_or_404(
        Round.objects.select_related("version", "cohort__programme"),
        pk=round_id,
        cohort_id=participant.cohort_id,
    )


def own_invitation(*, participant: Participant, invitation_id: int) -> RaterInvitation:
    """A rater the participant invited; anyone else's is a 404. One query."""
    return get_object_or_404(RaterInvitation, pk=invitation_id, participant=participant)


@dataclass(frozen=True)
class SelfEvaluationPage:
    round: Round
    qualities: list[VersionQuality]
    evaluation: SelfEvaluation | None
    report_frozen: bool


def self_evaluation_page(*, participant: Participant, round: Round) -> SelfEvaluationPage:
    """What the self evaluation page shows: the round's qualities, the participant's self
    evaluation if they have saved one, and whether their report is frozen. Three queries."""
    qualities = list(round.version.qualities.order_by("order", "pk"))
    evaluation = SelfEvaluation.objects.filter(round=round, participant=participant).first()
    frozen = Report.objects.filter(round=round, participant=participant).exists()
    return SelfEvaluationPage(
        round=round, qualities=qualities, evaluation=evaluation, report_frozen=frozen
    )
