"""Who may read and mark a portfolio entry. An entry is its owner's alone until they share it:
with their active mentor, or with the facilitators of the groups they are a member of. Nobody
else, a coordinator included, ever reads one."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mentoring.models import Pairing, PortfolioEntry


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def entries_readable_by(user) -> QuerySet[PortfolioEntry]:
    """Every entry ``user`` may read: their own, and those shared with them as an active
    mentor or as a facilitator of one of the owner's groups. The one definition the pages, the
    evidence download and the marks all ask."""
    if not _signed_in(user):
        return PortfolioEntry.objects.none()
    return PortfolioEntry.objects.filter(
        Q(participant__user=user)
        | Q(
            shared_with_mentor=True,
            participant__pairings__mentor__user=user,
            participant__pairings__status=Pairing.Status.ACTIVE,
        )
        | Q(
            shared_with_facilitators=True,
            participant__group_memberships__group__facilitator=user,
        )
    ).distinct()


def entries_shared_with(user) -> QuerySet[PortfolioEntry]:
    """The entries others shared with ``user``: readable, and not their own."""
    return entries_readable_by(user).exclude(participant__user=user)


def can_read_entry(user, entry: PortfolioEntry) -> bool:
    return entries_readable_by(user).filter(pk=entry.pk).exists()


def can_mark_entry(user, entry: PortfolioEntry) -> bool:
    """A mentor, tutor or facilitator the entry is shared with may say its evidence meets a
    quality; the owner may not mark their own work."""
    return entries_shared_with(user).filter(pk=entry.pk).exists()
