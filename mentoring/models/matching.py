"""Matching participants with mentors: what a participant asks for, the proposals a
coordinator reviews, the pairings they confirm, and requests to change one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cohorts.models import Cohort, Participant, Quality
from mentoring.models.mentors import Mentor


class MentoringPreference(models.Model):
    """What a participant asks of their mentor, read by the matching as soft weights, except
    the people they name to avoid, which it never pairs them with."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="mentoring_preference"
    )
    qualities = models.ManyToManyField(
        Quality,
        blank=True,
        related_name="+",
        verbose_name="qualities to work on",
        help_text="What they would most like a mentor's help with.",
    )
    wishes = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Anything else: a sector, experience, meeting online or in person.",
    )
    avoid = models.ManyToManyField(
        Mentor,
        blank=True,
        related_name="+",
        verbose_name="not to be paired with",
        help_text="Their line manager, or anyone they work closely with.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Mentoring wishes of {self.participant.user}"


class Proposal(models.Model):
    """A proposed pairing of a whole cohort, worked out at once for the coordinator to review.
    It decides nothing: pairs become pairings only when the coordinator confirms them."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being reviewed"
        CONFIRMED = "confirmed", "Confirmed"
        DISCARDED = "discarded", "Discarded"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="mentor_proposals")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Mentor proposal for {self.cohort} ({self.get_status_display().lower()})"


class ProposedPair(models.Model):
    """One participant's line of a proposal: the mentor proposed (or none, with why), the fit
    in words, and the coordinator's change, if they made one."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="pairs")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(null=True, blank=True, help_text="Higher is a closer fit.")
    reasons = models.TextField(blank=True, help_text="Why this mentor, or why nobody.")
    changed_by_coordinator = models.BooleanField(default=False)

    class Meta:
        ordering = ["proposal", "participant__user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "participant"], name="participant_once_per_proposal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.user} – {self.mentor or 'no mentor'}"


class Pairing(models.Model):
    """A participant and their mentor, as the coordinator confirmed them."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairings")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="pairings")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(
        max_length=300, blank=True, help_text="For the programme team; never shown to either."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["participant__cohort", "participant__user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status="active"),
                name="one_active_pairing_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.user} with {self.mentor}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class ChangeRequest(models.Model):
    """A participant asking for another mentor. The reason is for the coordinator alone: never
    shown to the mentor."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="change_requests")
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_change_request_per_pairing",
            ),
        ]

    def __str__(self) -> str:
        return f"Change asked for {self.pairing}"
