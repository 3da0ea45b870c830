"""Mentoring sessions: proposed by one side of an active pairing, agreed by the other, moved
or cancelled by either, recorded held once they have started; the shared record of a held
session, each author's private note, and each side's one answer to "is this pairing working?".

Every change locks the row it changes and checks the rule again under the lock, so two people
acting at once, a double click or a page left open while the other side acted never leave a
session in a state the rules do not allow. Each change the other side should know of is
emailed to them through the outbox, keyed so that a repeat sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from csssl.outbox import email_send
from csssl.uktime import clock_time, time_on_weekday
from mentoring.errors import MentoringError
from mentoring.models import FitAnswer, MentoringSession, Pairing, PrivateNote, SessionRecord
from mentoring.rules import sessions as rules

Status = MentoringSession.Status

#: Outbox kinds, one per email a session sends.
PROPOSED = "mentoring_session_proposed"
AGREED = "mentoring_session_agreed"
MOVED = "mentoring_session_moved"
CANCELLED = "mentoring_session_cancelled"
REMINDER = "mentoring_session_reminder"
FIT_NO = "mentoring_fit_no"

_PAIRING_RELATED = ("participant__user", "participant__cohort__programme", "mentor__user")
_ACTING = "You are not part of this pairing, or it has ended."


def session_url(session: MentoringSession, side: str) -> str:
    """The session's page as the given side reaches it."""
    if side == rules.MENTOR:
        return reverse(
            "mentoring:session_detail",
            kwargs={"pairing_id": session.pairing_id, "session_id": session.pk},
        )
    return reverse("mentoring:session_me_detail", kwargs={"session_id": session.pk})


def _locked_pairing(pairing: Pairing) -> Pairing:
    return (
        Pairing.objects.select_for_update(of=("self",))
        .select_related(*_PAIRING_RELATED)
        .get(pk=pairing.pk)
    )


def _locked_session(session: MentoringSession) -> MentoringSession:
    return (
        MentoringSession.objects.select_for_update(of=("self",))
        .select_related(*(f"pairing__{name}" for name in _PAIRING_RELATED))
        .get(pk=session.pk)
    )


def _side(by, pairing: Pairing) -> str:
    side = rules.side_of(by, pairing)
    if side is None:
        raise MentoringError(_ACTING)
    return side


def _check_times(*, starts_at: datetime, ends_at: datetime, place: str, now: datetime) -> str:
    errors = {}
    if starts_at <= now:
        errors["starts"] = "Choose a time that is still to come."
    if ends_at <= starts_at:
        errors["ends"] = "The session must end after it starts."
    place = place.strip()
    if len(place) > 300:
        errors["place"] = "Say where in 300 characters or fewer."
    if errors:
        raise MentoringError("Please check the time and place.", errors=errors)
    return place


def _email_other_side(session: MentoringSession, *, kind: str, side: str, template: str) -> None:
    """Tell the other side of ``side`` what changed; the occasion is the session's sequence,
    so each change sends once."""
    recipient_side = rules.MENTOR if side == rules.PARTICIPANT else rules.PARTICIPANT
    recipient = rules.other_side(session.pairing, side)
    actor = rules.other_side(session.pairing, recipient_side)
    email_send(
        kind=kind,
        to=recipient.email,
        about=session,
        template=f"mentoring/{template}",
        context={
            "session": session,
            "recipient": recipient,
            "actor": actor,
            "when": time_on_weekday(session.starts_at),
            "until": clock_time(session.ends_at),
            "programme": session.pairing.participant.cohort.programme,
            "link": settings.SITE_URL + session_url(session, recipient_side),
        },
        occasion=f"{session.sequence}:{session.status}",
    )


