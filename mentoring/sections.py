"""The sections of the mentor's workspace (/mentor/) and of a mentee's page, one registry for
the topics of this app: the sessions topic shows mentees and sessions, the groups topic the
groups a person facilitates, the portfolio topic the entries shared with them, the placements
topic the objectives waiting for them to agree.

The mentor's own calendar feed (sessions and group meetings) reads the third registry here:
``calendar(*, user, now)`` gives the icalendar entries of one topic for that person.

A section provider is ``provider(*, user, now)`` for the workspace, ``provider(*, user,
pairing, now)`` for one mentee's page (the mentor's view of one pairing), or ``provider(*,
participant, now)`` for the participant's own mentoring page (/me/mentoring/); it answers a
``Section`` or None (nothing to show), in a fixed number of queries. A section's template is
included with the page's context and ``section``: it reads ``section.context``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from icalendar.cal import Component


@dataclass(frozen=True)
class Section:
    """A block of the page: a template and what it reads, placed by ``order``."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


Provider = Callable[..., Section | None]

_workspace: dict[str, Provider] = {}
_mentee: dict[str, Provider] = {}
_participant: dict[str, Provider] = {}
_calendar: dict[str, Callable[..., Iterable[Component]]] = {}


def register_workspace(name: str) -> Callable[[Provider], Provider]:
    def decorator(provider: Provider) -> Provider:
        _workspace[name] = provider
        return provider

    return decorator


def register_mentee(name: str) -> Callable[[Provider], Provider]:
    def decorator(provider: Provider) -> Provider:
        _mentee[name] = provider
        return provider

    return decorator


def register_participant(name: str) -> Callable[[Provider], Provider]:
    def decorator(provider: Provider) -> Provider:
        _participant[name] = provider
        return provider

    return decorator


def _ordered(sections) -> list[Section]:
    return sorted((s for s in sections if s is not None), key=lambda section: section.order)


def workspace_sections(*, user, now) -> list[Section]:
    return _ordered(provider(user=user, now=now) for _, provider in sorted(_workspace.items()))


def mentee_sections(*, user, pairing, now) -> list[Section]:
    return _ordered(
        provider(user=user, pairing=pairing, now=now) for _, provider in sorted(_mentee.items())
    )


def participant_sections(*, participant, now) -> list[Section]:
    return _ordered(
        provider(participant=participant, now=now) for _, provider in sorted(_participant.items())
    )


def register_calendar(name: str):
    """Register ``entries(*, user, now)``: a topic's calendar entries for the person's feed."""

    def decorator(provider):
        _calendar[name] = provider
        return provider

    return decorator


def calendar_entries(*, user, now) -> list[Component]:
    return [
        entry for _, provider in sorted(_calendar.items()) for entry in provider(user=user, now=now)
    ]
