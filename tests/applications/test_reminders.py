"""Reminders before the deadline, with time travel through the beat sweep."""

import re
import threading
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from applications import reminders as application_reminders
from applications import services
from applications import services as allocation
from applications.models import Allocator, Decision, Offer
from csssl import reminders
from csssl.celery import app as celery_app
from csssl.models import OutboxMessage
from csssl.tasks import reminders_sweep
from tests.factories import CohortFactory, coordinator, dcs_member

from .allocation_fixtures import criteria, endorsed
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


# --- Offers not yet answered, and scores still owed ------------------------------------------


def delivered_by_sweep(at: datetime, capture) -> list:
    """Sweep at ``at`` and return the emails delivered, as their recipients receive them."""
    mail.outbox.clear()
    with time_machine.travel(at, tick=False), capture(execute=True):
        reminders.reminders_sweep()
    return list(mail.outbox)


def links_in(email) -> list[str]:
    return re.findall(r"https?://\S+", email.body)


@pytest.mark.django_db
def test_offer_reminder_three_days_before_the_date_once_to_those_yet_to_answer(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory()
    coord = coordinator()
    waiting, accepting, declining = (endorsed(cohort) for _ in range(3))
    for application in (waiting, accepting, declining):
        allocation.decision_record(
            application=application, outcome=Decision.Outcome.OFFER, reason="Balance", by=coord
        )
    allocation.outcomes_send(cohort=cohort)
    offers = {o.application_id: o for o in Offer.objects.filter(cohort=cohort)}
    allocation.offer_accept(offer=offers[accepting.pk], user=accepting.applicant)
    allocation.offer_decline(offer=offers[declining.pk], user=declining.applicant)
    offer = offers[waiting.pk]
    due = offer.respond_by - application_reminders.OFFER_REMINDER_BEFORE

    assert delivered_by_sweep(due - timedelta(minutes=1), django_capture_on_commit_callbacks) == []
    (email,) = delivered_by_sweep(due + timedelta(hours=1), django_capture_on_commit_callbacks)
    for later in (due + timedelta(days=1), offer.respond_by - timedelta(minutes=1)):
        assert delivered_by_sweep(later, django_capture_on_commit_callbacks) == []

    assert email.to == [waiting.applicant.email]
    assert sent("offer_reminder") == [(waiting.applicant.email, "3-days")]
    (link,) = links_in(email)
    assert link.startswith(f"{settings.SITE_URL}/")
    path = urlsplit(link).path
    match = resolve(path)
    assert match.view_name == "applications:offer_link"
    assert allocation.offer_from_token(match.kwargs["token"], user=waiting.applicant) == offer
    browser = Client()
    browser.force_login(waiting.applicant)
    response = browser.get(path)
    assert response["Location"] == f"{waiting.get_absolute_url()}#offer"


@pytest.mark.django_db
def test_offer_reminder_waits_a_day_after_an_offer_with_a_short_date(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory()
    allocation_settings = allocation.settings_for(cohort)
    allocation_settings.offer_response_days = 2
    allocation_settings.save()
    application = endorsed(cohort)
    allocation.decision_record(
        application=application, outcome=Decision.Outcome.OFFER, reason="Balance", by=coordinator()
    )
    allocation.outcomes_send(cohort=cohort)
    sent_at = Offer.objects.get(application=application).sent_at

    assert (
        delivered_by_sweep(sent_at + timedelta(hours=1), django_capture_on_commit_callbacks) == []
    )
    (email,) = delivered_by_sweep(
        sent_at + timedelta(days=1, hours=1), django_capture_on_commit_callbacks
    )
    assert email.to == [application.applicant.email]


@pytest.mark.django_db
def test_scoring_reminder_3_days_before_and_on_the_last_day_to_members_still_scoring(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory()
    first, second = criteria(cohort, "Readiness", "Contribution")
    applications = [endorsed(cohort), endorsed(cohort)]
    owing, finished, conflicted = dcs_member(), dcs_member(), dcs_member()
    coordinator()  # coordinators work on the board but do not score
    Allocator.objects.create(user=conflicted, local_authority=applications[0].local_authority)
    for application in applications:
        for criterion in (first, second):
            allocation.score_record(
                application=application, scorer=finished, criterion=criterion, value=4
            )
    allocation.score_record(application=applications[0], scorer=owing, criterion=first, value=3)
    allocation_settings = allocation.settings_for(cohort)
    allocation_settings.scoring_closes_on = timezone.localdate() + timedelta(days=10)
    allocation_settings.save()

    def sweep_on(days_before: int) -> list:
        day = allocation_settings.scoring_closes_on - timedelta(days=days_before)
        at = datetime.combine(day, time(12), tzinfo=LONDON)
        return delivered_by_sweep(at, django_capture_on_commit_callbacks)

    assert sweep_on(4) == []
    (three_days,) = sweep_on(3)
    assert sweep_on(3) == []
    assert sweep_on(1) == []
    (last_day,) = sweep_on(0)
    assert sweep_on(-1) == []

    assert sent("scoring_reminder") == [
        (owing.email, "scoring-3-days"),
        (owing.email, "scoring-last-day"),
    ]
    board = settings.SITE_URL + reverse("admin:applications_board", args=[cohort.pk])
    browser = Client()
    browser.force_login(owing)
    for email in (three_days, last_day):
        assert email.to == [owing.email]
        assert "3 scores" in email.subject
        assert links_in(email) == [board]
        assert browser.get(urlsplit(board).path).status_code == 200
