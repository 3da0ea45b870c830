"""A cohort and its events, for the coordinators' pages about it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from cohorts.models import Cohort
from events.models import Event


def coordinator_cohort(*, cohort_id: int) -> Cohort:
    """Any cohort, for a coordinator, with its programme and completion rule; one that does
    not exist is a 404."""
    return get_object_or_404(
        Cohort.objects.select_related("programme", "completion_rule"), pk=cohort_id
    )


def cohort_events(*, cohort: Cohort) -> list[Event]:
    """The cohort's events in date order, cancelled ones included."""
    return list(Event.objects.filter(cohort=cohort).order_by("starts_at", "pk"))
