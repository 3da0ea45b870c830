"""What sessions registers with the registries of csssl and cohorts (timeline, completion,
workspace, reminders) and with the mentor's workspace sections.

* On the participant's year (``cohorts.timeline``): each session of their pairings, with its
  calendar entry (a stable UID and a sequence raised on every change; a cancelled one stays in
  the feed as cancelled so calendars remove it), and, where the cohort asks for sessions, the
  number to hold by the programme's end.
* In the completion rule (``cohorts.completion``): "mentoring sessions", held sessions against
  ``CohortMentoring.sessions_required``; a cohort that asks for none shows nothing.
* The reminder the day before an agreed session, to both sides.
* On the mentor's pages: their sessions, and what waits for them to agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Event as CalendarEvent

from cohorts import completion, timeline
from cohorts.models import Cohort, CompletionRule, Participant
from csssl import reminders
from csssl.outbox import email_send
from csssl.uktime import clock_time, long_date, time_on_weekday, uk_moment, uk_today
from mentoring import sections
from mentoring.models import CohortMentoring, MentoringSession
from mentoring.rules import sessions as rules
from mentoring.selectors import pairings as pairing_selectors
from mentoring.selectors import sessions as selectors
from mentoring.services import sessions as services

Status = MentoringSession.Status

#: The timeline provider and the completion element, by name.
TIMELINE = "mentoring.sessions"
ELEMENT = "mentoring.sessions"
#: Short of sessions this close to the programme's end is a reason to talk.
AT_RISK_DAYS = 42


# --- Calendar entries ----------------------------------------------------------------------


def calendar_entry(session: MentoringSession, *, for_side: str) -> CalendarEvent:
    """The session's calendar entry for one side: the other side's name in the summary."""
    pairing = session.pairing
    other = rules.other_side(pairing, for_side)
    entry = CalendarEvent()
    entry.add("uid", f"{session.uid}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}")
    entry.add("sequence", session.sequence)
    entry.add("dtstamp", timezone.now())
    entry.add("last-modified", session.updated_at)
    entry.add("dtstart", session.starts_at)
    entry.add("dtend", session.ends_at)
    name = other.get_full_name() or other.email
    entry.add("summary", f"Mentoring session with {name}")
    if session.place:
        entry.add("location", session.place)
    status = {
        Status.PROPOSED: "TENTATIVE",
        Status.CANCELLED: "CANCELLED",
    }.get(session.status, "CONFIRMED")
    entry.add("status", status)
    description = {
        Status.PROPOSED: "Proposed: not agreed yet.",
        Status.CANCELLED: "Cancelled.",
    }.get(session.status, "")
    if description:
        entry.add("description", description)
    return entry


# --- The participant's year -------------------------------------------------------------------


def _requirement(cohort: Cohort) -> int:
    """The sessions the cohort asks for (0 without settings). One query, unless the cohort's
    settings were read already (they are kept on the cohort: the group meetings read them
    too)."""
    try:
        return cohort.mentoring.sessions_required
    except CohortMentoring.DoesNotExist:
        return 0


def session_item(session: MentoringSession, *, now: datetime) -> timeline.TimelineItem:
    is_past = session.ends_at <= now or session.status in (Status.HELD, Status.CANCELLED)
    mentor = session.pairing.mentor
    owes = ""
    waiting = session.status == Status.PROPOSED and session.proposed_by_id == mentor.user_id
    if waiting and session.starts_at > now:
        owes = (
            f"Agree to the mentoring session {mentor} proposed for "
            f"{time_on_weekday(session.starts_at)}, or propose another time."
        )
    title = {
        Status.PROPOSED: "Mentoring session (proposed)",
        Status.CANCELLED: "Mentoring session (cancelled)",
    }.get(session.status, "Mentoring session")
    return timeline.TimelineItem(
        when=session.starts_at,
        title=title,
        kind="mentoring",
        detail=f"With {mentor}" + (f", {session.place}" if session.place else ""),
        is_past=is_past,
        template="mentoring/sessions/_timeline_session.html",
        next_template="mentoring/sessions/_next_session.html",
        context={"session": session},
        owes=owes,
        declined=session.status == Status.CANCELLED,
        calendar_entry=lambda: calendar_entry(session, for_side=rules.PARTICIPANT),
    )


@timeline.register(TIMELINE)
def session_items(*, participant: Participant, now: datetime) -> list[timeline.TimelineItem]:
    """Each session of the participant's pairings; where the cohort asks for sessions, the
    count to hold by its last day (which the completion element reads). Two queries."""
    required = _requirement(participant.cohort)
    sessions = selectors.participant_year_sessions(participant)
    items = [session_item(session, now=now) for session in sessions]
    if required:
        held = sum(1 for s in sessions if s.status == Status.HELD)
        cohort = participant.cohort
        items.append(
            timeline.TimelineItem(
                when=cohort.ends_on,
                title="Mentoring sessions to hold",
                kind="mentoring_required",
                detail=f"{held} of {required} held.",
                is_past=cohort.ends_on < uk_today(now=now),
                template="mentoring/sessions/_timeline_required.html",
                context={"sessions_required": required, "sessions_held": held},
                end_of_day=True,
            )
        )
    return items


# --- The completion rule ----------------------------------------------------------------------


@dataclass(frozen=True)
class SessionsStanding:
    """Where one participant stands on mentoring sessions. Its attributes are named for
    mentoring, since a ``Completion`` reads unknown names through every element."""

    sessions_required: int
    sessions_held: int
    mentoring_ends_on: date | None = None
    mentoring_days_left: int = 0

    @property
    def sessions_asked(self) -> bool:
        return self.sessions_required > 0

    @property
    def sessions_short(self) -> int:
        return max(self.sessions_required - self.sessions_held, 0)

    @property
    def _ended(self) -> bool:
        return self.mentoring_days_left < 0

    @property
    def finished(self) -> bool:
        return not self.sessions_short or self._ended

    @property
    def within_allowance(self) -> bool:
        return not self.sessions_short or not self._ended

    @property
    def shortfall(self) -> str:
        return f"{self.sessions_held} of {self.sessions_required} mentoring sessions held"

    @property
    def to_come(self) -> str:
        short = self.sessions_short
        return f"{short} more mentoring session{'s' if short != 1 else ''} to hold"

    @property
    def reasons(self) -> list[str]:
        if not self.sessions_short or self.mentoring_ends_on is None:
            return []
        if self._ended:
            return [
                f"Held {self.sessions_held} of the {self.sessions_required} mentoring "
                "sessions asked for."
            ]
        if self.mentoring_days_left <= AT_RISK_DAYS:
            return [
                f"Only {self.sessions_held} of {self.sessions_required} mentoring sessions "
                f"held, with the programme ending on {long_date(self.mentoring_ends_on)}."
            ]
        return []


def standing_from(*, required: int, held: int, ends_on: date, today: date) -> SessionsStanding:
    """The element applied to what has been read: no queries."""
    if not required:
        return SessionsStanding(sessions_required=0, sessions_held=held)
    return SessionsStanding(
        sessions_required=required,
        sessions_held=held,
        mentoring_ends_on=ends_on,
        mentoring_days_left=(ends_on - today).days,
    )


def count(
    *,
    cohort: Cohort,
    rule: CompletionRule,
    participants: list[Participant],
    whole_cohort: bool,
    now: datetime,
) -> dict[int, SessionsStanding]:
    """Every participant's standing. One query: the cohort's setting with the sessions held
    by each participant."""
    required, held = selectors.cohort_sessions_held(
        cohort_id=cohort.pk,
        participant_ids=None if whole_cohort else [p.pk for p in participants],
    )
    today = uk_today(now=now)
    return {
        p.pk: standing_from(
            required=required, held=held.get(p.pk, 0), ends_on=cohort.ends_on, today=today
        )
        for p in participants
    }


def from_timeline(
    *, participant: Participant, rule: CompletionRule, items, now: datetime
) -> SessionsStanding:
    """The same standing from the participant's timeline, whose count item carries the
    requirement and the sessions held: no queries."""
    for item in items:
        if item.source == TIMELINE and item.kind == "mentoring_required":
            return standing_from(
                required=item.context["sessions_required"],
                held=item.context["sessions_held"],
                ends_on=participant.cohort.ends_on,
                today=uk_today(now=now),
            )
    return SessionsStanding(sessions_required=0, sessions_held=0)


def cells(standing: SessionsStanding) -> str:
    """The coordinators' certificates page's cell: the sessions held of those asked for."""
    if not standing.sessions_asked:
        return "<td>Not asked</td>\n"
    return f"<td>{int(standing.sessions_held)} of {int(standing.sessions_required)}</td>\n"


SESSIONS = completion.register(
    completion.Element(
        name=ELEMENT,
        count=count,
        from_timeline=from_timeline,
        card_template="mentoring/sessions/_me_engagement.html",
        needed_template="mentoring/sessions/_me_needed.html",
        cells=cells,
        headers=("Mentoring sessions",),
        order=30,
    )
)


# --- The reminder the day before --------------------------------------------------------------


@reminders.register("mentoring.session_reminders")
def session_reminders(*, now: datetime) -> int:
    """Both sides of each agreed session that starts tomorrow (UK days), once for each day
    it is agreed for. Two queries, then the outbox's."""
    tomorrow = uk_today(now=now) + timedelta(days=1)
    starts_from = uk_moment(tomorrow, datetime.min.time())
    starts_before = uk_moment(tomorrow + timedelta(days=1), datetime.min.time())
    written = 0
    for session in selectors.reminders_due(starts_from=starts_from, starts_before=starts_before):
        pairing = session.pairing
        for side in (rules.MENTOR, rules.PARTICIPANT):
            other_side = rules.PARTICIPANT if side == rules.MENTOR else rules.MENTOR
            recipient = rules.other_side(pairing, other_side)
            _, created = email_send(
                kind=services.REMINDER,
                to=recipient.email,
                about=session,
                template="mentoring/session_reminder",
                context={
                    "session": session,
                    "recipient": recipient,
                    "other": rules.other_side(pairing, side),
                    "when": time_on_weekday(session.starts_at),
                    "starts": clock_time(session.starts_at),
                    "until": clock_time(session.ends_at),
                    "programme": pairing.participant.cohort.programme,
                    "link": settings.SITE_URL + services.session_url(session, side),
                },
                occasion=f"day-before:{tomorrow.isoformat()}",
            )
            written += created
    return written


