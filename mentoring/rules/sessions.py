"""Who may do what with mentoring sessions: the two sides of an active pairing, and nobody
else. A private note is its author's alone; a fit answer is for the programme team."""

from __future__ import annotations

from mentoring.models import FitAnswer, MentoringSession, Pairing

MENTOR = FitAnswer.Side.MENTOR
PARTICIPANT = FitAnswer.Side.PARTICIPANT


def side_of(user, pairing: Pairing) -> str | None:
    """Which side of an active pairing the person is on ("mentor" or "participant"), or None
    for anyone else and for an ended pairing. Reads the pairing's mentor and participant."""
    if not (user and user.is_authenticated and user.is_active and pairing.is_active):
        return None
    if pairing.mentor.user_id == user.pk:
        return MENTOR
    if pairing.participant.user_id == user.pk:
        return PARTICIPANT
    return None


def other_side(pairing: Pairing, side: str):
    """The account on the other side of the pairing from ``side``."""
    return pairing.participant.user if side == MENTOR else pairing.mentor.user


def may_agree(user, session: MentoringSession) -> bool:
    """A proposed time is agreed by the side that did not propose it."""
    return (
        session.status == MentoringSession.Status.PROPOSED
        and side_of(user, session.pairing) is not None
        and session.proposed_by_id != user.pk
    )


def may_change(session: MentoringSession) -> bool:
    """A session still to be held can be moved or cancelled by either side."""
    return session.status in (MentoringSession.Status.PROPOSED, MentoringSession.Status.AGREED)


def may_record_held(session: MentoringSession, now) -> bool:
    """An agreed session is recorded held once it has started."""
    return session.status == MentoringSession.Status.AGREED and session.starts_at <= now
