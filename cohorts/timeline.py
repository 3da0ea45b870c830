"""The timeline registry: the dated items of a participant's year, and the panels beside them.

Each app that puts something on a participant's year registers a provider from its
``AppConfig.ready``: the events app its events (with the participant's apology or attendance),
the evaluations app the evaluation window; the end of the programme is registered here. A
provider returns ``TimelineItem``s, each carrying what it needs to show itself (a template for
its entry, and for the "Next" card, with their ``context``), what the participant still owes
for it, and its entry in the personal calendar feed, if it has one.

/me/ and the calendar feed read only this registry: the year in date order, what comes next,
what the participant still owes, and the calendar. Panels are the cards beside the year on
/me/ that an app adds (the events app's calendar address). Nothing here imports a feature app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from icalendar import Calendar
from icalendar.cal import Component

from csssl.uktime import uk_moment, uk_today

from .models import Participant

#: The calendar product name every calendar file of the site gives.
PRODUCT = "-//East Midlands Leadership Programmes//Programme calendar//EN"


@dataclass
class TimelineItem:
    """One dated thing in a participant's year."""

    when: datetime | date
    title: str
    kind: str  # what it is: an event's kind, "evaluation", "end"…
    detail: str = ""
    is_past: bool = False
    #: The item's entry in "Your year", and how the "Next" card shows it (given ``item``).
    template: str = "cohorts/_timeline_item.html"
    next_template: str = "cohorts/_next_item.html"
    #: What the provider's templates (and its own completion element) read.
    context: dict[str, Any] = field(default_factory=dict)
    #: What the participant still owes for it, in a sentence; empty when nothing.
    owes: str = ""
    #: The participant has said they will not be there (apologies): not their next thing.
    declined: bool = False
    #: A day's item that comes after that day's other items (the end of the programme).
    end_of_day: bool = False
    #: Makes the item's entry in the personal calendar feed; None keeps it out of the feed.
    calendar_entry: Callable[[], Component] | None = None
    #: The provider that gave it (set by the registry).
    source: str = ""

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.when, datetime):
            return self.when
        at = datetime.max.time() if self.end_of_day else datetime.min.time()
        return uk_moment(self.when, at)


@dataclass(frozen=True)
class Panel:
    """A card beside the year on /me/: a template and what it reads."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


#: ``provider(*, participant, now) -> items``: the participant comes with their cohort and
#: programme. A fixed number of queries, whatever the size of the year.
Provider = Callable[..., Iterable[TimelineItem]]
#: ``panel(*, participant, request) -> Panel | None``.
PanelProvider = Callable[..., Panel | None]

_providers: dict[str, Provider] = {}
_panels: dict[str, PanelProvider] = {}
#: The providers whose items never have a calendar entry: the feed does not ask them.
_not_in_calendar: set[str] = set()


def register(name: str, *, in_calendar: bool = True) -> Callable[[Provider], Provider]:
    """Register ``provider(*, participant, now)`` under a unique name; ``in_calendar=False``
    for one whose items never have a calendar entry, so the calendar feed skips its queries."""

    def decorator(provider: Provider) -> Provider:
        _providers[name] = provider
        if in_calendar:
            _not_in_calendar.discard(name)
        else:
            _not_in_calendar.add(name)
        return provider

    return decorator


def register_panel(name: str) -> Callable[[PanelProvider], PanelProvider]:
    """Register ``panel(*, participant, request)`` under a unique name."""

    def decorator(panel: PanelProvider) -> PanelProvider:
        _panels[name] = panel
        return panel

    return decorator


def unregister(name: str) -> None:
    _providers.pop(name, None)
    _panels.pop(name, None)
    _not_in_calendar.discard(name)


def timeline_for(
    *, participant: Participant, now: datetime | None = None, calendar: bool = False
) -> list[TimelineItem]:
    """Everything on the participant's year, from every provider, in date order; with
    ``calendar``, only from the providers whose items may have a calendar entry."""
    now = now or timezone.now()
    items: list[TimelineItem] = []
    for name, provider in sorted(_providers.items()):
        if calendar and name in _not_in_calendar:
            continue
        for item in provider(participant=participant, now=now):
            item.source = name
            items.append(item)
    return sorted(items, key=lambda item: item.sort_key)


def next_item(items: list[TimelineItem]) -> TimelineItem | None:
    """The first item still to come that the participant has not sent apologies for."""
    return next((item for item in items if not item.is_past and not item.declined), None)


def owed(items: list[TimelineItem]) -> list[str]:
    """What the participant still owes, in plain words, in the order of their year."""
    return [item.owes for item in items if item.owes]


def panels_for(*, participant: Participant, request: HttpRequest) -> list[Panel]:
    panels = (
        panel(participant=participant, request=request) for _, panel in sorted(_panels.items())
    )
    return sorted((panel for panel in panels if panel is not None), key=lambda panel: panel.order)


def calendar_file(entries: Iterable[Component], *, name: str) -> bytes:
    """An iCalendar file named ``name`` holding ``entries``."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for entry in entries:
        calendar.add_component(entry)
    return calendar.to_ical()


def feed_calendar(items: Iterable[TimelineItem], *, name: str) -> bytes:
    """The personal calendar feed: every item of the year that has a calendar entry."""
    return calendar_file(
        (item.calendar_entry() for item in items if item.calendar_entry is not None), name=name
    )


# --- The programme's own item ------------------------------------------------------------------


@register("cohorts.programme_end", in_calendar=False)
def programme_end(*, participant: Participant, now: datetime) -> list[TimelineItem]:
    """The programme's last day, after that day's events: what full engagement leads to."""
    cohort = participant.cohort
    return [
        TimelineItem(
            when=cohort.ends_on,
            title="Programme ends",
            kind="end",
            detail=f"Those who engage fully receive: {cohort.programme.accreditation}.",
            is_past=cohort.ends_on < uk_today(now=now),
            end_of_day=True,
        )
    ]
