from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from csssl import outbox
from csssl.models import OutboxMessage
from csssl.tasks import outbox_deliver as deliver_task

from .backends import FlakyBackend, permanent, temporary

pytestmark = pytest.mark.django_db

State = OutboxMessage.State


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.csssl.backends.FlakyBackend"
    FlakyBackend.failures = []
    yield FlakyBackend
    FlakyBackend.failures = []


def queue_one(**overrides) -> tuple[OutboxMessage, bool]:
    fields = {
        "kind": "test_notice",
        "to": "Person@Example.org",
        "about": "cohorts.cohort:1",
        "subject": "Your place",
        "body_text": "Hello",
        "occasion": "",
    }
    return outbox.email_queue(**{**fields, **overrides})


def test_email_queue_writes_row_and_delivers_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message, created = queue_one()
    assert created
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.state == State.SENT
    assert message.recipient == "person@example.org"
    assert [m.to for m in mail.outbox] == [["person@example.org"]]


def test_email_queue_same_occasion_twice_is_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, first_created = queue_one()
        second, second_created = queue_one(subject="Changed subject")
    assert (first_created, second_created) == (True, False)
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_email_queue_other_occasion_is_another_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_one(occasion="7-days")
        queue_one(occasion="2-days")
    assert OutboxMessage.objects.count() == 2
    assert len(mail.outbox) == 2


def test_email_queue_rolled_back_transaction_leaves_nothing(django_capture_on_commit_callbacks):
    def change_that_fails():
        with transaction.atomic():
            queue_one()
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pytest.raises(RuntimeError, change_that_fails)
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_email_send_renders_templates(django_capture_on_commit_callbacks, tmp_path, settings):
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "hello.subject.txt").write_text("Hello {{ name }}\n")
    (tmp_path / "emails" / "hello.txt").write_text("Dear {{ name }}, see {{ SITE_URL }}.")
    (tmp_path / "emails" / "hello.html").write_text("<p>Dear {{ name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.SITE_URL = "https://programmes.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_send(
            kind="hello", to="a@example.org", about="x:1", template="hello", context={"name": "Sam"}
        )
    (sent,) = mail.outbox
    assert sent.subject == "Hello Sam"
    assert sent.body == "Dear Sam, see https://programmes.example.org."
    assert sent.alternatives[0][0] == "<p>Dear Sam</p>"


def test_outbox_deliver_twice_sends_once():
    message, _ = queue_one()
    assert outbox.outbox_deliver(message_id=message.pk) == "sent"
    assert outbox.outbox_deliver(message_id=message.pk) == "skipped"
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.sent_at is not None


def test_outbox_deliver_skips_message_another_worker_is_sending():
    message, _ = queue_one()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=State.SENDING, claimed_at=timezone.now()
    )
    assert outbox.outbox_deliver(message_id=message.pk) == "skipped"
    assert mail.outbox == []


def test_outbox_deliver_missing_message_is_skipped():
    assert outbox.outbox_deliver(message_id=987654) == "skipped"


def test_outbox_deliver_sends_attachments():
    message, _ = queue_one(
        attachments=[outbox.Attachment("event.ics", b"BEGIN:VCALENDAR", "text/calendar")]
    )
    outbox.outbox_deliver(message_id=message.pk)
    (sent,) = mail.outbox
    assert sent.attachments[0][0] == "event.ics"
    assert sent.attachments[0][1] in (b"BEGIN:VCALENDAR", "BEGIN:VCALENDAR")


def test_outbox_deliver_temporary_failure_is_retried_later(flaky):
    flaky.failures = [temporary()]
    message, _ = queue_one()
    with pytest.raises(outbox.TemporaryEmailError) as raised:
        outbox.outbox_deliver(message_id=message.pk)
    assert raised.value.retry_in == 60
    message.refresh_from_db()
    assert message.state == State.QUEUED
    assert "451" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert mail.outbox == []

    # Not due yet: the sweep leaves it alone.
    assert outbox.outbox_sweep() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert outbox.outbox_sweep() == 1
    message.refresh_from_db()
    assert message.state == State.SENT
    assert message.attempts == 2
    assert len(mail.outbox) == 1


def test_outbox_deliver_permanent_failure_is_marked_failed(flaky):
    flaky.failures = [permanent()]
    message, _ = queue_one()
    assert outbox.outbox_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert "550" in message.last_error
    assert outbox.outbox_sweep(now=timezone.now() + timedelta(days=1)) == 0


def test_outbox_deliver_gives_up_after_max_attempts(flaky, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    flaky.failures = [temporary(), temporary()]
    message, _ = queue_one()
    with pytest.raises(outbox.TemporaryEmailError):
        outbox.outbox_deliver(message_id=message.pk)
    assert outbox.outbox_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert (message.state, message.attempts) == (State.FAILED, 2)


def test_outbox_sweep_sends_message_whose_task_was_lost():
    with time_machine.travel(timezone.now() - timedelta(minutes=5)):
        message, _ = queue_one()  # no commit callback ran: as if the broker had been down
    recent, _ = queue_one(occasion="recent")
    assert outbox.outbox_sweep() == 1
    message.refresh_from_db()
    recent.refresh_from_db()
    assert message.state == State.SENT
    assert recent.state == State.QUEUED  # its own task may still be on its way


def test_outbox_sweep_recovers_message_stuck_in_sending(settings):
    message, _ = queue_one()
    claimed = timezone.now() - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS + 60)
    OutboxMessage.objects.filter(pk=message.pk).update(state=State.SENDING, claimed_at=claimed)
    assert outbox.outbox_sweep() == 1
    message.refresh_from_db()
    assert message.state == State.SENT
    assert len(mail.outbox) == 1


def test_outbox_retry_requeues_only_failed(flaky, django_capture_on_commit_callbacks):
    flaky.failures = [permanent()]
    failed, _ = queue_one()
    outbox.outbox_deliver(message_id=failed.pk)
    sent, _ = queue_one(occasion="other")
    outbox.outbox_deliver(message_id=sent.pk)
    with django_capture_on_commit_callbacks(execute=True):
        count = outbox.outbox_retry(messages=OutboxMessage.objects.all())
    assert count == 1
    failed.refresh_from_db()
    assert failed.state == State.SENT
    assert len(mail.outbox) == 2


def test_deliver_task_in_process_leaves_temporary_failure_to_sweep(flaky):
    flaky.failures = [temporary()]
    message, _ = queue_one()
    assert deliver_task.delay(message_id=message.pk).get() == "retry"
    message.refresh_from_db()
    assert message.state == State.QUEUED


def test_enqueue_delivery_survives_broker_outage(monkeypatch, caplog):
    def broker_down(**kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(deliver_task, "delay", broker_down)
    message, _ = queue_one()
    outbox.enqueue_delivery(message_id=message.pk)
    assert "outbox sweep will retry" in caplog.text
    message.refresh_from_db()
    assert message.state == State.QUEUED


@pytest.mark.parametrize(
    ("exc", "temporary_"),
    [
        (temporary(), True),
        (permanent(), False),
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (ValueError("bad address"), False),
    ],
)
def test_is_temporary_classifies_errors(exc, temporary_):
    assert outbox.is_temporary(exc) is temporary_
