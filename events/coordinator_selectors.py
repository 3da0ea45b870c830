"""Read queries for the coordinators' workspace, registers of attendance, a cohort's engagement
and the choice of whom to email. Each is a fixed number of queries however many cohorts,
events, participants and marks there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cohorts.models import Cohort, Participant

from . import engagement
from .models import Apology, AttendanceRecord, CompletionRule, CoordinatorMessage, Event

#: The cohorts a coordinator is working on: taking applications, allocating places or running.
WORKSPACE_COHORTS = (Cohort.Status.OPEN, Cohort.Status.ALLOCATING, Cohort.Status.RUNNING)

#: How far back the workspace shows events, so a register left unfinished is easy to find.
RECENT_DAYS = 28

#: The buttons of a register row, in the order a coordinator meets them at the door.
STATUSES: tuple[tuple[str, str], ...] = tuple(AttendanceRecord.Status.choices)

#: The colour of a row's status badge (Bootstrap's text-bg-*), so exceptions stand out.
TONES = {
    AttendanceRecord.Status.PRESENT: "success",
    AttendanceRecord.Status.LATE: "warning",
    AttendanceRecord.Status.LEFT_EARLY: "warning",
    AttendanceRecord.Status.APOLOGIES: "info",
    AttendanceRecord.Status.ABSENT: "danger",
}

NOT_MARKED = "Not marked yet"
APOLOGIES_NOT_MARKED = "Apologies sent; not marked yet"


def _count(queryset: QuerySet, *, per: str) -> Coalesce:
    """How many rows of ``queryset`` (already filtered on ``OuterRef``) there are per ``per``,
    as a subquery, so several counts on one list multiply no joins."""
    counted = queryset.order_by().values(per).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def person_name(user) -> str:
    """How a register names someone: their full name, or their email address without one."""
    if user is None:
        return "someone no longer on the system"
    return user.get_full_name() or user.email


def _when(moment: datetime, *, day: date | None) -> str:
    """``09:02`` on the day itself, ``09:02 on 3 March`` on any other day (UK time)."""
    local = timezone.localtime(moment)
    if local.date() == day:
        return f"{local:%H:%M}"
    return f"{local:%H:%M} on {local:%-d %B}"


# --- The workspace ------------------------------------------------------------------------------


@dataclass
class EventSummary:
    event: Event
    apologies: int
    marked: int  # marks of the cohort's active participants
    participants: int  # the cohort's active participants

    @property
    def register_state(self) -> str:
        if not self.marked:
            return "Register not taken"
        if self.marked >= self.participants:
            return f"Register taken: all {self.participants} marked"
        return f"Register started: {self.marked} of {self.participants} marked"

    @property
    def register_complete(self) -> bool:
        return bool(self.participants) and self.marked >= self.participants


@dataclass
class CohortWorkspace:
    cohort: Cohort
    participants: int
    upcoming: list[EventSummary] = field(default_factory=list)
    recent: list[EventSummary] = field(default_factory=list)


def workspace(*, now: datetime | None = None) -> list[CohortWorkspace]:
    """The cohorts that are open, allocating or running, each with its events still to come
    (soonest first) and those of the last four weeks (latest first). Two queries."""
    now = now or timezone.now()
    on_programme = Participant.ON_PROGRAMME
    cohorts = list(
        Cohort.objects.filter(status__in=WORKSPACE_COHORTS)
        .select_related("programme")
        .annotate(
            active_participants=Count(
                "participants", filter=Q(participants__status__in=on_programme)
            )
        )
        .order_by("programme__order", "programme__name", "starts_on", "pk")
    )
    by_cohort = {
        cohort.pk: CohortWorkspace(cohort=cohort, participants=cohort.active_participants)
        for cohort in cohorts
    }
    events = (
        Event.objects.filter(
            cohort__status__in=WORKSPACE_COHORTS, starts_at__gte=now - timedelta(days=RECENT_DAYS)
        )
        .select_related("venue")
        .annotate(
            apology_count=_count(Apology.objects.filter(event=OuterRef("pk")), per="event"),
            marked_count=_count(
                AttendanceRecord.objects.filter(
                    event=OuterRef("pk"), participant__status__in=on_programme
                ),
                per="event",
            ),
        )
        .order_by("starts_at", "pk")
    )
    for event in events:
        place = by_cohort.get(event.cohort_id)
        if place is None:  # the cohort's status changed between the two queries
            continue
        summary = EventSummary(
            event=event,
            apologies=event.apology_count,
            marked=event.marked_count,
            participants=place.participants,
        )
        if event.starts_at >= now:
            place.upcoming.append(summary)
        else:
            place.recent.insert(0, summary)
    return list(by_cohort.values())


# --- A register -----------------------------------------------------------------------------------


@dataclass
class RegisterRow:
    participant: Participant
    record: AttendanceRecord | None
    apology: Apology | None
    changes: list = field(default_factory=list)  # historical records, newest first
    day: date | None = None  # the event's day in UK time
    error: str = ""  # why a change to this row was just refused
    draft: str | None = None  # a note that was typed but refused, to show again

    @property
    def name(self) -> str:
        return person_name(self.participant.user)

    @property
    def is_active(self) -> bool:
        return self.participant.status in Participant.ON_PROGRAMME

    @property
    def selected(self) -> str:
        """The status whose button shows as pressed: the mark, or Apologies for someone who
        sent them and is not marked yet."""
        if self.record:
            return self.record.status
        if self.apology:
            return AttendanceRecord.Status.APOLOGIES
        return ""

    @property
    def status_label(self) -> str:
        if self.record:
            return self.record.get_status_display()
        return APOLOGIES_NOT_MARKED if self.apology else NOT_MARKED

    @property
    def note_text(self) -> str:
        """What the note field shows: a refused note as it was typed, else the saved one."""
        if self.draft is not None:
            return self.draft
        return self.record.note if self.record else ""

    @property
    def tone(self) -> str:
        return TONES[self.record.status] if self.record else "light"

    @property
    def marked_text(self) -> str:
        if not self.record:
            return ""
        return (
            f"Marked by {person_name(self.record.marked_by)} at "
            f"{_when(self.record.marked_at, day=self.day)}"
        )

    @property
    def history_lines(self) -> list[str]:
        lines = []
        for change in self.changes:
            if change.history_type == "-":
                line = "Mark removed"
            else:
                line = AttendanceRecord.Status(change.status).label
                if change.note:
                    line += f" (note: {change.note})"
            who = person_name(change.history_user or change.marked_by)
            lines.append(f"{line}, by {who} at {_when(change.history_date, day=self.day)}")
        return lines

    def as_json(self) -> dict:
        return {
            "participant": self.participant.pk,
            "name": self.name,
            "selected": self.selected,
            "status_label": self.status_label,
            "tone": self.tone,
            "marked": self.marked_text,
            "note": self.record.note if self.record else "",
            "history": self.history_lines,
        }


@dataclass
class Register:
    event: Event
    rows: list[RegisterRow]

    @property
    def active_rows(self) -> list[RegisterRow]:
        return [row for row in self.rows if row.is_active]

    @property
    def participants(self) -> int:
        return len(self.active_rows)

    @property
    def marked(self) -> int:
        return sum(1 for row in self.active_rows if row.record)

    @property
    def apologies(self) -> int:
        return sum(1 for row in self.rows if row.apology)

    @property
    def summary(self) -> str:
        text = f"{self.marked} of {self.participants} marked"
        if self.apologies:
            text += f"; {self.apologies} sent apologies"
        return text

    def row_for(self, participant_id: int) -> RegisterRow | None:
        return next((row for row in self.rows if row.participant.pk == participant_id), None)


def register_event(*, event_id: int) -> Event:
    """Any event, for a coordinator; one that does not exist is a 404."""
    return get_object_or_404(
        Event.objects.select_related("cohort__programme", "venue"), pk=event_id
    )


def register_participant(*, event: Event, participant_id: int) -> Participant:
    """A participant of the event's cohort; anyone else is a 404."""
    return get_object_or_404(
        Participant.objects.select_related("user"), pk=participant_id, cohort_id=event.cohort_id
    )


