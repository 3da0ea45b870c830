"""Awarding certificates one by one and in batches, and the pages around them: the
participant's certificate on /me/ and the coordinators' page."""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections
from pypdf import PdfReader

from cohorts import completion, tasks
from cohorts.certificates import awarding
from cohorts.models import Certificate, CertificateBatch, Cohort, CompletionRule, Participant
from cohorts.services import CohortError
from csssl.celery import app as celery_app
from events.models import AttendanceRecord
from tests.events.test_engagement import at, attend_all, day_event, ended_cohort, mark
from tests.factories import CohortFactory, ParticipantFactory, UserFactory, coordinator

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status


@pytest.fixture
def cohort() -> Cohort:
    return CohortFactory(status=Cohort.Status.RUNNING)


@pytest.fixture
def after_end(cohort):
    return at(cohort.ends_on + timedelta(days=1))


@pytest.fixture
def days(cohort):
    """Four required extended days, a month apart, the last on the cohort's last day."""
    return [day_event(cohort, 30 * n) for n in (3, 2, 1, 0)]


@pytest.fixture
def participant(cohort) -> Participant:
    return ParticipantFactory(cohort=cohort)


# --- Awarding ----------------------------------------------------------------------------------


def test_certificate_award_needs_the_rule_met(days, participant, after_end):
    attend_all(days[:3], participant)

    with pytest.raises(CohortError, match="does not meet the rule"):
        awarding.certificate_award(participant=participant, now=after_end)

    assert not Certificate.objects.exists()


def test_certificate_award_never_before_the_end_date(cohort, participant):
    """Every required event is over and attended, but the programme has not ended."""
    event = day_event(cohort, 100)
    mark(event, participant, Status.PRESENT)
    early = event.ends_at + timedelta(days=1)
    assert completion.completion_of(participant, now=early).met

    with pytest.raises(CohortError, match="when the programme ends"):
        awarding.certificate_award(participant=participant, now=early)

    assert not Certificate.objects.exists()


def test_certificate_award_is_idempotent(days, participant, after_end):
    attend_all(days, participant)

    first = awarding.certificate_award(participant=participant, now=after_end)
    second = awarding.certificate_award(participant=participant, now=after_end)

    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


# --- Batches -----------------------------------------------------------------------------------


@pytest.fixture
def finished_cohort() -> Cohort:
    """A cohort that has ended: three participants attended everything, one missed a day."""
    cohort = ended_cohort()
    events = [day_event(cohort, 30 * n) for n in (2, 1, 0)]
    by = coordinator()
    for n in range(4):
        person = ParticipantFactory(cohort=cohort)
        for index, event in enumerate(events):
            status = Status.ABSENT if n == 3 and index == 1 else Status.PRESENT
            mark(event, person, status, by=by)
    return cohort


