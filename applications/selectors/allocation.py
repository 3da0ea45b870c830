"""Read queries for the allocation board: the cohort's endorsed applications with their scores,
conflicts, decisions and offers, and the balance of the places held against the targets."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef, Prefetch

from applications.models import (
    BalanceTarget,
    ConflictOfInterest,
    Decision,
    Endorsement,
    ExpressionOfInterest,
    Offer,
    PartnerGroup,
    Score,
    Sector,
    partner_group,
)
from cohorts.models import Cohort, LocalAuthority, Organisation


@dataclass
class BoardRow:
    application: ExpressionOfInterest
    my_scores: dict[int, object]  # criterion id -> Score
    conflict: bool
    offer: Offer | None  # the offer holding a place, if any
    # What was typed into a decision that was refused (outcome, reason, waiting_rank), so
    # the form shows it again; empty otherwise.
    kept: dict[str, str] = field(default_factory=dict)

    @property
    def mean(self) -> float | None:
        return self.application.mean_score

    @property
    def decision(self) -> Decision | None:
        return getattr(self.application, "decision", None)

    @property
    def spread(self) -> float | None:
        """The standard deviation of the scores given (0 when everyone agrees)."""
        mean, square = self.application.mean_score, self.application.mean_square
        if mean is None or square is None:
            return None
        return max(float(square) - float(mean) ** 2, 0.0) ** 0.5


@dataclass
class BalanceLine:
    label: str
    count: int
    minimum: int | None = None
    maximum: int | None = None

    @property
    def problem(self) -> str:
        if self.maximum is not None and self.count > self.maximum:
            return f"over the target of at most {self.maximum}"
        if self.minimum is not None and self.count < self.minimum:
            return f"under the target of at least {self.minimum}"
        return ""


@dataclass
class Balance:
    capacity: int
    held: int
    groups: dict[str, list[BalanceLine]]  # heading -> lines

    @property
    def problems(self) -> list[str]:
        return [
            f"{heading}, {line.label}: {line.count}, {line.problem}"
            for heading, lines in self.groups.items()
            for line in lines
            if line.problem
        ]

    @property
    def exceeded(self) -> list[str]:
        """Targets broken in a way no later offer can mend: an 'at most' already passed."""
        return [
            f"{heading}, {line.label}: {line.count}, {line.problem}"
            for heading, lines in self.groups.items()
            for line in lines
            if line.maximum is not None and line.count > line.maximum
        ]


BOARD_FILTERS = ("local_authority", "sector", "organisation_type", "partner", "decided", "unscored")


def allocation_board(*, cohort: Cohort, member, filters: dict[str, str]) -> list[BoardRow]:
    """The cohort's endorsed applications, best scored first, with what ``member`` has scored,
    their conflicts of interest, each decision and any offer holding a place. A fixed number
    of queries, whatever the number of applications."""
    queryset = (
        ExpressionOfInterest.objects.filter(cohort=cohort)
        .submitted_and_endorsed()
        .select_related("local_authority", "applicant", "decision__decided_by")
        .annotate(
            mean_score=Avg("scores__value"),
            low_score=Min("scores__value"),
            high_score=Max("scores__value"),
            mean_square=Avg(F("scores__value") * F("scores__value")),
            scorers=Count("scores__scorer", distinct=True),
            conflicted=Exists(
                ConflictOfInterest.objects.filter(application=OuterRef("pk"), member=member)
            ),
        )
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.filter(scorer=member), to_attr="mine"),
            Prefetch("offers", queryset=Offer.objects.holding(), to_attr="holding"),
        )
    )
    if filters.get("local_authority"):
        queryset = queryset.filter(local_authority_id=filters["local_authority"])
    if filters.get("sector"):
        queryset = queryset.filter(sector=filters["sector"])
    if filters.get("organisation_type"):
        queryset = queryset.filter(organisation_type=filters["organisation_type"])
    if filters.get("partner") in PartnerGroup.values:
        queryset = queryset.in_partner_group(filters["partner"])
    outcome = filters.get("decided")
    if outcome == "none":
        queryset = queryset.filter(decision__isnull=True)
    elif outcome:
        queryset = queryset.filter(decision__outcome=outcome)
    if filters.get("unscored"):
        queryset = queryset.exclude(scores__scorer=member)
    rows = []
    for application in queryset.order_by(
        F("mean_score").desc(nulls_last=True), "submitted_at", "pk"
    ):
        rows.append(
            BoardRow(
                application=application,
                my_scores={score.criterion_id: score for score in application.mine},
                conflict=application.conflicted,
                offer=application.holding[0] if application.holding else None,
            )
        )
    return rows


def awaiting_endorsement_count(cohort: Cohort) -> int:
    return (
        ExpressionOfInterest.objects.filter(cohort=cohort)
        .submitted()
        .filter(endorsements__state=Endorsement.State.PENDING)
        .distinct()
        .count()
    )


def balance_of(cohort: Cohort) -> Balance:
    """The make-up of the places held (offers pending, sent or accepted), group by group,
    against the coordinator's targets."""
    held = list(
        Offer.objects.filter(cohort=cohort)
        .holding()
        .values_list(
            "application__local_authority__code",
            "application__sector",
            "application__organisation_type",
        )
    )
    targets = {(t.dimension, t.value): t for t in BalanceTarget.objects.filter(cohort=cohort)}
    names = dict(LocalAuthority.objects.values_list("code", "name"))
    labels = {
        "local_authority": names,
        "sector": dict(Sector.choices),
        "organisation_type": dict(Organisation.Type.choices),
        "partner": dict(BalanceTarget.PARTNER_VALUES),
    }
    counts: dict[str, dict[str, int]] = {dimension: {} for dimension in labels}
    for la_code, sector, organisation_type in held:
        for dimension, value in (
            ("local_authority", la_code or ""),
            ("sector", sector),
            ("organisation_type", organisation_type),
            ("partner", partner_group(organisation_type)),
        ):
            counts[dimension][value] = counts[dimension].get(value, 0) + 1
    headings = {
        "local_authority": "By local authority",
        "sector": "By sector",
        "organisation_type": "By organisation type",
        "partner": "Local authority or external partner",
    }
    groups: dict[str, list[BalanceLine]] = {}
    for dimension, heading in headings.items():
        values = set(counts[dimension]) | {v for (d, v) in targets if d == dimension}
        lines = []
        for value in values:
            target = targets.get((dimension, value))
            lines.append(
                BalanceLine(
                    label=labels[dimension].get(value, value or "Not given"),
                    count=counts[dimension].get(value, 0),
                    minimum=target.minimum if target else None,
                    maximum=target.maximum if target else None,
                )
            )
        groups[heading] = sorted(lines, key=lambda line: (-line.count, line.label))
    return Balance(capacity=cohort.capacity, held=len(held), groups=groups)
