"""The development plan: the priorities a participant takes from their report into the year,
with the actions, support and review dates for each, kept with their history."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from evaluations.models.frameworks import VersionQuality


class DevelopmentPlan(models.Model):
    """A participant's plan for their programme year. Shared with their mentor only by their
    own choice."""

    participant = models.OneToOneField(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="development_plan"
    )
    shared_with_mentor = models.BooleanField(
        default=False, help_text="The participant's mentor may read the plan."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Development plan of {self.participant}"


class Priority(models.Model):
    """One priority of a plan, usually tied to a quality of the participant's report."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Working on it"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "No longer a priority"

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="priorities")
    quality = models.ForeignKey(
        VersionQuality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField("priority", max_length=200)
    actions = models.TextField("actions", max_length=2000, blank=True)
    support = models.TextField("support needed", max_length=1000, blank=True)
    review_on = models.DateField("review date", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title
