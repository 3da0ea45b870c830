"""Reading the lines the configured console handler writes, as a log collector would."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from csssl.log_redaction import JsonFormatter, TextFormatter


def console_handler() -> logging.Handler:
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    return handler


class Lines:
    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    @property
    def raw(self) -> str:
        return self.stream.getvalue()

    def json(self) -> list[dict]:
        """Every line, each parsed as the JSON object it must be."""
        return [json.loads(line) for line in self.raw.splitlines()]


@contextmanager
def written_lines(log_format: str = "json") -> Iterator[Lines]:
    """What the console handler writes meanwhile, in ``log_format`` whatever this machine's
    LOG_FORMAT says (its filters stay as configured)."""
    handler = console_handler()
    stream = io.StringIO()
    previous_stream = handler.setStream(stream)
    previous_formatter = handler.formatter
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    try:
        yield Lines(stream)
    finally:
        handler.setStream(previous_stream)
        handler.setFormatter(previous_formatter)


ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, env: dict[str, str], *, without: tuple[str, ...] = ()) -> str:
    """The standard output of ``code`` run with the project's settings in a fresh interpreter
    (so settings are read from ``env``), none of this process's variables that start with one
    of ``without`` passed on."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(without)}
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**kept, "DJANGO_SETTINGS_MODULE": "csssl.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout
