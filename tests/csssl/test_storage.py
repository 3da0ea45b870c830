"""Every stored file is on one storage chosen by settings, and none has an address of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage

from cohorts.models import CertificateBatch
from csssl.storage import (
    PrivateStorage,
    private_files,
    private_folder_outside_the_web_roots,
    private_storage,
)
from mentoring.models import Evidence
from tests.factories import CohortFactory, coordinator

ROOT = Path(__file__).resolve().parents[2]
IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}

pytestmark = pytest.mark.django_db


def test_private_storage_by_default_is_the_private_folder(settings):
    storage = private_storage()
    assert isinstance(storage, PrivateStorage)
    assert Path(storage.location) == Path(settings.PRIVATE_MEDIA_ROOT).resolve()


def test_every_stored_file_field_uses_the_private_storage():
    assert CertificateBatch._meta.get_field("archive").storage is private_files
    assert Evidence._meta.get_field("file").storage is private_files


def test_private_storage_is_the_backend_the_setting_names(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "private": IN_MEMORY}
    batch = CertificateBatch.objects.create(cohort=CohortFactory(), requested_by=coordinator())

    batch.archive.save("certificates.zip", ContentFile(b"zip bytes"))

    assert isinstance(private_storage(), InMemoryStorage)
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.zip"))
    batch.refresh_from_db()
    assert batch.archive.read() == b"zip bytes"


def test_private_storage_options_reach_the_backend(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "csssl.storage.PrivateStorage", "OPTIONS": {"location": tmp_path}},
    }
    name = private_storage().save("note.txt", ContentFile(b"kept"))
    assert (tmp_path / name).read_bytes() == b"kept"


def test_private_storage_read_from_the_environment(tmp_path):
    """The backend and its options come from two variables (django-storages' S3 backend
    would be named the same way, once installed)."""
    stored = settings_in_a_fresh_process(
        "import json; from django.conf import settings; "
        "from csssl.storage import private_storage; "
        "print(json.dumps([settings.STORAGES['private'], private_storage().__class__.__name__,"
        " private_storage().location]))",
        PRIVATE_STORAGE_BACKEND="django.core.files.storage.FileSystemStorage",
        PRIVATE_STORAGE_OPTIONS=json.dumps(
            {"location": str(tmp_path), "file_permissions_mode": 0o600}
        ),
    )
    assert json.loads(stored) == [
        {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "file_permissions_mode": 0o600},
        },
        "FileSystemStorage",
        str(tmp_path),
    ]


def test_private_files_have_no_address():
    with pytest.raises(ValueError, match="no address"):
        private_storage().url("certificates/1/batch.zip")


def settings_in_a_fresh_process(code: str, **env: str) -> str:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRIVATE_", "MEDIA_", "STATIC_")) and k != "CI"
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "csssl.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_private_folder_by_default_is_outside_the_static_and_media_roots():
    roots = json.loads(
        settings_in_a_fresh_process(
            "import json; from django.conf import settings as s; print(json.dumps("
            "[str(s.PRIVATE_MEDIA_ROOT), str(s.MEDIA_ROOT), str(s.STATIC_ROOT),"
            " *map(str, s.STATICFILES_DIRS)]))"
        )
    )
    private, *public = (Path(root).resolve() for root in roots)
    assert private == ROOT / "private_media"
    for root in public:
        assert not private.is_relative_to(root)
        assert not root.is_relative_to(private)


def test_a_stored_file_is_not_served_under_static_or_media(client, settings):
    name = private_storage().save("certificates/probe.zip", ContentFile(b"secret zip"))
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).read_bytes() == b"secret zip"

    for prefix in (settings.MEDIA_URL, settings.STATIC_URL, "/private_media/"):
        response = client.get(f"{prefix}{name}")
        assert response.status_code == 404, prefix


@pytest.mark.parametrize(
    ("inside", "of"),
    [("media/private", "MEDIA_ROOT"), ("static/private", "STATIC_ROOT"), ("", "MEDIA_ROOT")],
    ids=["inside the media folder", "inside the static folder", "the media folder itself"],
)
def test_check_refuses_a_private_folder_the_web_server_could_serve(settings, tmp_path, inside, of):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / (inside or "media")

    (error,) = private_folder_outside_the_web_roots()

    assert error.id == "csssl.E001"
    assert of in error.msg


def test_check_accepts_a_private_folder_apart(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    assert private_folder_outside_the_web_roots() == []
    assert "csssl.E001" not in {message.id for message in run_checks()}