@transaction.atomic
def session_propose(
    *,
    pairing: Pairing,
    by,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    now: datetime | None = None,
) -> MentoringSession:
    """Either side of an active pairing proposes a time and place still to come, ending after
    it starts; the other side is asked to agree. The same proposal sent twice (a double
    click) is one session."""
    now = now or timezone.now()
    pairing = _locked_pairing(pairing)
    side = _side(by, pairing)
    place = _check_times(starts_at=starts_at, ends_at=ends_at, place=place, now=now)
    existing = MentoringSession.objects.filter(
        pairing=pairing,
        status=Status.PROPOSED,
        proposed_by=by,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
    ).first()
    if existing is not None:
        return existing
    session = MentoringSession.objects.create(
        pairing=pairing,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        proposed_by=by,
        proposed_at=now,
    )
    _email_other_side(session, kind=PROPOSED, side=side, template="session_proposed")
    return session


@transaction.atomic
def session_agree(
    *,
    session: MentoringSession,
    by,
    sequence: int | None = None,
    now: datetime | None = None,
) -> MentoringSession:
    """The side that did not propose the time agrees to it, while it is still to come.
    ``sequence`` is the version of the time they saw: if it was moved meanwhile, they are
    asked to look again rather than agree to a time they have not read. Agreeing twice is
    agreeing once."""
    now = now or timezone.now()
    session = _locked_session(session)
    side = _side(by, session.pairing)
    if sequence is not None and sequence != session.sequence:
        raise MentoringError(
            "The time or place was changed since you opened the page: please read it again."
        )
    if session.status == Status.AGREED and session.proposed_by_id != by.pk:
        return session
    if session.status != Status.PROPOSED:
        raise MentoringError(f"This session is {session.get_status_display().lower()}.")
    if session.proposed_by_id == by.pk:
        raise MentoringError("You proposed this time: the other side agrees to it.")
    if session.starts_at <= now:
        raise MentoringError("This time has passed: propose another one.")
    session.status = Status.AGREED
    session.agreed_at = now
    session.save(update_fields=["status", "agreed_at", "updated_at"])
    _email_other_side(session, kind=AGREED, side=side, template="session_agreed")
    return session


@transaction.atomic
def session_move(
    *,
    session: MentoringSession,
    by,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    now: datetime | None = None,
) -> MentoringSession:
    """Either side proposes a new time or place for a session still to be held: it is
    proposed again, by them, for the other side to agree, and its calendar entry's sequence
    goes up so calendars replace the old entry. Sending the same new time twice moves it
    once."""
    now = now or timezone.now()
    session = _locked_session(session)
    side = _side(by, session.pairing)
    if not rules.may_change(session):
        raise MentoringError(f"This session is {session.get_status_display().lower()}.")
    place = _check_times(starts_at=starts_at, ends_at=ends_at, place=place, now=now)
    unchanged = (session.starts_at, session.ends_at, session.place) == (starts_at, ends_at, place)
    if unchanged and session.status == Status.PROPOSED and session.proposed_by_id == by.pk:
        return session
    session.starts_at, session.ends_at, session.place = starts_at, ends_at, place
    session.status = Status.PROPOSED
    session.proposed_by = by
    session.proposed_at = now
    session.agreed_at = None
    session.sequence += 1
    session.save()
    _email_other_side(session, kind=MOVED, side=side, template="session_moved")
    return session


@transaction.atomic
def session_cancel(
    *, session: MentoringSession, by, now: datetime | None = None
) -> MentoringSession:
    """Either side cancels a session still to be held; the other side is told, and calendars
    mark the entry cancelled. Cancelling twice is cancelling once."""
    now = now or timezone.now()
    session = _locked_session(session)
    side = _side(by, session.pairing)
    if session.status == Status.CANCELLED:
        return session
    if not rules.may_change(session):
        raise MentoringError("This session has been held: it can no longer be cancelled.")
    session.status = Status.CANCELLED
    session.cancelled_by = by
    session.cancelled_at = now
    session.sequence += 1
    session.save()
    _email_other_side(session, kind=CANCELLED, side=side, template="session_cancelled")
    return session


@transaction.atomic
def session_record_held(
    *, session: MentoringSession, by, now: datetime | None = None
) -> MentoringSession:
    """Either side records an agreed session held, once it has started. It then counts
    toward completion, and after the first, each side is asked whether the pairing works."""
    now = now or timezone.now()
    session = _locked_session(session)
    _side(by, session.pairing)
    if session.status == Status.HELD:
        return session
    if session.status != Status.AGREED:
        raise MentoringError("Only an agreed session can be recorded held.")
    if session.starts_at > now:
        raise MentoringError("A session is recorded held once it has started.")
    session.status = Status.HELD
    session.held_at = now
    session.save(update_fields=["status", "held_at", "updated_at"])
    return session


