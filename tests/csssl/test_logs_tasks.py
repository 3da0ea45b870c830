"""A task's log lines name the request that queued it (or, queued by beat, the task itself)."""

from __future__ import annotations

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections
from django.test import Client

from csssl import request_id
from csssl.celery import app as celery_app

from .logs import written_lines
from .test_worker import purge_broker
from .urls_errors import log_line

pytestmark = [pytest.mark.urls("tests.csssl.urls_errors")]


def task_lines(lines) -> list[dict]:
    return [line for line in lines.json() if line["message"] == "A task ran"]


@pytest.mark.django_db
def test_task_run_in_process_logs_the_request_id():
    with written_lines() as lines:
        response = Client().get("/test-queues/")
    (line,) = task_lines(lines)
    assert line["request_id"] == response["X-Request-ID"]


def test_publishing_in_a_request_carries_its_id():
    headers: dict = {}
    token = request_id._current.set("req-1")
    try:
        request_id._carry_to_task(headers=headers)
    finally:
        request_id._current.reset(token)
    assert headers == {request_id.TASK_HEADER: "req-1"}
    untouched: dict = {}
    request_id._carry_to_task(headers=untouched)
    assert untouched == {}


@pytest.fixture
def worker(redis_broker):
    celery_app.conf.task_always_eager = False
    purge_broker()
    done = threading.Event()
    task_ids: list[str] = []

    def on_postrun(sender=None, task_id=None, **kwargs):
        if getattr(sender, "name", None) == log_line.name:
            task_ids.append(task_id)
            connections.close_all()
            done.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield done, task_ids
    finally:
        task_postrun.disconnect(on_postrun)
        purge_broker()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_task_logs_the_id_of_the_request_that_queued_it(worker):
    done, _ = worker
    with written_lines() as lines:
        response = Client().get("/test-queues/", HTTP_X_REQUEST_ID="edge-queue-1")
        assert done.wait(30), "the worker ran the task within 30 s"
    assert response["X-Request-ID"] == "edge-queue-1"
    (line,) = task_lines(lines)
    assert line["request_id"] == "edge-queue-1"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_task_queued_outside_a_request_logs_its_task_id(worker):
    done, task_ids = worker
    with written_lines() as lines:
        result = log_line.delay()
        assert done.wait(30), "the worker ran the task within 30 s"
    (line,) = task_lines(lines)
    assert line["request_id"] == result.id == task_ids[0]
    assert request_id.current() is None
