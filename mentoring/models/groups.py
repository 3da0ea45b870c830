"""Tutorial groups (CSSSL: the small group at the end of each extended day) and action
learning sets (ALICSE): their members, facilitator, meetings and registers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cohorts.models import Cohort, Participant
from events.models import AttendanceRecord


class Group(models.Model):
    """A small group of a cohort's participants who meet with a facilitator."""

    class Kind(models.TextChoices):
        TUTORIAL = "tutorial", "Tutorial group"
        ACTION_LEARNING = "action_learning", "Action learning set"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=120, help_text="e.g. Tutorial group B.")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="facilitated_groups",
        help_text="A mentor, tutor or coordinator: they see this group and keep its register.",
    )
    members = models.ManyToManyField(
        Participant, through="Membership", related_name="learning_groups"
    )
    counts_toward_completion = models.BooleanField(
        default=False, help_text="Its meetings are part of the cohort's completion rule."
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="group_name_once_per_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cohort})"


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "participant__user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "participant"], name="member_once_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.user} in {self.group.name}"


class GroupMeeting(models.Model):
    """A meeting of a group: on its members' timelines and calendars, with a register."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, blank=True, help_text="e.g. Set meeting 2.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    cancelled = models.BooleanField(default=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.title or self.group.name} on {self.starts_at:%Y-%m-%d}"


class MeetingAttendance(models.Model):
    """Whether a member attended a group meeting, as the facilitator marked it at the door:
    the same marks as an event's register."""

    Status = AttendanceRecord.Status
    ATTENDED = AttendanceRecord.ATTENDED

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    status = models.CharField(max_length=12, choices=AttendanceRecord.Status.choices)
    note = models.CharField(max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="one_attendance_record_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.user}: {self.get_status_display()}"

    @property
    def attended(self) -> bool:
        return self.status in self.ATTENDED
