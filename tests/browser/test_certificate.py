"""Certificates in a real browser: a coordinator awards a cohort's certificates, a participant
downloads theirs from "My programme", and anyone checks it by its code. Every page on the way
passes axe-core's WCAG 2.2 AA rules with nothing serious or critical."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cohorts import tasks
from cohorts.models import Certificate, CertificateBatch, Cohort, CompletionRule, Participant
from events import services
from events.models import (
    EXTENDED_DAY_ENDS,
    EXTENDED_DAY_STARTS,
    AttendanceRecord,
)
from tests.events.factories import EventFactory
from tests.factories import (
    PASSWORD,
    CohortFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
    coordinator,
)

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser

BOTH_SCREENS = pytest.mark.parametrize("viewport", ["desktop", "phone"])


@pytest.fixture
def cohort(live_server) -> Cohort:
    """An ALICSE-like cohort that ended last month: five days, two participants who attended
    them all and one who missed the residential."""
    programme = ProgrammeFactory(
        name="Aspiring Leaders in Integrated Children's Services Environments",
        short_name="ALICSE",
        slug="alicse",
        accreditation="30 CATS credits at postgraduate level",
    )
    opened = timezone.now() - timedelta(days=330)
    cohort = CohortFactory(
        programme=programme,
        name="Cohort 4: 2025–26",
        status=Cohort.Status.RUNNING,
        applications_open=opened,
        application_deadline=opened + timedelta(days=20),
    )
    CompletionRule.objects.create(
        cohort=cohort,
        description="Attend all five days, including the residential, and submit the assessment",
    )
    days = []
    for n, title in enumerate(["Day 1", "Day 2", "Residential", "Day 4", "Day 5"]):
        day = cohort.starts_on + timedelta(days=40 * n)
        days.append(
            EventFactory(
                cohort=cohort,
                title=title,
                starts_at=timezone.make_aware(datetime.combine(day, EXTENDED_DAY_STARTS)),
                ends_at=timezone.make_aware(datetime.combine(day, EXTENDED_DAY_ENDS)),
            )
        )
    by = coordinator()
    people = [
        UserFactory(first_name="Priya", last_name="Chaudhary", email="priya@example.org"),
        UserFactory(first_name="Gareth", last_name="Pryce"),
        UserFactory(first_name="Eilidh", last_name="Ross"),
    ]
    for person in people:
        participant = ParticipantFactory(cohort=cohort, user=person)
        for event in days:
            missed = person.last_name == "Ross" and event.title == "Residential"
            services.attendance_mark(
                event=event,
                participant=participant,
                status=AttendanceRecord.Status.ABSENT
                if missed
                else AttendanceRecord.Status.PRESENT,
                by=by,
            )
    return cohort


def test_certificate_awarded_downloaded_and_verified(
    page: Page, new_context, server, cohort, axe_check, tmp_path: Path
):
    # The coordinator sees who meets the rule and awards the certificates.
    lead = coordinator()
    sign_in(page, server, email=lead.email, password=PASSWORD)
    page.goto(f"{server}/coordinator/cohorts/{cohort.pk}/certificates/")
    expect(page.get_by_role("heading", name="Meet the rule (2)")).to_be_visible()
    expect(page.get_by_role("heading", name="Do not meet the rule (1)")).to_be_visible()
    expect(page.get_by_text("Residential (absent)")).to_be_visible()
    axe_check(page, "certificates-cohort")

    page.get_by_role("button", name="Award and generate certificates").click()

    expect(page.get_by_role("status")).to_have_text("Ready")
    expect(page.get_by_text("2 of 2")).to_be_visible()
    expect(page.get_by_role("link", name="Download the certificates (zip)")).to_be_visible()
    axe_check(page, "certificates-batch-done")
    assert Certificate.objects.count() == 2

    # The participant downloads theirs from "My programme".
    participant = Participant.objects.get(user__email="priya@example.org")
    code = participant.certificate.code
    context = new_context()
    mine = context.new_page()
    sign_in(mine, server, email="priya@example.org", password=PASSWORD)
    mine.goto(f"{server}/me/")
    section = mine.get_by_role("region", name="Your certificate")
    expect(section).to_contain_text("30 CATS credits at postgraduate level")
    expect(section).to_contain_text(code)
    axe_check(mine, "me-certificate")
    with mine.expect_download() as download:
        section.get_by_role("link", name="Download your certificate (PDF)").click()
    saved = tmp_path / "certificate.pdf"
    download.value.save_as(saved)
    text = "".join(PdfReader(saved).pages[0].extract_text().split())
    assert "PriyaChaudhary" in text
    assert code in text
    context.close()

    # Anyone checks it by typing the code, as printed, into the public check.
    anyone = new_context().new_page()
    anyone.goto(f"{server}/certificates/verify/")
    anyone.get_by_label("Certificate code").fill(f"{code[:4]} {code[4:8]} {code[8:]}".lower())
    anyone.get_by_role("button", name="Check the certificate").click()
    expect(anyone).to_have_url(f"{server}/certificates/verify/{code}/")
    expect(anyone.get_by_text("Genuine certificate")).to_be_visible()
    expect(anyone.get_by_text("Priya Chaudhary")).to_be_visible()
    expect(anyone.get_by_text(re.compile("Aspiring Leaders in Integrated"))).to_be_visible()
    expect(anyone.get_by_text("priya@example.org")).to_have_count(0)
    axe_check(anyone, "certificate-verify")
    anyone.context.close()


@BOTH_SCREENS
def test_unknown_code_answers_kindly(page: Page, server, axe_check):
    response = page.goto(f"{server}/certificates/verify/7KQ4M2XW9HTC/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("No certificate has this code")
    expect(page.get_by_label("Certificate code")).to_have_value("7KQ4M2XW9HTC")
    axe_check(page, "certificate-not-found")


def test_participant_before_the_end_sees_what_is_needed(page: Page, server, axe_check):
    cohort = CohortFactory(status=Cohort.Status.RUNNING)
    CompletionRule.objects.create(
        cohort=cohort,
        description="Attend every extended day and the online seminars, and take part in mentoring",
    )
    EventFactory(cohort=cohort, title="Event 1: extended day")
    participant = ParticipantFactory(cohort=cohort)
    sign_in(page, server, email=participant.user.email, password=PASSWORD)

    page.goto(f"{server}/me/")

    section = page.get_by_role("region", name="Your certificate")
    expect(section).to_contain_text("take part in mentoring")
    expect(section).to_contain_text(f"ends on {cohort.ends_on:%-d %B %Y}")
    expect(section.get_by_role("link")).to_have_count(0)
    axe_check(page, "me-certificate-to-come")


def test_batch_progress_updates_itself(page: Page, server, cohort, axe_check):
    """While a batch waits for a worker, its page shows so; when the work is done, the page
    updates itself and offers the zip, without being reloaded."""
    lead = coordinator()
    batch = CertificateBatch.objects.create(cohort=cohort, requested_by=lead)
    sign_in(page, server, email=lead.email, password=PASSWORD)
    page.goto(f"{server}/coordinator/cohorts/{cohort.pk}/certificates/batches/{batch.pk}/")
    expect(page.get_by_role("status")).to_have_text("Waiting to start")
    download = page.get_by_role("link", name="Download the certificates (zip)")
    expect(download).to_be_hidden()
    axe_check(page, "certificates-batch-waiting")

    tasks.certificates_generate.delay(batch_id=batch.pk)

    expect(page.get_by_role("status")).to_have_text("Ready")
    expect(download).to_be_visible()
    expect(page.locator("#batch-bar")).to_have_attribute("value", "2")
