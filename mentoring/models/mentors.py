"""Mentors, the pool of each cohort, and a cohort's mentoring settings."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cohorts.models import Cohort, LocalAuthority, Organisation, Quality


class Mentor(models.Model):
    """The profile of an account in the Mentors group: who they are at work, what they can help
    with, and when they are free. Mentors, tutors and facilitators all have one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_profile"
    )
    role = models.CharField("job title", max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentors",
        help_text="Where they work; a participant from here is never paired with them.",
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentors",
        help_text="The area they work in; a participant from here is never paired with them.",
    )
    expertise = models.ManyToManyField(
        Quality,
        blank=True,
        related_name="mentors",
        verbose_name="areas of expertise",
        help_text="The leadership qualities they can best help a participant develop.",
    )
    about = models.TextField(
        max_length=2000, blank=True, help_text="A few lines for their mentees' introduction."
    )
    availability = models.TextField(
        "availability notes",
        max_length=1000,
        blank=True,
        help_text="e.g. Tuesday and Thursday afternoons; online or in Nottingham.",
    )
    is_active = models.BooleanField(default=True, help_text="Offered for new pairings.")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.email


class PoolPlace(models.Model):
    """A mentor in a cohort's pool, with how many of its participants they will mentor."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="mentor_pool")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="pool_places")
    capacity = models.PositiveSmallIntegerField(
        default=2, help_text="The most mentees they take in this cohort."
    )
    added_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "mentor__user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "mentor"], name="mentor_once_per_pool"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} in {self.cohort} ({self.capacity})"


class CohortMentoring(models.Model):
    """How mentoring and group meetings count in a cohort's completion rule."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="mentoring")
    sessions_required = models.PositiveSmallIntegerField(
        "mentoring sessions required",
        default=0,
        help_text="Sessions a participant must have held with their mentor; 0 leaves mentoring "
        "out of the completion rule.",
    )
    meetings_allowed_missed = models.PositiveSmallIntegerField(
        "group meetings that may be missed",
        default=0,
        help_text="For groups whose meetings count toward completion.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cohort mentoring settings"
        verbose_name_plural = "cohort mentoring settings"

    def __str__(self) -> str:
        return f"Mentoring in {self.cohort}"


class MentorCalendarFeed(models.Model):
    """A mentor's secret calendar address (sessions and group meetings); resetting it makes the
    old one stop working."""

    mentor = models.OneToOneField(Mentor, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar of {self.mentor}"
