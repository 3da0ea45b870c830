"""The leadership qualities a programme is built on, grouped in one published framework.

The self evaluation, rater forms, reports and development plans all rate people against these
qualities, so they live with the programme they belong to rather than with any one of those.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from cohorts.models.programmes import Programme

#: The rating scale of every framework: (score, label, what it means). Four points, with no
#: middle to sit on; "not able to say" is given apart from the scale. The evaluations app
#: copies it into each framework version it makes, so changing it never alters past answers.
RATING_SCALE: tuple[tuple[int, str, str], ...] = (
    (1, "Emerging", "Shown now and then, or with support."),
    (2, "Developing", "Shown in familiar situations, though not yet consistently."),
    (3, "Established", "Shown consistently, including under pressure."),
    (4, "Leading others", "Shown consistently, and others are helped to develop it."),
)
#: How "not able to say" reads on every form and report.
NOT_ABLE_TO_SAY = "Not able to say"


class QualityFramework(models.Model):
    """The leadership qualities a programme evaluates participants against."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="frameworks")
    name = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, help_text="Blank lines start paragraphs.")
    is_sample = models.BooleanField(
        default=False,
        help_text="Sample wording for coordinators to replace; marked as a sample wherever shown.",
    )
    is_current = models.BooleanField(
        default=True, help_text="The framework published for the programme (one per programme)."
    )

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(is_current=True),
                name="one_current_framework_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:qualities_pdf", kwargs={"slug": self.programme.slug})


class Quality(models.Model):
    """One leadership quality, grouped under a theme, with what it looks like in practice."""

    framework = models.ForeignKey(
        QualityFramework, on_delete=models.CASCADE, related_name="qualities"
    )
    theme = models.CharField(max_length=120)
    name = models.CharField(max_length=200)
    description = models.TextField()
    indicators = models.TextField(
        blank=True, help_text="What it looks like in practice, one indicator per line."
    )
    descriptors = models.TextField(
        blank=True,
        help_text=(
            "What each point of the rating scale looks like for this quality, one per line from "
            "the lowest (Emerging, Developing, Established, Leading others). Left blank, the "
            "scale's general wording is used."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "pk"]
        verbose_name_plural = "qualities"
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="quality_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        lines = self.descriptor_list
        if lines and len(lines) != len(RATING_SCALE):
            raise ValidationError(
                {
                    "descriptors": f"Give one line for each of the {len(RATING_SCALE)} points "
                    f"of the scale (you gave {len(lines)}), or leave it blank."
                }
            )

    @property
    def descriptor_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.descriptors.splitlines() if line.strip()]

    @property
    def indicator_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.indicators.splitlines() if line.strip()]
