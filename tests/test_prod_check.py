"""`make prod-check` (scripts/prod_check.py) runs what docker-compose.yml states, and works.

The cheap tests read docker-compose.yml and the Dockerfile themselves and hold prod-check's plan
to them: a command or health check of compose that prod-check would not run as written (beyond
the translations listed here) fails. The last test runs the whole check, against the test run's
PostgreSQL and Redis, and holds what it really ran to compose in the same way.
"""

from __future__ import annotations

import json
import os
import shlex
import smtplib
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core import mail

from scripts import deployment, prod_check
from scripts.processes import Failed
from scripts.smtp_sink import SmtpSink
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[1]

# What may differ from compose, and why: nothing else.
TRANSLATED = {
    ("web", "command"): {"0.0.0.0:8000"},  # the published port: a free local one
    ("web", "healthcheck"): {"127.0.0.1:8000"},  # the same port, asked for from inside
    ("beat", "command"): {"/tmp/"},  # the container's own /tmp
    ("db", "healthcheck"): {"-U programmes", "-d programmes"},  # the local server, scratch db
    ("redis", "healthcheck"): {"redis-cli "},  # the local server and its database
}


def compose_argv(service: str, kind: str) -> list[str]:
    """The command or health check exactly as docker-compose.yml (or the Dockerfile) writes it."""
    if service == "image":
        lines = (ROOT / "Dockerfile").read_text().splitlines()
        (run,) = [line for line in lines if line.startswith("RUN") and "collectstatic" in line]
        return ["sh", "-c", run.removeprefix("RUN ")]
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    if kind == "command":
        return services[service]["command"]
    test = services[service]["healthcheck"]["test"]
    if test[0] == "CMD-SHELL":
        return ["sh", "-c", test[1].replace("$$", "$")]
    assert test[0] == "CMD", test
    return test[1:]


NOT_RUN = {"backup"}