def zip_pdfs(batch: CertificateBatch) -> dict[str, bytes]:
    with batch.archive.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_certificate_batch_zip_is_a_file_on_the_private_storage(
    finished_cohort, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        batch, _ = awarding.certificate_batch_request(cohort=finished_cohort, by=coordinator())
    batch.refresh_from_db()

    (path,) = (path for path in tmp_path.rglob("*") if path.is_file())
    assert path == tmp_path / batch.archive.name
    assert batch.archive.name.startswith(f"certificates/{finished_cohort.pk}/batch-{batch.pk}-")
    with zipfile.ZipFile(path) as archive:
        assert len(archive.namelist()) == 3


def test_certificate_batch_request_refused_before_the_end(cohort):
    with pytest.raises(CohortError, match="can be awarded from"):
        awarding.certificate_batch_request(cohort=cohort, by=coordinator())

    assert not CertificateBatch.objects.exists()


def test_certificate_batch_task_makes_one_pdf_per_eligible_participant(
    finished_cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch, created = awarding.certificate_batch_request(
            cohort=finished_cohort, by=coordinator()
        )

    batch.refresh_from_db()
    assert created
    assert batch.status == CertificateBatch.Status.DONE
    assert batch.total == batch.done == 3
    assert batch.finished_at is not None
    pdfs = zip_pdfs(batch)
    certificates = Certificate.objects.filter(participant__cohort=finished_cohort)
    assert len(pdfs) == certificates.count() == 3
    for certificate in certificates:
        (name,) = [name for name in pdfs if certificate.code in name]
        text = "".join(PdfReader(io.BytesIO(pdfs[name])).pages[0].extract_text().split())
        assert "".join(certificate.name.split()) in text
    missed = Participant.objects.filter(cohort=finished_cohort).exclude(
        pk__in=certificates.values("participant")
    )
    assert missed.count() == 1


def test_certificate_batch_run_twice_duplicates_nothing(finished_cohort):
    by = coordinator()
    first = CertificateBatch.objects.create(cohort=finished_cohort, requested_by=by)
    tasks.certificates_generate.delay(batch_id=first.pk)
    codes = set(Certificate.objects.values_list("code", flat=True))

    assert tasks.certificates_generate.delay(batch_id=first.pk).get() == "done"
    second = CertificateBatch.objects.create(cohort=finished_cohort, requested_by=by)
    tasks.certificates_generate.delay(batch_id=second.pk)

    second.refresh_from_db()
    assert set(Certificate.objects.values_list("code", flat=True)) == codes
    assert len(codes) == 3
    assert second.total == second.done == 3
    assert {name.rsplit("-", 1)[1] for name in zip_pdfs(second)} == {f"{c}.pdf" for c in codes}


def purge_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_certificate_batch_with_a_real_worker_delivered_twice(finished_cohort, redis_broker):
    """Celery may deliver the task twice; the batch is run once and nobody gets two
    certificates."""
    finished: list[str] = []
    done = threading.Event()

    def on_postrun(sender=None, retval=None, **kwargs):
        if getattr(sender, "name", None) == tasks.certificates_generate.name:
            finished.append(retval)
            connections.close_all()  # the worker thread's own connection
            if len(finished) == 2:
                done.set()

    celery_app.conf.task_always_eager = False
    purge_broker()
    task_postrun.connect(on_postrun, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            batch, _ = awarding.certificate_batch_request(  # queued when it commits
                cohort=finished_cohort, by=coordinator()
            )
            tasks.certificates_generate.delay(batch_id=batch.pk)  # as a redelivery would be
            assert done.wait(60), f"the worker finished {finished} within 60 s"
    finally:
        task_postrun.disconnect(on_postrun)
        purge_broker()

    assert finished == ["done", "done"]
    batch.refresh_from_db()
    assert batch.total == batch.done == 3
    assert Certificate.objects.count() == 3
    assert len(zip_pdfs(batch)) == 3


def test_certificate_batch_request_again_while_waiting_reuses_the_batch(finished_cohort):
    by = coordinator()

    first, created = awarding.certificate_batch_request(cohort=finished_cohort, by=by)
    again, created_again = awarding.certificate_batch_request(cohort=finished_cohort, by=by)

    assert created
    assert not created_again
    assert again.pk == first.pk
    assert CertificateBatch.objects.count() == 1


def test_certificate_batch_task_ignores_a_missing_batch():
    assert tasks.certificates_generate.delay(batch_id=999_999).get() == "gone"


def test_certificate_batch_failure_is_recorded(finished_cohort, monkeypatch):
    def broken(certificates):
        raise RuntimeError("The PDF renderer is not installed")

    monkeypatch.setattr(awarding, "certificate_pdfs", broken)
    batch = CertificateBatch.objects.create(cohort=finished_cohort, requested_by=coordinator())

    tasks.certificates_generate.delay(batch_id=batch.pk)

    batch.refresh_from_db()
    assert batch.status == CertificateBatch.Status.FAILED
    assert batch.error == "The PDF renderer is not installed"


# --- The participant's dashboard ---------------------------------------------------------------


def signed_in(client, user):
    client.force_login(user)
    return client


def test_me_before_the_end_says_what_is_needed(client, cohort, participant):
    CompletionRule.objects.create(
        cohort=cohort,
        description="Attend all five days, including the residential, and submit the assessment",
    )

    body = signed_in(client, participant.user).get("/me/").content.decode()

    assert "Your certificate" in body
    assert "Attend all five days, including the residential, and submit the assessment" in body
    assert "No required event may be missed." in body
    assert f"once the programme ends on {cohort.ends_on:%-d %B %Y}" in body
    assert "/me/certificate.pdf" not in body
    assert signed_in(client, participant.user).get("/me/certificate.pdf").status_code == 404


def test_me_after_award_offers_the_download(client, finished_cohort):
    # the first made attended everything (ordering by name would pick a random one)
    participant = Participant.objects.filter(cohort=finished_cohort).order_by("pk").first()
    certificate = awarding.certificate_award(participant=participant)
    client = signed_in(client, participant.user)

    body = client.get("/me/").content.decode()
    response = client.get("/me/certificate.pdf")

    assert "Download your certificate (PDF)" in body
    assert certificate.code in body
    assert f"/certificates/verify/{certificate.code}/" in body
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert certificate.code in response["Content-Disposition"]


# --- The coordinators' page --------------------------------------------------------------------


def test_coordinator_page_is_for_coordinators_only(client, finished_cohort):
    url = f"/coordinator/cohorts/{finished_cohort.pk}/certificates/"

    assert client.get(url)["Location"].startswith("/accounts/login/")
    participant = Participant.objects.filter(cohort=finished_cohort).first()
    assert signed_in(client, participant.user).get(url).status_code == 404
    assert signed_in(client, UserFactory()).post(f"{url}generate/").status_code == 404
    assert not CertificateBatch.objects.exists()


def test_coordinator_page_before_the_end_says_when(client, cohort, days, participant):
    body = (
        signed_in(client, coordinator())
        .get(f"/coordinator/cohorts/{cohort.pk}/certificates/")
        .content.decode()
    )

    assert f"Certificates can be awarded from <strong>{cohort.ends_on:%A %-d %B %Y}" in body
    assert "Award and generate certificates" not in body


def test_coordinator_page_refuses_to_award_before_the_end(client, cohort, participant):
    client = signed_in(client, coordinator())

    response = client.post(f"/coordinator/cohorts/{cohort.pk}/certificates/generate/", follow=True)

    assert "Certificates can be awarded from" in response.content.decode()
    assert not CertificateBatch.objects.exists()


def test_coordinator_page_lists_who_meets_the_rule_and_why_not(client, finished_cohort):
    absent = Participant.objects.filter(cohort=finished_cohort).order_by("pk").last()

    body = (
        signed_in(client, coordinator())
        .get(f"/coordinator/cohorts/{finished_cohort.pk}/certificates/")
        .content.decode()
    )

    assert "Meet the rule (3)" in body
    assert "Do not meet the rule (1)" in body
    assert "(absent)" in body
    assert "Does not meet the rule: missed 1 required event, 0 allowed" in body
    assert absent.user.get_full_name() in body
    assert "Award and generate certificates" in body


def test_coordinator_awards_and_downloads_zip_and_csv(
    client, finished_cohort, django_capture_on_commit_callbacks
):
    client = signed_in(client, coordinator())
    base = f"/coordinator/cohorts/{finished_cohort.pk}/certificates/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}generate/")

    batch = CertificateBatch.objects.get()
    assert response["Location"] == f"{base}batches/{batch.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Download the certificates (zip)" in page
    progress = client.get(f"{base}batches/{batch.pk}/progress.json").json()
    assert progress == {
        "status": "done",
        "status_label": "Ready",
        "done": 3,
        "total": 3,
        "active": False,
        "error": "",
    }
    archive = client.get(f"{base}batches/{batch.pk}/certificates.zip")
    assert archive["Content-Type"] == "application/zip"
    assert archive["Content-Disposition"].startswith("attachment;")
    content = b"".join(archive.streaming_content)
    assert len(zipfile.ZipFile(io.BytesIO(content)).namelist()) == 3

    csv = client.get(f"{base}awarding-body.csv").content.decode("utf-8-sig").splitlines()
    assert csv[0] == (
        "Name,Email,Organisation,Programme,Cohort,Accreditation,Programme started,"
        "Programme ended,Date of award,Certificate code,Verification address"
    )
    assert len(csv) == 4
    certificate = Certificate.objects.order_by("name", "pk").first()
    assert certificate.code in csv[1]
    assert certificate.participant.user.email in csv[1]
    assert "ILM Level 7 certificate" in csv[1]


def test_coordinator_zip_not_found_until_done(client, finished_cohort):
    batch = CertificateBatch.objects.create(cohort=finished_cohort, requested_by=coordinator())
    client = signed_in(client, coordinator())
    base = f"/coordinator/cohorts/{finished_cohort.pk}/certificates/batches/{batch.pk}/"

    assert client.get(f"{base}certificates.zip").status_code == 404
    assert "Waiting to start" in client.get(base).content.decode()
    other = ended_cohort()
    assert (
        client.get(f"/coordinator/cohorts/{other.pk}/certificates/batches/{batch.pk}/").status_code
        == 404
    )


@pytest.mark.parametrize("size", [2, 10])
def test_coordinator_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    cohort = ended_cohort()
    events = [day_event(cohort, 10 * n) for n in range(size)]
    by = coordinator()
    for n in range(size):
        person = ParticipantFactory(cohort=cohort)
        for event in events:
            mark(event, person, Status.PRESENT if n % 3 else Status.ABSENT, by=by)
        if n % 3:
            awarding.certificate_award(participant=person)
    CertificateBatch.objects.create(cohort=cohort, requested_by=by)
    client = signed_in(client, by)
    url = f"/coordinator/cohorts/{cohort.pk}/certificates/"

    # session, user, role check, cohort with programme and rule, participants with their
    # certificates, events, marks with apologies, the counting evaluation rounds, the mentoring
    # sessions held, the counting group meetings, batches
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


def test_coordinator_page_shows_a_name_that_looks_like_markup_as_text(client, finished_cohort):
    """The page's rows are written in Python, not the template language: every value is still
    escaped."""
    someone = Participant.objects.filter(cohort=finished_cohort).first().user
    someone.first_name, someone.last_name = '<img src=x onerror="x()">', "O'Neil & Co"
    someone.save()

    body = (
        signed_in(client, coordinator())
        .get(f"/coordinator/cohorts/{finished_cohort.pk}/certificates/")
        .content.decode()
    )

    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=&quot;x()&quot;&gt; O&#x27;Neil &amp; Co" in body
