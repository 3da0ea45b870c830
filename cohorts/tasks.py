"""Celery tasks of the cohorts app: thin, idempotent, ids only."""

import logging

from celery import shared_task
from celery.signals import worker_init

from cohorts.certificates.awarding import (
    BATCH_TASK,
    certificate_batch_run,
    certificate_part_render,
)
from cohorts.certificates.documents import certificate_stylesheet
from csssl.jobs import JobTask
from csssl.pdf import render_pdf

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
    """Load the PDF renderer (and its fonts) in the worker before its processes are forked,
    so that no certificate waits seconds for it on a process's first part."""
    try:
        render_pdf("pdf/base.html", {}, stylesheets=(certificate_stylesheet(),))
    except Exception:  # noqa: BLE001 - a renderer that cannot start fails the batch, not the worker
        logger.warning("The PDF renderer could not be loaded ahead of the first certificate")
