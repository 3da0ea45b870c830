"""Celery tasks of the shared layer: thin, idempotent, ids only."""

from celery import shared_task

from . import jobs, outbox, reminders, retention


@shared_task(name="csssl.outbox_deliver", bind=True, acks_late=True, max_retries=None)
def outbox_deliver(self, *, message_id: int) -> str:
    try:
        return outbox.outbox_deliver(message_id=message_id)
    except outbox.TemporaryEmailError as exc:
        if self.request.is_eager:
            # In-process there is nobody to come back later but the sweep; it will.
            return "retry"
        raise self.retry(countdown=exc.retry_in, exc=exc) from exc


@shared_task(name="csssl.outbox_sweep", acks_late=True)
def outbox_sweep() -> int:
    return outbox.outbox_sweep()


@shared_task(name="csssl.reminders_sweep", acks_late=True)
def reminders_sweep() -> dict[str, int]:
    return reminders.reminders_sweep()


@shared_task(name="csssl.jobs_sweep", acks_late=True)
def jobs_sweep() -> int:
    return jobs.job_sweep()


@shared_task(name="csssl.retention_sweep", acks_late=True)
def retention_sweep() -> dict[str, int]:
    return retention.retention_sweep()
