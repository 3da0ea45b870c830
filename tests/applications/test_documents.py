"""The blank expression-of-interest form of a cohort and a submitted application, as PDFs."""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from applications.documents import application_pdf, blank_form_pdf
from applications.form_shape import STATEMENT_WORD_LIMIT
from applications.forms import ApplicationForm
from applications.models import EqualityMonitoring
from cohorts.models import Milestone
from tests.applications.factories import (
    CONTRIBUTION,
    EndorsementFactory,
    EqualityMonitoringFactory,
    ExpressionOfInterestFactory,
)
from tests.factories import CohortFactory, MilestoneFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://leadership.example.org"


def squashed(text: str) -> str:
    """Text without whitespace: text extraction puts spaces inside kerned words ("T est")."""
    return "".join(text.split())


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return squashed("".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def cohort():
    """Applications close at 23:59 UK time (22:59 UTC) on Friday 2 July 2021."""
    programme = ProgrammeFactory(
        name="Children's Services Strategic Senior Leadership",
        short_name="CSSSL",
        slug="csssl",
        external_partner_fee=Decimal("750.00"),
    )
    cohort = CohortFactory(
        programme=programme,
        name="Cohort 1: Autumn 2021 – Spring 2022",
        applications_open=datetime(2021, 5, 10, 8, 0, tzinfo=UTC),
        application_deadline=datetime(2021, 7, 2, 22, 59, tzinfo=UTC),
        places_awarded_by=date(2021, 7, 30),
        evaluation_opens=date(2021, 8, 2),
        evaluation_closes=date(2021, 9, 17),
        starts_on=date(2021, 10, 5),
        ends_on=date(2022, 6, 30),
    )
    # Made out of date order: the form lists them by date.
    MilestoneFactory(
        cohort=cohort,
        kind=Milestone.Kind.RESIDENTIAL,
        title="Residential",
        starts_on=date(2022, 3, 9),
        ends_on=date(2022, 3, 10),
    )
    MilestoneFactory(cohort=cohort, title="Event 1", starts_on=date(2021, 10, 5))
    MilestoneFactory(
        cohort=cohort,
        kind=Milestone.Kind.SEMINAR,
        title="Online seminar 1",
        starts_on=date(2021, 11, 1),
        precision=Milestone.Precision.MONTH,
    )
    return cohort


@pytest.fixture
def submitted(cohort):
    """Submitted at 22:30 UK time (21:30 UTC) on the day of the deadline, and endorsed."""
    application = ExpressionOfInterestFactory(
        cohort=cohort,
        submitted=True,
        submitted_at=datetime(2021, 7, 2, 21, 30, tzinfo=UTC),
        first_name="Siobhan",
        last_name="Okonkwo",
        job_title="Head of Family Help",
        endorser_name="Margaret Ellery",
        access_requirements="A hearing loop at events, please.",
    )
    EndorsementFactory(application=application, confirmed=True)
    return application


# The blank form


@override_settings(SITE_URL=SITE_URL)
def test_blank_form_lists_every_question_of_the_online_form(cohort):
    text = pdf_text(blank_form_pdf(cohort))

    form = ApplicationForm(cohort=cohort)
    assert "invoice_contact_name" in form.fields
    for name, field in form.fields.items():
        label = str(field.label).removesuffix(" (optional)")
        assert squashed(label) in text, name
    assert squashed("Children's social care") in text
    assert squashed("Nottinghamshire") in text


def test_blank_form_gives_statement_word_limits(cohort):
    text = pdf_text(blank_form_pdf(cohort))

    assert text.count(squashed(f"Up to {STATEMENT_WORD_LIMIT} words.")) == 3
    assert squashed("What you will bring to the cohort") in text


def test_blank_form_lists_required_dates_in_date_order(cohort):
    text = pdf_text(blank_form_pdf(cohort))

    event = text.index(squashed("5 October 2021 Event 1"))
    seminar = text.index(squashed("November 2021 Online seminar 1"))
    residential = text.index(squashed("9 – 10 March 2022 Residential"))
    assert event < seminar < residential


def test_blank_form_deadline_shown_in_london_time(cohort):
    text = pdf_text(blank_form_pdf(cohort))

    assert squashed("23:59 on Friday 2 July 2021") in text
    assert squashed("Friday 30 July 2021") in text
    assert "22:59" not in text


@override_settings(SITE_URL=SITE_URL)
def test_blank_form_says_where_to_apply_online(cohort):
    text = pdf_text(blank_form_pdf(cohort))

    assert squashed(f"{SITE_URL}/cohorts/{cohort.pk}/apply/") in text


def test_blank_form_external_partner_fee_and_funded_places(cohort):
    text = pdf_text(blank_form_pdf(cohort))

    assert squashed("Local-authority places are fully funded.") in text
    assert squashed("carries a fee of £750.") in text


def test_blank_form_cohort_without_fee_asks_no_invoice_details(cohort):
    cohort.external_partner_fee = Decimal("0")
    cohort.save()

    text = pdf_text(blank_form_pdf(cohort))

    assert squashed("There is no fee for external partners.") in text
    assert squashed("Invoice contact") not in text


def test_blank_form_lists_the_declarations(cohort):
    text = pdf_text(blank_form_pdf(cohort))

    fields = ApplicationForm(cohort=cohort).fields
    for name in ("can_attend_all_dates", "agrees_full_engagement", "data_protection_consent"):
        assert squashed(str(fields[name].label)) in text


def test_blank_form_marks_equality_monitoring_optional(cohort):
    text = pdf_text(blank_form_pdf(cohort))

    assert squashed("Equality monitoring (optional)") in text
    assert squashed("Asian or Asian British") in text


def _queries(render, obj) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert render(obj).startswith(b"%PDF-")
    return len(queries)


def test_blank_form_query_count_does_not_grow_with_dates(cohort):
    at_three = _queries(blank_form_pdf, cohort)
    for month in range(1, 7):
        MilestoneFactory(cohort=cohort, starts_on=date(2022, month, 15))

    assert _queries(blank_form_pdf, cohort) == at_three == 3


# A submitted application


def test_application_pdf_shows_the_applicants_answers(submitted):
    text = pdf_text(application_pdf(submitted))

    assert squashed("Siobhan Okonkwo") in text
    assert squashed("Head of Family Help") in text
    assert squashed("Nottinghamshire County Council") in text
    assert squashed(CONTRIBUTION) in text
    assert squashed("A hearing loop at events, please.") in text
    assert squashed("5 October 2021 Event 1") in text


def test_application_pdf_shows_status_submission_time_and_endorser(submitted):
    text = pdf_text(application_pdf(submitted))

    assert squashed("Status Submitted") in text
    assert squashed("Submitted 22:30 on Friday 2 July 2021 (UK time)") in text
    assert "21:30" not in text
    assert squashed("Margaret Ellery") in text
    assert squashed("Endorsement Endorsed") in text


def test_application_pdf_draft_says_not_submitted(cohort):
    draft = ExpressionOfInterestFactory(cohort=cohort, job_title="")

    text = pdf_text(application_pdf(draft))

    assert squashed("Status Draft") in text
    assert squashed("Submitted Not submitted") in text
    assert squashed("Job title Not answered") in text


def test_application_pdf_external_partner_shows_invoice_details(cohort):
    application = ExpressionOfInterestFactory(cohort=cohort, submitted=True, external=True)

    text = pdf_text(application_pdf(application))

    assert squashed("Fee for external partners") in text
    assert squashed("£750") in text
    assert squashed("invoices@nuh.example.org") in text
    assert squashed("PO-4471203") in text
    assert squashed("Queen's Medical Centre") in text


def test_application_pdf_local_authority_has_no_invoice_section(submitted):
    text = pdf_text(application_pdf(submitted))

    assert squashed("Invoice") not in text
    assert squashed("Fee for external partners") not in text


def test_application_pdf_never_shows_equality_monitoring(submitted):
    EqualityMonitoringFactory(
        application=submitted,
        age_band=EqualityMonitoring.AgeBand.UNDER_35,
        ethnicity=EqualityMonitoring.Ethnicity.ASIAN,
        disability=EqualityMonitoring.YesNo.YES,
    )

    text = pdf_text(application_pdf(submitted)).lower()

    for answer in ("equality", "ethnic", "asianorasianbritish", "under35", "disab", "ageband"):
        assert answer not in text


def test_application_pdf_query_count_does_not_grow(submitted):
    at_first = _queries(application_pdf, submitted)
    for month in range(1, 7):
        MilestoneFactory(cohort=submitted.cohort, starts_on=date(2022, month, 15))
    EndorsementFactory(
        application=ExpressionOfInterestFactory(cohort=submitted.cohort, submitted=True)
    )

    assert _queries(application_pdf, submitted) == at_first == 2
