"""What the pages, the timeline, the calendar feeds and the reminders read of mentoring
sessions, scoped to the person asking. Each function states its queries; none grows with the
number of sessions or pairings. A private note is only ever read for its own author."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Prefetch, Q
from django.http import Http404

from cohorts.models import Participant
from evaluations.models import Report
from mentoring.models import (
    FitAnswer,
    Mentor,
    MentorCalendarFeed,
    MentoringSession,
    Pairing,
    PrivateNote,
)
from mentoring.rules import sessions as rules

Status = MentoringSession.Status

_SESSION_RELATED = (
    "pairing__participant__user",
    "pairing__participant__cohort__programme",
    "pairing__mentor__user",
    "record__written_by",
)


def _with_own_note(queryset, user):
    """Sessions with ``own_notes``: the author's own note, and never anyone else's."""
    return queryset.prefetch_related(
        Prefetch(
            "private_notes",
            queryset=PrivateNote.objects.filter(author=user),
            to_attr="own_notes",
        )
    )


@dataclass
class PairingSessions:
    """One pairing's sessions as one side sees them, and whether that side is asked about
    the fit of the pairing."""

    pairing: Pairing
    side: str
    sessions: list[MentoringSession] = field(default_factory=list)
    fit_answered: bool = False

    @property
    def held(self) -> list[MentoringSession]:
        return [s for s in self.sessions if s.status == Status.HELD]

    @property
    def upcoming(self) -> list[MentoringSession]:
        return [s for s in self.sessions if s.status in (Status.PROPOSED, Status.AGREED)]

    @property
    def awaiting_me(self) -> list[MentoringSession]:
        """Times the other side proposed, waiting for this side to agree."""
        me = (
            self.pairing.mentor.user_id
            if self.side == rules.MENTOR
            else self.pairing.participant.user_id
        )
        return [s for s in self.upcoming if s.status == Status.PROPOSED and s.proposed_by_id != me]

    @property
    def fit_asked(self) -> bool:
        """Asked once, after the first session held, until answered."""
        return bool(self.held) and not self.fit_answered


def pairing_sessions(*, pairing: Pairing, side: str, user) -> PairingSessions:
    """Every session of the pairing (with its record and the viewer's own note) and whether
    the viewer's side has answered the fit question. Three queries."""
    sessions = list(
        _with_own_note(
            MentoringSession.objects.filter(pairing=pairing).select_related("record__written_by"),
            user,
        ).order_by("starts_at", "pk")
    )
    for session in sessions:
        session.pairing = pairing
    answered = FitAnswer.objects.filter(pairing=pairing, side=side).exists()
    return PairingSessions(pairing=pairing, side=side, sessions=sessions, fit_answered=answered)


def mentee_session(*, user, pairing_id: int, session_id: int) -> MentoringSession:
    """One session of one of the mentor's active pairings, with its record and the mentor's
    own note; 404 for anyone else's. Two queries."""
    session = (
        _with_own_note(
            MentoringSession.objects.filter(
                pk=session_id,
                pairing_id=pairing_id,
                pairing__mentor__user=user,
                pairing__status=Pairing.Status.ACTIVE,
            ).select_related(*_SESSION_RELATED),
            user,
        )
    ).first()
    if session is None:
        raise Http404
    return session


def own_session(*, participant: Participant, session_id: int) -> MentoringSession:
    """One session of the participant's active pairing, with its record and their own note;
    404 for anyone else's. Two queries."""
    session = (
        _with_own_note(
            MentoringSession.objects.filter(
                pk=session_id,
                pairing__participant=participant,
                pairing__status=Pairing.Status.ACTIVE,
            ).select_related(*_SESSION_RELATED),
            participant.user,
        )
    ).first()
    if session is None:
        raise Http404
    return session


@dataclass
class MentorSessions:
    """The sessions still to come of all a mentor's mentees, and those waiting for them."""

    upcoming: list[MentoringSession]
    awaiting: list[MentoringSession]


def mentor_sessions(*, user, now: datetime) -> MentorSessions:
    """The mentor's proposed and agreed sessions still to come, over all their active
    pairings, soonest first; ``awaiting`` are those a mentee proposed. One query."""
    sessions = list(
        MentoringSession.objects.filter(
            pairing__mentor__user=user,
            pairing__status=Pairing.Status.ACTIVE,
            status__in=(Status.PROPOSED, Status.AGREED),
            ends_at__gt=now,
        )
        .select_related("pairing__participant__user", "pairing__mentor__user")
        .order_by("starts_at", "pk")
    )
    awaiting = [s for s in sessions if s.status == Status.PROPOSED and s.proposed_by_id != user.pk]
    return MentorSessions(upcoming=sessions, awaiting=awaiting)


def participant_year_sessions(participant: Participant) -> list[MentoringSession]:
    """Every session of every pairing the participant has had, with the mentor's account; each
    pairing's participant is the one given, not read again. One query."""
    sessions = list(
        MentoringSession.objects.filter(pairing__participant=participant)
        .select_related("pairing__mentor__user")
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        session.pairing.participant = participant
    return sessions


def mentor_feed_sessions(user) -> list[MentoringSession]:
    """Every session of the mentor's pairings, for their calendar feed. One query."""
    return list(
        MentoringSession.objects.filter(pairing__mentor__user=user)
        .select_related("pairing__participant__user", "pairing__participant__cohort__programme")
        .order_by("starts_at", "pk")
    )


def mentor_feed(mentor: Mentor) -> MentorCalendarFeed:
    """The mentor's calendar address, made the first time it is asked for. One query (two the
    first time)."""
    feed, _ = MentorCalendarFeed.objects.get_or_create(mentor=mentor)
    return feed


def feed_by_token(token: str) -> MentorCalendarFeed:
    """The mentor's feed with this secret address; an unknown one is a 404. One query."""
    feed = MentorCalendarFeed.objects.select_related("mentor__user").filter(token=token).first()
    if feed is None:
        raise Http404
    return feed


def cohort_sessions_held(
    *, cohort_id: int, participant_ids: list[int] | None
) -> tuple[int, dict[int, int]]:
    """The sessions the cohort asks for (0 without settings), and the sessions each of its
    participants has held (of ``participant_ids`` only, unless None: the whole cohort). One
    query."""
    # Unordered: the participants' own ordering joined every person and programme for nothing.
    rows = Participant.objects.filter(cohort_id=cohort_id).order_by()
    if participant_ids is not None:
        rows = rows.filter(pk__in=participant_ids)
    found = rows.annotate(
        held=Count("pairings__sessions", filter=Q(pairings__sessions__status=Status.HELD)),
        required=F("cohort__mentoring__sessions_required"),
    ).values_list("pk", "held", "required")
    required, held = 0, {}
    for pk, count, asked in found:
        required = asked or 0
        held[pk] = count
    return required, held


def reminders_due(*, starts_from: datetime, starts_before: datetime) -> list[MentoringSession]:
    """Agreed sessions starting in the window, with both sides. One query."""
    return list(
        MentoringSession.objects.filter(
            status=Status.AGREED,
            pairing__status=Pairing.Status.ACTIVE,
            starts_at__gte=starts_from,
            starts_at__lt=starts_before,
        ).select_related(
            "pairing__participant__user",
            "pairing__participant__cohort__programme",
            "pairing__mentor__user",
        )
    )


def reports_held_for_debrief(participant: Participant) -> list[Report]:
    """The participant's frozen reports not yet released: waiting for a debrief. One
    query."""
    return list(
        Report.objects.filter(participant=participant, released_at__isnull=True)
        .select_related("round")
        .order_by("round__opens_on", "pk")
    )


def mentee_report(*, participant: Participant, report_id: int) -> Report:
    """One of the participant's frozen reports, with its round; 404 for anyone else's. One
    query."""
    report = (
        Report.objects.filter(participant=participant, pk=report_id).select_related("round").first()
    )
    if report is None:
        raise Http404
    return report
