"""Framework versions: the frozen copy of a programme's leadership qualities that a round uses.

The qualities themselves live with the programme (``cohorts.models.qualities``) and coordinators
may reword them at any time. A round never reads them directly: when it is set up it takes the
framework's newest version, or a new one if the qualities have changed since
(``evaluations.services.frameworks.version_for``). Answers, reports and development plans point
at a version's qualities, so a later edit of the framework changes none of them.
"""

from __future__ import annotations

from django.db import models

from cohorts.models import NOT_ABLE_TO_SAY, RATING_SCALE

__all__ = ["NOT_ABLE_TO_SAY", "RATING_SCALE", "FrameworkVersion", "VersionQuality"]


class FrameworkVersion(models.Model):
    """One version of a framework: its name, introduction, rating scale and qualities as they
    stood when the version was made. Never edited once made."""

    framework = models.ForeignKey(
        "cohorts.QualityFramework", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    #: ``[[score, label, meaning], ...]`` from the lowest point.
    scale = models.JSONField()
    #: A digest of what the version holds, to tell whether the framework has changed since.
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="framework_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, version {self.number}"

    @property
    def points(self) -> list[tuple[int, str, str]]:
        return [(int(score), str(label), str(meaning)) for score, label, meaning in self.scale]

    @property
    def top(self) -> int:
        return max(score for score, _, _ in self.points)


class VersionQuality(models.Model):
    """A quality as it stood in one version, with a descriptor for every point of the scale."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="qualities"
    )
    #: The programme's quality this was copied from, while it exists (for comparing versions).
    source = models.ForeignKey(
        "cohorts.Quality", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    theme = models.CharField(max_length=120)
    name = models.CharField(max_length=200)
    description = models.TextField()
    #: What each point of the scale looks like for this quality, from the lowest point.
    descriptors = models.JSONField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name_plural = "version qualities"

    def __str__(self) -> str:
        return self.name

    def scale_with_descriptors(self) -> list[tuple[int, str, str]]:
        """Each point of the version's scale: (score, label, this quality's descriptor)."""
        return [
            (score, label, self.descriptors[index] if index < len(self.descriptors) else meaning)
            for index, (score, label, meaning) in enumerate(self.version.points)
        ]
