"""A batch's certificates are rendered in parts that the worker's processes share; the last
part gathers them in one zip. Parts delivered twice, or left from a run abandoned before, change
nothing, and the queries a batch makes grow by a fixed few per certificate."""

from __future__ import annotations

import time
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorts import tasks
from cohorts.certificates import awarding
from cohorts.models import Certificate, CertificateBatch, Cohort
from events.models import AttendanceRecord
from tests.events.test_engagement import day_event, ended_cohort, mark
from tests.factories import ParticipantFactory, coordinator

pytestmark = pytest.mark.django_db


def finished(people: int) -> Cohort:
    cohort = ended_cohort()
    events = [day_event(cohort, 30 * n) for n in (1, 0)]
    by = coordinator()
    for _ in range(people):
        person = ParticipantFactory(cohort=cohort)
        for event in events:
            mark(event, person, AttendanceRecord.Status.PRESENT, by=by)
    return cohort


@pytest.fixture
def files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


def names_in(batch: CertificateBatch) -> list[str]:
    with batch.archive.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        return archive.namelist()


def run(cohort: Cohort) -> CertificateBatch:
    batch = CertificateBatch.objects.create(cohort=cohort, requested_by=coordinator())
    tasks.certificates_generate.delay(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def test_parts_are_gathered_in_one_zip_and_then_removed(
    files, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(awarding, "PART_SIZE", 2)
    cohort = finished(5)

    with django_capture_on_commit_callbacks(execute=True):
        batch = run(cohort)

    assert batch.status == CertificateBatch.Status.DONE
    assert batch.total == batch.done == 5
    codes = Certificate.objects.filter(participant__cohort=cohort).values_list("code", flat=True)
    assert sorted(name.rsplit("-", 1)[1] for name in names_in(batch)) == sorted(
        f"{code}.pdf" for code in codes
    )
    assert [path.name for path in files.rglob("*.zip")] == [batch.archive.name.rsplit("/")[-1]]
    # The parts store their PDFs as they are; the batch's zip, the one a coordinator downloads,
    # compresses them.
    with batch.archive.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        assert {member.compress_type for member in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_a_part_delivered_twice_or_from_an_old_run_changes_nothing(files, monkeypatch):
    monkeypatch.setattr(awarding, "PART_SIZE", 2)
    batch = run(finished(3))
    ids = list(Certificate.objects.values_list("pk", flat=True))
    key = awarding.run_key(batch.started_at)

    again = awarding.certificate_part_render(
        batch_id=batch.pk, run=key, part=1, certificate_ids=ids[2:]
    )
    old = awarding.certificate_part_render(
        batch_id=batch.pk, run="abandoned", part=0, certificate_ids=ids[:2]
    )

    batch.refresh_from_db()
    assert again == old == CertificateBatch.Status.DONE
    assert batch.total == batch.done == 3
    assert len(names_in(batch)) == 3


def test_a_part_that_fails_fails_the_batch(files, monkeypatch):
    monkeypatch.setattr(awarding, "PART_SIZE", 1)
    calls = []

    def second_breaks(certificates):
        calls.extend(certificate.pk for certificate in certificates)
        if len(calls) == 2:
            raise RuntimeError("The PDF renderer is not installed")
        return [b"%PDF-1.7"] * len(certificates)

    monkeypatch.setattr(awarding, "certificate_pdfs", second_breaks)

    batch = run(finished(3))

    assert batch.status == CertificateBatch.Status.FAILED
    assert batch.error == "The PDF renderer is not installed"
    assert not batch.archive
    assert not list(files.rglob("*.zip"))  # the part rendered before the failure is removed


def queries_for(people: int) -> int:
    cohort = finished(people)
    batch = CertificateBatch.objects.create(cohort=cohort, requested_by=coordinator())
    with CaptureQueriesContext(connection) as queries:
        tasks.certificates_generate.delay(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == CertificateBatch.Status.DONE
    return len(queries.captured_queries)


def test_queries_grow_by_a_fixed_few_per_certificate(files, monkeypatch):
    monkeypatch.setattr(awarding, "certificate_pdfs", lambda found: [b"%PDF-1.7"] * len(found))
    monkeypatch.setattr(awarding, "PART_SIZE", 4)

    small, large = queries_for(4), queries_for(8)

    # Each certificate: the participant locked, a check for one issued meanwhile, the insert in
    # its savepoint (the locked participant is not looked up again to validate it), the
    # participant's new status and its history row (the savepoints are two more in a test's
    # transaction). One more part, of four, reads and counts them.
    assert large - small <= 4 * 9 + 6


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parts_go_through_a_real_worker_and_the_last_gathers_them(files, monkeypatch, redis_broker):
    """Each part a message of its own on the broker, taken by the worker, and the zip made
    once, by whichever part finishes last."""
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from csssl.celery import app as celery_app
    from tests.cohorts.test_certificate_awarding import purge_broker

    monkeypatch.setattr(awarding, "PART_SIZE", 1)
    cohort = finished(3)
    parts: list[str] = []

    def on_postrun(sender=None, retval=None, **kwargs):
        if getattr(sender, "name", None) == tasks.certificates_render_part.name:
            parts.append(retval)
            connections.close_all()

    celery_app.conf.task_always_eager = False
    purge_broker()
    task_postrun.connect(on_postrun, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            batch = CertificateBatch.objects.create(cohort=cohort, requested_by=coordinator())
            tasks.certificates_generate.delay(batch_id=batch.pk)

            def done() -> bool:
                batch.refresh_from_db()
                return batch.status not in CertificateBatch.ACTIVE

            deadline = time.monotonic() + 60
            while not done() and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(on_postrun)
        purge_broker()

    assert batch.status == CertificateBatch.Status.DONE
    assert batch.total == batch.done == 3
    assert len(parts) == 2  # parts 1 and 2 on the broker; part 0 rendered by the batch task
    assert len(names_in(batch)) == 3
