"""Celery tasks of the events app: thin, idempotent, ids only."""

from celery import shared_task

from csssl.jobs import JobTask

from . import engagement


@shared_task(name="events.certificates_generate", base=JobTask, acks_late=True)
def certificates_generate(*, batch_id: int) -> str:
    """Award and render a cohort's certificates for one batch (see
    ``engagement.certificate_batch_run``). Delivered twice, or run on a batch already done, it
    changes nothing: the batch is claimed by one run only and awarding is idempotent."""
    return engagement.certificate_batch_run(batch_id=batch_id)
