"""A cohort's evaluation round: when it is open, whom participants may invite, how many of
each, and the thresholds under which answers are never shown."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from evaluations.models.frameworks import FrameworkVersion

#: No group of raters is ever shown with fewer answers than this, whatever a round says.
LOWEST_THRESHOLD = 3


class Relationship(models.TextChoices):
    """How a rater knows the participant. The line manager's answers are shown as theirs, by
    design; every other group's only pooled, under the round's thresholds."""

    LINE_MANAGER = "manager", "Line manager"
    PEER = "peer", "Peer"
    DIRECT_REPORT = "report", "Direct report"
    OTHER = "other", "Other stakeholder"


#: The groups in the order every page and report shows them.
RELATIONSHIPS = tuple(Relationship)


class Round(models.Model):
    """One evaluation round of a cohort: the pre-programme round, and optionally one at the end
    of the programme on the same framework version, so the two can be compared."""

    class Kind(models.TextChoices):
        PRE = "pre", "Pre-programme"
        POST = "post", "End of programme"

    class Release(models.TextChoices):
        ON_COMPLETION = "completion", "When the round is complete"
        AFTER_DEBRIEF = "debrief", "After a debrief with a mentor or coordinator"

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.PRE)
    version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="rounds",
        help_text="The version of the programme's qualities the round rates against.",
    )
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="The last day answers are taken (UK time).")

    line_manager = models.BooleanField(
        "invite the line manager", default=True, help_text="One line manager, shown as theirs."
    )
    peers_min = models.PositiveSmallIntegerField("fewest peers", default=3)
    peers_max = models.PositiveSmallIntegerField("most peers", default=6)
    reports_min = models.PositiveSmallIntegerField("fewest direct reports", default=0)
    reports_max = models.PositiveSmallIntegerField("most direct reports", default=6)
    others_min = models.PositiveSmallIntegerField("fewest other stakeholders", default=0)
    others_max = models.PositiveSmallIntegerField("most other stakeholders", default=4)

    score_threshold = models.PositiveSmallIntegerField(
        "answers needed to show a group's scores",
        default=LOWEST_THRESHOLD,
        validators=[MinValueValidator(LOWEST_THRESHOLD), MaxValueValidator(20)],
        help_text=f"Never below {LOWEST_THRESHOLD}. The line manager is shown on their own.",
    )
    comment_threshold = models.PositiveSmallIntegerField(
        "answers needed to show a group's comments",
        default=4,
        validators=[MinValueValidator(LOWEST_THRESHOLD), MaxValueValidator(20)],
        help_text="At least the scores' threshold.",
    )
    release = models.CharField(
        "reports are released",
        max_length=10,
        choices=Release.choices,
        default=Release.ON_COMPLETION,
    )
    counts_toward_completion = models.BooleanField(
        "the self evaluation counts toward completion",
        default=False,
        help_text="A submitted self evaluation becomes part of the cohort's completion rule.",
    )
    #: When the raters' names and addresses were removed, once the round no longer needed them.
    identities_removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "opens_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "kind"], name="round_kind_once_per_cohort"),
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("closes_on")), name="round_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(score_threshold__gte=LOWEST_THRESHOLD)
                & Q(comment_threshold__gte=F("score_threshold")),
                name="round_thresholds_safe",
            ),
            models.CheckConstraint(
                condition=Q(peers_min__lte=F("peers_max"))
                & Q(reports_min__lte=F("reports_max"))
                & Q(others_min__lte=F("others_max")),
                name="round_limits_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} – {self.get_kind_display().lower()} evaluation"

    @property
    def title(self) -> str:
        return f"{self.get_kind_display()} evaluation"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = "The round must close on or after the day it opens."
        if self.score_threshold is not None and self.score_threshold < LOWEST_THRESHOLD:
            errors["score_threshold"] = f"At least {LOWEST_THRESHOLD}, so no one can be picked out."
        if (
            self.comment_threshold is not None
            and self.score_threshold is not None
            and self.comment_threshold < self.score_threshold
        ):
            errors["comment_threshold"] = "At least as many as the scores need."
        for relationship in ("peers", "reports", "others"):
            low, high = getattr(self, f"{relationship}_min"), getattr(self, f"{relationship}_max")
            if low is not None and high is not None and low > high:
                errors[f"{relationship}_min"] = "No more than the most allowed."
        if errors:
            raise ValidationError(errors)

    def limits(self) -> dict[str, tuple[int, int]]:
        """The fewest and most raters the participant may invite, per relationship invited."""
        limits = {
            Relationship.LINE_MANAGER: (0, 1 if self.line_manager else 0),
            Relationship.PEER: (self.peers_min, self.peers_max),
            Relationship.DIRECT_REPORT: (self.reports_min, self.reports_max),
            Relationship.OTHER: (self.others_min, self.others_max),
        }
        return {str(key): value for key, value in limits.items() if value[1] > 0}

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on

    def has_closed(self, today: date) -> bool:
        return today > self.closes_on
