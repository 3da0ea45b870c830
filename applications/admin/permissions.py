"""Who may do what on the allocation admin's own pages, as predicates the admin asks instead
of reading roles or permission codes inline. Who may allocate at all is
``applications.allocation.can_allocate``; who sees which fields is ``applications.rules``."""

from __future__ import annotations

from cohorts.models import Cohort
from csssl import roles

#: A cohort's applications are scored while it is open or being allocated.
SCORING_STATUSES = (Cohort.Status.OPEN, Cohort.Status.ALLOCATING)


def is_scorer(user) -> bool:
    """Members of the DCS group score applications; coordinators allocate, but do not score.
    Opening the board as a scorer records the conflicts of interest that keep them from
    scoring applicants from the authority they lead."""
    return roles.is_dcs_member(user)


def can_score(user, cohort: Cohort) -> bool:
    """Whether the board offers ``user`` the score forms of ``cohort``: a scorer, while the
    cohort is open or being allocated (the allocation service checks both again)."""
    return is_scorer(user) and cohort.status in SCORING_STATUSES


def can_record_payment(user) -> bool:
    """Who may record that an invoice has been paid: those allowed to change invoices (the
    coordinators)."""
    return user.has_perm("applications.change_invoice")
