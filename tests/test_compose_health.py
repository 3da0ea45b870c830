"""The compose file's own health checks, run against the real programs they watch.

The web check runs against gunicorn started as the container starts it (``DEBUG=false``, the
README's ``.env``: only ``programmes.example.org`` allowed), the worker check against a real
Celery worker, both on the test database and the test broker; the beat check against a
heartbeat fresh, stale and missing. Each server starts once for the module.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from csssl.celery import app as celery_app
from scripts import deployment
from scripts.deployment import ROOT, healthcheck
from tests.conftest import require_service

BIN = Path(sys.executable).parent

pytestmark = pytest.mark.services


def check_argv(name: str, **replace: str) -> list[str]:
    """The service's health-check command as the container would run it, here."""
    command = healthcheck(name)
    assert command, f"{name} has no health check"
    for old, new in replace.items():
        command = [part.replace(old, new) for part in command]
    if command[0] == "python":
        command[0] = sys.executable
    return command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def readme_env(*, broker: str) -> dict[str, str]:
    """The environment of an app container: the README's `.env`, then compose's own values,
    with the database and broker of this test run."""
    settings = connection.settings_dict
    database = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    env.update(deployment.readme_env())
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        EMAIL_URL="consolemail://",
        DEBUG="false",
        DATABASE_URL=database,
        CELERY_BROKER_URL=broker,
        CACHE_URL="locmemcache://",
        # The image's programs (gunicorn, celery, python) are on its PATH.
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return env


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped while starting"
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not listen on port {port} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def web(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[int]:
    """Gunicorn started with the web service's command (bound to a free port instead of
    8000), from the repository root so that it reads gunicorn.conf.py as the image does, with
    the static files collected as the image collects them (its error pages name them)."""
    require_service("postgresql")
    require_service("redis")
    port = free_port()
    command = deployment.command("web")
    assert command[0] == "gunicorn"
    argv = [str(BIN / "gunicorn"), *command[1:]]
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "1"
    with django_db_blocker.unblock():
        env = readme_env(broker=os.environ["CELERY_BROKER_URL"])
    env["STATIC_ROOT"] = str(tmp_path_factory.mktemp("static"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield port
    finally:
        stop(process)


def get(port: int, path: str, host: str) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_web_health_check_passes_with_the_readme_env(web):
    assert "127.0.0.1:8000" in " ".join(healthcheck("web"))
    result = subprocess.run(
        check_argv("web", **{"127.0.0.1:8000": f"127.0.0.1:{web}"}),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_web_health_answer_names_database_and_broker(web):
    with urllib.request.urlopen(f"http://127.0.0.1:{web}/healthz", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        assert response.read() == b'{"status": "ok", "database": "ok", "broker": "ok"}'


@pytest.mark.parametrize("path", ["/", "/healthz/", "/healthz/x", "/accounts/login/", "/admin/"])
def test_web_other_paths_refuse_a_host_not_allowed(web, path):
    assert get(web, path, "127.0.0.1") == 400


def test_web_healthz_answers_only_get(web):
    request = urllib.request.Request(f"http://127.0.0.1:{web}/healthz", method="POST", data=b"")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 405


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker) -> Iterator[str]:
    """A Celery worker started with the worker service's command; its node is named after
    this machine's host name, as in the container. Yields that host name."""
    require_service("redis")
    command = deployment.command("worker")
    assert command[:4] == ["celery", "-A", "csssl", "worker"]
    argv = [str(BIN / "celery"), *command[1:], "--pool=solo", "--without-mingle"]
    with django_db_blocker.unblock():
        env = readme_env(broker=os.environ["CELERY_BROKER_URL"])
    hostname = socket.gethostname()
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(destination=[f"celery@{hostname}"], timeout=1):
            assert process.poll() is None, "the worker stopped while starting"
            assert time.monotonic() < deadline, "the worker did not answer within 60 s"
        yield hostname
    finally:
        stop(process)


def run_check(name: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        check_argv(name), cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_worker_health_check_pings_its_own_node(worker):
    env = readme_env(broker=os.environ["CELERY_BROKER_URL"]) | {"HOSTNAME": worker}
    result = run_check("worker", env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"celery@{worker}: OK" in result.stdout


def test_worker_health_check_fails_when_its_node_does_not_answer(worker):
    env = readme_env(broker=os.environ["CELERY_BROKER_URL"]) | {"HOSTNAME": "nobody-runs-this"}
    result = run_check("worker", env)
    assert result.returncode == 1
    assert "No nodes replied" in result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(("age", "healthy"), [(10, True), (600, False)])
def test_beat_health_check_reads_the_heartbeat(tmp_path, age, healthy):
    heartbeat = tmp_path / "heartbeat"
    heartbeat.write_text(f"{time.time() - age}\n")
    env = readme_env(broker=os.environ["CELERY_BROKER_URL"])
    env["BEAT_HEARTBEAT_FILE"] = str(heartbeat)
    result = run_check("beat", env)
    assert (result.returncode == 0) is healthy, result.stdout + result.stderr
    assert result.returncode in (0, 1)


@pytest.mark.django_db
def test_beat_health_check_fails_before_any_sweep(tmp_path):
    env = readme_env(broker=os.environ["CELERY_BROKER_URL"])
    env["BEAT_HEARTBEAT_FILE"] = str(tmp_path / "never-written")
    result = run_check("beat", env)
    assert result.returncode == 1
    assert "no sweep yet" in result.stderr


@pytest.mark.parametrize(
    ("dumps", "healthy"),
    [
        ({"db-old.dump": 3 * 86400, "db-new.dump": 3600}, True),
        ({"db-yesterday.dump": 86400 + 3600}, True),
        ({"db-old.dump": 2 * 86400, "files-new.tar.gz": 60}, False),
        ({}, False),
    ],
    ids=["an hour old", "a day old", "only an old dump", "none yet"],
)
def test_backup_health_check_needs_a_dump_from_the_last_day_and_a_half(tmp_path, dumps, healthy):
    for name, age in dumps.items():
        path = tmp_path / name
        path.write_bytes(b"dump")
        os.utime(path, (time.time() - age, time.time() - age))
    command = check_argv("backup", **{"/backups": str(tmp_path)})
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert (result.returncode == 0) is healthy, result.stdout + result.stderr
