"""Read queries for a register of attendance: every participant of the event's cohort with
their mark, apology and the history of their mark, and its CSV export. A fixed number of
queries however many participants and marks there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import FilteredRelation, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from cohorts.models import Participant
from csssl.uktime import in_uk, uk_day
from events.models import Apology, AttendanceRecord, Event

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


def person_name(user) -> str:
    """How a register names someone: their full name, or their email address without one."""
    if user is None:
        return "someone no longer on the system"
    return user.display_name


#: The label of each status, by the model of the mark (an event's, or a group meeting's).
_LABELS: dict[type, dict[str, str]] = {}


def _status_label(record) -> str:
    """``record.get_status_display()``, from a dictionary made once: Django's own made every
    status hashable again on each call, a hundred times a register."""
    labels = _LABELS.get(type(record))
    if labels is None:
        choices = type(record)._meta.get_field("status").flatchoices
        labels = _LABELS[type(record)] = {value: str(label) for value, label in choices}
    return labels.get(record.status, record.status)


def _when(moment: datetime, *, day: date | None) -> str:
    """``09:02`` on the day itself, ``09:02 on 3 March`` on any other day (UK time)."""
    local = in_uk(moment)
    if local.date() == day:
        return f"{local:%H:%M}"
    return f"{local:%H:%M} on {local:%-d %B}"


@dataclass
class RegisterRow:
    participant: Participant
    record: AttendanceRecord | None
    apology: Apology | None
    changes: list = field(default_factory=list)  # historical records, newest first
    day: date | None = None  # the event's day in UK time
    error: str = ""  # why a change to this row was just refused
    draft: str | None = None  # a note that was typed but refused, to show again
    mark_url: str = ""  # where the row's marks and note are posted
    note_url: str = ""

    @property
    def name(self) -> str:
        return person_name(self.participant.user)

    @property
    def key(self) -> str:
        """The participant's id as the text of the row's ids (a string, so the template does
        not format it as a number each of the five times it is written)."""
        return str(self.participant.pk)

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
            return _status_label(self.record)
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


#: A participant id no register has, reversed in its place to find where ids go in an address.
_SENTINEL = 987654321


def _per_participant(name: str, event_id: int) -> Callable[[int], str]:
    """The address ``name`` of each participant of the event, reversed once for the register:
    a reverse for each of a register's two hundred forms took a sixth of the page's time. The
    participant's id is the address's last argument, so it goes where the sentinel's last
    occurrence was."""
    before, after = reverse(name, args=(event_id, _SENTINEL)).rsplit(str(_SENTINEL), 1)
    return lambda participant_id: f"{before}{int(participant_id)}{after}"


def register_for(*, event: Event) -> Register:
    """Every active participant of the event's cohort by surname, with their mark, apology and
    the history of their mark; and anyone since withdrawn or completed who was marked, so no
    mark drops out of the register. Two queries: the participants with their mark (and who
    made it) and apology, joined on the event, then the history."""
    changes = defaultdict(list)
    for change in (
        AttendanceRecord.history.filter(event_id=event.pk)
        .select_related("history_user", "marked_by")
        .order_by("-history_date", "-history_id")
    ):
        changes[change.participant_id].append(change)
    # A person has at most one mark and one apology for an event: each is joined as a single
    # row. Django sets the attribute only when there is one.
    participants = (
        Participant.objects.filter(cohort_id=event.cohort_id)
        .annotate(
            event_mark=FilteredRelation("attendance", condition=Q(attendance__event=event)),
            event_apology=FilteredRelation("apologies", condition=Q(apologies__event=event)),
        )
        .filter(Q(status__in=Participant.ON_PROGRAMME) | Q(event_mark__isnull=False))
        .select_related(
            "user", "organisation", "event_mark", "event_mark__marked_by", "event_apology"
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    day = uk_day(event.starts_at)
    mark_url = _per_participant("coordinator:mark", event.pk)
    note_url = _per_participant("coordinator:note", event.pk)
    rows = [
        RegisterRow(
            participant=participant,
            record=getattr(participant, "event_mark", None),
            apology=getattr(participant, "event_apology", None),
            changes=changes.get(participant.pk, []),
            day=day,
            mark_url=mark_url(participant.pk),
            note_url=note_url(participant.pk),
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
