"""The e-portfolio: reflective entries and evidence, private to their owner until shared."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cohorts.models import Participant, Quality
from csssl.storage import private_storage
from events.models import Event
from mentoring.models.groups import GroupMeeting
from mentoring.models.placements import Placement, Project
from mentoring.models.sessions import MentoringSession


class PortfolioEntry(models.Model):
    """A reflective entry, linked to qualities and to what it grew from. Private to its owner
    by default; shared with their mentor, or their groups' facilitators, by their choice."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="portfolio_entries"
    )
    title = models.CharField(max_length=200)
    reflection = models.TextField(max_length=20000)
    qualities = models.ManyToManyField(Quality, blank=True, related_name="+")
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        MentoringSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        GroupMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_with_mentor = models.BooleanField(default=False)
    shared_with_facilitators = models.BooleanField(
        "shared with tutors and facilitators", default=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["participant", "-created_at"]
        verbose_name_plural = "portfolio entries"

    def __str__(self) -> str:
        return "Portfolio entry"

    @property
    def is_private(self) -> bool:
        return not (self.shared_with_mentor or self.shared_with_facilitators)


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A random name under the owner's folder: the name people gave a file never reaches the
    file system."""
    return f"portfolio/{instance.entry.participant_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file attached to an entry, checked by its content and size, kept outside the web root
    and served only to whoever may read the entry."""

    entry = models.ForeignKey(PortfolioEntry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=200)
    name = models.CharField(max_length=200, help_text="The file's name as shown (made safe).")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entry", "uploaded_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return "Evidence file"


class QualityMark(models.Model):
    """A tutor's judgement that an entry's evidence meets a quality, with their name and date."""

    entry = models.ForeignKey(PortfolioEntry, on_delete=models.CASCADE, related_name="marks")
    quality = models.ForeignKey(Quality, on_delete=models.CASCADE, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["entry", "quality"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "quality"], name="one_mark_per_quality"),
        ]

    def __str__(self) -> str:
        return f"Meets {self.quality.name}"
