"""Awarding certificates: to whom, from when, one by one and a whole cohort at once.

Certificates are awarded only to those who meet their cohort's completion rule
(``cohorts.completion``), never before the cohort's end date (``certificate_award``, which calls
down to ``cohorts.services.certificate_issue``). A coordinator awards a whole cohort at once
with a ``CertificateBatch``, run in the background by the task ``events.certificates_generate``
(``cohorts/tasks.py``).
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cohorts import services
from cohorts.certificates.documents import certificate_filename, certificate_pdfs
from cohorts.completion import Completion, cohort_completions, completion_of
from cohorts.models import Certificate, CertificateBatch, Cohort, Participant
from cohorts.services import CohortError
from csssl import jobs
from csssl.storage import private_storage
from csssl.uktime import long_date, uk_today

logger = logging.getLogger(__name__)

#: The task that runs a batch. It kept the name it had when certificates lived with events,
#: so that jobs recorded and messages queued under it still run.
BATCH_TASK = "events.certificates_generate"

#: A batch still "running" after this long was abandoned by a worker that stopped (a task is
#: killed at CELERY_TASK_TIME_LIMIT), so it may be started again.
BATCH_ABANDONED_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800))

#: A batch's zip is made in memory up to this size, then on the worker's disk.
ZIP_IN_MEMORY = 8 * 1024 * 1024

#: Certificates rendered by one task: a batch's parts are shared by the worker's processes,
#: so a cohort of ninety takes a fraction of the time one process would. A part's certificates
#: are laid out together, which saves less past ten or so; smaller parts share out better, and
#: the first reaches the other process sooner while this one awards the rest.
PART_SIZE = 10


def certificate_award(
    *,
    participant: Participant,
    completion: Completion | None = None,
    now: datetime | None = None,
) -> Certificate:
    """Award the participant their certificate, or return the one they already have.

    Rules: only to someone who meets their cohort's completion rule (``completion_of(...).met``;
    pass ``completion`` when it is known already), and never before the cohort's end date
    (``cohorts.services.certificate_issue`` keeps that, with one certificate per participation
    and unique codes). A certificate once issued stays issued: this never takes one back.
    Raises ``CohortError`` with a message for a person.
    """
    now = now or timezone.now()
    # A completion read with the participant knows their certificate already; either way
    # ``certificate_issue`` checks again under the participant's lock.
    existing = (
        completion.certificate
        if completion is not None
        else Certificate.objects.filter(participant=participant).first()
    )
    if existing is not None:
        return existing
    completion = completion or completion_of(participant, now=now)
    if not completion.met:
        raise CohortError(f"{participant.user} does not meet the rule yet: {completion.outcome}.")
    return services.certificate_issue(participant=participant, now=now)


def certificates_open_on(cohort: Cohort) -> date:
    """The first day certificates can be awarded: the cohort's last day."""
    return cohort.ends_on


def certificate_batch_request(
    *, cohort: Cohort, by, now: datetime | None = None
) -> tuple[CertificateBatch, bool]:
    """A coordinator asks for a cohort's certificates to be awarded and gathered in a zip.

    Refused before the cohort's end date. While a batch for the cohort is waiting or
    running, asking again returns that batch instead of starting another; one left waiting
    (its message lost to a broker outage) or abandoned by a stopped worker is queued again.
    The work is a background job (``csssl.jobs``), queued once the transaction commits and
    picked up by the beat sweep if the broker cannot take it then. Returns the batch and
    whether it is new. Raises ``CohortError`` with a message for a person.
    """
    now = now or timezone.now()
    if uk_today(now=now) < certificates_open_on(cohort):
        raise CohortError(
            f"Certificates can be awarded from {long_date(certificates_open_on(cohort))}, "
            "when the programme ends."
        )
    with transaction.atomic():
        Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
        batch = (
            CertificateBatch.objects.filter(cohort=cohort, status__in=CertificateBatch.ACTIVE)
            .order_by("-created_at", "-pk")
            .first()
        )
        created = batch is None
        if created:
            batch = CertificateBatch.objects.create(cohort=cohort, requested_by=by, created_at=now)
        elif batch.status == CertificateBatch.Status.RUNNING and not _abandoned(batch, now):
            return batch, False
        # Recorded with the batch and queued on commit; a broker outage only delays it.
        jobs.job_start(task=BATCH_TASK, kwargs={"batch_id": batch.pk})
    return batch, created


