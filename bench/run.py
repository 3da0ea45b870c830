"""`make bench`: page times over HTTP against a national data set, as production serves them.

A scratch PostgreSQL database (``csssl_bench_<random>``) gets `migrate` and `bench_data`; the
static files are collected as the image's build step does; gunicorn serves the site with two
workers and the project's gunicorn.conf.py, ``DEBUG=false``. Three people sign in through the
login form (CSRF token and all, with no third-party HTTP client), and each page is asked for in
turn, round after round, so that whatever else the machine is doing falls on every page alike.
Each page's median and 95th percentile are given as a ratio to a constant page measured in the
same rounds (``/bench/floor``, on with ``BENCH_FLOOR_VIEW``): the ratios, not the milliseconds,
are what compare from one machine to another. Then the background work is timed
(``bench/background.py``): a Celery worker with two prefork processes, sending to a local SMTP
sink, issues a cohort's certificates and sends 10,000 emails, and the allocation assistant and
the mentor matching run in-process. bench/results.md gets the page table and the Background
table, and keeps the run before it under "Previous". The database is dropped and gunicorn and
the worker stopped however it ends.

    python bench/run.py [--scale 1.0] [--rounds 50] [--postgres postgres://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.processes import (  # noqa: E402
    Failed,
    Services,
    check,
    database_create,
    database_drop,
    free_port,
    until,
)
from scripts.site_visit import Visit  # noqa: E402
from scripts.smtp_sink import SmtpSink  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
WORKERS = 2
CELERY_PROCESSES = 2
FLOOR = "floor"
FLOOR_PATH = "/bench/floor"
PUBLIC = "https://127.0.0.1"  # as behind the TLS proxy: Host 127.0.0.1, X-Forwarded-Proto https
LATEST = "## Latest"
PREVIOUS = "## Previous"
INTRO = """# Page times: `make bench`

