"""Beat's heartbeat: when it last queued one of its periodic sweeps.

Celery beat only queues the sweeps (the worker runs them), so its health is whether it still
queues them. In the beat process, each time a task of ``CELERY_BEAT_SCHEDULE`` reaches the
broker the time is written to ``BEAT_HEARTBEAT_FILE``, a file in beat's own container;
``manage.py beat_health`` (the beat service's health check) reads it. A beat that has stopped
ticking, or that cannot reach the broker, stops writing it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from celery.signals import after_task_publish, beat_init
from django.conf import settings


def heartbeat_path() -> Path:
    return Path(settings.BEAT_HEARTBEAT_FILE)


def record_sweep_queued(sender: str | None = None, **kwargs) -> None:
    """After a publish: note the time when the task is one of beat's sweeps."""
    if sender not in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}:
        return
    path = heartbeat_path()
    written = path.with_name(f"{path.name}.{os.getpid()}")
    written.write_text(f"{time.time()!r}\n")
    written.replace(path)  # whole or not at all, for a check that reads it meanwhile


def heartbeat_age(*, now: float | None = None) -> float | None:
    """Seconds since beat last queued a sweep, or None when it never has."""
    try:
        recorded = float(heartbeat_path().read_text())
    except (FileNotFoundError, ValueError):
        return None
    return (time.time() if now is None else now) - recorded


@beat_init.connect
def _listen_in_beat(sender=None, **kwargs) -> None:
    """Only the beat process keeps the heartbeat: web and the worker publish no sweeps."""
    after_task_publish.connect(record_sweep_queued, weak=False, dispatch_uid=__name__)
