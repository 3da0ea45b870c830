"""The workspace registry: what the coordinators' workspace (/coordinator/) shows of each cohort.

The workspace lists the cohorts coordinators are working on (open for applications,
allocating places or running). Each app that has something to show of a cohort registers a
provider from its ``AppConfig.ready``: the events app its links (engagement, emails) and its
card of events and registers; the certificates link is registered here. A provider is given
every cohort at once and answers in a fixed number of queries, so the page does not grow
slower with more cohorts. The workspace view reads only this registry. Nothing here imports a
feature app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from .models import Cohort
from .selectors import workspace_cohorts


@dataclass(frozen=True)
class Link:
    """A button to one of the cohort's pages."""

    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class Card:
    """A block of the cohort's section: a template (given ``card``, ``cohort`` and ``place``)
    and what it reads."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass
class CohortPlace:
    """One cohort on the workspace, with what the providers gave it."""

    cohort: Cohort
    participants: int  # on the programme: active or completed
    links: list[Link] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)


#: ``provider(*, places, now) -> {cohort id: links and cards}``, every cohort at once.
Provider = Callable[..., Mapping[int, Iterable[Link | Card]]]

_providers: dict[str, Provider] = {}


def register(name: str) -> Callable[[Provider], Provider]:
    """Register ``provider(*, places, now)`` under a unique name."""

    def decorator(provider: Provider) -> Provider:
        _providers[name] = provider
        return provider

    return decorator


def unregister(name: str) -> None:
    _providers.pop(name, None)


def workspace(*, now: datetime | None = None) -> list[CohortPlace]:
    """The cohorts that are open, allocating or running, in programme order, each with the
    links and cards every provider gives it. One query for the cohorts, then each provider's."""
    now = now or timezone.now()
    places = [
        CohortPlace(cohort=cohort, participants=cohort.active_participants)
        for cohort in workspace_cohorts()
    ]
    by_cohort = {place.cohort.pk: place for place in places}
    for _, provider in sorted(_providers.items()):
        for cohort_id, given in provider(places=places, now=now).items():
            place = by_cohort.get(cohort_id)
            if place is None:
                continue
            for thing in given:
                (place.links if isinstance(thing, Link) else place.cards).append(thing)
    for place in places:
        place.links.sort(key=lambda link: link.order)
        place.cards.sort(key=lambda card: card.order)
    return places


# --- The certificates link ---------------------------------------------------------------------


@register("cohorts.certificates")
def certificates_link(*, places: list[CohortPlace], now: datetime) -> dict[int, list[Link]]:
    return {
        place.cohort.pk: [
            Link("Certificates", reverse("certificates:cohort", args=[place.cohort.pk]), order=30)
        ]
        for place in places
    }
