"""`make prod-check`: the production topology of docker-compose.yml, run on this machine.

There is no container engine here, so each service's own command, as compose states it, runs as
a process: the image's build step (collectstatic), `migrate` (with its `check --deploy`), gunicorn
(`web`), the Celery `worker` and `beat`, against a scratch PostgreSQL database and Redis, with the
environment of the README's `.env` and compose's own `environment:`, `DEBUG=false`. Then each
service's health check runs as compose states it, a person signs up through the site under the
public host name, the worker delivers the confirmation email to a local SMTP sink, beat queues a
sweep that the worker runs, and WhiteNoise serves a hashed static file. Each step prints
``ok  <step>`` or ``FAIL <step>: why``; everything started is stopped and the scratch database
dropped, whatever happens (Ctrl-C too). Exits 1 on any failure.

Only what cannot be the same outside a container is translated, each translation listed with the
command it changes (``plan``): addresses of the `db` and `redis` containers become the local
servers, the published port 8000 a free local port, the container's own /tmp a scratch folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scripts import deployment
from scripts.processes import (
    Failed,
    Services,
    check,
    database_create,
    database_drop,
    free_port,
    until,
)
from scripts.site_visit import Visit
from scripts.smtp_sink import SmtpSink

ROOT = deployment.ROOT
BIN = Path(sys.executable).parent
MIGRATE_CHECK = "check --deploy --fail-level WARNING"
# The variables of the README's `.env` that it leaves for the reader to fill in.
FILLED = {"SECRET_KEY", "POSTGRES_PASSWORD"}


class Stop(BaseException):
    """Ctrl-C or SIGTERM: everything started is stopped on the way out."""


@dataclass
class Planned:
    service: str
    kind: str  # "build", "command" or "healthcheck"
    argv: list[str]
    translations: list[tuple[str, str]] = field(default_factory=list)


def translate(argv: list[str], translations: list[tuple[str, str]]) -> list[str]:
    """``argv`` with each (old, new) replaced in its shell form; every old must occur."""
    line = shlex.join(argv)
    for old, new in translations:
        if old not in line:
            raise Failed(f"{old!r} is no longer in {line!r}: the translation needs updating")
        line = line.replace(old, new)
    return shlex.split(line)


@dataclass(frozen=True)
class Servers:
    postgres: str  # postgres://user:password@host:port (no database)
    database: str  # the scratch database's name
    broker: str
    cache: str

    @property
    def database_url(self) -> str:
        return f"{self.postgres.rstrip('/')}/{self.database}"


def plan(*, servers: Servers, web_port: int, scratch: Path) -> list[Planned]:
    """What runs, in order: compose's commands and health checks with their translations."""
    pg, redis = urlsplit(servers.postgres), urlsplit(servers.broker)
    tmp = [("/tmp/", f"{scratch}/")]  # the container's own /tmp
    build = deployment.dockerfile().build_step("collectstatic")
    steps = [Planned("image", "build", ["sh", "-c", build])]
    for name, translations in [
        ("migrate", []),
        ("web", [("0.0.0.0:8000", f"127.0.0.1:{web_port}")]),
        ("worker", []),
        ("beat", tmp),
    ]:
        steps.append(Planned(name, "command", deployment.command(name), translations))
    for name, translations in [
        (
            "db",
            [
                ("-U programmes", f"-h {pg.hostname} -p {pg.port or 5432} -U {pg.username}"),
                ("-d programmes", f"-d {servers.database}"),
            ],
        ),
        (
            "redis",
            [
                (
                    "redis-cli ",
                    f"redis-cli -h {redis.hostname} -p {redis.port or 6379} "
                    f"-n {redis.path.strip('/') or 0} ",
                )
            ],
        ),
        ("web", [("127.0.0.1:8000", f"127.0.0.1:{web_port}")]),
        ("worker", []),
        ("beat", []),
    ]:
        steps.append(Planned(name, "healthcheck", deployment.healthcheck(name), translations))
    for step in steps:
        step.argv = translate(step.argv, step.translations)
    return steps


def app_environment(*, servers: Servers, scratch: Path, smtp_port: int) -> dict[str, str]:
    """An app container's environment: the image's ENV, the README's `.env` (its blanks filled,
    its mail server the sink), then compose's ``environment:`` pointed at the local servers."""
    env = {
        "PATH": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(scratch),
        "LANG": "C.UTF-8",
        "HOSTNAME": socket.gethostname(),  # the worker's node name, as in its container
        # The container's own files: the image's collected static files and beat's heartbeat.
        "STATIC_ROOT": str(scratch / "staticfiles"),
        "BEAT_HEARTBEAT_FILE": str(scratch / "celerybeat-heartbeat"),
    }
    env.update(deployment.dockerfile().env)
    dotenv = deployment.readme_env()
    for key, value in dotenv.items():
        if value.startswith("<") and value.endswith(">") and " " in value and key not in FILLED:
            raise Failed(f"the README's .env leaves {key} to fill in: prod-check needs a value")
    email = urlsplit(dotenv["EMAIL_URL"])
    env.update(
        dotenv,
        SECRET_KEY=secrets.token_urlsafe(50),
        POSTGRES_PASSWORD=secrets.token_urlsafe(16),
        # The sink speaks no TLS; the user and password are the README's.
        EMAIL_URL=f"smtp://{email.username}:{email.password}@127.0.0.1:{smtp_port}",
    )
    local = {
        "DATABASE_URL": servers.database_url,
        "CELERY_BROKER_URL": servers.broker,
        "CACHE_URL": servers.cache,
    }
    for key, value in deployment.environment("web").items():
        if key in local:
            env[key] = local[key]
        elif "@db:" in value or "//redis:" in value:
            raise Failed(f"compose's {key} names a container prod-check does not translate")
        else:
            env[key] = value
    return env


