"""Who may see or do what with applications and the allocation of places, and when: written
once here and used by the views, templates, services and the admin.

The DCS group sees what scoring and balancing a cohort needs: who the applicant is, their role,
organisation, authority and sector, their endorser and statements. Who pays for a place and how
(the invoice contact, address and purchase order), what a place costs and how its invoice
stands, the applicant's telephone number and their access requirements (which may describe
their health) are the coordinators' business: nobody else is shown them.

An application, and any offer made on it, is its applicant's alone; the endorser reaches it
only through their signed link.
"""

from __future__ import annotations

from cohorts.models import Cohort
from csssl import roles

from .form_shape import EXTERNAL_PARTNER_FIELDS
from .models import Endorsement, ExpressionOfInterest, Offer

#: Who pays for an external partner's place, and how.
PAYER_FIELDS = EXTERNAL_PARTNER_FIELDS

#: About the applicant, and not needed to score them.
PERSONAL_FIELDS = ("phone", "access_requirements")

#: What an accepted place costs and how its invoice stands (columns of the final cohort).
FEE_FIELDS = ("fee", "invoice_number", "invoice_status")

#: Everything above: shown to coordinators only.
COORDINATOR_FIELDS = frozenset(PAYER_FIELDS + PERSONAL_FIELDS + FEE_FIELDS)

#: While a cohort is choosing its participants: endorsers answer and the DCS group scores.
SELECTING = Cohort.RECRUITING

#: While places on a cohort may be decided: a place freed once the cohort runs can still be
#: offered to the waiting list.
DECIDING = Cohort.ACTIVE


# --- Fields -----------------------------------------------------------------------------------


def sees_coordinator_fields(user) -> bool:
    """Coordinators (and superusers) see every field; anyone else, the DCS group included, does
    not see the coordinators' fields."""
    return roles.is_coordinator(user)


def hidden_fields(user) -> frozenset[str]:
    """The fields ``user`` is not shown: none for coordinators, the coordinators' for anyone
    else."""
    return frozenset() if sees_coordinator_fields(user) else COORDINATOR_FIELDS


# --- The applicant ----------------------------------------------------------------------------


def can_see_application(user, application: ExpressionOfInterest) -> bool:
    """An application is its applicant's alone: for anyone else it does not exist (404)."""
    return bool(user and user.is_authenticated) and application.applicant_id == user.pk


def can_answer_offer(user, offer: Offer) -> bool:
    """Only the applicant answers the offer made on their application."""
    return can_see_application(user, offer.application)


def can_change_endorser(
    application: ExpressionOfInterest,
    *,
    endorsement: Endorsement | None,
    offer: Offer | None = None,
) -> bool:
    """Someone else may be asked to endorse a submitted application until it is endorsed (or a
    place offered on it): while the request in force (``endorsement``) is unanswered or was
    declined."""
    return (
        application.status == ExpressionOfInterest.Status.SUBMITTED
        and (endorsement is None or endorsement.state != Endorsement.State.CONFIRMED)
        and offer is None
    )


def can_withdraw(application: ExpressionOfInterest, *, offer: Offer | None) -> bool:
    """The applicant may withdraw until they answer the offer of a place (``offer`` is the
    latest they were sent); once it is accepted, leaving is by writing to the programme."""
    return application.status != ExpressionOfInterest.Status.WITHDRAWN and (
        offer is None or offer.state == Offer.State.SENT
    )


def endorsements_open(cohort: Cohort) -> bool:
    """Endorsers answer while the cohort is choosing its participants."""
    return cohort.status in SELECTING


# --- The DCS group and coordinators -----------------------------------------------------------


def can_allocate(user) -> bool:
    """Members of the DCS group and coordinators work on the allocation board."""
    return roles.is_dcs_member(user) or roles.is_coordinator(user)


def can_score(user) -> bool:
    """Only members of the DCS group score applications."""
    return roles.is_dcs_member(user)


def scoring_open(cohort: Cohort) -> bool:
    """Applications are scored while the cohort is choosing its participants."""
    return cohort.status in SELECTING


def deciding_open(cohort: Cohort) -> bool:
    """Places are decided while the cohort is open, allocating or running."""
    return cohort.status in DECIDING


def can_record_payment(user) -> bool:
    """Fees are the coordinators' business: only they record that an invoice is paid."""
    return roles.is_coordinator(user)
