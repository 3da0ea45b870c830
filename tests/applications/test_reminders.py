"""Reminders before the deadline, with time travel through the beat sweep."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from applications import reminders as application_reminders
from applications import services
from csssl import reminders
from csssl.celery import app as celery_app
from csssl.models import OutboxMessage
from csssl.tasks import reminders_sweep
from tests.factories import CohortFactory

from .factories import ExpressionOfInterestFactory

LONDON = ZoneInfo("Europe/London")
OPENS = datetime(2031, 6, 1, 9, tzinfo=LONDON)
DEADLINE = datetime(2031, 7, 2, 23, 59, tzinfo=LONDON)
CLOSES = DEADLINE + timedelta(minutes=1)


def sweep(at: datetime) -> dict[str, int]:
    with time_machine.travel(at, tick=False):
        return reminders.reminders_sweep()


def sent(kind: str) -> list[tuple[str, str]]:
    return sorted(OutboxMessage.objects.filter(kind=kind).values_list("recipient", "occasion"))


@pytest.fixture
def cohort(db):
    with time_machine.travel(OPENS):
        return CohortFactory(applications_open=OPENS, application_deadline=DEADLINE)


def make(cohort, at: datetime, **kwargs):
    with time_machine.travel(at):
        return ExpressionOfInterestFactory(cohort=cohort, **kwargs)


def test_reminder_sweeps_are_registered():
    names = set(reminders.registered())
    assert {"applications.draft_reminders", "applications.endorser_reminders"} <= names


@pytest.mark.django_db
def test_draft_reminders_7_and_2_days_before_each_once(cohort):
    draft = make(cohort, OPENS + timedelta(days=1))
    email = draft.applicant.email
    assert sweep(CLOSES - timedelta(days=8))["applications.draft_reminders"] == 0
    assert sweep(CLOSES - timedelta(days=7))["applications.draft_reminders"] == 1
    assert sweep(CLOSES - timedelta(days=6))["applications.draft_reminders"] == 0
    assert sweep(CLOSES - timedelta(days=2))["applications.draft_reminders"] == 1
    assert sweep(CLOSES - timedelta(hours=1))["applications.draft_reminders"] == 0
    assert sweep(CLOSES + timedelta(hours=1))["applications.draft_reminders"] == 0
    assert sent("draft_reminder") == [(email, "draft-2-days"), (email, "draft-7-days")]
    body = OutboxMessage.objects.get(occasion="draft-7-days").body_text
    assert "23:59 on Wednesday 2 July 2031" in body


@pytest.mark.django_db
def test_draft_reminders_skip_submitted_and_late_starters(cohort):
    submitted = make(cohort, OPENS + timedelta(days=1))
    with time_machine.travel(OPENS + timedelta(days=2)):
        services.application_submit(application=submitted)
    late = make(cohort, CLOSES - timedelta(days=5))
    sweep(CLOSES - timedelta(days=7))
    sweep(CLOSES - timedelta(days=4))
    sweep(CLOSES - timedelta(days=1))
    assert sent("draft_reminder") == [(late.applicant.email, "draft-2-days")]


@pytest.mark.django_db
def test_endorser_reminders_after_3_days_and_before_deadline(cohort):
    early = make(cohort, OPENS + timedelta(days=1))
    with time_machine.travel(OPENS + timedelta(days=1)):
        services.application_submit(application=early)
    endorser = early.endorser_email.lower()
    sweep(OPENS + timedelta(days=3, hours=23))
    assert sent("endorsement_request") == [(endorser, "request")]
    sweep(OPENS + timedelta(days=4, hours=1))
    sweep(OPENS + timedelta(days=5))
    sweep(CLOSES - timedelta(days=1))
    sweep(CLOSES - timedelta(hours=2))
    assert sent("endorsement_request") == [
        (endorser, "reminder-2-days"),
        (endorser, "reminder-3-days"),
        (endorser, "request"),
    ]


@pytest.mark.django_db
def test_endorser_reminders_none_once_answered(cohort):
    application = make(cohort, OPENS + timedelta(days=1))
    with time_machine.travel(OPENS + timedelta(days=1)):
        services.application_submit(application=application)
        services.endorsement_confirm(endorsement=application.endorsements.get(), basis="approval")
    sweep(OPENS + timedelta(days=5))
    sweep(CLOSES - timedelta(days=1))
    assert [o for _, o in sent("endorsement_request")] == ["request"]


@pytest.mark.django_db
def test_endorser_request_near_deadline_gets_one_reminder_not_two(cohort):
    application = make(cohort, OPENS + timedelta(days=1))
    with time_machine.travel(CLOSES - timedelta(days=4)):
        services.application_submit(application=application)
    for hours in range(0, 4 * 24 + 48, 6):
        sweep(CLOSES - timedelta(days=4) + timedelta(hours=hours))
    assert [o for _, o in sent("endorsement_request")] == ["reminder-2-days", "request"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_reminders_through_real_worker_twice_send_once(redis_broker, cohort):
    draft = make(cohort, OPENS + timedelta(days=1))
    celery_app.conf.task_always_eager = False
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    done = threading.Event()
    finished: list[str] = []

    def on_postrun(sender=None, **kwargs):
        finished.append(getattr(sender, "name", ""))
        connections.close_all()
        if finished.count(reminders_sweep.name) == 2 and "csssl.outbox_deliver" in finished:
            done.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        with (
            time_machine.travel(CLOSES - timedelta(days=6)),
            start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20),
        ):
            reminders_sweep.delay()
            reminders_sweep.delay()
            assert done.wait(30), finished
    finally:
        task_postrun.disconnect(on_postrun)
    message = OutboxMessage.objects.get(kind="draft_reminder")
    assert message.recipient == draft.applicant.email
    assert message.state == OutboxMessage.State.SENT
    assert finished.count("csssl.outbox_deliver") == 1
    assert application_reminders.DRAFT_REMINDERS[0][0] == message.occasion
