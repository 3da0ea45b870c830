"""Who may see or do what with cohorts, their workspace and their certificates: predicates
that views, templates and services ask instead of reading roles inline."""

from __future__ import annotations

from csssl import roles


def can_use_workspace(user) -> bool:
    """Coordinators run the cohorts from the workspace (/coordinator/)."""
    return roles.is_coordinator(user)


def can_award_certificates(user) -> bool:
    """Coordinators see who meets each cohort's rule, award certificates and download them."""
    return roles.is_coordinator(user)