def _abandoned(batch: CertificateBatch, now: datetime) -> bool:
    return batch.started_at is not None and now - batch.started_at > BATCH_ABANDONED_AFTER


def _claim(batch_id: int, now: datetime) -> bool:
    """Take the batch for this run: it must be waiting, or running but abandoned. Two
    deliveries of the same task cannot both claim it."""
    claimable = Q(status=CertificateBatch.Status.QUEUED) | Q(
        status=CertificateBatch.Status.RUNNING, started_at__lt=now - BATCH_ABANDONED_AFTER
    )
    return bool(
        CertificateBatch.objects.filter(claimable, pk=batch_id).update(
            status=CertificateBatch.Status.RUNNING, started_at=now, done=0, total=0, error=""
        )
    )


def certificate_batch_run(*, batch_id: int, now: datetime | None = None) -> str:
    """Do a batch's work: award a certificate to every participant who meets the rule, then
    render each (with those awarded before) to PDF, in parts of ``PART_SIZE`` that the
    workers share (``certificate_part_render``); the part that finishes last gathers them in
    one zip. Safe to run again: a batch already done or being run elsewhere is left alone, and
    awarding is idempotent, so no one ever gets two certificates. Returns the batch's status
    (``running`` while other parts are still being rendered).
    """
    now = now or timezone.now()
    if not _claim(batch_id, now):
        batch = CertificateBatch.objects.filter(pk=batch_id).only("status").first()
        return batch.status if batch else "gone"
    batch = CertificateBatch.objects.select_related("cohort").get(pk=batch_id)
    try:
        due = [
            completion
            for completion in cohort_completions(batch.cohort, now=now)
            if (completion.met or completion.certificate)
            # A certificate withdrawn at its holder's request (their data erased) is not made
            # again, nor a new one awarded.
            and not (completion.certificate and completion.certificate.withdrawn_at)
        ]
        CertificateBatch.objects.filter(pk=batch_id).update(total=len(due))
        run = run_key(batch.started_at)
        # Each part is handed to the workers as soon as its certificates are awarded, so the
        # other process renders while this one awards the rest; the first part is this one's.
        parts: list[list[int]] = []
        for start in range(0, len(due), PART_SIZE):
            parts.append(
                [
                    (
                        completion.certificate
                        or certificate_award(
                            participant=completion.participant, completion=completion, now=now
                        )
                    ).pk
                    for completion in due[start : start + PART_SIZE]
                ]
            )
            if len(parts) > 1:
                _part_queue(
                    batch_id=batch_id, run=run, part=len(parts) - 1, certificate_ids=parts[-1]
                )
        parts = parts or [[]]
    except Exception as error:
        return _failed(batch_id, error)
    return certificate_part_render(batch_id=batch_id, run=run, part=0, certificate_ids=parts[0])


def run_key(started_at: datetime) -> str:
    """Names one run of a batch (its claim), so that parts of an abandoned run never mix with
    the parts of the run after it."""
    return f"{round(started_at.timestamp() * 1_000_000):x}"


def _part_queue(*, batch_id: int, run: str, part: int, certificate_ids: list[int]) -> None:
    """Hand a part to the workers; if the broker cannot take it now, render it here."""
    from cohorts.tasks import certificates_render_part as task

    kwargs = {"batch_id": batch_id, "run": run, "part": part, "certificate_ids": certificate_ids}
    try:
        task.delay(**kwargs)
    except Exception:  # noqa: BLE001 - any broker failure: the work is done here instead
        logger.warning("Could not queue part %s of certificate batch %s", part, batch_id)
        certificate_part_render(**kwargs)


def _parts_folder(batch: CertificateBatch) -> str:
    return f"certificates/{batch.cohort_id}/parts"


