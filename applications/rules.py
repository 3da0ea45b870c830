"""Who sees which fields of an application, written once for the admin's change pages,
history, lists and exports, and for the allocation board's downloads.

The DCS group sees what scoring and balancing a cohort needs: who the applicant is, their role,
organisation, authority and sector, their endorser and statements. Who pays for a place and how
(the invoice contact, address and purchase order), what a place costs and how its invoice
stands, the applicant's telephone number and their access requirements (which may describe
their health) are the coordinators' business: nobody else is shown them.
"""

from __future__ import annotations

from csssl import roles

#: Who pays for an external partner's place, and how.
PAYER_FIELDS = (
    "invoice_contact_name",
    "invoice_contact_email",
    "invoice_address",
    "purchase_order_number",
)

#: About the applicant, and not needed to score them.
PERSONAL_FIELDS = ("phone", "access_requirements")

#: What an accepted place costs and how its invoice stands (columns of the final cohort).
FEE_FIELDS = ("fee", "invoice_number", "invoice_status")

#: Everything above: shown to coordinators only.
COORDINATOR_FIELDS = frozenset(PAYER_FIELDS + PERSONAL_FIELDS + FEE_FIELDS)


def sees_coordinator_fields(user) -> bool:
    """Coordinators (and superusers) see every field; anyone else, the DCS group included, does
    not see the coordinators' fields."""
    return roles.is_coordinator(user)


def hidden_fields(user) -> frozenset[str]:
    """The fields ``user`` is not shown: none for coordinators, the coordinators' for anyone
    else."""
    return frozenset() if sees_coordinator_fields(user) else COORDINATOR_FIELDS
