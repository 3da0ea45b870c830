"""Read queries for the participant's own event pages: the events of their year, one event of
their cohort, and their calendar feed. Each is a fixed number of queries whatever the data."""

from __future__ import annotations

from django.db.models import FilteredRelation, Q
from django.shortcuts import get_object_or_404

from cohorts.models import Participant
from events.models import Apology, AttendanceRecord, CalendarFeed, Event


def own_year_events(
    participant: Participant,
) -> list[tuple[Event, AttendanceRecord | None, Apology | None]]:
    """The events of the participant's cohort in date order, with their venue, each with the
    participant's own mark and apology (None for none) joined onto it: one query. (A
    participant has at most one mark and one apology for an event.) Each event's cohort is the
    participant's, already loaded with its programme, so it is not read again."""
    cohort = participant.cohort
    events = (
        Event.objects.filter(cohort=cohort)
        .select_related("venue")
        .annotate(
            own_mark=FilteredRelation(
                "attendance", condition=Q(attendance__participant=participant)
            ),
            own_apology=FilteredRelation(
                "apologies", condition=Q(apologies__participant=participant)
            ),
        )
        .select_related("own_mark", "own_apology")
        .order_by("starts_at", "pk")
    )
    year = []
    for event in events:
        event.cohort = cohort
        year.append((event, getattr(event, "own_mark", None), getattr(event, "own_apology", None)))
    return year


def own_event(*, participant: Participant, event_id: int) -> Event:
    """An event of the participant's own cohort; any other is a 404."""
    return get_object_or_404(
        Event.objects.select_related("venue", "cohort__programme"),
        pk=event_id,
        cohort_id=participant.cohort_id,
    )


def calendar_feed_for(participant: Participant) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(participant=participant)
    return feed


def feed_by_token(token: str) -> CalendarFeed:
    """The calendar feed with this secret address, with its participant's cohort and
    programme; an unknown one is a 404."""
    return get_object_or_404(
        CalendarFeed.objects.select_related("participant__cohort__programme"), token=token
    )
