"""Who may see or do what with placements and projects, and in which states they may change."""

from __future__ import annotations

from mentoring.models import Placement, Project

Status = Placement.Status

#: The participant may change a placement while it is a draft, or after it was declined.
EDITABLE = (Status.DRAFT, Status.DECLINED)
#: The participant may withdraw it until it is approved (the host is told on approval).
WITHDRAWABLE = (Status.DRAFT, Status.SUBMITTED, Status.DECLINED)


def placement_is_editable(placement: Placement) -> bool:
    return placement.status in EDITABLE


def placement_can_submit(placement: Placement) -> bool:
    """Ready to go for approval: it can still change and its objectives are agreed."""
    return placement.status in EDITABLE and placement.objectives_agreed_at is not None


def placement_can_withdraw(placement: Placement) -> bool:
    return placement.status in WITHDRAWABLE


def placement_can_reflect(placement: Placement, *, today) -> bool:
    """An approved placement is reflected on from its last day."""
    return placement.status == Status.APPROVED and placement.ends_on <= today


def placement_owes_reflection(placement: Placement, *, today) -> bool:
    return placement_can_reflect(placement, today=today) and not placement.reflection


def mentor_may_agree(placement: Placement) -> bool:
    """The mentor agrees objectives while the placement can still change and before they are
    agreed."""
    return placement.status in EDITABLE and placement.objectives_agreed_at is None


def project_is_open(project: Project) -> bool:
    """A project changes until it is handed in; the hand-in freezes it."""
    return project.handed_in_at is None
