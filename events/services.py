"""Changes to events, apologies and registers of attendance, with the rules they keep."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import Participant
from csssl.limits import length_problems

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
        from .reminders import event_update_emails

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
    if event.cohort_id != participant.cohort_id:
        raise EventError("That event is not part of your programme.")
    if event.starts_at <= now:
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


def attendance_mark(
    *,
    event: Event,
    participant: Participant,
    status: str,
    by,
    note: str | None = None,
    only_if_unmarked: bool = False,
) -> AttendanceRecord:
    """Mark one participant at one event. Two coordinators marking at once lose nothing: each
    mark is its own row, written under a row lock, and every change is kept in the history.
    With ``only_if_unmarked``, a mark someone made meanwhile is kept as it is."""
    if participant.cohort_id != event.cohort_id:
        raise EventError("That person is not on this event's cohort.")
    if status not in AttendanceRecord.Status.values:
        raise EventError("Choose present, late, left early, apologies or absent.")
    if note is not None:
        _check_length(AttendanceRecord, note=note.strip())
    for _ in range(2):  # a second try when another coordinator created the row a moment ago
        try:
            with transaction.atomic():
                record = (
                    AttendanceRecord.objects.select_for_update()
                    .filter(event=event, participant=participant)
                    .first()
                )
                if record is not None and only_if_unmarked:
                    return record
                if record is None:
                    record = AttendanceRecord(event=event, participant=participant)
                record.status = status
                if note is not None:
                    record.note = note.strip()
                record.marked_by = by
                record.marked_at = timezone.now()
                record._history_user = by
                record.save()
                return record
        except IntegrityError:
            continue
    raise EventError("The register changed while saving; please try again.")


def attendance_all_present(*, event: Event, by) -> int:
    """Mark everyone not yet marked as present (or as apologies, where they sent one), so the
    coordinator only records the exceptions. Marks already made are kept."""
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
        attendance_mark(
            event=event, participant=participant, status=status, by=by, only_if_unmarked=True
        )
    return event.attendance.count() - len(marked)


def attendance_note(*, event: Event, participant: Participant, note: str, by) -> AttendanceRecord:
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
            event=event, participant=participant, status=record.status, note=note, by=by
        )