def _part_name(batch: CertificateBatch, run: str, part: int) -> str:
    return f"{_parts_folder(batch)}/batch-{batch.pk}-{run}-{part:04d}.zip"


@contextmanager
def _zip_of(entries, *, compression: int = zipfile.ZIP_DEFLATED):
    """A zip of (name, bytes), spooled to disk past ``ZIP_IN_MEMORY``, read from the start:
    a cohort of ninety makes megabytes, never held whole."""
    with tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY) as buffer:
        with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
            for name, content in entries:
                archive.writestr(name, content)
        buffer.seek(0)
        yield buffer


def certificate_part_render(
    *, batch_id: int, run: str, part: int, certificate_ids: list[int]
) -> str:
    """Render one part of a batch's run to a zip on the private storage and count it done;
    the part that completes the count gathers every part, in order, into the batch's zip.
    A part of a run that is no longer the batch's, or one done already (delivered twice), is
    left alone. Returns the batch's status."""
    try:
        found = Certificate.objects.in_bulk(certificate_ids)
        certificates = [found[pk] for pk in certificate_ids if pk in found]
        # A part's certificates are laid out together and written out a PDF each. Its zip is
        # only kept until the batch's is made, so its PDFs are stored as they are (they are
        # compressed already) and compressed once, in the batch's zip.
        pdfs = certificate_pdfs(certificates)
        with _zip_of(
            zip(map(certificate_filename, certificates), pdfs, strict=True),
            compression=zipfile.ZIP_STORED,
        ) as buffer:
            return _part_done(batch_id, run, part, buffer, count=len(certificate_ids))
    except Exception as error:
        return _failed(batch_id, error, run=run)


@transaction.atomic
def _part_done(batch_id: int, run: str, part: int, buffer, *, count: int) -> str:
    batch = CertificateBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        return "gone"
    if batch.status != CertificateBatch.Status.RUNNING or run_key(batch.started_at) != run:
        return batch.status
    storage = private_storage()
    name = _part_name(batch, run, part)
    if storage.exists(name):
        return batch.status
    storage.save(name, File(buffer))
    batch.done += count
    if batch.done < batch.total:
        CertificateBatch.objects.filter(pk=batch_id).update(done=batch.done)
        return batch.status
    parts = [_part_name(batch, run, index) for index in range(-(-batch.total // PART_SIZE) or 1)]
    with _zip_of(_entries(storage, parts)) as whole:
        batch.archive.save("certificates.zip", File(whole), save=False)
    CertificateBatch.objects.filter(pk=batch_id).update(
        status=CertificateBatch.Status.DONE,
        done=batch.done,
        archive=batch.archive.name,
        finished_at=timezone.now(),
    )
    transaction.on_commit(lambda: _parts_remove(storage, batch))
    return CertificateBatch.Status.DONE


def _entries(storage, parts: list[str]):
    for name in parts:
        with storage.open(name, "rb") as stored, zipfile.ZipFile(stored) as archive:
            for member in archive.namelist():
                yield member, archive.read(member)


def _parts_remove(storage, batch: CertificateBatch) -> None:
    """Every part of the batch, of this run and of any run abandoned before it."""
    folder = _parts_folder(batch)
    try:
        names = storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    for name in names:
        if name.startswith(f"batch-{batch.pk}-"):
            storage.delete(f"{folder}/{name}")


def _failed(batch_id: int, error: Exception, *, run: str | None = None) -> str:
    logger.exception("Certificate batch %s failed", batch_id)
    running = CertificateBatch.objects.filter(pk=batch_id, status=CertificateBatch.Status.RUNNING)
    if run is not None:
        batch = running.only("started_at").first()
        if batch is None or run_key(batch.started_at) != run:
            return "stale"
    if running.update(
        status=CertificateBatch.Status.FAILED,
        error=str(error) or error.__class__.__name__,
        finished_at=timezone.now(),
    ):
        # The parts rendered before the failure are of no use to anyone now.
        failed = CertificateBatch.objects.filter(pk=batch_id).only("cohort_id").first()
        if failed is not None:
            _parts_remove(private_storage(), failed)
    return CertificateBatch.Status.FAILED