def register_for(*, event: Event) -> Register:
    """Every active participant of the event's cohort by surname, with their mark, apology and
    the history of their mark; and anyone since withdrawn or completed who was marked, so no
    mark drops out of the register. Four queries."""
    records = {
        record.participant_id: record
        for record in AttendanceRecord.objects.filter(event=event).select_related("marked_by")
    }
    apologies = {apology.participant_id: apology for apology in event.apologies.all()}
    changes = defaultdict(list)
    for change in (
        AttendanceRecord.history.filter(event_id=event.pk)
        .select_related("history_user", "marked_by")
        .order_by("-history_date", "-history_id")
    ):
        changes[change.participant_id].append(change)
    participants = (
        Participant.objects.filter(cohort_id=event.cohort_id)
        .filter(
            Q(status__in=Participant.ON_PROGRAMME)
            | Q(pk__in=AttendanceRecord.objects.filter(event=event).values("participant_id"))
        )
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    day = timezone.localtime(event.starts_at).date()
    rows = [
        RegisterRow(
            participant=participant,
            record=records.get(participant.pk),
            apology=apologies.get(participant.pk),
            changes=changes.get(participant.pk, []),
            day=day,
        )
        for participant in participants
    ]
    return Register(event=event, rows=rows)


#: The columns of a register's CSV export, in order.
REGISTER_HEADER: tuple[str, ...] = (
    "Last name",
    "First name",
    "Email",
    "Organisation",
    "Job title",
    "Place",
    "Attendance",
    "Note",
    "Apology sent",
    "Apology reason",
    "Marked by",
    "Marked at",
)


def register_rows(register: Register) -> list[list]:
    """One row per person on the register, in the order of ``REGISTER_HEADER``."""
    rows = []
    for row in register.rows:
        user = row.participant.user
        rows.append(
            [
                user.last_name,
                user.first_name,
                user.email,
                row.participant.organisation.name,
                row.participant.job_title,
                row.participant.get_status_display(),
                row.record.get_status_display() if row.record else NOT_MARKED,
                row.record.note if row.record else "",
                row.apology.sent_at if row.apology else None,
                row.apology.reason if row.apology else "",
                person_name(row.record.marked_by) if row.record else "",
                row.record.marked_at if row.record else None,
            ]
        )
    return rows


# --- A cohort -------------------------------------------------------------------------------------


def coordinator_cohort(*, cohort_id: int) -> Cohort:
    """Any cohort, for a coordinator, with its programme and completion rule; one that does
    not exist is a 404."""
    return get_object_or_404(
        Cohort.objects.select_related("programme", "completion_rule"), pk=cohort_id
    )


def cohort_events(*, cohort: Cohort) -> list[Event]:
    """The cohort's events in date order, cancelled ones included."""
    return list(Event.objects.filter(cohort=cohort).order_by("starts_at", "pk"))


# --- Engagement -----------------------------------------------------------------------------------


AT_RISK = "At risk"
ON_TRACK = "On track"


@dataclass
class EngagementRow:
    """One participant's engagement: where they stand against the rule, their longest run of
    events missed in a row, and why they are at risk (none when they are on track)."""

    completion: engagement.Completion
    away_in_a_row: int
    reasons: list[str] = field(default_factory=list)

    @property
    def participant(self) -> Participant:
        return self.completion.participant

    @property
    def name(self) -> str:
        return person_name(self.participant.user)

    @property
    def at_risk(self) -> bool:
        return bool(self.reasons)

    @property
    def standing(self) -> str:
        return AT_RISK if self.at_risk else ON_TRACK

    @property
    def explanation(self) -> list[str]:
        """Why, in sentences: the reasons they are at risk, or where they stand."""
        return self.reasons or [f"{self.completion.outcome}."]


@dataclass
class EngagementBoard:
    cohort: Cohort
    rule: CompletionRule
    rows: list[EngagementRow]
    held: int  # required events held so far
    to_come: int  # required events still to come

    @property
    def at_risk(self) -> int:
        return sum(1 for row in self.rows if row.at_risk)


def engagement_board(*, cohort: Cohort, now: datetime | None = None) -> EngagementBoard:
    """Every participant of ``cohort`` who has not withdrawn, with required events attended
    of those held so far, the ones missed (and why), their longest run of absences and, from
    ``engagement.at_risk``, whether and why they are at risk; those at risk first, then by
    name. The cohort comes from ``coordinator_cohort`` (with its programme and rule).

    Eight queries: the four of ``engagement.at_risk``, then the participants, events, marks and
    apologies for the rest of the board, whatever the size of the cohort."""
    now = now or timezone.now()
    reasons = {entry.participant.pk: entry.reasons for entry in engagement.at_risk(cohort, now=now)}
    rule = engagement.rule_for(cohort)
    participants = list(
        Participant.objects.filter(cohort=cohort)
        .exclude(status=Participant.Status.WITHDRAWN)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    events = cohort_events(cohort=cohort)
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    for participant_id, event_id, status in AttendanceRecord.objects.filter(
        event__cohort=cohort
    ).values_list("participant_id", "event_id", "status"):
        marks[participant_id][event_id] = status
    apologies: dict[int, set[int]] = defaultdict(set)
    for participant_id, event_id in Apology.objects.filter(event__cohort=cohort).values_list(
        "participant_id", "event_id"
    ):
        apologies[participant_id].add(event_id)
    rows = []
    for participant in participants:
        participant.cohort = cohort
        own = {
            "marks": marks.get(participant.pk, {}),
            "apologies": apologies.get(participant.pk, set()),
        }
        rows.append(
            EngagementRow(
                completion=engagement.completion_from(
                    participant=participant, rule=rule, events=events, now=now, **own
                ),
                away_in_a_row=len(engagement.consecutive_absences(events=events, now=now, **own)),
                reasons=reasons.get(participant.pk, []),
            )
        )
    rows.sort(key=lambda row: not row.at_risk)  # stable: name order within each group
    required = [e for e in events if e.counts_toward_completion and not e.cancelled]
    return EngagementBoard(
        cohort=cohort,
        rule=rule,
        rows=rows,
        held=sum(1 for e in required if e.ends_at <= now),
        to_come=sum(1 for e in required if e.ends_at > now),
    )


# --- Whom to email --------------------------------------------------------------------------------


class Who(TextChoices):
    """The ways a coordinator chooses whom to email."""

    EVERYONE = "everyone", "Everyone active on the cohort"
    EVENT = "event", "People by their attendance at one event"
    AT_RISK = "at_risk", "Those at risk of not completing"


#: Attendance at one event to choose people by: value -> (label, how the record reads).
EVENT_STATUSES: dict[str, tuple[str, str]] = {
    "attended": ("Attended (present, late or left early)", "Attended"),
    "present": ("Present", "Present at"),
    "late": ("Late", "Late to"),
    "left_early": ("Left early", "Left early from"),
    "apologies": ("Sent apologies (or marked apologies)", "Sent apologies for"),
    "absent": ("Absent", "Absent from"),
    "not_marked": ("Not marked, and no apologies sent", "Not marked for"),
}


@dataclass(frozen=True)
class Audience:
    """Whom a coordinator chose to write to: everyone, those at risk, or those with an
    attendance (``status``, a key of ``EVENT_STATUSES``) at one ``event``."""

    who: str
    event: Event | None = None
    status: str = ""

    @property
    def description(self) -> str:
        if self.who == Who.AT_RISK:
            return Who.AT_RISK.label
        if self.who == Who.EVENT and self.event is not None:
            day = f"{self.event.local_start:%-d %B %Y}"
            return f"{EVENT_STATUSES[self.status][1]} {self.event.title} ({day})"
        return Who.EVERYONE.label


def _attendance(event: Event, status: str) -> Q:
    """Participants with ``status`` (a key of ``EVENT_STATUSES``) at ``event``, as the register
    shows them: apologies sent and not marked count as apologies."""
    records = AttendanceRecord.objects.filter(event=event, participant=OuterRef("pk"))
    marked = Exists(records)
    apologised = Exists(Apology.objects.filter(event=event, participant=OuterRef("pk")))
    if status == "attended":
        return Q(Exists(records.filter(status__in=AttendanceRecord.ATTENDED)))
    if status == "apologies":
        return Q(Exists(records.filter(status=AttendanceRecord.Status.APOLOGIES))) | (
            ~Q(marked) & Q(apologised)
        )
    if status == "not_marked":
        return ~Q(marked) & ~Q(apologised)
    return Q(Exists(records.filter(status=status)))


def audience_recipients(
    *, cohort: Cohort, audience: Audience, now: datetime | None = None
) -> list[Participant]:
    """The cohort's active participants (with their user) whom ``audience`` chooses, by name.
    One query; four for those at risk (``engagement.at_risk``), with the cohort from
    ``coordinator_cohort``."""
    if audience.who == Who.AT_RISK:
        return [
            entry.participant
            for entry in engagement.at_risk(cohort, now=now)
            if entry.participant.status == Participant.Status.ACTIVE
        ]
    people = Participant.objects.filter(cohort=cohort, status=Participant.Status.ACTIVE)
    if audience.who == Who.EVENT and audience.event is not None:
        people = people.filter(_attendance(audience.event, audience.status))
    return list(people.select_related("user").order_by("user__last_name", "user__first_name", "pk"))


def messages_sent(*, cohort: Cohort) -> list[CoordinatorMessage]:
    """The messages coordinators have sent to the cohort, latest first, with who sent them."""
    return list(CoordinatorMessage.objects.filter(cohort=cohort).select_related("sent_by"))
