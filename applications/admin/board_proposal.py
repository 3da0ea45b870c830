"""The assistant's proposal as the allocation board shows it, and what confirming it sends.

The page lists every application the proposal names (the offers, each with a tick box, and the
whole waiting list in order), written here in Python once rather than looped over in the
template: at national scale that is a thousand lines. What the group reviewed goes back in one
signed field, not two hidden fields a line: the offers and the waiting list in their order, each
with the version of its decision the page showed, so a proposal confirmed from an older page is
refused (``allocation.decision_record``) and no one can send back a list the assistant did not
propose (the signature would not match).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from django.core import signing
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from applications.admin.board_rows import two_places
from cohorts.models import Cohort

#: Kept apart from every other signed value of the project, and from other cohorts' proposals.
SALT = "applications.board.proposal"
FIELD = "proposal"


class ProposalMismatch(Exception):
    """What was sent back is not a proposal the board showed for this cohort."""


def mean_text(mean: Decimal | float | None) -> str:
    """' (mean 3.25)', to two places rounded half up as the template's ``floatformat:2``
    rounds; empty when nobody has scored the application."""
    if mean is None:
        return ""
    return f" (mean {two_places(mean)})"


def _salt(cohort: Cohort) -> str:
    return f"{SALT}:{cohort.pk}"


def proposal_context(cohort: Cohort) -> dict:
    """What the board's proposal panel shows and its form sends, in the same queries as the
    proposal itself (``selectors.proposal.board_proposal``)."""
    from applications.selectors.proposal import board_proposal  # loads numpy and scipy

    proposal, named = board_proposal(cohort)
    offers = [named[pk] for pk in proposal.offer_ids]
    waiting = [named[pk] for pk in proposal.waiting_ids]
    signed = signing.dumps(
        {
            "offers": [[a.id, a.version] for a in offers],
            "waiting": [[a.id, a.version] for a in waiting],
        },
        salt=_salt(cohort),
        compress=True,
    )
    return {
        "proposal": proposal,
        "proposal_field": format_html('<input type="hidden" name="{}" value="{}">', FIELD, signed),
        "proposal_offers": len(offers),
        "proposal_offer_items": mark_safe(
            "".join(
                f'<li><input type="checkbox" id="p-{a.id}" name="offer" value="{a.id}" checked> '
                f'<label for="p-{a.id}">{escape(a.full_name)}, {escape(a.job_title)}, '
                f"{escape(a.employer)}{mean_text(a.mean_score)}</label></li>"
                for a in offers
            )
        ),
        "proposal_waiting": len(waiting),
        # A thousand lines at national scale: joined from escaped text, as format_html would
        # write each, in a tenth of the time.
        "proposal_waiting_items": mark_safe(
            "".join(
                f"<li>{escape(a.full_name)}, {escape(a.employer)}{mean_text(a.mean_score)}</li>"
                for a in waiting
            )
        ),
    }


def proposal_read(data, cohort: Cohort) -> tuple[list[int], list[int], dict[int, int]]:
    """From the confirming form ``data``: (the applications to offer a place, the waiting list
    in order, the version of each one's decision the page showed). The offers are those still
    ticked, in the proposal's order; the waiting list is the proposal's, then each offer the
    group unticked. Raises ProposalMismatch when the signed field is missing or altered, or a
    ticked application was not among the proposal's offers."""
    try:
        sent = signing.loads(data.get(FIELD, ""), salt=_salt(cohort))
        offers = [(int(pk), int(version)) for pk, version in sent["offers"]]
        waiting = [(int(pk), int(version)) for pk, version in sent["waiting"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ProposalMismatch from error
    ticked = {int(pk) for pk in data.getlist("offer") if pk.isdecimal() and len(pk) <= 18}
    if ticked - {pk for pk, _ in offers}:
        raise ProposalMismatch
    chosen = [pk for pk, _ in offers if pk in ticked]
    later = [pk for pk, _ in waiting] + [pk for pk, _ in offers if pk not in ticked]
    return chosen, later, dict(offers + waiting)
