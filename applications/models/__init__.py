"""The applications app's models: applications and their endorsements
(``applications.models.application``), and the allocation of places
(``applications.models.allocation``)."""

from applications.models.allocation import (
    HOLDING_OFFER_STATES,
    AllocationSettings,
    Allocator,
    BalanceTarget,
    CohortAllocation,
    ConflictOfInterest,
    Criterion,
    Decision,
    Invoice,
    Offer,
    OfferState,
    Score,
)
from applications.models.application import (
    ANSWERED_ENDORSEMENT_STATES,
    LIVE_ENDORSEMENT_STATES,
    Endorsement,
    EndorsementState,
    EqualityMonitoring,
    EqualityTotals,
    ExpressionOfInterest,
    PartnerGroup,
    Sector,
    partner_group,
)

__all__ = [
    "ANSWERED_ENDORSEMENT_STATES",
    "HOLDING_OFFER_STATES",
    "LIVE_ENDORSEMENT_STATES",
    "AllocationSettings",
    "Allocator",
    "BalanceTarget",
    "CohortAllocation",
    "ConflictOfInterest",
    "Criterion",
    "Decision",
    "Endorsement",
    "EndorsementState",
    "EqualityMonitoring",
    "EqualityTotals",
    "ExpressionOfInterest",
    "Invoice",
    "Offer",
    "OfferState",
    "PartnerGroup",
    "Score",
    "Sector",
    "partner_group",
]
