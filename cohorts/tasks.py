"""Celery tasks of the cohorts app: thin, idempotent, ids only."""

import logging

from celery import shared_task
from celery.signals import worker_init

from cohorts.certificates.awarding import (
    BATCH_TASK,
    certificate_batch_run,
    certificate_part_render,
)
from cohorts.certificates.documents import certificate_pdfs
from csssl.jobs import JobTask

logger = logging.getLogger(__name__)


@shared_task(name=BATCH_TASK, base=JobTask, acks_late=True)
def certificates_generate(*, batch_id: int) -> str:
    """Award and render a cohort's certificates for one batch (see
    ``cohorts.certificates.awarding.certificate_batch_run``). Delivered twice, or run on a
    batch already done, it changes nothing: the batch is claimed by one run only and awarding
    is idempotent. Its name is the one it had in the events app, so jobs already recorded or
    queued under it still run."""
    return certificate_batch_run(batch_id=batch_id)


@shared_task(name="cohorts.certificates_render_part", acks_late=True)
def certificates_render_part(*, batch_id: int, run: str, part: int, certificate_ids: list) -> str:
    """Render one part of a certificate batch (``certificate_part_render``); delivered twice,
    or for a run that is over, it changes nothing."""
    return certificate_part_render(
        batch_id=batch_id, run=run, part=part, certificate_ids=certificate_ids
    )


@worker_init.connect
def pdf_renderer_warm(**kwargs) -> None:
    """Load the PDF renderer and the fonts a certificate uses in the worker before its
    processes are forked, so that each process starts with them loaded (``csssl.pdf`` keeps
    them for every PDF) and no certificate waits for them on a process's first part."""
    from datetime import date

    from django.utils import timezone

    from cohorts.models import Certificate

    sample = Certificate(
        code="WARMUP", issued_at=timezone.now(), name="Warm Up", programme_name="Warm up",
        programme_short_name="W", cohort_name="Warm up", accreditation="Warm up",
        starts_on=date(2000, 1, 1), ends_on=date(2000, 1, 2), signatory_name="Warm Up",
        signatory_title="Warm up",
    )  # fmt: skip
    try:
        certificate_pdfs([sample])
    except Exception:  # noqa: BLE001 - a renderer that cannot start fails the batch, not the worker
        logger.warning("The PDF renderer could not be loaded ahead of the first certificate")
