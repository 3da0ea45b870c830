"""A batch of outbox messages goes over one mail server connection, each sent once, with a
fixed few queries a message; one refused for now goes back in the queue alone."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from csssl import outbox
from csssl.models import OutboxMessage

from .backends import FlakyBackend, temporary

pytestmark = pytest.mark.django_db

State = OutboxMessage.State


class CountingBackend(FlakyBackend):
    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return True


@pytest.fixture
def backend(settings):
    settings.EMAIL_BACKEND = "tests.csssl.test_outbox_batches.CountingBackend"
    FlakyBackend.failures, CountingBackend.opened = [], 0
    yield CountingBackend
    FlakyBackend.failures = []


def queued(count: int, start: int = 0) -> list[int]:
    link = outbox.placeholders({"link": "x"})["link"]
    return [
        outbox.email_queue(
            kind="test_notice",
            to=f"person{n}@example.org",
            about=f"x:{n}",
            subject="Your place",
            body_text=f"Hello {link}" if n % 2 else "Hello",
            secrets={"link": f"https://example.org/{n}"} if n % 2 else None,
        )[0].pk
        for n in range(start, start + count)
    ]


def queries_for(count: int, start: int) -> int:
    ids = queued(count, start)
    with CaptureQueriesContext(connection) as queries:
        result = outbox.outbox_deliver_many(message_ids=ids)
    assert result.sent == count
    return len(queries.captured_queries)


def test_a_batch_is_sent_once_over_one_connection(backend):
    ids = queued(5)

    first = outbox.outbox_deliver_many(message_ids=ids)
    again = outbox.outbox_deliver_many(message_ids=ids)

    assert (first.sent, again.sent, again.skipped) == (5, 0, 5)
    assert len(mail.outbox) == 5
    assert backend.opened == 1
    assert "https://example.org/1" in mail.outbox[1].body
    assert not OutboxMessage.objects.exclude(state=State.SENT).exists()
    assert not outbox.OutboxSecret.objects.exists()


def test_queries_grow_by_a_fixed_few_per_message(backend):
    small, large = queries_for(4, 0), queries_for(8, 100)

    # Each message sent: its state, and its secrets deleted when it has any (in a savepoint
    # here, two more queries). Claiming, reading the secrets and attachments: a fixed few.
    assert large - small <= 4 * 4 + 4 * 1


def test_one_refused_for_now_is_retried_alone(backend):
    ids = queued(3)
    FlakyBackend.failures = [temporary()]

    result = outbox.outbox_deliver_many(message_ids=ids)

    assert (result.sent, result.retry, result.retry_in) == (2, [ids[0]], 60)
    assert OutboxMessage.objects.get(pk=ids[0]).state == State.QUEUED
    assert backend.opened == 2  # the failure closed the connection; the next opened another
    assert outbox.outbox_deliver_many(message_ids=ids).skipped == 2


def test_the_sweep_queues_what_it_finds_in_batches(monkeypatch):
    batches = []
    monkeypatch.setattr(outbox, "BATCH_SIZE", 2)
    from csssl.tasks import outbox_deliver as task

    monkeypatch.setattr(task, "delay", lambda **kwargs: batches.append(kwargs))
    ids = queued(5)
    OutboxMessage.objects.update(
        created_at=OutboxMessage.objects.get(pk=ids[0]).created_at.replace(year=2020)
    )

    assert outbox.outbox_sweep() == 5
    assert batches == [
        {"message_ids": ids[:2]},
        {"message_ids": ids[2:4]},
        {"message_id": ids[4]},
    ]


def test_commits_wait_for_the_disk_again_after_a_batch(backend):
    outbox.outbox_deliver_many(message_ids=queued(2))

    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
