"""Scheduled reminders, found by a periodic sweep of the database.

Nothing is parked in the broker as a far-future task: a feature app registers a function that
looks at the database and writes whatever reminders are due through the outbox, whose unique
key makes each reminder go once however often the sweep runs. Celery beat runs the sweep.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

logger = logging.getLogger(__name__)

Sweep = Callable[..., int]
_sweeps: dict[str, Sweep] = {}


def register(name: str) -> Callable[[Sweep], Sweep]:
    """Register ``fn(*, now) -> int`` (how many reminders it wrote) under a unique name."""

    def decorator(fn: Sweep) -> Sweep:
        _sweeps[name] = fn
        return fn

    return decorator


def registered() -> dict[str, Sweep]:
    return dict(_sweeps)


def reminders_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Run every registered sweep; one that fails is logged and does not stop the others."""
    now = now or timezone.now()
    written: dict[str, int] = {}
    for name, sweep in sorted(_sweeps.items()):
        try:
            written[name] = sweep(now=now)
        except Exception:
            logger.exception("Reminder sweep %s failed", name)
            written[name] = -1
    return written
