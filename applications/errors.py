"""Every error the application and allocation services raise, each with a message a person can
read. Views, the admin, tasks and the assistant catch them from here; this module imports
nothing from the app, so any module may.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csssl.uktime import time_on_date

if TYPE_CHECKING:
    from applications.models import Decision, Endorsement


class ApplicationError(Exception):
    """A rule of the application process was broken; the message is for the applicant.

    ``errors`` maps form field names to messages, for showing beside each field. ``moved_on``
    says the application was submitted or withdrawn meanwhile (a double click, another tab), so
    the page to show is the application as it now is, with the message, not the form."""

    def __init__(
        self, message: str, *, errors: dict[str, str] | None = None, moved_on: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.moved_on = moved_on


class EndorsementLinkError(Exception):
    """An endorsement link that cannot be used; ``reason`` says why in the endorser's terms:
    invalid, expired, superseded, cancelled, answered or closed."""

    def __init__(self, reason: str, *, endorsement: Endorsement | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.endorsement = endorsement


class OfferLinkError(LookupError):
    """An offer link that is tampered with, too old, or someone else's: for the person who
    opened it, there is no such offer."""


class AllocationError(Exception):
    """A rule of allocation was broken; the message is for the person who tried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DecisionConflict(AllocationError):
    """A decision made on a page that showed an older version of it: someone has changed it
    since. ``decision`` is the decision as it stands now."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        latest = decision.history.order_by("-history_date", "-history_id").first()
        who = latest.history_user if latest else decision.decided_by
        when = time_on_date(latest.history_date if latest else decision.decided_at)
        now = decision.get_outcome_display()
        if decision.waiting_rank:
            now += f", number {decision.waiting_rank}"
        super().__init__(
            f"This decision was changed by {who or 'the system, automatically'} at "
            f"{when}, after your page was shown. It is now: {now}, "
            f"because “{decision.reason}”."
        )


class ProposalError(RuntimeError):
    """The assistant's solver gave up (a time limit or a numerical failure): no proposal can
    be trusted."""
