"""Read queries for the events app's part of the coordinators' workspace: each cohort's events
still to come and those of the last four weeks, with their apologies and how far their
registers are taken. One query for every cohort at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cohorts.models import Participant
from events.models import Apology, AttendanceRecord, Event

#: How far back the workspace shows events, so a register left unfinished is easy to find.
RECENT_DAYS = 28


def _count(queryset: QuerySet, *, per: str) -> Coalesce:
    """How many rows of ``queryset`` (already filtered on ``OuterRef``) there are per ``per``,
    as a subquery, so several counts on one list multiply no joins."""
    counted = queryset.order_by().values(per).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass
class EventSummary:
    event: Event
    apologies: int
    marked: int  # marks of the cohort's active participants
    participants: int  # the cohort's active participants

    @property
    def register_state(self) -> str:
        if not self.marked:
            return "Register not taken"
        if self.marked >= self.participants:
            return f"Register taken: all {self.participants} marked"
        return f"Register started: {self.marked} of {self.participants} marked"

    @property
    def register_complete(self) -> bool:
        return bool(self.participants) and self.marked >= self.participants


@dataclass
class CohortEvents:
    """A cohort's events on the workspace: still to come (soonest first) and those of the last
    four weeks (latest first)."""

    upcoming: list[EventSummary] = field(default_factory=list)
    recent: list[EventSummary] = field(default_factory=list)


def workspace_events(*, participants: dict[int, int], now: datetime) -> dict[int, CohortEvents]:
    """For each cohort (``participants``: cohort id -> how many are on its programme), its
    events still to come and those of the last four weeks, with their apologies and marks.
    One query for every cohort."""
    by_cohort = {cohort_id: CohortEvents() for cohort_id in participants}
    if not by_cohort:
        return by_cohort
    events = (
        Event.objects.filter(
            cohort_id__in=list(by_cohort), starts_at__gte=now - timedelta(days=RECENT_DAYS)
        )
        .select_related("venue")
        .annotate(
            apology_count=_count(Apology.objects.filter(event=OuterRef("pk")), per="event"),
            marked_count=_count(
                AttendanceRecord.objects.filter(
                    event=OuterRef("pk"), participant__status__in=Participant.ON_PROGRAMME
                ),
                per="event",
            ),
        )
        .order_by("starts_at", "pk")
    )
    for event in events:
        summary = EventSummary(
            event=event,
            apologies=event.apology_count,
            marked=event.marked_count,
            participants=participants[event.cohort_id],
        )
        if event.starts_at >= now:
            by_cohort[event.cohort_id].upcoming.append(summary)
        else:
            by_cohort[event.cohort_id].recent.insert(0, summary)
    return by_cohort
