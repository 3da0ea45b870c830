"""Changes to events, apologies and registers of attendance, with the rules they keep."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import Participant
from csssl.limits import length_problems
from csssl.uktime import uk_day, uk_today, weekday_date

from . import rules
from .emails import event_update_emails
from .models import Apology, AttendanceRecord, Event

#: Changing any of these moves the event in people's calendars (a new SEQUENCE) and tells them.
CALENDAR_FIELDS = ("starts_at", "ends_at", "venue_id", "joining_link", "cancelled", "title")


class EventError(Exception):
    """A rule about events or attendance was broken; the message is for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_length(model, **values: str) -> None:
    problems = length_problems(model, values)
    if problems:
        raise EventError(" ".join(problems.values()))


def event_changed(*, event: Event, before: dict | None) -> bool:
    """Call after saving an event with the values it had before (None when it is new). When
    its time, place, link or status changed, its calendar sequence goes up so calendars
    replace it, and participants are told. Returns whether it moved."""
    if before is None:
        return False
    moved = any(before.get(field) != getattr(event, field) for field in CALENDAR_FIELDS)
    if not moved:
        return False
    with transaction.atomic():
        Event.objects.filter(pk=event.pk).update(sequence=event.sequence + 1)
        event.sequence += 1
        event_update_emails(event=event)
    return True


def calendar_snapshot(event: Event) -> dict:
    return {field: getattr(event, field) for field in CALENDAR_FIELDS}


def apology_send(
    *, participant: Participant, event: Event, reason: str, now: datetime | None = None
) -> Apology:
    """A participant tells the coordinators they cannot attend an event of their own cohort,
    before it starts. Sending again updates the reason."""
    now = now or timezone.now()
    if not rules.is_own_event(participant, event):
        raise EventError("That event is not part of your programme.")
    if not rules.apologies_open(event, now=now):
        raise EventError("This event has started; please contact the programme team instead.")
    if not reason.strip():
        raise EventError("Give a reason, so the programme team can plan.")
    _check_length(Apology, reason=reason.strip())
    apology, _ = Apology.objects.update_or_create(
        participant=participant, event=event, defaults={"reason": reason.strip(), "sent_at": now}
    )
    return apology


def apology_withdraw(*, participant: Participant, event: Event) -> None:
    """The participant can come after all."""
    Apology.objects.filter(participant=participant, event=event).delete()


#: Marks that say how someone attended; they wait for the event's day. Apologies do not.
ON_THE_DAY = frozenset(AttendanceRecord.Status.values) - {AttendanceRecord.Status.APOLOGIES}


def attendance_opens_on(event: Event) -> date:
    """The day (UK time) from which attendance at ``event`` can be marked: its first day."""
    return uk_day(event.starts_at)


def attendance_open(*, event: Event, now: datetime | None = None) -> bool:
    """Whether attendance at ``event`` can be marked now: from its day on, never before."""
    return uk_today(now=now) >= attendance_opens_on(event)


def attendance_not_yet(event: Event) -> str:
    """What the register says, and a refused mark answers, before the event's day."""
    return (
        f"Attendance can be marked from the day of the event, "
        f"{weekday_date(attendance_opens_on(event))}. Until then, only apologies can be recorded."
    )


def attendance_mark(
    *,
    event: Event,
    participant: Participant,
    status: str,
    by,
    note: str | None = None,
    only_if_unmarked: bool = False,
    now: datetime | None = None,
) -> AttendanceRecord:
    """Mark one participant at one event. Two coordinators marking at once lose nothing: each
    mark is its own row, written under a row lock, and every change is kept in the history.
    With ``only_if_unmarked``, a mark someone made meanwhile is kept as it is.

    Present, late, left early and absent can be marked from the event's day (UK time) on;
    apologies at any time. Keeping the mark someone already has (to change its note) is not
    a new mark, so it is never refused for the date."""
    record, _ = _mark(
        event=event,
        participant=participant,
        status=status,
        by=by,
        note=note,
        only_if_unmarked=only_if_unmarked,
        now=now or timezone.now(),
    )
    return record


def _mark(
    *,
    event: Event,
    participant: Participant,
    status: str,
    by,
    note: str | None,
    only_if_unmarked: bool,
    now: datetime,
) -> tuple[AttendanceRecord, bool]:
    """:func:`attendance_mark`, saying also whether it wrote the mark (False: one made
    meanwhile was kept)."""
    if not rules.is_own_event(participant, event):
        raise EventError("That person is not on this event's cohort.")
    if status not in AttendanceRecord.Status.values:
        raise EventError("Choose present, late, left early, apologies or absent.")
    if note is not None:
        _check_length(AttendanceRecord, note=note.strip())
    early = status in ON_THE_DAY and not attendance_open(event=event, now=now)
    for _ in range(2):  # a second try when another coordinator created the row a moment ago
        try:
            with transaction.atomic():
                record = (
                    AttendanceRecord.objects.select_for_update()
                    .filter(event=event, participant=participant)
                    .first()
                )
                if record is not None and only_if_unmarked:
                    return record, False
                if early and (record is None or record.status != status):
                    raise EventError(attendance_not_yet(event))
                if record is None:
                    record = AttendanceRecord(event=event, participant=participant)
                record.status = status
                if note is not None:
                    record.note = note.strip()
                record.marked_by = by
                record.marked_at = now
                record._history_user = by
                record.save()
                return record, True
        except IntegrityError:
            continue
    raise EventError("The register changed while saving; please try again.")


def attendance_all_present(*, event: Event, by, now: datetime | None = None) -> int:
    """Mark everyone not yet marked as present (or as apologies, where they sent one), so the
    coordinator only records the exceptions. Marks already made are kept. Like every mark of
    attendance, it waits for the event's day (UK time). Returns how many this marked."""
    now = now or timezone.now()
    if not attendance_open(event=event, now=now):
        raise EventError(attendance_not_yet(event))
    made = 0
    marked = set(event.attendance.values_list("participant_id", flat=True))
    apologised = set(event.apologies.values_list("participant_id", flat=True))
    for participant in Participant.objects.filter(
        cohort_id=event.cohort_id, status__in=Participant.ON_PROGRAMME
    ).exclude(pk__in=marked):
        status = (
            AttendanceRecord.Status.APOLOGIES
            if participant.pk in apologised
            else AttendanceRecord.Status.PRESENT
        )
        _, wrote = _mark(
            event=event,
            participant=participant,
            status=status,
            by=by,
            note=None,
            only_if_unmarked=True,
            now=now,
        )
        made += wrote
    return made


def attendance_note(
    *, event: Event, participant: Participant, note: str, by, now: datetime | None = None
) -> AttendanceRecord:
    """Change only the note of a participant's mark. The mark is read under its row lock, so a
    status another coordinator sets at the same moment is kept, not written back over."""
    with transaction.atomic():
        record = (
            AttendanceRecord.objects.select_for_update()
            .filter(event=event, participant=participant)
            .first()
        )
        if record is None:
            raise EventError("Mark them first, then add a note.")
        return attendance_mark(
            event=event, participant=participant, status=record.status, note=note, by=by, now=now
        )
