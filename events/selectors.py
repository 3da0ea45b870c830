"""Read queries for the participant's own pages: their timeline, what is next, what they owe,
and how their engagement stands. Each is a fixed number of queries whatever the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cohorts.models import Cohort, Participant

from .models import Apology, AttendanceRecord, CalendarFeed, Event

ACTIVE_COHORTS = (Cohort.Status.RUNNING, Cohort.Status.ALLOCATING, Cohort.Status.OPEN)


@dataclass
class TimelineItem:
    when: datetime | date
    title: str
    kind: str  # an Event.Kind, or "evaluation" / "deadline" / "end"
    detail: str = ""
    event: Event | None = None
    apology: Apology | None = None
    attendance: AttendanceRecord | None = None
    is_past: bool = False

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.when, datetime):
            return self.when
        # The end of the programme comes after that day's events; anything else starts it.
        at = datetime.max.time() if self.kind == "end" else datetime.min.time()
        return timezone.make_aware(datetime.combine(self.when, at))


def participation_for(*, user) -> Participant | None:
    """The person's current place: an active participation on a running (or about to run)
    cohort, else their most recent one."""
    participations = list(
        Participant.objects.filter(user=user)
        .exclude(status=Participant.Status.WITHDRAWN)
        .select_related("cohort__programme", "organisation")
        .order_by("-cohort__starts_on")
    )
    for participation in participations:
        if participation.cohort.status in ACTIVE_COHORTS:
            return participation
    return participations[0] if participations else None


def cohort_events(cohort: Cohort) -> QuerySet[Event]:
    return (
        Event.objects.filter(cohort=cohort)
        .select_related("venue", "cohort__programme")
        .prefetch_related("agenda")
        .order_by("starts_at", "pk")
    )


def timeline_for(*, participant: Participant, now: datetime | None = None) -> list[TimelineItem]:
    """Everything on the participant's year in date order: the evaluation window, every event
    with their apology or attendance, and the end of the programme."""
    now = now or timezone.now()
    cohort = participant.cohort
    apologies = {a.event_id: a for a in Apology.objects.filter(participant=participant)}
    marks = {m.event_id: m for m in AttendanceRecord.objects.filter(participant=participant)}
    items: list[TimelineItem] = []
    if cohort.evaluation_opens and cohort.evaluation_closes:
        items.append(
            TimelineItem(
                when=cohort.evaluation_opens,
                title="Pre-programme evaluation",
                kind="evaluation",
                detail=(
                    "Your self evaluation against the leadership qualities, and feedback "
                    f"from colleagues, by {cohort.evaluation_closes:%-d %B %Y}."
                ),
                is_past=cohort.evaluation_closes < timezone.localdate(now),
            )
        )
    for event in cohort_events(cohort):
        items.append(
            TimelineItem(
                when=event.starts_at,
                title=event.title,
                kind=event.kind,
                detail=event.topic,
                event=event,
                apology=apologies.get(event.pk),
                attendance=marks.get(event.pk),
                is_past=event.ends_at <= now,
            )
        )
    items.append(
        TimelineItem(
            when=cohort.ends_on,
            title="Programme ends",
            kind="end",
            detail=f"Those who engage fully receive: {cohort.programme.accreditation}.",
            is_past=cohort.ends_on < timezone.localdate(now),
        )
    )
    return sorted(items, key=lambda item: item.sort_key)


def next_item(items: list[TimelineItem]) -> TimelineItem | None:
    return next((item for item in items if not item.is_past and not item.apology), None)


def owed(items: list[TimelineItem], *, now: datetime | None = None) -> list[str]:
    """What the participant still owes, in plain words."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    things = []
    for item in items:
        if item.kind == "evaluation" and not item.is_past:
            things.append(item.detail)
    upcoming_required = [
        item
        for item in items
        if item.event
        and not item.is_past
        and item.event.counts_toward_completion
        and not item.event.cancelled
    ]
    soon = [item for item in upcoming_required if (item.event.starts_at.date() - today).days <= 14]
    for item in soon:
        if item.apology:
            continue
        things.append(
            f"Attend {item.title} on {timezone.localtime(item.event.starts_at):%A %-d %B}, "
            "or send your apologies."
        )
    return things


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
    return get_object_or_404(
        CalendarFeed.objects.select_related("participant__cohort__programme").prefetch_related(
            Prefetch("participant__cohort__events", queryset=Event.objects.select_related("venue"))
        ),
        token=token,
    )