@transaction.atomic
def record_save(
    *,
    session: MentoringSession,
    by,
    themes: str,
    actions: str,
    seen: datetime | None = None,
    now: datetime | None = None,
) -> SessionRecord:
    """Either side writes the shared record of a held session (themes, agreed actions), which
    both see. ``seen`` is when the record they edited was last saved (None: there was none):
    if the other side saved since, nothing is overwritten and they are shown the new text,
    unless what they send is what is there already (a double click)."""
    now = now or timezone.now()
    session = _locked_session(session)
    _side(by, session.pairing)
    if session.status != Status.HELD:
        raise MentoringError("A record is written once the session has been held.")
    themes, actions = themes.strip(), actions.strip()
    errors = {}
    for name, text in (("themes", themes), ("actions", actions)):
        if len(text) > 2000:
            errors[name] = "Keep this to 2,000 characters or fewer."
    if not (themes or actions):
        errors["themes"] = "Write the themes or the agreed actions."
    if errors:
        raise MentoringError("Please check the record.", errors=errors)
    record = SessionRecord.objects.select_for_update().filter(session=session).first()
    if record is not None:
        if (record.themes, record.actions) == (themes, actions):
            return record
        if seen is None or record.updated_at != seen:
            raise MentoringError(
                "The record was changed since you opened it. The saved text is shown above "
                "yours: copy what you need into it and save again."
            )
        record.themes, record.actions = themes, actions
        record.written_by = by
        record.updated_at = now
        record.save()
        return record
    return SessionRecord.objects.create(
        session=session, themes=themes, actions=actions, written_by=by, updated_at=now
    )


@transaction.atomic
def private_note_save(
    *, session: MentoringSession, by, text: str, now: datetime | None = None
) -> PrivateNote | None:
    """A side's own note on a session, read by nobody but its author. Saving it empty
    deletes it (None)."""
    now = now or timezone.now()
    session = _locked_session(session)
    _side(by, session.pairing)
    text = text.strip()
    if len(text) > 5000:
        raise MentoringError(
            "Please check your note.", errors={"text": "Keep it to 5,000 characters or fewer."}
        )
    if not text:
        PrivateNote.objects.filter(session=session, author=by).delete()
        return None
    note, _ = PrivateNote.objects.update_or_create(
        session=session, author=by, defaults={"text": text, "updated_at": now}
    )
    return note


@transaction.atomic
def fit_answer(
    *,
    pairing: Pairing,
    by,
    works: bool,
    comment: str = "",
    now: datetime | None = None,
) -> FitAnswer:
    """Each side answers once, privately, after the first session held: is the pairing
    working? The other side never sees the answer; a "no" is emailed to the programme's
    contact and counted on the coordinators' workspace."""
    now = now or timezone.now()
    pairing = _locked_pairing(pairing)
    side = _side(by, pairing)
    if not pairing.sessions.filter(status=Status.HELD).exists():
        raise MentoringError("You are asked this after your first session has been held.")
    comment = comment.strip()
    if len(comment) > 1000:
        raise MentoringError(
            "Please check your answer.",
            errors={"comment": "Keep it to 1,000 characters or fewer."},
        )
    if FitAnswer.objects.filter(pairing=pairing, side=side).exists():
        raise MentoringError("You have answered this already: thank you.")
    answer = FitAnswer.objects.create(
        pairing=pairing, side=side, works=works, comment=comment, answered_at=now
    )
    if not works:
        programme = pairing.participant.cohort.programme
        email_send(
            kind=FIT_NO,
            to=programme.contact_email,
            about=answer,
            template="mentoring/fit_no",
            context={
                "answer": answer,
                "pairing": pairing,
                "cohort": pairing.participant.cohort,
                "programme": programme,
            },
        )
    return answer
