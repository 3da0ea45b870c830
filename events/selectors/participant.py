"""Read queries for the participant's own event pages: the events of their year, one event of
their cohort, and their calendar feed. Each is a fixed number of queries whatever the data."""

from __future__ import annotations

from django.db.models import FilteredRelation, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from cohorts.models import Cohort, Participant
from events.models import AgendaItem, Apology, AttendanceRecord, CalendarFeed, Event


def year_events(cohort: Cohort) -> QuerySet[Event]:
    """The cohort's events in date order, with their venue, programme and agenda: two
    queries."""
    return (
        Event.objects.filter(cohort=cohort)
        .select_related("venue", "cohort__programme")
        # Each event's agenda in its own order: the model's ordering would join the events again.
        .prefetch_related(Prefetch("agenda", AgendaItem.objects.order_by("starts_at", "pk")))
        .order_by("starts_at", "pk")
    )


def own_year_events(
    participant: Participant,
) -> list[tuple[Event, AttendanceRecord | None, Apology | None]]:
    """The events of the participant's cohort as ``year_events``, each with the participant's
    own mark and apology (None for none), joined onto the events: two queries, the events and
    their agendas. (A participant has at most one mark and one apology for an event.)"""
    events = year_events(participant.cohort).annotate(
        own_mark=FilteredRelation("attendance", condition=Q(attendance__participant=participant)),
        own_apology=FilteredRelation("apologies", condition=Q(apologies__participant=participant)),
    )
    return [
        (event, getattr(event, "own_mark", None), getattr(event, "own_apology", None))
        for event in events.select_related("own_mark", "own_apology")
    ]


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
