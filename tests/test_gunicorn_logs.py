"""Gunicorn's own lines, from gunicorn started as the container starts it (``DEBUG=false``):
one JSON object a line, the access line naming the request id the application gave."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request

import pytest

from scripts.deployment import ROOT, service
from tests.conftest import require_service
from tests.test_compose_health import (
    BIN,
    free_port,
    readme_env,
    stop,
    wait_for_port,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_gunicorn_writes_json_lines_with_the_request_id(tmp_path):
    require_service("postgresql")
    require_service("redis")
    port = free_port()
    argv = [str(BIN / "gunicorn"), *service("web")["command"][1:]]
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "1"
    env = readme_env(broker=os.environ["CELERY_BROKER_URL"])
    env.pop("LOG_FORMAT", None)
    output = tmp_path / "gunicorn.log"
    with output.open("w") as out:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, process)
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/healthz?email=lead%40example.org",
                headers={"X-Request-ID": "edge-gunicorn-1"},
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.headers["X-Request-ID"] == "edge-gunicorn-1"
        finally:
            stop(process)
    text = output.read_text()
    lines = [json.loads(line) for line in text.splitlines()]  # every line is one object
    (access,) = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access["request_id"] == "edge-gunicorn-1"
    assert access["path"] == "/healthz"
    assert access["status"] == 200
    assert access["query"] == "email=[email hidden]"
    assert "lead%40example.org" not in text
    assert any(
        line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines
    )
