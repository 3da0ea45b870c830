"""The events app's part of a participant's year (``cohorts.timeline``): every event of their
cohort, with their apology or their mark on the register, and the panel with their calendar
address. Registered from ``EventsConfig.ready``."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.http import HttpRequest
from django.urls import reverse

from cohorts import timeline
from cohorts.models import Participant
from csssl.uktime import in_uk, uk_today

from .calendar import calendar_entry
from .completion import TIMELINE
from .models import Apology, Event
from .selectors.participant import calendar_feed_for, own_year_events

#: A required event this close is one the participant owes an answer to: attend, or apologise.
OWED_WITHIN_DAYS = 14


def _owes(event: Event, *, apology: Apology | None, is_past: bool, now: datetime) -> str:
    """Attending a required event in the next fortnight, unless they sent apologies."""
    if is_past or apology or not event.counts_toward_completion or event.cancelled:
        return ""
    if (event.starts_at.date() - uk_today(now=now)).days > OWED_WITHIN_DAYS:
        return ""
    return f"Attend {event.title} on {in_uk(event.starts_at):%A %-d %B}, or send your apologies."


@timeline.register(TIMELINE)
def event_items(*, participant: Participant, now: datetime) -> list[timeline.TimelineItem]:
    """Every event of the participant's cohort, cancelled ones included, with their apology
    and mark. One query."""
    items = []
    for event, attendance, apology in own_year_events(participant):
        is_past = event.ends_at <= now
        items.append(
            timeline.TimelineItem(
                when=event.starts_at,
                title=event.title,
                kind=event.kind,
                detail=event.topic,
                is_past=is_past,
                template="events/_timeline_event.html",
                next_template="events/_next_event.html",
                context={"event": event, "apology": apology, "attendance": attendance},
                owes=_owes(event, apology=apology, is_past=is_past, now=now),
                declined=apology is not None,
                calendar_entry=partial(calendar_entry, event, with_link=True),
            )
        )
    return items


@timeline.register_panel("events.calendar")
def calendar_panel(*, participant: Participant, request: HttpRequest) -> timeline.Panel:
    """The participant's secret calendar address, to subscribe to, and the button that makes a
    new one. One query (two the first time, when the address is made)."""
    feed = calendar_feed_for(participant)
    return timeline.Panel(
        template="events/_me_calendar.html",
        context={
            "feed_url": request.build_absolute_uri(
                reverse("events:feed", kwargs={"token": feed.token})
            )
        },
        order=10,
    )
