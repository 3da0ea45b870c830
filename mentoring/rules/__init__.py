"""Who may see or do what in mentoring: predicates that views, templates and services ask
instead of reading roles or comparing ids inline, one module per topic."""

from __future__ import annotations

from csssl import roles


def can_run_mentoring(user) -> bool:
    """Coordinators build the pools, match, confirm and change pairings, set up groups, approve
    placements and follow every pairing's state (never a private note or private entry)."""
    return roles.is_coordinator(user)


def can_use_mentor_workspace(user) -> bool:
    """/mentor/ is for the Mentors group (mentors, tutors, facilitators) and for anyone who
    facilitates a group, a coordinator included."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if roles.is_mentor(user):
        return True
    return user.facilitated_groups.exists()


def is_mentor_of(user, pairing) -> bool:
    """The mentor of an active pairing: they see what their mentee chose to share with them."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and pairing.is_active
        and pairing.mentor.user_id == user.pk
    )
