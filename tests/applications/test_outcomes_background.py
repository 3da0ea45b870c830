"""Send outcomes with the broker down: the page answers, the work is recorded in the database,
and the beat sweep sends every outcome once when the broker is back."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import services as allocation
from applications.models import Offer
from csssl.models import BackgroundJob
from tests.brokers import broker_refusing
from tests.factories import CohortFactory, coordinator

from .allocation_fixtures import endorsed

# Transactions commit for real, as in production: on_commit callbacks run inside the request.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_send_outcomes_with_the_broker_down_is_sent_once_by_the_sweep(postgresql):
    coord = coordinator()
    cohort = CohortFactory(capacity=2)
    offered, waiting = endorsed(cohort), endorsed(cohort)
    allocation.decision_record(application=offered, outcome="offer", reason="Yes", by=coord)
    allocation.decision_record(application=waiting, outcome="waiting_list", reason="Next", by=coord)
    mail.outbox.clear()
    client = Client()
    client.force_login(coord)
    url = reverse("admin:applications_board_send_outcomes", args=[cohort.pk])

    with broker_refusing():
        response = client.post(url)
        page = client.get(response["Location"])

    assert response.status_code == 302
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 offers and 1 letters will go out shortly" in text
    assert "Sent 1 offers" not in text
    job = BackgroundJob.objects.get()
    assert (job.task, job.kwargs, job.state) == (
        "applications.outcomes_send",
        {"cohort_id": cohort.pk},
        BackgroundJob.State.QUEUED,
    )
    assert "Could not reach the task queue" in job.last_error
    assert mail.outbox == []
    assert Offer.objects.get(application=offered).state == Offer.State.PENDING

    # The broker is back (tasks run in-process here); beat's sweeps run twice.
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("run_sweeps", stdout=StringIO())
        call_command("run_sweeps", stdout=StringIO())

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [offered.applicant.email, waiting.applicant.email]
    )
    assert Offer.objects.get(application=offered).state == Offer.State.SENT
    job.refresh_from_db()
    assert (job.state, job.attempts, job.last_error) == (BackgroundJob.State.DONE, 1, "")
    assert job.finished_at is not None


def test_send_outcomes_pressed_twice_with_the_broker_down_is_one_job(postgresql):
    coord = coordinator()
    cohort = CohortFactory(capacity=2)
    allocation.decision_record(application=endorsed(cohort), outcome="offer", reason="Y", by=coord)
    client = Client()
    client.force_login(coord)
    url = reverse("admin:applications_board_send_outcomes", args=[cohort.pk])

    with broker_refusing():
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302

    assert BackgroundJob.objects.count() == 1


def test_send_outcomes_without_a_broker_runs_in_process_and_says_sent(postgresql):
    coord = coordinator()
    cohort = CohortFactory(capacity=2)
    offered = endorsed(cohort)
    allocation.decision_record(application=offered, outcome="offer", reason="Yes", by=coord)
    mail.outbox.clear()
    client = Client()
    client.force_login(coord)
    url = reverse("admin:applications_board_send_outcomes", args=[cohort.pk])

    page = client.post(url, follow=True)  # tests run tasks eagerly, as with no broker

    assert "Sent 1 offers and 0 letters." in page.content.decode()
    assert [m.to[0] for m in mail.outbox] == [offered.applicant.email]
    assert BackgroundJob.objects.get().state == BackgroundJob.State.DONE