@contextmanager
def step(name: str) -> Iterator[None]:
    try:
        yield
    except Failed as error:
        print(f"FAIL {name}: {error}", flush=True)
        raise
    except Exception as error:
        print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
        raise Failed(name) from error
    print(f"ok  {name}", flush=True)


def healthy(name: str, argv: list[str], env: dict, services: Services, seconds: float) -> str:
    """A health check run until it passes (or ``seconds`` go by): Failed with its last words."""
    last: list[subprocess.CompletedProcess] = []

    def attempt() -> bool:
        if name in services.running:
            services.alive(name)
        last[:] = [check(argv, env)]
        return last[0].returncode == 0

    if not until(attempt, seconds=seconds):
        words = (last[0].stdout + last[0].stderr).strip()
        raise Failed(f"exit status {last[0].returncode}: {words[-600:]}\n{services.tail(name)}")
    return last[0].stdout.strip()


def run_steps(
    *, services: Services, servers: Servers, scratch: Path, sink: SmtpSink, ran: list[Planned]
) -> None:
    web_port = free_port()
    steps = {
        (p.service, p.kind): p for p in plan(servers=servers, web_port=web_port, scratch=scratch)
    }
    env = app_environment(servers=servers, scratch=scratch, smtp_port=sink.port)
    static_root = Path(env["STATIC_ROOT"])

    def planned(service: str, kind: str) -> list[str]:
        ran.append(steps[service, kind])
        return steps[service, kind].argv

    with step("db and redis: their health checks (pg_isready, redis-cli ping)"):
        for name in ("db", "redis"):
            result = check(planned(name, "healthcheck"), env)
            if result.returncode:
                raise Failed(f"{name}: {(result.stdout + result.stderr).strip()}")

    # The image is built before compose starts anything; the build and migrate need nothing of
    # each other, so here they run side by side. A build sees the image's ENV and nothing of
    # .env or compose.
    build = deployment.dockerfile().build_step("collectstatic")
    build_env = {key: env[key] for key in ("PATH", "HOME", "LANG", "STATIC_ROOT")}
    services.start("build", planned("image", "build"), build_env | deployment.dockerfile().env)

    migrate = planned("migrate", "command")
    with step(f"migrate: {migrate[-1] if migrate[0] == 'sh' else shlex.join(migrate)}"):
        if MIGRATE_CHECK not in shlex.join(migrate):
            raise Failed(f"compose's migrate command does not run `{MIGRATE_CHECK}`")
        services.run("migrate", migrate, env, 300)

    with step(f"image build: {build}"):
        services.finish("build", 300)
        if not (static_root / "staticfiles.json").exists():
            raise Failed("no staticfiles.json manifest was written")

    with step("web, worker and beat started with compose's commands"):
        for name in ("web", "worker", "beat"):
            services.start(name, planned(name, "command"), env)

    with step(f"web: health check, GET http://127.0.0.1:8000/healthz (here :{web_port})"):
        healthy("web", planned("web", "healthcheck"), env, services, 60)

    with step(f"worker: health check, celery inspect ping celery@{env['HOSTNAME']}"):
        healthy("worker", planned("worker", "healthcheck"), env, services, 60)

    site = env["SITE_URL"]
    visit = Visit(("127.0.0.1", web_port), site)
    with step(f"web: a host ALLOWED_HOSTS leaves out gets 400 ({env['ALLOWED_HOSTS']} only)"):
        answer = visit.request("GET", "/", headers={"Host": f"127.0.0.1:{web_port}"})
        if answer.status != 400:
            raise Failed(f"answered {answer.status}")

    address = f"prod-check-{secrets.token_hex(4)}@example.org"
    password = secrets.token_urlsafe(16)
    with step(f"web: sign up at {site}/accounts/signup/ as {address}"):
        page = visit.get("/accounts/signup/")
        if page.status != 200:
            raise Failed(f"the form answered {page.status}")
        fields = {"first_name": "Prod", "last_name": "Check", "email": address}
        done = visit.submit(page, fields | {"password1": password, "password2": password})
        if done.status != 200 or urlsplit(done.url).path != "/accounts/confirm-email/":
            raise Failed(f"ended at {done.url} with {done.status}, not the confirm-email page")

    with step("worker: the confirmation email reached the SMTP sink"):
        message = sink.wait_for(lambda m: address in str(m["To"]), timeout=60)
        services.alive("worker")
        if message is None:
            raise Failed(f"nothing for {address} within 60 s\n{services.tail('worker')}")
        if not until(lambda: worker_succeeded(services, {"csssl.outbox_deliver"}), seconds=10):
            raise Failed(f"the worker's log shows no delivery\n{services.tail('worker')}")
        body = message.get_body(("plain",)).get_content()
        links = re.findall(rf"{re.escape(site)}/accounts/confirm-email/\S+", body)
        if not links:
            raise Failed(f"no {site}/accounts/confirm-email/ link in:\n{body}")

    # A page only a signed-in person sees: before the link it sends the visitor to sign in.
    own = "/accounts/email/"
    with step("web: the email's link confirms the address and signs the person in"):
        before = visit.get(own)
        if not urlsplit(before.url).path.startswith("/accounts/login/"):
            raise Failed(f"{own} before confirming ended at {before.url}, not the sign-in page")
        done = visit.submit(visit.get(links[0]), {})
        after = visit.get(own)
        if done.status != 200 or after.status != 200 or urlsplit(after.url).path != own:
            raise Failed(f"confirming ended at {done.url} ({done.status}); {own} at {after.url}")

    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    name = next((n for n in sorted(manifest) if n.endswith(".css")), sorted(manifest)[0])
    with step(f"web: WhiteNoise serves /static/{manifest[name]}"):
        answer = visit.get(f"/static/{manifest[name]}")
        if answer.status != 200 or answer.body != (static_root / manifest[name]).read_bytes():
            raise Failed(f"answered {answer.status} with {len(answer.body)} bytes")
        if "immutable" not in answer.headers.get("Cache-Control", ""):
            raise Failed(f"Cache-Control is {answer.headers.get('Cache-Control')!r}")

    heartbeat = Path(env["BEAT_HEARTBEAT_FILE"])
    with step("beat: queued a sweep (its heartbeat was written)"):

        def beat_ticked() -> bool:
            services.alive("beat")
            return heartbeat.exists()

        if not until(beat_ticked, seconds=100):
            raise Failed(f"no heartbeat within 100 s\n{services.tail('beat')}")

    with step("worker: ran the sweep"):
        sweeps = set(json.loads(check_schedule(env)))
        if not until(lambda: worker_succeeded(services, sweeps), seconds=30):
            raise Failed(f"no sweep of {sorted(sweeps)} succeeded\n{services.tail('worker')}")

    with step("beat: health check, manage.py beat_health --max-age 180"):
        healthy("beat", planned("beat", "healthcheck"), env, services, 10)


