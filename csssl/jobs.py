"""Work a request starts in the background (sending outcomes, generating certificates).

``job_start`` writes a :class:`BackgroundJob` in the caller's transaction and hands its task to
the broker once that transaction commits; if it rolls back, neither the row nor the message
exists. A broker that cannot be reached is not the caller's error: the row is safe, the page
answers as usual, and ``job_sweep`` (Celery beat) queues the job again. A task that does such
work is declared with ``base=JobTask``: each run claims its job first, so a repeated or
duplicated message does the work once, and records when it finished or why it failed. With no
broker configured (eager mode) the task runs in-process when the transaction commits.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

from celery import Task
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .models import BackgroundJob

logger = logging.getLogger(__name__)

State = BackgroundJob.State

#: The keyword a job's id travels under in the task message; JobTask takes it off again.
JOB_ID = "background_job_id"
#: A job written this long ago that never reached the broker is queued again by the sweep.
QUEUE_AGAIN_AFTER = timedelta(minutes=1)
#: A job the broker took this long ago that has not started is taken as lost (a Redis restart).
LOST_AFTER = timedelta(minutes=15)
#: A run that has not finished after the task's hard time limit (and a minute more) was stopped.
ABANDONED_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800) + 60)
#: Runs a job gets before it is marked failed for a person to look at.
MAX_ATTEMPTS = 5


def job_start(
    *, task: str, kwargs: dict[str, Any] | None = None, key: str = ""
) -> tuple[BackgroundJob, bool]:
    """Record work for the task ``task`` (its Celery name) and queue it when the caller's
    transaction commits. Returns the job and whether it is new.

    Rule: while a job with the same ``key`` (by default the task and its arguments) waits to
    start, asking again returns that job and hands it to the broker once more, which costs
    nothing as a run claims its job first. Once a job has started, asking again makes a new
    one, since the work asked for may have grown. ``kwargs`` are ids only: coordinators see them.
    """
    kwargs = dict(kwargs or {})
    if _task(task) is None:  # a mistake in the code: found here rather than in a sweep
        raise ValueError(f"There is no Celery task named {task!r}.")
    key = key or f"{task}:{json.dumps(kwargs, sort_keys=True)}"
    with transaction.atomic():
        job, created = BackgroundJob.objects.get_or_create(
            key=key, state=State.QUEUED, defaults={"task": task, "kwargs": kwargs}
        )
        job_id = job.pk
        transaction.on_commit(lambda: job_enqueue(job_id=job_id))
    return job, created


def _task(name: str) -> Task | None:
    from .celery import app

    if name not in app.tasks:
        # A process that has not imported every app's tasks module yet (a web process, a
        # management command): each app's tasks module, as the worker imports them. Not by
        # Celery's own start-up (``app.loader.import_default_modules``), which also runs
        # Django's system checks, seconds that the first job a process queued waited for.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
    return app.tasks.get(name)


def job_enqueue(*, job_id: int) -> bool:
    """Hand a job's task to the broker. Returns whether the broker took it; when it did not,
    the job stays queued with the reason, for the sweep to try again."""
    job = BackgroundJob.objects.filter(pk=job_id).only("task", "kwargs").first()
    if job is None:
        return False
    task = _task(job.task)
    if task is None:
        BackgroundJob.objects.filter(pk=job_id).update(
            state=State.FAILED, finished_at=timezone.now(), last_error=f"No task {job.task}."
        )
        logger.error("Background job %s names no known task: %s", job_id, job.task)
        return False
    try:
        task.apply_async(kwargs={**job.kwargs, JOB_ID: job_id})
    except Exception as exc:  # noqa: BLE001 - any broker failure; the sweep covers it
        logger.warning("Could not queue background job %s; the sweep will retry", job_id)
        BackgroundJob.objects.filter(pk=job_id, state=State.QUEUED).update(
            last_error=f"Could not reach the task queue: {exc}"[:2000]
        )
        return False
    BackgroundJob.objects.filter(pk=job_id, state=State.QUEUED).update(enqueued_at=timezone.now())
    return True


def job_claim(*, job_id: int, now: datetime | None = None) -> bool:
    """Take the job for this run: it must be waiting, or running but abandoned. Two
    deliveries of the same message cannot both take it (one UPDATE, under the row's lock)."""
    now = now or timezone.now()
    claimable = models.Q(state=State.QUEUED) | models.Q(
        state=State.RUNNING, started_at__lt=now - ABANDONED_AFTER
    )
    return bool(
        BackgroundJob.objects.filter(claimable, pk=job_id).update(
            state=State.RUNNING, started_at=now, attempts=models.F("attempts") + 1
        )
    )


def job_finish(*, job_id: int, error: BaseException | None = None) -> None:
    """Record the end of a run: done, or failed with the error for a coordinator to read."""
    running = BackgroundJob.objects.filter(pk=job_id, state=State.RUNNING)
    if error is None:
        running.update(state=State.DONE, finished_at=timezone.now(), last_error="")
        return
    running.update(
        state=State.FAILED,
        finished_at=timezone.now(),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


class JobTask(Task):
    """The base of every task that ``job_start`` queues. The run claims its job before the
    work and records the outcome after it; a message whose job is done, failed or being run
    elsewhere does nothing. Called without a job (directly, or from a test) it just runs.
    Such a task does not retry itself: a failure is recorded on the job, and the sweep only
    picks up work that never ran or whose worker stopped."""

    typing = False  # the job's id rides along with the task's own keyword arguments

    def __call__(self, *args, **kwargs):
        job_id = kwargs.pop(JOB_ID, None)
        if job_id is None:
            return super().__call__(*args, **kwargs)
        if not job_claim(job_id=job_id):
            return "skipped"
        try:
            result = super().__call__(*args, **kwargs)
        except Exception as exc:
            logger.exception("Background job %s failed", job_id)
            job_finish(job_id=job_id, error=exc)
            raise
        job_finish(job_id=job_id)
        return result


def job_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Queue again what a broker outage or a stopped worker left behind: jobs waiting a minute
    after they were written that the broker never took, jobs the broker took long ago that never
    started (the message was lost), and runs abandoned past the time limit; a job abandoned
    ``MAX_ATTEMPTS`` times is marked failed instead. Returns how many were handed over again."""
    now = now or timezone.now()
    abandoned = models.Q(state=State.RUNNING, started_at__lt=now - ABANDONED_AFTER)
    BackgroundJob.objects.filter(abandoned, attempts__gte=MAX_ATTEMPTS).update(
        state=State.FAILED,
        finished_at=now,
        last_error=f"Stopped {MAX_ATTEMPTS} times without finishing.",
    )
    waiting = models.Q(state=State.QUEUED, created_at__lt=now - QUEUE_AGAIN_AFTER) & (
        models.Q(enqueued_at__isnull=True) | models.Q(enqueued_at__lt=now - LOST_AFTER)
    )
    due = BackgroundJob.objects.filter(waiting | abandoned).order_by("created_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    return sum(job_enqueue(job_id=job_id) for job_id in ids)
