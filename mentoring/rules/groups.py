"""Who may see and run a tutorial group or action learning set: its facilitator, and the
coordinators, who set groups up and may open any of them."""

from __future__ import annotations

from csssl import roles
from mentoring.rules import can_run_mentoring


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_facilitate(user) -> bool:
    """Who a coordinator may choose to facilitate a group: a mentor or tutor (the Mentors
    group) or a coordinator."""
    return _signed_in(user) and (roles.is_mentor(user) or roles.is_coordinator(user))


def can_see_group(user, group) -> bool:
    """The group's facilitator, or a coordinator: anyone else is told nothing of it."""
    if not _signed_in(user):
        return False
    return group.facilitator_id == user.pk or can_run_mentoring(user)


def can_keep_register(user, group) -> bool:
    """The register of a group's meeting is taken by its facilitator or a coordinator."""
    return can_see_group(user, group)
