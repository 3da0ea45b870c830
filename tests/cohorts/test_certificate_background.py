"""Award and generate certificates with the broker down: the page answers, the batch and its
job are recorded, and the beat sweep generates every certificate once when the broker is back."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Certificate, CertificateBatch
from csssl.models import BackgroundJob
from events.models import AttendanceRecord
from tests.brokers import broker_refusing
from tests.events.test_engagement import day_event, ended_cohort, mark
from tests.factories import ParticipantFactory, coordinator

# Transactions commit for real, as in production: on_commit callbacks run inside the request.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_certificates_with_the_broker_down_are_generated_once_by_the_sweep(postgresql):
    cohort = ended_cohort()
    event = day_event(cohort, 10)
    by = coordinator()
    for _ in range(2):
        mark(event, ParticipantFactory(cohort=cohort), AttendanceRecord.Status.PRESENT, by=by)
    client = Client()
    client.force_login(by)

    with broker_refusing():
        response = client.post(reverse("certificates:generate", args=[cohort.pk]))
        page = client.get(response["Location"])
        again = client.post(reverse("certificates:generate", args=[cohort.pk]))

    assert response.status_code == again.status_code == 302
    assert page.status_code == 200
    assert "Waiting to start" in page.content.decode()
    batch = CertificateBatch.objects.get()
    assert batch.status == CertificateBatch.Status.QUEUED
    job = BackgroundJob.objects.get()
    assert (job.task, job.kwargs, job.state) == (
        "events.certificates_generate",
        {"batch_id": batch.pk},
        BackgroundJob.State.QUEUED,
    )
    assert not Certificate.objects.exists()

    # The broker is back (tasks run in-process here); beat's sweeps run twice.
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("run_sweeps", stdout=StringIO())
        call_command("run_sweeps", stdout=StringIO())

    batch.refresh_from_db()
    assert batch.status == CertificateBatch.Status.DONE
    assert batch.total == batch.done == 2
    assert Certificate.objects.filter(participant__cohort=cohort).count() == 2
    job.refresh_from_db()
    assert (job.state, job.attempts) == (BackgroundJob.State.DONE, 1)