def worker_succeeded(services: Services, tasks: set[str]) -> bool:
    """Whether the worker's log says it ran one of ``tasks`` to success."""
    lines = services.log("worker").read_text(errors="replace").splitlines()
    return any("succeeded" in line and any(task in line for task in tasks) for line in lines)


def check_schedule(env: dict) -> str:
    """The tasks of beat's schedule, as the settings of that environment give it."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([e['task'] for e in settings.CELERY_BEAT_SCHEDULE.values()]))"
    )
    result = check(["python", "-c", code], env | {"DJANGO_SETTINGS_MODULE": "csssl.settings"})
    if result.returncode:
        raise Failed(result.stderr)
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--cache", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--report", type=Path, help="write what ran there, as JSON")
    args = parser.parse_args(argv)

    def interrupted(signum, frame):
        # Once: a second Ctrl-C must not cut short the stopping and the dropping.
        for each in (signal.SIGINT, signal.SIGTERM):
            signal.signal(each, signal.SIG_IGN)
        raise Stop()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, interrupted)
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="prod-check-"))
    services = Services(scratch)
    ran: list[Planned] = []
    code = 1
    try:
        with step("a scratch database on PostgreSQL"):
            name = database_create(args.postgres)
        try:
            with SmtpSink() as sink:
                servers = Servers(args.postgres, name, args.broker, args.cache)
                run_steps(services=services, servers=servers, scratch=scratch, sink=sink, ran=ran)
                code = 0
        finally:
            services.stop_all()
            with step(f"stopped every service and dropped {name}"):
                database_drop(args.postgres, name)
    except Failed:
        code = 1
    except Stop:
        print("FAIL interrupted: every service was stopped", flush=True)
        code = 130
    finally:
        services.stop_all()
        shutil.rmtree(scratch, ignore_errors=True)
        if args.report:
            args.report.write_text(json.dumps([asdict(planned) for planned in ran], indent=1))
    verdict = "passed" if code == 0 else "failed"
    print(f"prod-check {verdict} in {time.monotonic() - started:.0f} s", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
