"""A backup restores: the demo data is loaded into a scratch database, backed up with
scripts/backup.sh, restored into a fresh database with scripts/restore.sh, and the site run
against the restored database shows the same people, applications and cohorts, and the
same stored files.

Needs PostgreSQL and its client tools: skipped without them on a developer's machine, a
failure in CI. Every scratch database is dropped at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[1]

#: What the restored site is compared on, printed as JSON by a process of its own.
SNAPSHOT = """
import hashlib, json
from django.contrib.auth import get_user_model
from django.test import Client
from applications.models import ExpressionOfInterest
from cohorts.models import CertificateBatch, Cohort, Participant, Programme
from csssl.storage import private_storage

home = Client().get("/")
stored = {
    batch.archive.name: hashlib.sha256(private_storage().open(batch.archive.name).read()).hexdigest()
    for batch in CertificateBatch.objects.exclude(archive="")
}
print(json.dumps({
    "users": get_user_model().objects.count(),
    "applications": ExpressionOfInterest.objects.count(),
    "cohorts": Cohort.objects.count(),
    "participants": Participant.objects.count(),
    "stored": stored,
    "home": [home.status_code, [p.name for p in Programme.objects.all() if p.name in home.content.decode()]],
}))
"""

#: A stored file to carry across: a zip for a demo cohort.
STORE_A_ZIP = """
from django.core.files.base import ContentFile
from cohorts.models import CertificateBatch, Cohort
from csssl.models import User
batch = CertificateBatch.objects.create(
    cohort=Cohort.objects.order_by("pk").first(),
    requested_by=User.objects.filter(is_staff=True).order_by("pk").first(),
    status="done",
)
batch.archive.save("certificates.zip", ContentFile(b"PK\\x05\\x06" + bytes(18)))
"""


@pytest.fixture
def postgres_tools():
    require_service("postgresql")
    require_service("postgresql-client")


def server() -> dict:
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or "",
    }


def url_of(name: str) -> str:
    s = server()
    password = f":{quote(s['password'], safe='')}" if s["password"] else ""
    return f"postgres://{quote(s['user'], safe='')}{password}@{s['host']}:{s['port']}/{name}"


def admin(sql: str) -> None:
    connection = psycopg2.connect(dbname="postgres", **server())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@pytest.fixture
def scratch(postgres_tools):
    """Makes empty databases on the test server; drops every one at the end. Their names
    start like the test database's, so a run that was killed leaves nothing that the next
    CI run (which drops ``test_<name>*``) does not clear."""
    made = []
    base = settings.DATABASES["default"]["NAME"].removeprefix("test_")

    def make(label: str) -> str:
        name = f"test_{base}_backup_{label}_{uuid.uuid4().hex[:8]}"
        admin(f'CREATE DATABASE "{name}"')
        made.append(name)
        return name

    try:
        yield make
    finally:
        for name in made:
            admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(*command: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CI"}}
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**clean, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run(sys.executable, "manage.py", *args, env=env)


def snapshot(env: dict[str, str]) -> dict:
    return json.loads(manage("shell", "-c", SNAPSHOT, env=env).stdout.strip().splitlines()[-1])


def test_demo_backed_up_and_restored_is_the_same_site(scratch, tmp_path):
    backups, source_files, restored_files = (
        tmp_path / "backups",
        tmp_path / "files",
        tmp_path / "restored-files",
    )
    source = {"DATABASE_URL": url_of(scratch("source")), "PRIVATE_MEDIA_ROOT": str(source_files)}
    manage("migrate", "--noinput", env=source)
    manage("load_demo", env=source)
    manage("shell", "-c", STORE_A_ZIP, env=source)
    before = snapshot(source)
    assert min(before["users"], before["applications"], before["cohorts"]) > 0
    assert len(before["stored"]) == 1
    assert before["home"][0] == 200
    assert before["home"][1], "the home page names no demo programme"

    run("scripts/backup.sh", env={**source, "BACKUP_DIR": str(backups)})
    (dump,) = backups.glob("db-*.dump")
    (archive,) = backups.glob("files-*.tar.gz")
    assert archive.name == dump.name.replace("db-", "files-").replace(".dump", ".tar.gz")

    restored = {
        "DATABASE_URL": url_of(scratch("restored")),
        "PRIVATE_MEDIA_ROOT": str(restored_files),
    }
    run("scripts/restore.sh", str(dump), env=restored)

    after = snapshot(restored)
    assert after == before
    assert sorted(p.relative_to(restored_files) for p in restored_files.rglob("*")) == sorted(
        p.relative_to(source_files) for p in source_files.rglob("*")
    )

    # Restoring again over the data now there is refused without the confirmation.
    again = run("scripts/restore.sh", str(dump), env=restored, check=False)
    assert again.returncode == 3
    assert "Give --yes" in again.stderr
    run("scripts/restore.sh", "--yes", str(dump), env=restored)
    assert snapshot(restored) == before


def test_backup_keeps_the_newest_of_each_kind(scratch, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    old = [f"20200101T0000{n:02}Z" for n in range(3)]
    for stamp in old:
        (backups / f"db-{stamp}.dump").write_bytes(b"old")
        (backups / f"files-{stamp}.tar.gz").write_bytes(b"old")
    (backups / "notes.txt").write_text("not a backup")
    env = {
        "DATABASE_URL": url_of(scratch("keep")),
        "BACKUP_DIR": str(backups),
        "BACKUP_KEEP": "2",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "no-files-yet"),
    }

    run("scripts/backup.sh", env=env)

    names = sorted(path.name for path in backups.iterdir())
    (new_dump,) = [n for n in names if n.startswith("db-") and not n.startswith("db-2020")]
    stamp = new_dump.removeprefix("db-").removesuffix(".dump")
    assert names == sorted(
        [
            f"db-{old[2]}.dump",
            new_dump,
            f"files-{old[2]}.tar.gz",
            f"files-{stamp}.tar.gz",
            "notes.txt",
        ]
    )


def test_restore_refuses_a_database_with_tables_and_changes_nothing(scratch, tmp_path):
    backups = tmp_path / "backups"
    empty = {"DATABASE_URL": url_of(scratch("empty")), "BACKUP_DIR": str(backups)}
    run("scripts/backup.sh", env=empty)
    (dump,) = backups.glob("db-*.dump")
    target = scratch("busy")
    admin_target = psycopg2.connect(dbname=target, **server())
    admin_target.autocommit = True
    try:
        with admin_target.cursor() as cursor:
            cursor.execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)")
    finally:
        admin_target.close()
    files = tmp_path / "files"
    files.mkdir()
    (files / "kept.txt").write_text("kept")

    refused = run(
        "scripts/restore.sh",
        str(dump),
        env={"DATABASE_URL": url_of(target), "PRIVATE_MEDIA_ROOT": str(files)},
        check=False,
    )

    assert refused.returncode == 3
    assert "has 1 tables" in refused.stderr
    assert (files / "kept.txt").read_text() == "kept"
    check = psycopg2.connect(dbname=target, **server())
    try:
        with check.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM kept")
            assert cursor.fetchone() == (1,)
    finally:
        check.close()
