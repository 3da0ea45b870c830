"""A Celery broker that is down, for tests of work that must survive an outage."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from csssl.celery import app as celery_app

#: Nothing listens on port 1, so every connection is refused at once, as when Redis is down.
REFUSING_BROKER_URL = "redis://127.0.0.1:1/0"


def _drop_pools() -> None:
    """Forget pooled connections, so the next publish connects to the broker now configured."""
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def broker_refusing() -> Iterator[None]:
    """Tasks are published to a broker that refuses connections; publishing gives up after
    one immediate retry, so a test does not wait for the production retry policy."""
    conf = celery_app.conf
    saved = (conf.get("broker_write_url"), conf.task_publish_retry_policy, conf.task_always_eager)
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    environment = mock.patch.dict(os.environ, {"CELERY_BROKER_URL": REFUSING_BROKER_URL})
    environment.start()
    conf.broker_write_url = REFUSING_BROKER_URL
    conf.task_publish_retry_policy = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0,
        "interval_max": 0,
    }
    conf.task_always_eager = False
    _drop_pools()
    try:
        yield
    finally:
        environment.stop()
        conf.broker_write_url, conf.task_publish_retry_policy, conf.task_always_eager = saved
        _drop_pools()
