"""Calendar entries (.ics) for events: stable UIDs and sequence numbers, so a changed time or
place replaces the entry people already have instead of adding another."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Event as CalendarEvent

from cohorts.timeline import calendar_file

from .models import Event


def _uid(event: Event) -> str:
    return f"{event.uid}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def calendar_entry(event: Event, *, with_link: bool) -> CalendarEvent:
    """The event's calendar entry; its joining link only ``with_link``."""
    entry = CalendarEvent()
    entry.add("uid", _uid(event))
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", timezone.now())
    entry.add("last-modified", event.updated_at)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    summary = f"{event.cohort.programme.short_name}: {event.title}"
    if event.topic:
        summary += f" – {event.topic}"
    entry.add("summary", summary)
    lines = [event.get_kind_display()]
    if event.lead:
        lines.append(f"Led by {event.lead}")
    if event.description:
        lines.append(event.description)
    if event.venue and event.venue.access_notes:
        lines.append(f"Access: {event.venue.access_notes}")
    if event.is_online and with_link and event.joining_link:
        lines.append(f"Join online: {event.joining_link}")
    entry.add("description", "\n\n".join(lines))
    if event.venue:
        entry.add("location", event.venue.one_line)
    elif event.is_online:
        entry.add("location", event.joining_link if with_link and event.joining_link else "Online")
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return entry


def calendar_for(events: Iterable[Event], *, name: str, with_links: bool) -> bytes:
    """An iCalendar file of ``events``. Joining links are only included for the cohort's own
    participants (``with_links``)."""
    return calendar_file(
        (calendar_entry(event, with_link=with_links) for event in events), name=name
    )