def assert_as_compose_states(ran: list[dict]) -> None:
    """Every command and health check of compose was run, each as compose states it, with only
    the translations of TRANSLATED."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    expected = {("image", "build")}
    expected |= {(name, "command") for name in deployment.APP_SERVICES}
    # The backup service is proved by tests/test_backup_restore.py (a dump restored and served)
    # and tests/test_compose_health.py (its health check), not by prod-check.
    expected |= {
        (name, "healthcheck")
        for name, s in services.items()
        if "healthcheck" in s and name not in NOT_RUN
    }
    assert {(r["service"], r["kind"]) for r in ran} == expected
    for r in ran:
        key = (r["service"], r["kind"])
        assert {old for old, _ in r["translations"]} == TRANSLATED.get(key, set()), key
        line = shlex.join(compose_argv(*key))
        for old, new in r["translations"]:
            line = line.replace(old, new)
        assert [str(part) for part in r["argv"]] == shlex.split(line), key


def a_plan(tmp_path: Path) -> list[dict]:
    servers = prod_check.Servers(
        "postgres://postgres@127.0.0.1:5432", "csssl_prodcheck_x", "redis://127.0.0.1:6379/5", ""
    )
    planned = prod_check.plan(servers=servers, web_port=8123, scratch=tmp_path)
    return [
        {"service": p.service, "kind": p.kind, "argv": p.argv, "translations": p.translations}
        for p in planned
    ]


def test_plan_runs_compose_commands_and_health_checks_as_written(tmp_path):
    ran = a_plan(tmp_path)
    assert_as_compose_states(ran)
    web = next(r["argv"] for r in ran if r["service"] == "web" and r["kind"] == "command")
    assert "127.0.0.1:8123" in web
    assert [r["argv"] for r in ran if r["service"] == "web" and r["kind"] == "healthcheck"][0][
        -1
    ] == "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8123/healthz', timeout=5)"


def test_plan_held_to_compose_fails_on_a_command_compose_does_not_state(tmp_path):
    ran = a_plan(tmp_path)
    worker = next(r for r in ran if r["service"] == "worker" and r["kind"] == "command")
    worker["argv"] = [*worker["argv"], "--pool=solo"]
    with pytest.raises(AssertionError):
        assert_as_compose_states(ran)


def test_migrate_command_runs_the_deploy_check_first():
    migrate = shlex.join(deployment.command("migrate"))
    assert prod_check.MIGRATE_CHECK in migrate
    assert migrate.index(prod_check.MIGRATE_CHECK) < migrate.index("migrate --noinput")


def test_dockerfile_cmd_is_the_web_command():
    assert deployment.dockerfile().cmd == deployment.command("web")
    assert deployment.dockerfile().env["PYTHONUNBUFFERED"] == "1"


def test_translation_that_no_longer_applies_fails():
    assert prod_check.translate(["a", "b c"], [("b c", "d")]) == ["a", "d"]
    with pytest.raises(Failed, match="no longer"):
        prod_check.translate(["gunicorn", "--bind", "0.0.0.0:9000"], [("0.0.0.0:8000", "x")])


def test_readme_env_block_is_read_as_written():
    env = deployment.readme_env()
    assert list(env) == [
        "SECRET_KEY",
        "POSTGRES_PASSWORD",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SITE_URL",
        "EMAIL_URL",
        "DEFAULT_FROM_EMAIL",
    ]
    assert env["ALLOWED_HOSTS"] == "programmes.example.org"
    assert env["DEFAULT_FROM_EMAIL"] == "Leadership Programmes <programmes@example.org>"


def test_readme_without_an_env_block_is_an_error(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\n## Production\n\nNo example here.\n")
    monkeypatch.setattr(deployment, "README", readme)
    deployment.readme_env.cache_clear()
    try:
        with pytest.raises(ValueError, match="no `cat > .env"):
            deployment.readme_env()
    finally:
        deployment.readme_env.cache_clear()


def test_app_environment_is_the_readme_env_with_compose_pointed_here(tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "somewhere.else")
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "false")
    servers = prod_check.Servers(
        "postgres://postgres@127.0.0.1:5432",
        "csssl_prodcheck_x",
        "redis://127.0.0.1:6379/5",
        "redis://127.0.0.1:6379/6",
    )
    env = prod_check.app_environment(servers=servers, scratch=tmp_path, smtp_port=2525)
    readme = deployment.readme_env()
    for key in ("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "DEFAULT_FROM_EMAIL"):
        assert env[key] == readme[key]
    assert env["DEBUG"] == "false"
    assert env["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5432/csssl_prodcheck_x"
    assert env["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/5"
    assert env["CACHE_URL"] == "redis://127.0.0.1:6379/6"
    assert env["EMAIL_URL"] == "smtp://user:password@127.0.0.1:2525"
    assert len(env["SECRET_KEY"]) >= 50
    assert "DJANGO_SETTINGS_MODULE" not in env
    assert "SECURE_SSL_REDIRECT" not in env  # a container sees nothing of this shell


def test_sink_receives_what_django_sends_over_smtp():
    with SmtpSink() as sink:
        connection = mail.get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=sink.port,
            username="user",
            password="password",
        )
        sent = mail.EmailMessage(
            "Confirm", "Line one\n.a line that starts with a dot\n", "a@example.org",
            ["b@example.org"], connection=connection,
        )  # fmt: skip
        sent.send()
        got = sink.wait_for(lambda m: m["To"] == "b@example.org", timeout=10)
        assert got is not None
        assert got["Subject"] == "Confirm"
        assert got.get_content() == "Line one\n.a line that starts with a dot\n"
        assert sink.wait_for(lambda m: m["To"] == "c@example.org", timeout=0.1) is None


def test_sink_keeps_each_message_of_one_session():
    with SmtpSink() as sink, smtplib.SMTP("127.0.0.1", sink.port) as client:
        for to in ("one@example.org", "two@example.org"):
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = "a@example.org", to, to
            message.set_content("x")
            client.send_message(message)
    assert [m["Subject"] for m in sink.messages] == ["one@example.org", "two@example.org"]
    assert sink.messages[1]["X-Sink-Envelope-To"] == "two@example.org"


@pytest.mark.services
def test_prod_check_runs_the_whole_topology(tmp_path):
    require_service("postgresql")
    require_service("redis")
    db = settings.DATABASES["default"]
    server = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    )
    broker = os.environ["CELERY_BROKER_URL"]
    report = tmp_path / "ran.json"
    result = subprocess.run(
        [sys.executable, "-m", "scripts.prod_check", "--postgres", server, "--broker", broker,
         "--cache", broker, "--report", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    steps = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    assert all(line.startswith("ok  ") for line in steps[:-1]), output
    assert steps[-1].startswith("prod-check passed"), output
    for needed in ("health check", "sign up", "SMTP sink", "WhiteNoise", "ran the sweep"):
        assert any(needed in line for line in steps), (needed, output)
    assert_as_compose_states(json.loads(report.read_text()))
