"""Mentoring sessions, what both sides agree to keep of them, what each keeps to themselves,
and whether the pairing works."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring.models.matching import Pairing


class MentoringSession(models.Model):
    """A session between a participant and their mentor: proposed by one side, agreed by the
    other, then held or cancelled."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(
        max_length=300, blank=True, help_text="Where they meet, or how (phone, video call)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True, help_text="When it was recorded held.")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: Calendar entries: a stable UID, and a sequence raised on every change of time or place.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"Session of {self.pairing} on {self.starts_at:%Y-%m-%d}"


class SessionRecord(models.Model):
    """The short record of a held session that both the participant and the mentor see."""

    session = models.OneToOneField(
        MentoringSession, on_delete=models.CASCADE, related_name="record"
    )
    themes = models.TextField(max_length=2000, blank=True)
    actions = models.TextField("agreed actions", max_length=2000, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Record of {self.session}"


class PrivateNote(models.Model):
    """A note about a session that only its author can ever read: in no page, export, admin
    list or data export of anyone else. Deliberately without history and without an admin."""

    session = models.ForeignKey(
        MentoringSession, on_delete=models.CASCADE, related_name="private_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=5000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="one_note_per_author"),
        ]

    def __str__(self) -> str:
        return "Private note"


class FitAnswer(models.Model):
    """Each side's private answer, once, after the first session: is the pairing working?
    A "no" reaches the coordinator; the other side never sees it."""

    class Side(models.TextChoices):
        PARTICIPANT = "participant", "Participant"
        MENTOR = "mentor", "Mentor"

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="fit_answers")
    side = models.CharField(max_length=12, choices=Side.choices)
    works = models.BooleanField()
    comment = models.TextField(
        max_length=1000, blank=True, help_text="For the programme team only."
    )
    answered_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(
        null=True, blank=True, help_text="When a coordinator followed up a 'no'."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pairing", "side"], name="one_fit_answer_per_side"),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} on {self.pairing}: {'yes' if self.works else 'no'}"
