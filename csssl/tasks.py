"""Celery tasks of the shared layer: thin, idempotent, ids only."""

from celery import shared_task

from . import jobs, outbox, reminders, retention


@shared_task(name="csssl.outbox_deliver", bind=True, acks_late=True, max_retries=None)
def outbox_deliver(self, *, message_id: int | None = None, message_ids: list | None = None) -> str:
    """A message (``message_id``) or a batch of them (``message_ids``, up to
    ``outbox.BATCH_SIZE``: the sweep's and a retry's), over one mail server connection; each
    is sent once (claimed under a lock), and those refused for now are tried again later."""
    ids = [message_id] if message_id is not None else list(message_ids or [])
    result = outbox.outbox_deliver_many(message_ids=ids)
    if result.retry:
        if self.request.is_eager:
            # In-process there is nobody to come back later but the sweep; it will.
            return "retry"
        error = outbox.TemporaryEmailError(result.errors[0], retry_in=result.retry_in)
        raise self.retry(countdown=result.retry_in, exc=error, kwargs={"message_ids": result.retry})
    if message_id is not None:
        return "sent" if result.sent else "failed" if result.failed else "skipped"
    return f"sent {result.sent}, failed {result.failed}, skipped {result.skipped}"


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
