"""Beat's heartbeat and `manage.py beat_health`, the beat service's health check."""

import time

import pytest
from celery.signals import after_task_publish, beat_init
from django.core.management import CommandError, call_command

from csssl import heartbeat
from csssl.celery import app as celery_app
from csssl.tasks import jobs_sweep, outbox_deliver


@pytest.fixture
def heartbeat_file(settings, tmp_path):
    settings.BEAT_HEARTBEAT_FILE = str(tmp_path / "heartbeat")
    return tmp_path / "heartbeat"


def test_beat_health_passes_after_a_recent_sweep(heartbeat_file, capsys):
    heartbeat_file.write_text(f"{time.time() - 30}\n")
    call_command("beat_health", "--max-age", "180")
    assert "Beat queued a sweep 30 s ago." in capsys.readouterr().out


def test_beat_health_fails_when_the_last_sweep_is_too_old(heartbeat_file):
    heartbeat_file.write_text(f"{time.time() - 200}\n")
    with pytest.raises(CommandError, match="200 s ago, more than 180 s"):
        call_command("beat_health", "--max-age", "180")


def test_beat_health_fails_before_any_sweep(heartbeat_file):
    with pytest.raises(CommandError, match="no sweep yet"):
        call_command("beat_health")


def test_heartbeat_unreadable_counts_as_never(heartbeat_file):
    heartbeat_file.write_text("")
    assert heartbeat.heartbeat_age() is None


@pytest.fixture
def beat_listening(heartbeat_file, redis_broker):
    """This process acts as beat: it has started, and publishes to the real broker."""
    celery_app.conf.task_always_eager = False
    beat_init.send(sender=None)
    yield heartbeat_file
    after_task_publish.disconnect(dispatch_uid=heartbeat.__name__)
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")


@pytest.mark.services
def test_beat_records_the_time_a_sweep_reaches_the_broker(beat_listening):
    before = time.time()
    jobs_sweep.apply_async()
    assert before <= float(beat_listening.read_text()) <= time.time()
    call_command("beat_health", "--max-age", "5")


@pytest.mark.services
def test_beat_records_nothing_for_a_task_that_is_not_a_sweep(beat_listening):
    outbox_deliver.apply_async(kwargs={"message_id": 0})
    assert not beat_listening.exists()


@pytest.mark.services
def test_only_beat_keeps_the_heartbeat(heartbeat_file, redis_broker):
    celery_app.conf.task_always_eager = False
    try:
        jobs_sweep.apply_async()
    finally:
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")
    assert not heartbeat_file.exists()
