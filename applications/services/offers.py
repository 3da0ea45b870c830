"""An offer of a place as the applicant receives it: its signed link, what its emails say, and
sending it with the date to answer by.

The signed link is a ``csssl.links`` kind of its own (``OFFER_LINK``), made and read here
alone (``offer_token`` and ``offer_from_token``): it carries the offer's random nonce, and
opens only for the applicant it was sent to. The
applicant's answer is in ``applications.services.offer_answers``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.urls import reverse

from applications import rules
from applications.errors import OfferLinkError
from applications.models import Offer
from applications.services.places import settings_for
from csssl.addresses import absolute_url
from csssl.links import LinkError, SignedLink, days_setting
from csssl.outbox import email_send
from csssl.uktime import uk_day, uk_moment

OFFER_SALT = "applications.offer"
#: The applicant's offer link: the salt and payload keys ("o", "n") of every link already sent.
OFFER_LINK = SignedLink(salt=OFFER_SALT, max_age=days_setting("OFFER_LINK_DAYS"), id_key="o")


# --- The signed link ------------------------------------------------------------------------


def offer_token(offer: Offer) -> str:
    return OFFER_LINK.token_for(offer)


def offer_url(offer: Offer) -> str:
    return reverse("applications:offer_link", kwargs={"token": offer_token(offer)})


def offer_from_token(token: str, *, user) -> Offer:
    """The offer a link is for, if it is the signed-in person's; None is never returned:
    a link that is tampered with, too old, or someone else's raises ``OfferLinkError`` (a
    ``LookupError``)."""
    try:
        payload = OFFER_LINK.read(token)
    except LinkError as exc:  # tampered with or too old
        raise OfferLinkError("invalid or expired offer link") from exc
    offer = (
        Offer.objects.select_related("application")
        .filter(pk=payload.object_id, nonce=payload.nonce)
        .first()
    )
    if offer is None or not rules.can_answer_offer(user, offer):
        raise OfferLinkError("no such offer for this person")
    return offer


def offer_link_secret(offer: Offer) -> dict[str, str]:
    """The offer's link as an email's secret (``{{ link }}`` in the template): only the
    applicant reads it, never staff."""
    return {"link": absolute_url("applications:offer_link", token=offer_token(offer))}


# --- Sending --------------------------------------------------------------------------------


def offer_context(offer: Offer) -> dict:
    """What every email about an offer is given: the offer, application, cohort and the fee
    (nothing for a local-authority place)."""
    application = offer.application
    return {
        "offer": offer,
        "application": application,
        "cohort": offer.cohort,
        "fee": offer.cohort.fee if application.is_external_partner else Decimal("0"),
    }


def _respond_by(now: datetime, days: int) -> datetime:
    """The end of the day (23:59 UK time) ``days`` days from now."""
    return uk_moment(uk_day(now) + timedelta(days=days), time(23, 59))


def offer_send(offer: Offer, *, now: datetime) -> None:
    """Send a pending offer (in the caller's transaction, the cohort locked): the applicant
    has the cohort's ``offer_response_days`` to answer, to 23:59 UK time on the last day."""
    days = settings_for(offer.cohort).offer_response_days
    offer.state = Offer.State.SENT
    offer.sent_at = now
    offer.respond_by = _respond_by(now, days)
    offer.save(update_fields=["state", "sent_at", "respond_by"])
    email_send(
        kind="offer",
        to=offer.application.applicant.email,
        about=offer,
        occasion="sent",
        template="applications/offer",
        context=offer_context(offer),
        secrets=offer_link_secret(offer),
    )
