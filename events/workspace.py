"""The events app's part of the coordinators' workspace (``cohorts.workspace``): links to each
cohort's engagement and emails, and its events with their apologies and registers. Registered
from ``EventsConfig.ready``."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from cohorts import workspace

from .selectors.workspace import workspace_events


@workspace.register("events.events")
def cohort_events(
    *, places: list[workspace.CohortPlace], now: datetime
) -> dict[int, list[workspace.Link | workspace.Card]]:
    """For every cohort at once, in one query."""
    events = workspace_events(
        participants={place.cohort.pk: place.participants for place in places}, now=now
    )
    return {
        place.cohort.pk: [
            workspace.Link(
                "Engagement", reverse("coordinator:engagement", args=[place.cohort.pk]), order=10
            ),
            workspace.Link(
                "Email participants", reverse("coordinator:email", args=[place.cohort.pk]), order=20
            ),
            workspace.Card(
                "events/_workspace_events.html", {"events": events[place.cohort.pk]}, order=10
            ),
        ]
        for place in places
    }
