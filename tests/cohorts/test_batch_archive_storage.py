"""Certificate zips live on the private storage: the migration moves the bytes already in the
database out to files (and back, reversed), and only a coordinator's download reads them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from cohorts.models import CertificateBatch
from csssl.storage import private_storage
from tests.events.test_engagement import ended_cohort
from tests.factories import ParticipantFactory, UserFactory, coordinator, dcs_member

BEFORE = [("cohorts", "0008_quality_descriptors")]
AFTER = [("cohorts", "0009_certificate_batch_archive_files")]


def migrate(targets):
    """Run the migrations to ``targets`` and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def a_zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            # A fixed date, so that the same names make the same bytes.
            archive.writestr(zipfile.ZipInfo(name, (2026, 7, 1, 0, 0, 0)), f"certificate {name}")
    return buffer.getvalue()


@pytest.fixture
def files(settings, tmp_path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


def stored(files: Path) -> list[Path]:
    return sorted(path for path in files.rglob("*") if path.is_file())


@pytest.fixture
def before(transactional_db, files):
    """The batch model as it was with the zip in the database; the database is put back to
    the latest migrations afterwards."""
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_moves_zips_to_files_and_back(before, files):
    cohort, by = ended_cohort(), coordinator()
    Batch = before.get_model("cohorts", "CertificateBatch")
    content = a_zip("alex-morgan.pdf", "sam-patel.pdf")
    with_zip = Batch.objects.create(
        cohort_id=cohort.pk, requested_by_id=by.pk, status="done", total=2, done=2, archive=content
    )
    waiting = Batch.objects.create(cohort_id=cohort.pk, requested_by_id=by.pk)

    after = migrate(AFTER).get_model("cohorts", "CertificateBatch")

    moved = after.objects.get(pk=with_zip.pk)
    assert moved.archive.name.startswith(f"certificates/{cohort.pk}/batch-{with_zip.pk}-")
    assert [path.read_bytes() for path in stored(files)] == [content]
    assert (files / moved.archive.name).read_bytes() == content
    assert after.objects.get(pk=waiting.pk).archive.name == ""
    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "cohorts_certificatebatch"
        )
    }
    assert "archive_file" not in columns

    back = migrate(BEFORE).get_model("cohorts", "CertificateBatch")

    assert bytes(back.objects.get(pk=with_zip.pk).archive) == content
    assert back.objects.get(pk=waiting.pk).archive is None
    assert stored(files) == []


@pytest.fixture
def done_batch(db, files) -> CertificateBatch:
    batch = CertificateBatch.objects.create(
        cohort=ended_cohort(), requested_by=coordinator(), status="done", total=1, done=1
    )
    batch.archive.save("certificates.zip", ContentFile(a_zip("alex-morgan.pdf")))
    return batch


def zip_url(batch: CertificateBatch) -> str:
    return reverse("certificates:batch_zip", args=[batch.cohort_id, batch.pk])


def test_batch_zip_is_served_from_the_storage_to_a_coordinator(client, done_batch):
    client.force_login(coordinator())
    response = client.get(zip_url(done_batch))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content) == a_zip("alex-morgan.pdf")


@pytest.mark.parametrize(
    "who",
    [
        lambda batch: ParticipantFactory(cohort=batch.cohort).user,
        lambda batch: dcs_member(),
        lambda batch: UserFactory(),
    ],
    ids=["participant of the cohort", "DCS group member", "person with no role"],
)
def test_batch_zip_is_not_found_for_anyone_but_coordinators(client, done_batch, who):
    client.force_login(who(done_batch))
    assert client.get(zip_url(done_batch)).status_code == 404


def test_batch_zip_sends_a_visitor_to_log_in(client, done_batch):
    response = client.get(zip_url(done_batch))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_batch_zip_lost_from_the_storage_is_not_found(client, done_batch):
    private_storage().delete(done_batch.archive.name)
    client.force_login(coordinator())
    assert client.get(zip_url(done_batch)).status_code == 404


def test_batch_deleted_takes_its_zip_with_it(done_batch, files, django_capture_on_commit_callbacks):
    assert stored(files)
    with django_capture_on_commit_callbacks(execute=True):
        done_batch.cohort.delete()
    assert stored(files) == []
