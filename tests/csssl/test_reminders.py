from datetime import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from csssl import outbox, reminders
from csssl.models import OutboxMessage
from csssl.tasks import reminders_sweep as reminders_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test, so the sweeps other apps register do not interfere."""
    monkeypatch.setattr(reminders, "_sweeps", {})
    return reminders


def test_beat_schedule_runs_every_sweep_from_the_database():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {
        "csssl.outbox_sweep",
        "csssl.reminders_sweep",
        "csssl.jobs_sweep",
        "csssl.retention_sweep",
    }


def test_reminders_sweep_writes_each_reminder_once(registry, django_capture_on_commit_callbacks):
    seen: list[datetime] = []

    @registry.register("deadline")
    def deadline_reminders(*, now: datetime) -> int:
        seen.append(now)
        _, created = outbox.email_queue(
            kind="deadline_reminder",
            to="applicant@example.org",
            about="applications.expressionofinterest:7",
            occasion="7-days",
            subject="Your application closes in 7 days",
            body_text="Please submit.",
        )
        return int(created)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_task.delay().get() == {"deadline": 1}
        assert reminders_task.delay().get() == {"deadline": 0}
    assert len(seen) == 2
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_reminders_sweep_failing_sweep_does_not_stop_others(registry, caplog):
    @registry.register("a_broken")
    def broken(*, now):
        raise RuntimeError("bad data")

    @registry.register("b_working")
    def working(*, now):
        return 3

    assert registry.reminders_sweep(now=timezone.now()) == {"a_broken": -1, "b_working": 3}
    assert "a_broken failed" in caplog.text


def test_run_sweeps_command_runs_reminders_jobs_and_outbox(registry, capsys):
    @registry.register("noop")
    def noop(*, now):
        return 0

    call_command("run_sweeps")
    out = capsys.readouterr().out
    assert "reminders noop: 0" in out
    assert "background jobs: 0 queued again" in out
    assert "outbox: 0 queued again" in out
