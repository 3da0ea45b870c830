"""Every change to an application, its endorsement and the allocation of places, with the rules
it must keep, by topic:

- ``applications``: drafts, submitting and withdrawing an expression of interest;
- ``endorsements``: asking the endorser by a signed link, their answer, another endorser;
- ``places``: a cohort's allocation settings, the lock on its capacity, its waiting list's order;
- ``offers``: an offer's signed link and sending it;
- ``allocation``: conflicts of interest, scores, decisions, the waiting list, outcomes;
- ``offer_answers``: the applicant accepting or declining an offer, and offers lapsing;
- ``invoices``: the fee for an external partner's place.

The names below are the public ones, so that ``from applications import services`` reaches
them all (with the errors they raise, and the statements' word limit the submit service keeps);
inside this package each module imports its siblings directly.
"""

from applications.errors import (
    AllocationError,
    ApplicationError,
    DecisionConflict,
    EndorsementLinkError,
    OfferLinkError,
)
from applications.form_shape import STATEMENT_WORD_LIMIT
from applications.services.allocation import (
    PARKED_RANK,
    conflict_reason,
    conflicts_record,
    decision_record,
    eligible_applications,
    offer_next_from_waiting_list,
    outcomes_send,
    outcomes_unsent,
    place_freed,
    score_record,
    scoring_gaps,
    waiting_list_move,
)
from applications.services.applications import (
    application_save_draft,
    application_start,
    application_submit,
    application_withdraw,
    equality_save,
    not_editable,
    submission_problems,
)
from applications.services.endorsements import (
    ENDORSEMENT_SALT,
    endorsement_confirm,
    endorsement_decline,
    endorsement_email,
    endorsement_expires_at,
    endorsement_from_token,
    endorsement_request,
    endorsement_token,
    endorsement_url,
    endorser_change,
)
from applications.services.invoices import invoice_email, invoice_mark_paid, invoice_raise
from applications.services.offer_answers import offer_accept, offer_decline, offers_lapse
from applications.services.offers import (
    OFFER_SALT,
    offer_context,
    offer_from_token,
    offer_link_secret,
    offer_send,
    offer_token,
    offer_url,
)
from applications.services.places import bulk_history_create, places_held, settings_for

__all__ = [
    "ENDORSEMENT_SALT",
    "OFFER_SALT",
    "PARKED_RANK",
    "STATEMENT_WORD_LIMIT",
    "AllocationError",
    "ApplicationError",
    "DecisionConflict",
    "EndorsementLinkError",
    "OfferLinkError",
    "application_save_draft",
    "application_start",
    "application_submit",
    "application_withdraw",
    "bulk_history_create",
    "conflict_reason",
    "conflicts_record",
    "decision_record",
    "eligible_applications",
    "endorsement_confirm",
    "endorsement_decline",
    "endorsement_email",
    "endorsement_expires_at",
    "endorsement_from_token",
    "endorsement_request",
    "endorsement_token",
    "endorsement_url",
    "endorser_change",
    "equality_save",
    "invoice_email",
    "invoice_mark_paid",
    "invoice_raise",
    "not_editable",
    "offer_accept",
    "offer_context",
    "offer_decline",
    "offer_from_token",
    "offer_link_secret",
    "offer_next_from_waiting_list",
    "offer_send",
    "offer_token",
    "offer_url",
    "offers_lapse",
    "outcomes_send",
    "outcomes_unsent",
    "place_freed",
    "places_held",
    "score_record",
    "scoring_gaps",
    "settings_for",
    "submission_problems",
    "waiting_list_move",
]
