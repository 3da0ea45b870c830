"""Read queries for the applicant's and endorser's pages, scoped to what each may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from cohorts.models import Cohort, Milestone

from .models import Endorsement, ExpressionOfInterest

LIVE = ("pending", "confirmed", "declined")


@dataclass(frozen=True)
class StatusBadge:
    label: str
    tone: str  # a Bootstrap colour: secondary, info, success, warning, danger
    explanation: str


def _with_endorsement(queryset: QuerySet[ExpressionOfInterest]) -> QuerySet[ExpressionOfInterest]:
    return queryset.select_related("cohort__programme", "local_authority").prefetch_related(
        Prefetch(
            "endorsements",
            queryset=Endorsement.objects.filter(state__in=LIVE),
            to_attr="live_endorsements",
        )
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


def status_of(application: ExpressionOfInterest) -> StatusBadge:
    """The status as the applicant reads it, combining submission and endorsement."""
    Status = ExpressionOfInterest.Status
    if application.status == Status.DRAFT:
        return StatusBadge("Draft", "secondary", "Not submitted yet. Only you can see it.")
    if application.status == Status.WITHDRAWN:
        return StatusBadge("Withdrawn", "secondary", "You withdrew this application.")
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
