"""Read queries for the applicant's and endorser's pages, scoped to what each may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from cohorts.models import Cohort, Milestone

from .models import Decision, Endorsement, ExpressionOfInterest, Offer

LIVE = ("pending", "confirmed", "declined")


@dataclass(frozen=True)
class StatusBadge:
    label: str
    tone: str  # a Bootstrap colour: secondary, info, success, warning, danger
    explanation: str


def _with_endorsement(queryset: QuerySet[ExpressionOfInterest]) -> QuerySet[ExpressionOfInterest]:
    return queryset.select_related(
        "cohort__programme", "local_authority", "decision"
    ).prefetch_related(
        Prefetch(
            "endorsements",
            queryset=Endorsement.objects.filter(state__in=LIVE),
            to_attr="live_endorsements",
        ),
        Prefetch(
            "offers",
            queryset=Offer.objects.exclude(
                state__in=[Offer.State.PENDING, Offer.State.WITHDRAWN]
            ).order_by("-created_at"),
            to_attr="sent_offers",
        ),
    )


def applications_of(*, user) -> list[ExpressionOfInterest]:
    """The person's own applications, newest first."""
    return list(_with_endorsement(ExpressionOfInterest.objects.filter(applicant=user)))


def application_of(*, user, pk: int) -> ExpressionOfInterest:
    """One of the person's own applications; anyone else's is a 404."""
    return get_object_or_404(
        _with_endorsement(ExpressionOfInterest.objects.filter(applicant=user)).prefetch_related(
            Prefetch("cohort__milestones", queryset=Milestone.objects.order_by("starts_on", "pk"))
        ),
        pk=pk,
    )


def current_endorsement(application: ExpressionOfInterest) -> Endorsement | None:
    live = getattr(application, "live_endorsements", None)
    if live is None:
        return application.endorsements.filter(state__in=LIVE).first()
    return live[0] if live else None


def latest_offer(application: ExpressionOfInterest) -> Offer | None:
    """The most recent offer the applicant has been sent (one not yet sent is not shown)."""
    sent = getattr(application, "sent_offers", None)
    if sent is None:
        sent = list(
            application.offers.exclude(
                state__in=[Offer.State.PENDING, Offer.State.WITHDRAWN]
            ).order_by("-created_at")
        )
    return sent[0] if sent else None


def told_decision(application: ExpressionOfInterest) -> Decision | None:
    """The waiting-list or not-offered decision, once the letter has gone."""
    decision = getattr(application, "decision", None)
    if decision and decision.letter_sent_at and decision.outcome != Decision.Outcome.OFFER:
        return decision
    return None


def status_of(application: ExpressionOfInterest) -> StatusBadge:
    """The status as the applicant reads it: submission, endorsement, then the outcome."""
    Status = ExpressionOfInterest.Status
    if application.status == Status.DRAFT:
        return StatusBadge("Draft", "secondary", "Not submitted yet. Only you can see it.")
    if application.status == Status.WITHDRAWN:
        return StatusBadge("Withdrawn", "secondary", "You withdrew this application.")
    offer = latest_offer(application)
    if offer is not None:
        return _offer_status(offer)
    decision = told_decision(application)
    if decision is not None and decision.outcome == Decision.Outcome.WAITING_LIST:
        return StatusBadge(
            "Waiting list",
            "info",
            "You are on the waiting list. If a place becomes free, we will offer it to you by email.",
        )
    if decision is not None:
        return StatusBadge(
            "Not offered a place",
            "secondary",
            "We could not offer you a place on this cohort. We hope you will apply again.",
        )
    endorsement = current_endorsement(application)
    if endorsement is None or endorsement.state == Endorsement.State.PENDING:
        return StatusBadge(
            "Awaiting endorsement",
            "info",
            "Submitted. We have asked your endorser to confirm you can attend everything.",
        )
    if endorsement.state == Endorsement.State.CONFIRMED:
        return StatusBadge(
            "Endorsed",
            "success",
            "Submitted and endorsed. The DCS group will consider it when places are allocated.",
        )
    return StatusBadge(
        "Endorsement declined",
        "warning",
        "Your endorser could not endorse this application. You can ask someone else.",
    )


def cohort_for_application(*, cohort_id: int) -> Cohort:
    """A cohort the public can see, with what the form lists (its required dates)."""
    return get_object_or_404(
        Cohort.objects.public()
        .select_related("programme")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("starts_on", "pk"))
        ),
        pk=cohort_id,
    )


def _offer_status(offer: Offer) -> StatusBadge:
    from django.utils import timezone

    State = Offer.State
    if offer.state == State.SENT:
        by = timezone.localtime(offer.respond_by)
        return StatusBadge(
            "Place offered",
            "success",
            f"You are offered a place. Accept or decline by {by:%H:%M on %A %-d %B %Y}.",
        )
    if offer.state == State.ACCEPTED:
        return StatusBadge("Place accepted", "success", "You have a place on this cohort.")
    if offer.state == State.DECLINED:
        return StatusBadge(
            "Offer declined", "secondary", "You declined the place you were offered."
        )
    return StatusBadge(
        "Offer lapsed",
        "secondary",
        "The offer was not answered by its date, so the place went to the waiting list.",
    )


# --- The allocation board --------------------------------------------------------------------


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
    from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef

    from .models import ConflictOfInterest, Score

    queryset = (
        ExpressionOfInterest.objects.filter(
            cohort=cohort,
            status=ExpressionOfInterest.Status.SUBMITTED,
            endorsements__state=Endorsement.State.CONFIRMED,
        )
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
            Prefetch(
                "offers",
                queryset=Offer.objects.filter(state__in=Offer.HOLDING),
                to_attr="holding",
            ),
        )
    )
    if filters.get("local_authority"):
        queryset = queryset.filter(local_authority_id=filters["local_authority"])
    if filters.get("sector"):
        queryset = queryset.filter(sector=filters["sector"])
    if filters.get("organisation_type"):
        queryset = queryset.filter(organisation_type=filters["organisation_type"])
    if filters.get("partner") == "la":
        queryset = queryset.filter(organisation_type="local_authority")
    elif filters.get("partner") == "external":
        queryset = queryset.exclude(organisation_type="local_authority")
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
        ExpressionOfInterest.objects.filter(
            cohort=cohort,
            status=ExpressionOfInterest.Status.SUBMITTED,
            endorsements__state=Endorsement.State.PENDING,
        )
        .distinct()
        .count()
    )


def balance_of(cohort: Cohort) -> Balance:
    """The make-up of the places held (offers pending, sent or accepted), group by group,
    against the coordinator's targets."""
    from cohorts.models import LocalAuthority, Organisation

    from .models import BalanceTarget, Sector

    held = list(
        Offer.objects.filter(cohort=cohort, state__in=Offer.HOLDING).values_list(
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
        partner = "la" if organisation_type == "local_authority" else "external"
        for dimension, value in (
            ("local_authority", la_code or ""),
            ("sector", sector),
            ("organisation_type", organisation_type),
            ("partner", partner),
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