Written by `bench/run.py` (README, "Performance: make bench"). Each figure is over HTTP from
gunicorn with two workers, `DEBUG=false`, against the `bench_data` set at the scale named.
"× floor" is the page's time divided by the time of `/bench/floor` (a constant answered through
the whole middleware stack) in the same run: compare those ratios across machines and runs, not
the milliseconds.
"""


class Stop(BaseException):
    """SIGTERM: everything started is stopped on the way out."""


@dataclass
class Page:
    name: str
    who: str | None
    path: str
    times: list[float] = field(default_factory=list)
    status: int = 0
    size: int = 0
    queries: int | None = None

    def median(self) -> float:
        return statistics.median(self.times)

    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]  # nearest rank


def percentile_table(pages: list[Page]) -> str:
    floor = next(page for page in pages if page.name == FLOOR)
    lines = [
        "| page | path | status | median ms | p95 ms | × floor median | × floor p95 | bytes "
        "| queries |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for page in pages:
        path = page.path if "/calendar/" not in page.path else "/me/calendar/<token>.ics"
        lines.append(
            f"| {page.name} | `{path}` | {page.status} | {page.median() * 1000:.1f} | "
            f"{page.p95() * 1000:.1f} | {page.median() / floor.median():.1f} | "
            f"{page.p95() / floor.p95():.1f} | {page.size} | "
            f"{'–' if page.queries is None else page.queries} |"
        )
    return "\n".join(lines)


def write_results(path: Path, latest: str) -> None:
    """``latest`` (a run's heading lines and table) under "Latest"; the Latest section the file
    held before goes under "Previous", replacing the one before that."""
    previous = ""
    if path.exists():
        text = path.read_text()
        if LATEST in text:
            previous = text.split(LATEST, 1)[1].split(PREVIOUS, 1)[0].strip()
    body = f"{INTRO}\n{LATEST}\n\n{latest.strip()}\n"
    body += f"\n{PREVIOUS}\n\n{previous or 'No earlier run.'}\n"
    path.write_text(body)


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs (nproc)"


def commit() -> str:
    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return run.stdout.strip()

    return git("rev-parse", "--short", "HEAD") + (
        " (with changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
    )


# --------------------------------------------------------------------------------------------
# The scratch database and the processes
# --------------------------------------------------------------------------------------------


def environment(database_url: str, scratch: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env |= {
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",  # testserver: bench/queries.py
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BENCH_FLOOR_VIEW": "true",
        "MFA_REQUIRED_FOR_STAFF": "false",  # the bench's staff have no second factor to give
        "STATIC_ROOT": str(scratch / "staticfiles"),
        "PRIVATE_MEDIA_ROOT": str(scratch / "private"),
        "MEDIA_ROOT": str(scratch / "media"),
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", ""),
    }
    return env


def sign_in(address: tuple[str, int], email: str, password: str) -> Visit:
    visit = Visit(address, PUBLIC)
    page = visit.get("/accounts/login/")
    after = visit.submit(page, {"login": email, "password": password})
    if "sessionid" not in visit.cookies or "/accounts/login/" in after.url:
        raise Failed(f"{email} could not sign in (ended on {after.url}, {after.status})")
    return visit


def measure(visits: dict, pages: list[Page], rounds: int) -> None:
    """Every page once as a warm-up, then ``rounds`` rounds, each page once a round, starting
    one page further on each time so no page always follows the same one."""
    for page in pages:
        response = visits[page.who].request("GET", page.path)
        page.status, page.size = response.status, len(response.body)
    for r in range(rounds):
        for i in range(len(pages)):
            page = pages[(i + r) % len(pages)]
            visit = visits[page.who]
            started = time.perf_counter()
            visit.request("GET", page.path)
            page.times.append(time.perf_counter() - started)


def count_queries(pages: list[Page], manifest_path: Path, env: dict) -> None:
    """Each page's query count from bench/queries.py; left unknown if that fails."""
    script = [sys.executable, str(ROOT / "bench" / "queries.py"), str(manifest_path)]
    done = check(script, env, timeout=600)
    try:
        counts = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        print(f"query counts unavailable:\n{done.stderr[-2000:]}", file=sys.stderr)
        return
    for page in pages:
        page.queries = counts.get(page.name)


def background_table(figures: list[dict] | None, why_not: str = "") -> str:
    """The background figures (bench/background.py), each with its target and whether it holds."""
    lines = ["### Background", ""]
    if not figures:
        return "\n".join([*lines, f"Not measured: {why_not or 'no figures came back'}."])
    lines += ["| work | what | measured | target | holds |", "|---|---|---:|---|---|"]
    for figure in figures:
        holds = {True: "yes", False: "**no**", None: "–"}[figure["holds"]]
        lines.append(
            f"| {figure['name']} | {figure['what']} | {figure['value']} | {figure['target']} "
            f"| {holds} |"
        )
    return "\n".join(lines)


def measure_background(
    services: Services, env: dict, manifest_path: Path
) -> tuple[list[dict] | None, str]:
    """A Celery worker (two prefork processes) sending to a local SMTP sink, then
    bench/background.py's figures; the worker is stopped after. Nothing without a broker."""
    if not env.get("CELERY_BROKER_URL"):
        return None, "CELERY_BROKER_URL is not set, so there is no broker for a worker"
    sink = SmtpSink()
    port = sink.start()
    node = f"bench-{secrets.token_hex(3)}@%h"
    worker_env = env | {"EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    celery = str(Path(sys.executable).parent / "celery")
    try:
        services.start(
            "worker",
            [celery, "-A", "csssl", "worker", "--concurrency", str(CELERY_PROCESSES),
             "--pool", "prefork", "-n", node, "--without-gossip", "--without-mingle"],
            worker_env,
        )  # fmt: skip
        hostname = node.replace("%h", platform.node())
        worker_env["BENCH_WORKER_PGID"] = str(services.running["worker"].pid)

        def ready() -> bool:
            services.alive("worker")
            ping = [celery, "-A", "csssl", "inspect", "ping", "-d", hostname, "--timeout", "2"]
            return check(ping, worker_env, timeout=60).returncode == 0

        if not until(ready, seconds=120, every=1):
            raise Failed(f"the worker did not answer\n{services.tail('worker')}")
        script = [sys.executable, str(ROOT / "bench" / "background.py"), str(manifest_path)]
        done = check(script, worker_env, timeout=3600)
        try:
            figures = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            print(f"background figures unavailable:\n{done.stderr[-3000:]}", file=sys.stderr)
            return None, "bench/background.py gave no figures (its error is printed above)"
        for figure in figures:
            if figure["name"] == "emails":
                figure["what"] += f" (the sink received {len(sink.messages):,})"
        return figures, ""
    finally:
        services.stop("worker")
        sink.stop()


def run(args: argparse.Namespace) -> int:
    bin_dir = Path(sys.executable).parent
    python = [sys.executable, "manage.py"]
    postgres = args.postgres.rstrip("/")
    scratch = Path(tempfile.mkdtemp(prefix="csssl-bench-"))
    services = Services(scratch)
    name = None
    try:
        name = database_create(postgres, prefix="csssl_bench")
        env = environment(f"{postgres}/{name}", scratch)
        print(f"database {name}; logs in {scratch}", flush=True)
        services.run("collectstatic", [*python, "collectstatic", "--noinput", "-v0"], env, 600)
        services.run("migrate", [*python, "migrate", "--noinput", "-v0"], env, 900)
        manifest_path = scratch / "manifest.json"
        started = time.monotonic()
        services.run(
            "bench_data",
            [*python, "bench_data", "--scale", str(args.scale), "--manifest", str(manifest_path)],
            env,
            1800,
        )
        print(f"bench_data --scale {args.scale}: {time.monotonic() - started:.0f} s", flush=True)
        manifest = json.loads(manifest_path.read_text())

        port = free_port()
        gunicorn = [str(bin_dir / "gunicorn"), "csssl.wsgi:application",
                    "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]  # fmt: skip
        services.start("web", gunicorn, env)
        address = ("127.0.0.1", port)
        anonymous = Visit(address, PUBLIC)

        def up() -> bool:
            services.alive("web")
            try:
                return anonymous.request("GET", FLOOR_PATH).status == 200
            except OSError:
                return False

        if not until(up, seconds=90, every=0.5):
            raise Failed(f"gunicorn did not answer {FLOOR_PATH}\n{services.tail('web')}")

        visits = {None: anonymous}
        for role, email in manifest["accounts"].items():
            visits[role] = sign_in(address, email, manifest["password"])
        pages = [Page(FLOOR, None, FLOOR_PATH)] + [
            Page(page_name, who, path) for page_name, (who, path) in manifest["pages"].items()
        ]
        print(f"{len(pages)} pages, {args.rounds} rounds", flush=True)
        measure(visits, pages, args.rounds)
        services.alive("web")
        count_queries(pages, manifest_path, env)
        print("background work", flush=True)
        figures, why_not = measure_background(services, env, manifest_path)

        plan = manifest["plan"]
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        latest = "\n".join(
            [
                f"- date: {stamp}",
                f"- commit: {commit()}",
                f"- machine: {machine()}",
                f"- scale: {args.scale} ({plan['applications']} applications, "
                f"{plan['participants']} participants, {plan['attendance']} attendance records); "
                f"rounds: {args.rounds}; gunicorn workers: {WORKERS}",
                "",
                percentile_table(pages),
                "",
                background_table(figures, why_not),
            ]
        )
        write_results(Path(args.out), latest)
        print(latest)
        bad = [p.name for p in pages if p.status != 200]
        if bad:
            print(f"not 200: {', '.join(bad)}", file=sys.stderr)
        return 0
    except Failed as failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        return 1
    finally:
        services.stop_all()
        if name is not None:
            database_drop(postgres, name)
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="bench_data's scale (1.0).")
    parser.add_argument("--rounds", type=int, default=50, help="Rounds of every page (50).")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="The PostgreSQL server the scratch database is made on.",
    )
    parser.add_argument("--out", default=str(RESULTS), help="Where the results go.")
    args = parser.parse_args(argv)

    def stop(signum, frame):
        raise Stop

    signal.signal(signal.SIGTERM, stop)
    try:
        return run(args)
    except (Stop, KeyboardInterrupt):
        print("stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
