"""A participant's report for a round, frozen once the round is complete for them.

The figures are worked out once, by ``evaluations.anonymity``, when the round is complete for
the participant (it has closed, or everyone invited has answered or declined), and kept here
as they were: from then on no rater is invited and no answer is added, so two versions of a
report can never be set side by side to isolate one rater. The report is released to the
participant then, or after a debrief, as the round says. Withholding a comment afterwards only
takes it out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from evaluations.models.rounds import Round


class Report(models.Model):
    """A participant's frozen report for a round: waiting for a debrief, or released."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reports")
    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="evaluation_reports"
    )
    #: The report as frozen (``evaluations.anonymity.report_figures``).
    figures = models.JSONField(default=dict, blank=True, editable=False)
    frozen_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    debrief_on = models.DateField(null=True, blank=True)
    debrief_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The mentor or coordinator who held the debrief.",
    )

    class Meta:
        ordering = ["round", "participant"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="report_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"Report for {self.participant}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None
