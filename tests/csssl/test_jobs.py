"""Background jobs: recorded in the caller's transaction, queued on commit, run once however
often their message arrives, and swept up after a broker outage or a stopped worker."""

from datetime import timedelta

import pytest
import time_machine
from celery import shared_task
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from csssl import jobs
from csssl.models import BackgroundJob
from tests.brokers import broker_refusing
from tests.factories import UserFactory, coordinator

pytestmark = pytest.mark.django_db

State = BackgroundJob.State
RUNS: list[int] = []


@shared_task(name="tests.jobs_count", base=jobs.JobTask)
def count(*, n: int) -> int:
    if n < 0:
        raise RuntimeError("Negative numbers are refused")
    RUNS.append(n)
    return n


@pytest.fixture(autouse=True)
def _no_runs():
    RUNS.clear()


def start(n: int = 1) -> BackgroundJob:
    job, _ = jobs.job_start(task=count.name, kwargs={"n": n})
    return job


def later(minutes: float):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes))


def test_job_runs_in_process_on_commit_without_a_broker(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(7)
        assert RUNS == []  # nothing runs before the commit

    job.refresh_from_db()
    assert RUNS == [7]
    assert (job.state, job.attempts, job.last_error) == (State.DONE, 1, "")
    assert job.started_at is not None
    assert job.finished_at is not None


def test_job_rolled_back_leaves_no_job(django_capture_on_commit_callbacks):
    def change_that_fails():
        with transaction.atomic():
            start()
            raise RuntimeError("the change could not be saved")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pytest.raises(RuntimeError, change_that_fails)

    assert callbacks == []
    assert not BackgroundJob.objects.exists()


def test_job_asked_twice_while_waiting_is_one_job():
    first, created = jobs.job_start(task=count.name, kwargs={"n": 1})
    again, created_again = jobs.job_start(task=count.name, kwargs={"n": 1})
    other, created_other = jobs.job_start(task=count.name, kwargs={"n": 2})

    assert (created, created_again, created_other) == (True, False, True)
    assert again.pk == first.pk != other.pk
    assert BackgroundJob.objects.count() == 2


def test_job_asked_again_once_started_is_a_new_job():
    first = start()
    BackgroundJob.objects.filter(pk=first.pk).update(state=State.RUNNING)

    again, created = jobs.job_start(task=count.name, kwargs={"n": 1})

    assert created
    assert again.pk != first.pk


def test_job_for_an_unknown_task_is_refused():
    with pytest.raises(ValueError, match="no Celery task named 'nobody.nothing'"):
        jobs.job_start(task="nobody.nothing", kwargs={})
    assert not BackgroundJob.objects.exists()


FRESH_PROCESS = """
import django
django.setup()
from django.core import checks
from csssl import jobs
from csssl.celery import app

def refuse(*args, **kwargs):
    raise SystemExit("the system checks were run")

checks.run_checks = checks.registry.registry.run_checks = refuse
assert "cohorts.certificates_render_part" not in app.tasks
print(jobs._task("events.certificates_generate").name, jobs._task("csssl.outbox_deliver").name)
"""


def test_a_process_that_has_not_imported_the_tasks_finds_them_without_the_system_checks():
    """A web process queues its first job without first sitting through Django's system
    checks, which Celery's own start-up would run (seconds of them)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["DJANGO_SETTINGS_MODULE"] = "csssl.settings"
    done = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS], capture_output=True, text=True, env=env, timeout=120
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["events.certificates_generate", "csssl.outbox_deliver"]


def test_job_message_delivered_twice_does_the_work_once():
    job = start(3)
    message = {"n": 3, jobs.JOB_ID: job.pk}

    assert count.apply(kwargs=message).get() == 3
    assert count.apply(kwargs=message).get() == "skipped"

    job.refresh_from_db()
    assert RUNS == [3]
    assert (job.state, job.attempts) == (State.DONE, 1)


def test_job_failure_is_recorded_and_not_run_again():
    job = start(-1)

    count.apply(kwargs={"n": -1, jobs.JOB_ID: job.pk})
    with later(30):
        assert jobs.job_sweep() == 0

    job.refresh_from_db()
    assert job.state == State.FAILED
    assert job.last_error == "RuntimeError: Negative numbers are refused"


def test_job_left_by_a_broker_outage_is_run_by_the_sweep(postgresql):
    with broker_refusing():
        job = start(5)
        jobs.job_enqueue(job_id=job.pk)  # what the commit would do
        with later(2):
            assert jobs.job_sweep() == 0  # the broker is still down: nothing lost

    job.refresh_from_db()
    assert job.state == State.QUEUED
    assert job.last_error.startswith("Could not reach the task queue")
    assert jobs.job_sweep() == 0  # written under a minute ago: its first hand-over may be due
    with later(2):
        assert jobs.job_sweep() == 1
        assert jobs.job_sweep() == 0

    job.refresh_from_db()
    assert RUNS == [5]
    assert (job.state, job.last_error) == (State.DONE, "")


def test_job_the_broker_took_is_swept_only_when_its_message_looks_lost():
    job = start(4)
    BackgroundJob.objects.filter(pk=job.pk).update(enqueued_at=timezone.now())

    with later(2):
        assert jobs.job_sweep() == 0  # waiting behind other work, not lost
    with later(20):
        assert jobs.job_sweep() == 1

    assert RUNS == [4]


def test_job_abandoned_by_a_stopped_worker_is_run_again_then_given_up():
    job = start(6)
    stopped_at = timezone.now()
    BackgroundJob.objects.filter(pk=job.pk).update(
        state=State.RUNNING, started_at=stopped_at, attempts=1
    )

    with later(10):
        assert jobs.job_sweep() == 0  # still within the time limit: perhaps just slow
    with later(45):
        assert jobs.job_sweep() == 1
    job.refresh_from_db()
    assert RUNS == [6]
    assert (job.state, job.attempts) == (State.DONE, 2)

    BackgroundJob.objects.filter(pk=job.pk).update(
        state=State.RUNNING, started_at=stopped_at, attempts=jobs.MAX_ATTEMPTS
    )
    with later(45):
        assert jobs.job_sweep() == 0
    job.refresh_from_db()
    assert job.state == State.FAILED
    assert job.last_error == f"Stopped {jobs.MAX_ATTEMPTS} times without finishing."


def test_job_list_readable_by_coordinators_and_changed_by_nobody():
    job = start(8)
    client = Client()
    client.force_login(coordinator(is_staff=True))

    listing = client.get(reverse("admin:csssl_backgroundjob_changelist"))
    detail = client.get(reverse("admin:csssl_backgroundjob_change", args=[job.pk]))
    posted = client.post(reverse("admin:csssl_backgroundjob_change", args=[job.pk]), {})

    assert listing.status_code == detail.status_code == 200
    assert "tests.jobs_count" in listing.content.decode()
    assert posted.status_code == 403
    assert client.get(reverse("admin:csssl_backgroundjob_add")).status_code == 403
    other = Client()
    other.force_login(UserFactory(is_staff=True))
    assert other.get(reverse("admin:csssl_backgroundjob_changelist")).status_code == 403
