import secrets
import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cohorts.models import Cohort, Participant
from csssl.limits import ADDRESS_LENGTH, LONG_TEXT_LENGTH, REASON_LENGTH
from csssl.uktime import in_uk

#: A face-to-face extended day runs 9.00am to 7.30pm unless set otherwise.
EXTENDED_DAY_STARTS = time(9, 0)
EXTENDED_DAY_ENDS = time(19, 30)


class Venue(models.Model):
    """Where face-to-face events happen, with what people need to know to get there."""

    name = models.CharField(max_length=200, unique=True)
    address = models.TextField(max_length=ADDRESS_LENGTH)
    postcode = models.CharField(max_length=10, blank=True)
    access_notes = models.TextField(
        max_length=REASON_LENGTH,
        blank=True,
        help_text="Step-free access, parking, hearing loops, public transport.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def one_line(self) -> str:
        parts = [self.name, *[line.strip() for line in self.address.splitlines() if line.strip()]]
        if self.postcode:
            parts.append(self.postcode)
        return ", ".join(parts)


class Event(models.Model):
    """Something on a cohort's programme that participants attend: an extended day, an online
    seminar, a residential, a tutorial or group session."""

    class Kind(models.TextChoices):
        EXTENDED_DAY = "extended_day", "Face-to-face extended day"
        EVENT_DAY = "event_day", "Event day"
        ONLINE_SEMINAR = "online_seminar", "Online seminar"
        RESIDENTIAL = "residential", "Residential"
        TUTORIAL = "tutorial", "Tutorial or group session"
        # Submitted work (ALICSE's assessment): "present" on its register means it was handed in.
        ASSESSMENT = "assessment", "Assessment (submitted work)"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, help_text="e.g. Event 1 or Online seminar 3.")
    topic = models.CharField(max_length=200, blank=True)
    lead = models.CharField(max_length=200, blank=True, help_text="Who leads it.")
    description = models.TextField(max_length=LONG_TEXT_LENGTH, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    joining_link = models.URLField(
        blank=True, help_text="For online events; shown only to the cohort's participants."
    )
    counts_toward_completion = models.BooleanField(
        default=True, help_text="Attending it is one of the requirements for the certificate."
    )
    cancelled = models.BooleanField(default=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Goes up when the time or place changes."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.cohort})"

    @property
    def is_online(self) -> bool:
        return self.kind == self.Kind.ONLINE_SEMINAR

    @property
    def local_start(self):
        return in_uk(self.starts_at)

    @property
    def local_end(self):
        return in_uk(self.ends_at)


class AgendaItem(models.Model):
    """A part of an event's day: a keynote, a workshop strand, small-group tutorials."""

    class Kind(models.TextChoices):
        KEYNOTE = "keynote", "Keynote"
        WORKSHOP = "workshop", "Workshop"
        TUTORIAL = "tutorial", "Small-group tutorials"
        PANEL = "panel", "Panel or conversation"
        BREAK = "break", "Break or meal"
        OTHER = "other", "Other"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    speaker = models.CharField(max_length=200, blank=True)
    strand = models.CharField(max_length=120, blank=True, help_text="e.g. Project 2035.")

    class Meta:
        ordering = ["event", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="agenda_item_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Apology(models.Model):
    """A participant's notice that they cannot attend an event, with their reason."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="apologies")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="apologies")
    reason = models.TextField(max_length=REASON_LENGTH)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "apologies"
        ordering = ["event", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "event"], name="one_apology_per_event"),
        ]

    def __str__(self) -> str:
        return f"Apology from {self.participant.user} for {self.event.title}"


class AttendanceRecord(models.Model):
    """Whether a participant attended an event, as the coordinator marked it at the door."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Late"
        LEFT_EARLY = "left_early", "Left early"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    ATTENDED = (Status.PRESENT, Status.LATE, Status.LEFT_EARLY)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    note = models.CharField(max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendance_marked"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "participant"]
        # The admin's list, latest marked first, reads this instead of sorting every record.
        indexes = [models.Index(fields=["marked_at", "id"], name="attendance_marked")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"], name="one_attendance_record_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.user}: {self.get_status_display()} at {self.event.title}"

    @property
    def attended(self) -> bool:
        return self.status in self.ATTENDED


class CalendarFeed(models.Model):
    """A participant's secret calendar address; resetting it makes the old one stop working."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar of {self.participant.user}"


class CoordinatorMessage(models.Model):
    """An email a coordinator wrote to some of a cohort's participants, kept as the record of
    what was sent, to whom (as chosen), by whom and when.

    ``key`` is fixed when the form is shown and is each email's outbox occasion, so the same
    form sent twice (a double click, a resubmission) writes one message and one email per
    person. Written by ``events.messaging.message_send``.
    """

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="coordinator_messages"
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    audience = models.CharField(
        max_length=300, help_text="Who it went to, as the coordinator chose them."
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=LONG_TEXT_LENGTH)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coordinator_messages"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.cohort})"
