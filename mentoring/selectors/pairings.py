"""Who is paired with whom, read for the person asking: a mentor reaches only their own
mentees' pairings, a participant only their own."""

from __future__ import annotations

from django.http import Http404

from cohorts.models import Participant
from mentoring.models import Mentor, Pairing

_PAIRING_RELATED = (
    "participant__user",
    "participant__cohort__programme",
    "participant__organisation",
    "participant__local_authority",
    "mentor__user",
)


def mentor_of(user) -> Mentor | None:
    """The person's mentor profile, or None, with the account given. One query, kept on the
    account for the rest of the request (the workspace and its sections each ask)."""
    if not (user and user.is_authenticated):
        return None
    if hasattr(user, "_mentor_profile"):
        return user._mentor_profile
    # One profile per person: no ordering, so no join for it.
    mentor = Mentor.objects.filter(user=user).order_by().first()
    if mentor is not None:
        mentor.user = user
    user._mentor_profile = mentor
    return mentor


def active_mentor(*, participant: Participant) -> Pairing | None:
    """The participant's current pairing with its mentor, their account and organisation, for
    the card on /me/; the pairing's participant is the one given, not read again. One query."""
    pairing = (
        Pairing.objects.filter(participant=participant, status=Pairing.Status.ACTIVE)
        .select_related("mentor__user", "mentor__organisation")
        .order_by()
        .first()
    )
    if pairing is not None:
        pairing.participant = participant
    return pairing


def mentees_of(*, user) -> list[Pairing]:
    """The mentor's active pairings, by cohort and surname. One query."""
    return list(
        Pairing.objects.filter(mentor__user=user, status=Pairing.Status.ACTIVE)
        .select_related(*_PAIRING_RELATED)
        .order_by("participant__cohort__starts_on", "participant__user__last_name", "pk")
    )


def mentee_pairing(*, user, pairing_id: int) -> Pairing:
    """One of the mentor's active pairings; 404 for anyone else's or an ended one. One query."""
    pairing = (
        Pairing.objects.filter(pk=pairing_id, mentor__user=user, status=Pairing.Status.ACTIVE)
        .select_related(*_PAIRING_RELATED)
        .first()
    )
    if pairing is None:
        raise Http404
    return pairing


def active_pairing(*, participant: Participant) -> Pairing | None:
    """The participant's current pairing with its mentor, or None. One query."""
    # A participant has one active pairing at most: no ordering, so none of its joins.
    return (
        Pairing.objects.filter(participant=participant, status=Pairing.Status.ACTIVE)
        .select_related(*_PAIRING_RELATED)
        .order_by()
        .first()
    )
