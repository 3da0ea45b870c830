"""ALICSE's placements, shadowing and attachments, and work-based projects."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cohorts.models import Participant, Quality


class Placement(models.Model):
    """Time a participant spends with another organisation: objectives agreed with their
    mentor or tutor, approved by a coordinator (who tells the host), a reflection after."""

    class Kind(models.TextChoices):
        PLACEMENT = "placement", "Placement"
        SHADOWING = "shadowing", "Shadowing"
        ATTACHMENT = "attachment", "Attachment"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting approval"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Not approved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="placements"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PLACEMENT)
    host_organisation = models.CharField(max_length=200)
    host_contact_name = models.CharField(max_length=200)
    host_contact_email = models.EmailField(max_length=254)
    starts_on = models.DateField()
    ends_on = models.DateField()
    objectives = models.TextField(max_length=3000)
    objectives_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objectives_agreed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    reflection = models.TextField(max_length=5000, blank=True)
    reflected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["participant", "starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.host_organisation}"


class Project(models.Model):
    """A work-based project: a problem in the participant's own work, what solving it should
    change for children, young people and families, milestones and the final hand-in."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=200)
    problem = models.TextField(max_length=3000)
    expected_impact = models.TextField(
        "expected impact on outcomes for children, young people and families", max_length=3000
    )
    qualities = models.ManyToManyField(Quality, blank=True, related_name="+")
    hand_in_due_on = models.DateField(null=True, blank=True)
    final_report = models.TextField(max_length=20000, blank=True)
    handed_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["participant", "created_at"]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title
