"""The applicant's answer to an offer of a place: accepting it (they become a participant, and
an external partner's place is invoiced), declining it, or letting it lapse; a place given up is
refilled from the waiting list when the cohort says so."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from applications import rules
from applications.errors import AllocationError
from applications.models import Offer
from applications.services.allocation import check_length, place_freed
from applications.services.invoices import invoice_raise
from applications.services.offers import offer_context
from cohorts.services import organisation_for, participant_enrol
from csssl.outbox import email_send
from csssl.uktime import long_date, uk_day

OfferState = Offer.State
# The rows an answer locks: the offer, its application and cohort (the applicant's account is
# joined to read it, not locked: an anonymised application has none).
LOCKED_WITH_OFFER = ("self", "application", "cohort", "cohort__programme")


def _lock_offer(offer: Offer, user) -> Offer:
    locked = (
        Offer.objects.select_for_update(of=LOCKED_WITH_OFFER)
        .select_related("application__applicant", "cohort__programme")
        .get(pk=offer.pk)
    )
    if not rules.can_answer_offer(user, locked):
        raise AllocationError("This offer is for someone else.")
    return locked


def _check_answerable(offer: Offer, now: datetime) -> None:
    if offer.state == OfferState.SENT and now > offer.respond_by:
        raise AllocationError(
            f"The date to answer this offer was {long_date(uk_day(offer.respond_by))}; "
            f"please write to {offer.cohort.programme.contact_email}."
        )
    if offer.state != OfferState.SENT:
        raise AllocationError(
            f"This offer can no longer be answered: it is {offer.get_state_display().lower()}."
        )


def offer_accept(*, offer: Offer, user, now: datetime | None = None):
    """The applicant accepts by the date: they become a participant, and an external
    partner's place raises an invoice. Accepting twice (a double click) is one acceptance."""
    now = now or timezone.now()
    with transaction.atomic():
        offer = _lock_offer(offer, user)
        application = offer.application
        if offer.state == OfferState.ACCEPTED:
            return application.applicant.participations.get(cohort=offer.cohort)
        _check_answerable(offer, now)
        offer.state = OfferState.ACCEPTED
        offer.responded_at = now
        offer.save(update_fields=["state", "responded_at"])
        organisation = organisation_for(
            name=application.employer,
            type=application.organisation_type,
            local_authority=application.local_authority,
        )
        participant = participant_enrol(
            user=application.applicant,
            cohort=offer.cohort,
            organisation=organisation,
            job_title=application.job_title,
            local_authority=application.local_authority,
        )
        if application.is_external_partner and offer.cohort.fee > 0:
            invoice_raise(offer=offer, today=uk_day(now))
        email_send(
            kind="offer_accepted",
            to=application.applicant.email,
            about=offer,
            template="applications/offer_accepted",
            context=offer_context(offer),
        )
    return participant


def offer_decline(*, offer: Offer, user, reason: str = "", now: datetime | None = None) -> Offer:
    """The applicant declines; the place is freed for the waiting list."""
    check_length(Offer, "decline_reason", reason.strip(), "Your reason")
    now = now or timezone.now()
    with transaction.atomic():
        offer = _lock_offer(offer, user)
        if offer.state == OfferState.DECLINED:
            return offer
        _check_answerable(offer, now)
        offer.state = OfferState.DECLINED
        offer.responded_at = now
        offer.decline_reason = reason.strip()
        offer.save(update_fields=["state", "responded_at", "decline_reason"])
        email_send(
            kind="offer_declined",
            to=offer.application.applicant.email,
            about=offer,
            template="applications/offer_declined",
            context=offer_context(offer),
        )
        place_freed(offer.cohort, now=now)
    return offer


def offers_lapse(*, now: datetime | None = None) -> int:
    """Offers not answered by their date lapse, and their places are freed."""
    now = now or timezone.now()
    lapsed = 0
    due = Offer.objects.filter(state=OfferState.SENT, respond_by__lt=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            offer = (
                Offer.objects.select_for_update(of=LOCKED_WITH_OFFER)
                .select_related("application__applicant", "cohort__programme")
                .get(pk=pk)
            )
            if offer.state != OfferState.SENT or offer.respond_by >= now:
                continue
            offer.state = OfferState.LAPSED
            offer.save(update_fields=["state"])
            email_send(
                kind="offer_lapsed",
                to=offer.application.applicant.email,
                about=offer,
                template="applications/offer_lapsed",
                context=offer_context(offer),
            )
            place_freed(offer.cohort, now=now)
            lapsed += 1
    return lapsed
