"""Read queries for the applicant's pages, scoped to what they may see: their own
applications, and what each one's status says."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from applications.models import Decision, Endorsement, ExpressionOfInterest, Offer
from cohorts.models import Cohort, Milestone
from csssl.uktime import time_on_weekday


@dataclass(frozen=True)
class StatusBadge:
    label: str
    tone: str  # a Bootstrap colour: secondary, info, success, warning, danger
    explanation: str


def _with_endorsement(queryset: QuerySet[ExpressionOfInterest]) -> QuerySet[ExpressionOfInterest]:
    return queryset.select_related(
        "cohort__programme", "local_authority", "decision"
    ).prefetch_related(
        Prefetch("endorsements", queryset=Endorsement.objects.live(), to_attr="live_endorsements"),
        Prefetch(
            "offers",
            queryset=Offer.objects.sent_to_applicant().order_by("-created_at"),
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
    """The application's endorsement request in force, if it has one."""
    live = getattr(application, "live_endorsements", None)
    if live is None:
        return application.endorsements.live().first()
    return live[0] if live else None


def latest_offer(application: ExpressionOfInterest) -> Offer | None:
    """The most recent offer the applicant has been sent (one not yet sent is not shown)."""
    sent = getattr(application, "sent_offers", None)
    if sent is None:
        sent = list(application.offers.sent_to_applicant().order_by("-created_at"))
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
    State = Offer.State
    if offer.state == State.SENT:
        return StatusBadge(
            "Place offered",
            "success",
            f"You are offered a place. Accept or decline by {time_on_weekday(offer.respond_by)}.",
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
