import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qm2!vZp9@Lr4$Wx8^Tn6&Hc3*Jb5(Fd1)Gs0_Ye-Ua+Io=Pe",
    "ALLOWED_HOSTS": "programmes.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://programmes.example.org",
    "SITE_URL": "https://programmes.example.org",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "CI"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_rejects_default_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("TIME_ZONE", "Europe/London"),
        ("USE_TZ", True),
        ("CELERY_TASK_SERIALIZER", "json"),
        ("CELERY_TASK_ACKS_LATE", True),
    ],
)
def test_settings_fixed_values(settings, setting, expected):
    assert getattr(settings, setting) == expected


def test_settings_without_broker_run_tasks_in_process():
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    env = {"DJANGO_SETTINGS_MODULE": "csssl.settings"}
    clean = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    run = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == "True", run.stderr
    with_broker = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, **env, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert with_broker.stdout.strip() == "False", with_broker.stderr


def settings_in_process(code: str, env: dict[str, str]) -> str:
    """What ``code`` prints under settings read from ``env`` (and no CONN_ or CACHE_ variable
    of the test run's own)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CONN_", "CACHE_", "PDF_CACHE_")) and k != "DATABASE_URL"
    }
    run = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "csssl.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


CONNECTION = (
    "from django.conf import settings; db = settings.DATABASES['default']; "
    "print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
)


def test_settings_database_connections_kept_and_checked_by_default(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    assert settings_in_process(CONNECTION, env) == "60 True"


def test_settings_database_connections_overridden_by_environment(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CONN_MAX_AGE": "0",
        "CONN_HEALTH_CHECKS": "false",
    }

    assert settings_in_process(CONNECTION, env) == "0 False"


# One request's end and the next one's start, as Django's handler signals them: the same
# connection object afterwards means it was kept for the next request.
KEPT_BETWEEN_REQUESTS = (
    "from django.core import signals; from django.db import connection; "
    "connection.ensure_connection(); before = connection.connection; "
    "signals.request_finished.send(sender=None); signals.request_started.send(sender=None); "
    "connection.ensure_connection(); print(connection.connection is before)"
)


def test_settings_connection_kept_from_one_request_to_the_next(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    assert settings_in_process(KEPT_BETWEEN_REQUESTS, env) == "True"
    assert settings_in_process(KEPT_BETWEEN_REQUESTS, {**env, "CONN_MAX_AGE": "0"}) == "False"


def test_settings_redis_cache_gives_up_on_a_silent_server(tmp_path):
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['OPTIONS']['socket_connect_timeout'], "
        "c['OPTIONS']['socket_timeout'])"
    )
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
    }

    assert settings_in_process(code, env) == "csssl.cache.ForgivingRedisCache 1 1"