# --- The mentor's pages and the participant's ---------------------------------------------------


@sections.register_workspace("sessions")
def workspace_section(*, user, now: datetime) -> sections.Section | None:
    """The mentor's sessions still to come and those waiting for them to agree, with their
    calendar address. Three queries (four the first time, when the address is made)."""
    mentor = pairing_selectors.mentor_of(user)
    if mentor is None:
        return None
    found = selectors.mentor_sessions(user=user, now=now)
    feed = selectors.mentor_feed(mentor)
    return sections.Section(
        "mentoring/sessions/_workspace.html",
        {
            "upcoming": found.upcoming,
            "awaiting": found.awaiting,
            "feed_url": settings.SITE_URL
            + reverse("mentoring:mentor_calendar", kwargs={"token": feed.token}),
        },
        order=20,
    )


@sections.register_mentee("sessions")
def mentee_section(*, user, pairing, now: datetime) -> sections.Section | None:
    """The pairing's sessions for its mentor, the fit question once asked, and any report of
    the mentee's held for a debrief. Four queries."""
    found = selectors.pairing_sessions(pairing=pairing, side=rules.MENTOR, user=user)
    return sections.Section(
        "mentoring/sessions/_mentee.html",
        {
            "found": found,
            "reports": selectors.reports_held_for_debrief(pairing.participant),
            "now": now,
        },
        order=20,
    )


@sections.register_participant("sessions")
def participant_section(*, participant, now: datetime) -> sections.Section | None:
    """The participant's sessions with their mentor and the fit question once asked. Four
    queries; nothing without an active pairing (one)."""
    pairing = pairing_selectors.active_pairing(participant=participant)
    if pairing is None:
        return None
    found = selectors.pairing_sessions(
        pairing=pairing, side=rules.PARTICIPANT, user=participant.user
    )
    return sections.Section(
        "mentoring/sessions/_participant.html", {"found": found, "now": now}, order=20
    )


@sections.register_calendar("sessions")
def mentor_calendar_entries(*, user, now: datetime):
    """The mentor's sessions, for their calendar feed. One query."""
    return [
        calendar_entry(session, for_side=rules.MENTOR)
        for session in selectors.mentor_feed_sessions(user)
    ]
