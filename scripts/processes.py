"""Processes started for `make prod-check`, each in a process group of its own so that it and
everything it starts stop together, and the scratch PostgreSQL database they use."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from scripts.deployment import ROOT


class Failed(Exception):
    """A step did not do what it should: the message says why."""


class Services:
    """The processes started, each in a process group of its own, stopped together."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def tail(self, name: str, lines: int = 15) -> str:
        try:
            text = self.log(name).read_text(errors="replace").splitlines()[-lines:]
        except FileNotFoundError:
            return ""
        return "\n".join(f"    {name}| {line}" for line in text)

    def start(self, name: str, argv: list[str], env: dict) -> None:
        with self.log(name).open("ab") as log:
            self.running[name] = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def finish(self, name: str, timeout: float) -> None:
        """Wait for a process that runs to its end (a build step, migrate): Failed unless it
        ends within ``timeout`` seconds with status 0."""
        try:
            code = self.running[name].wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failed(f"still running after {timeout:.0f} s\n{self.tail(name)}") from None
        finally:
            self.stop(name)
        if code:
            raise Failed(f"exit status {code}\n{self.tail(name)}")

    def run(self, name: str, argv: list[str], env: dict, timeout: float) -> None:
        self.start(name, argv, env)
        self.finish(name, timeout)

    def alive(self, name: str) -> None:
        code = self.running[name].poll()
        if code is not None:
            raise Failed(f"{name} stopped (exit status {code})\n{self.tail(name)}")

    def stop(self, *names: str, grace: float = 15) -> None:
        """SIGTERM to each process group (all at once, as `docker compose down` does), SIGKILL
        to whatever is left of them after ``grace`` seconds."""
        processes = [self.running.pop(name) for name in names if name in self.running]
        for process in processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(max(deadline - time.monotonic(), 0.1))
            _signal_group(process, signal.SIGKILL)  # stragglers of a group whose leader left
            process.wait()

    def stop_all(self) -> None:
        self.stop(*self.running)


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def check(argv: list[str], env: dict, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def until(what: Callable[[], object], *, seconds: float, every: float = 1.0) -> object:
    """``what()`` again and again until it answers something true; its last answer."""
    deadline = time.monotonic() + seconds
    while True:
        answer = what()
        if answer or time.monotonic() > deadline:
            return answer
        time.sleep(every)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server(postgres: str, sql: str) -> None:
    import psycopg2

    url = urlsplit(postgres)
    connection = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username,
        password=url.password or "", dbname="postgres", connect_timeout=5,
    )  # fmt: skip
    connection.autocommit = True
    try:
        connection.cursor().execute(sql)
    finally:
        connection.close()


def database_create(postgres: str, prefix: str = "csssl_prodcheck") -> str:
    """A new, empty database on the server ``postgres://user:password@host:port``, named
    ``<prefix>_<random>``; its name."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    _server(postgres, f'CREATE DATABASE "{name}"')
    return name


def database_drop(postgres: str, name: str) -> None:
    _server(postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
