"""The evaluations app's part of the coordinators' workspace (``cohorts.workspace``): each
cohort's evaluation rounds with their dates, how many self evaluations are submitted and
reports released, and a link to each round's progress. Registered from
``EvaluationsConfig.ready``."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from cohorts import workspace

from .selectors.workspace import workspace_rounds


@workspace.register("evaluations.rounds")
def cohort_rounds(
    *, places: list[workspace.CohortPlace], now: datetime
) -> dict[int, list[workspace.Card]]:
    """For every cohort at once, in one query."""
    rounds = workspace_rounds(cohort_ids=[place.cohort.pk for place in places])
    return {
        place.cohort.pk: [
            workspace.Card(
                "evaluations/_workspace_rounds.html",
                {
                    "rounds": rounds[place.cohort.pk],
                    "add_url": reverse("admin:evaluations_round_add")
                    + f"?cohort={place.cohort.pk}",
                },
                order=20,
            )
        ]
        for place in places
    }
