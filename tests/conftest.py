"""Fixtures for every test.

Tests that need a real service (PostgreSQL, Redis, Chromium) ask for it through
``require_service``: on a machine without it they are skipped with the reason, and the run ends
by naming them; in CI (``CI`` set) a missing service is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import override_settings

from csssl.celery import app as celery_app
from tests.database import migration_rows_restore

IN_CI = bool(os.environ.get("CI"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
_missing: dict[str, str] = {}


def _broker_for_this_worker() -> None:
    """Under pytest-xdist each worker process has a test database of its own, so it needs a
    broker of its own too: otherwise a Celery worker started by one process could take a task
    another published and look for its rows in the wrong database. Worker ``gwN`` uses the
    Redis database N + 1 places after the one configured."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not (worker.startswith("gw") and url.startswith("redis")):
        return
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + 1 + int(worker.removeprefix("gw"))
    own = parts._replace(path=f"/{number}").geturl()
    os.environ["CELERY_BROKER_URL"] = own
    settings.CELERY_BROKER_URL = own
    celery_app.conf.broker_url = own


_broker_for_this_worker()


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def service_problem(name: str) -> str | None:
    """Why ``name`` cannot be used here, or None when it can."""
    if name == "postgresql":
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "DATABASE_URL does not point at PostgreSQL"
        return None
    if name == "redis":
        url = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL", "")
        if not url.startswith("redis"):
            return "CELERY_BROKER_URL is not a Redis URL"
        if not _reachable(url, 6379):
            return f"Redis does not answer at {url}"
        return None
    if name == "postgresql-client":
        missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if not shutil.which(tool)]
        if missing:
            return f"{', '.join(missing)} not installed (apt-get install postgresql-client)"
        return None
    if name == "chromium":
        if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
            return f"Chromium is not installed at {CHROMIUM}"
        return None
    raise ValueError(name)


def require_service(name: str) -> None:
    problem = service_problem(name)
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"{name} is required in CI: {problem}", pytrace=False)
    _missing[name] = problem
    pytest.skip(f"needs {name}: {problem}")


def pytest_terminal_summary(terminalreporter):
    if _missing:
        terminalreporter.section("skipped for want of a service")
        for name, problem in sorted(_missing.items()):
            terminalreporter.write_line(f"{name}: {problem} (tests that need it were skipped)")


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    """Plain-HTTP test servers and no collected static files: the production hardening that
    DEBUG=False switches on is tested in tests/csssl/test_settings.py instead. Stored files
    (certificate zips, evidence) go to a folder of the run's own, never the project's."""
    with override_settings(
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private_media"),
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SECURE_HSTS_SECONDS=0,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # A deliberately slow hash protects real passwords; tests only need a correct one.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Staff in other tests sign in with a password alone; tests/csssl/test_two_factor.py
        # switches two-factor sign-in on.
        MFA_REQUIRED_FOR_STAFF=False,
        # Tests that travel in time move days and months for the data, not a person sitting
        # idle at a signed-in browser: no time limit on sessions (and Django's two-week cookie), except in
        # tests/csssl/test_session_limits.py. What ends every session of a person at once
        # (a role taken away, an account disabled) stays on everywhere.
        SESSION_IDLE_MINUTES=0,
        SESSION_STAFF_IDLE_MINUTES=0,
        SESSION_ABSOLUTE_HOURS=0,
        SESSION_COOKIE_AGE=60 * 60 * 24 * 14,
    ):
        yield


@pytest.fixture(autouse=True)
def _migration_rows(request):
    """A transactional test (a live server, a real worker) ends by emptying every table, the
    East Midlands authorities that a migration loads included. Which test a pytest-xdist worker
    runs next is the scheduler's choice, so each database test gets those rows back first if
    they have gone (one query when they are there)."""
    marked = request.node.get_closest_marker("django_db") is not None
    wanted = {"db", "transactional_db"} & set(request.fixturenames)
    if not (marked or wanted):
        return
    if not marked:  # a marked test has its database already; a fixture's may not be set up yet
        request.getfixturevalue("transactional_db" if "transactional_db" in wanted else "db")
    migration_rows_restore()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Sign-in rate limits are counted in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process unless a test starts a real worker (see tests/csssl/test_worker.py)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def postgresql():
    require_service("postgresql")


@pytest.fixture
def redis_broker():
    require_service("redis")
    return os.environ.get("CELERY_BROKER_URL") or os.environ["REDIS_URL"]
