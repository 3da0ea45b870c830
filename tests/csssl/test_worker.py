"""The outbox with a real Celery worker and a real Redis broker.

Celery delivers at least once; these tests prove the outbox turns that into exactly once, and
that an email whose transaction rolls back never reaches the broker.
"""

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections, transaction

from csssl import outbox
from csssl.celery import app as celery_app
from csssl.models import OutboxMessage
from csssl.tasks import outbox_deliver

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

QUEUE = "celery"


def queued_on_broker() -> int:
    with celery_app.connection_for_write() as conn:
        return conn.default_channel.client.llen(QUEUE)


def purge_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


@pytest.fixture
def real_broker(redis_broker):
    celery_app.conf.task_always_eager = False
    purge_broker()
    yield
    purge_broker()


def queue_receipt() -> OutboxMessage:
    with transaction.atomic():
        message, _ = outbox.email_queue(
            kind="receipt",
            to="applicant@example.org",
            about="applications.expressionofinterest:1",
            subject="We have your application",
            body_text="Thank you.",
        )
    return message


def test_worker_runs_deliver_twice_email_sent_once(real_broker):
    finished: list[str] = []
    done = threading.Event()

    def on_postrun(sender=None, retval=None, **kwargs):
        if getattr(sender, "name", None) == outbox_deliver.name:
            finished.append(retval)
            connections.close_all()  # the worker thread's own connection
            if len(finished) == 2:
                done.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            message = queue_receipt()  # the commit queues the first delivery
            outbox_deliver.delay(message_id=message.pk)  # a duplicate, as a redelivery would be
            assert done.wait(30), f"the worker finished {finished} within 30 s"
    finally:
        task_postrun.disconnect(on_postrun)

    assert sorted(finished) == ["sent", "skipped"]
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert message.attempts == 1


def test_rolled_back_email_never_reaches_broker(real_broker):
    def change_that_fails():
        with transaction.atomic():
            outbox.email_queue(
                kind="receipt", to="a@example.org", about="x:1", subject="S", body_text="B"
            )
            raise RuntimeError("the application could not be saved")

    pytest.raises(RuntimeError, change_that_fails)
    assert OutboxMessage.objects.count() == 0
    assert queued_on_broker() == 0

    queue_receipt()  # the same call, committed, does reach the broker
    assert queued_on_broker() == 1
