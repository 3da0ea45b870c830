from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from csssl.models import OutboxMessage
from events import services
from events.calendar import calendar_for
from events.models import AttendanceRecord, Event
from events.reminders import event_reminders
from tests.factories import ParticipantFactory, coordinator

from .factories import EventFactory, VenueFactory

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def participant(event):
    return ParticipantFactory(cohort=event.cohort)


def test_apology_for_own_future_event(event, participant):
    apology = services.apology_send(participant=participant, event=event, reason="Ofsted visit")
    assert apology.reason == "Ofsted visit"
    again = services.apology_send(participant=participant, event=event, reason="Inspection")
    assert again.pk == apology.pk
    assert again.reason == "Inspection"


def test_apology_refused_for_other_cohort_past_event_or_no_reason(event, participant):
    with pytest.raises(services.EventError):
        services.apology_send(participant=ParticipantFactory(), event=event, reason="x")
    with pytest.raises(services.EventError):
        services.apology_send(participant=participant, event=event, reason="  ")
    later = event.starts_at + timedelta(minutes=1)
    with pytest.raises(services.EventError, match="has started"):
        services.apology_send(participant=participant, event=event, reason="x", now=later)


def test_attendance_marked_then_changed_keeps_history(event, participant):
    first, second = coordinator(), coordinator()
    day = event.starts_at
    services.attendance_mark(
        event=event, participant=participant, status=Status.PRESENT, by=first, now=day
    )
    record = services.attendance_mark(
        event=event,
        participant=participant,
        status=Status.LATE,
        by=second,
        note="Train delay",
        now=day,
    )
    assert (record.status, record.note, record.marked_by) == (Status.LATE, "Train delay", second)
    assert list(record.history.values_list("status", "history_user")) == [
        (Status.LATE, second.pk),
        (Status.PRESENT, first.pk),
    ]


def test_attendance_for_someone_outside_the_cohort_refused(event):
    with pytest.raises(services.EventError):
        services.attendance_mark(
            event=event, participant=ParticipantFactory(), status=Status.PRESENT, by=coordinator()
        )


def test_all_present_keeps_exceptions_and_apologies(event):
    coord = coordinator()
    late, apologetic, plain = (ParticipantFactory(cohort=event.cohort) for _ in range(3))
    day = event.starts_at
    services.attendance_mark(event=event, participant=late, status=Status.LATE, by=coord, now=day)
    services.apology_send(participant=apologetic, event=event, reason="Court hearing")
    assert services.attendance_all_present(event=event, by=coord, now=day) == 2
    assert services.attendance_all_present(event=event, by=coord, now=day) == 0
    marks = dict(event.attendance.values_list("participant_id", "status"))
    assert marks == {
        late.pk: Status.LATE,
        apologetic.pk: Status.APOLOGIES,
        plain.pk: Status.PRESENT,
    }


def test_calendar_entry_parses_with_stable_uid_and_sequence(event):
    ics = Calendar.from_ical(calendar_for([event], name="Test", with_links=True))
    (entry,) = ics.walk("VEVENT")
    assert str(entry["uid"]).startswith(str(event.uid))
    assert entry["sequence"] == 0
    assert entry.decoded("dtstart") == event.starts_at
    assert "East Midlands Conference Centre" in str(entry["location"])


def test_calendar_link_only_for_participants():
    seminar = EventFactory(seminar=True)
    with_link = Calendar.from_ical(calendar_for([seminar], name="x", with_links=True))
    without = Calendar.from_ical(calendar_for([seminar], name="x", with_links=False))
    assert "meet.example.org" in str(with_link.walk("VEVENT")[0]["description"])
    assert "meet.example.org" not in without.to_ical().decode()


def test_event_moved_bumps_sequence_and_tells_participants(
    event, participant, django_capture_on_commit_callbacks
):
    before = services.calendar_snapshot(event)
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.event_changed(event=event, before=before)
    event.refresh_from_db()
    assert event.sequence == 1
    (email,) = mail.outbox
    assert email.to == [participant.user.email]
    assert email.attachments[0][0].endswith(".ics")
    entry = Calendar.from_ical(email.attachments[0][1]).walk("VEVENT")[0]
    assert entry["sequence"] == 1


def test_event_saved_without_moving_changes_nothing(event, participant):
    before = services.calendar_snapshot(event)
    event.description = "Bring your development plan."
    event.save()
    assert not services.event_changed(event=event, before=before)
    assert OutboxMessage.objects.count() == 0


def test_event_venue_change_is_a_move(event, participant):
    before = services.calendar_snapshot(event)
    event.venue = VenueFactory(name="Leicester Tigers Stadium")
    event.save()
    assert services.event_changed(event=event, before=before)


def test_event_reminders_7_and_1_day_once_each(event, participant):
    now = event.starts_at - timedelta(days=7)
    assert event_reminders(now=now - timedelta(hours=1)) == 0
    assert event_reminders(now=now) == 1
    assert event_reminders(now=now + timedelta(days=2)) == 0
    assert event_reminders(now=event.starts_at - timedelta(hours=20)) == 1
    assert event_reminders(now=event.starts_at - timedelta(hours=2)) == 0
    assert sorted(OutboxMessage.objects.values_list("occasion", flat=True)) == ["1-day", "7-days"]


def test_event_reminders_skip_cancelled_events(event, participant):
    Event.objects.filter(pk=event.pk).update(cancelled=True)
    assert event_reminders(now=event.starts_at - timedelta(days=1)) == 0
    assert timezone.now() < event.starts_at


def test_attendance_only_if_unmarked_keeps_a_mark_made_meanwhile(event, participant):
    first, second = coordinator(), coordinator()
    day = event.starts_at
    services.attendance_mark(
        event=event, participant=participant, status=Status.LATE, by=first, now=day
    )
    kept = services.attendance_mark(
        event=event,
        participant=participant,
        status=Status.PRESENT,
        by=second,
        only_if_unmarked=True,
        now=day,
    )
    assert (kept.status, kept.marked_by) == (Status.LATE, first)
    assert kept.history.count() == 1


def test_attendance_note_keeps_status_and_needs_a_mark(event, participant):
    coord = coordinator()
    with pytest.raises(services.EventError):
        services.attendance_note(event=event, participant=participant, note="x", by=coord)
    services.attendance_mark(
        event=event, participant=participant, status=Status.LATE, by=coord, now=event.starts_at
    )
    record = services.attendance_note(
        event=event, participant=participant, note="Arrived 10.15", by=coord
    )
    assert (record.status, record.note) == (Status.LATE, "Arrived 10.15")
