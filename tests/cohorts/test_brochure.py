"""The public brochure: a PDF built from the programme, its featured cohort and its timeline."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cohorts.models import Cohort, Milestone
from tests.factories import CohortFactory, MilestoneFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SEMINAR_TOPICS = [
    "Understanding the political process",
    "Strategic commissioning",
    "SEND and inclusion",
]


def squashed(text: str) -> str:
    """Text without whitespace: text extraction puts spaces inside kerned words ("T est")."""
    return "".join(text.split())


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return squashed("".join(page.extract_text() for page in reader.pages))


def brochure_url(programme) -> str:
    return reverse("cohorts:brochure", kwargs={"slug": programme.slug})


@pytest.fixture
def csssl():
    return ProgrammeFactory(
        name="Children's Services Strategic Senior Leadership",
        short_name="CSSSL",
        slug="csssl",
        contact_email="csssl@sdsa.net",
        external_partner_fee=Decimal("750.00"),
    )


@pytest.fixture
def open_cohort(csssl):
    """Open in June 2021; applications close at 23:59 UK time (22:59 UTC) on 2 July 2021."""
    cohort = CohortFactory(
        programme=csssl,
        name="Cohort 1: Autumn 2021 – Spring 2022",
        applications_open=datetime(2021, 5, 10, 8, 0, tzinfo=UTC),
        application_deadline=datetime(2021, 7, 2, 22, 59, tzinfo=UTC),
        places_awarded_by=date(2021, 7, 30),
    )
    for number, topic in enumerate(SEMINAR_TOPICS, start=1):
        MilestoneFactory(
            cohort=cohort,
            kind=Milestone.Kind.SEMINAR,
            title=f"Online seminar {number}",
            topic=topic,
            starts_on=cohort.starts_on + timedelta(days=30 * number),
        )
    return cohort


@pytest.fixture
def june_2021():
    with time_machine.travel(datetime(2021, 6, 1, 10, 0, tzinfo=LONDON), tick=False):
        yield


def test_brochure_open_cohort_answers_pdf(client, open_cohort, june_2021):
    response = client.get(brochure_url(open_cohort.programme))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_brochure_open_cohort_shows_programme_cohort_and_topics(client, open_cohort, june_2021):
    text = pdf_text(client.get(brochure_url(open_cohort.programme)).content)

    assert squashed("Children's Services Strategic Senior Leadership") in text
    # Set in capitals on the cover.
    assert squashed("AN EAST MIDLANDS LEADERSHIP DEVELOPMENT PROGRAMME") in text
    assert squashed("Cohort 1: Autumn 2021 – Spring 2022") in text
    for topic in SEMINAR_TOPICS:
        assert squashed(topic) in text
    assert squashed("csssl@sdsa.net") in text


def test_brochure_deadline_shown_in_london_time(client, open_cohort, june_2021):
    text = pdf_text(client.get(brochure_url(open_cohort.programme)).content)

    assert squashed("Applications close at 23:59 on Friday 2 July 2021") in text
    assert squashed("Friday 30 July 2021") in text
    assert squashed("22:59") not in text


def test_brochure_external_partner_fee_shown_in_pounds(client, open_cohort, june_2021):
    text = pdf_text(client.get(brochure_url(open_cohort.programme)).content)

    assert squashed("carry a fee of £750,") in text
    assert squashed("fully funded") in text


def test_brochure_cohort_without_fee_says_no_fee(client, open_cohort, june_2021):
    open_cohort.external_partner_fee = Decimal("0")
    open_cohort.save()

    text = pdf_text(client.get(brochure_url(open_cohort.programme)).content)

    assert (
        squashed("There is no fee for places awarded to colleagues from external partners") in text
    )
    assert "£750" not in text


def test_brochure_timeline_lists_milestones_in_order(client, open_cohort, june_2021):
    text = pdf_text(client.get(brochure_url(open_cohort.programme)).content)

    positions = [
        text.index(squashed(title))
        for title in (
            "Application deadline",
            "Places awarded",
            "Online seminar 1",
            "Online seminar 2",
            "Online seminar 3",
        )
    ]
    assert positions == sorted(positions)


def test_brochure_programme_without_public_cohort_still_renders(client, csssl):
    CohortFactory(programme=csssl, name="Cohort being planned", status=Cohort.Status.DRAFT)

    response = client.get(brochure_url(csssl))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert squashed("Dates for the next cohort will be announced.") in text
    assert squashed("Cohort being planned") not in text
    assert squashed("Timeline:") not in text
    assert (
        squashed("Places awarded to colleagues from external partners carry a fee of £750") in text
    )


def test_brochure_draft_cohort_not_shown(client, open_cohort, june_2021):
    CohortFactory(
        programme=open_cohort.programme,
        name="Cohort 2: Autumn 2022 – Spring 2023",
        status=Cohort.Status.DRAFT,
        applications_open=datetime(2021, 5, 20, 8, 0, tzinfo=UTC),
        application_deadline=datetime(2021, 6, 20, 22, 59, tzinfo=UTC),
    )

    text = pdf_text(client.get(brochure_url(open_cohort.programme)).content)

    assert squashed("Cohort 1: Autumn 2021 – Spring 2022") in text
    assert squashed("Cohort 2") not in text


def test_brochure_unpublished_programme_is_404(client):
    programme = ProgrammeFactory(is_published=False)
    CohortFactory(programme=programme)

    response = client.get(brochure_url(programme))

    assert response.status_code == 404


def test_brochure_unknown_programme_is_404(client):
    assert client.get("/programmes/no-such-programme/brochure.pdf").status_code == 404


def make_programme_with(*, milestones: int, earlier_cohorts: int):
    programme = ProgrammeFactory()
    now = timezone.now()
    for years_ago in range(1, earlier_cohorts + 1):
        CohortFactory(
            programme=programme,
            status=Cohort.Status.COMPLETED,
            applications_open=now - timedelta(days=365 * years_ago + 200),
            application_deadline=now - timedelta(days=365 * years_ago + 150),
        )
    cohort = CohortFactory(programme=programme)
    for number in range(milestones):
        MilestoneFactory(
            cohort=cohort,
            kind=Milestone.Kind.SEMINAR,
            topic=f"Seminar topic {number}",
            starts_on=cohort.starts_on + timedelta(days=number),
        )
    return programme


@pytest.mark.parametrize(
    ("milestones", "earlier_cohorts"), [(2, 0), (8, 3)], ids=["small", "larger"]
)
def test_brochure_query_count_does_not_grow_with_data(
    client, django_assert_num_queries, milestones, earlier_cohorts
):
    programme = make_programme_with(milestones=milestones, earlier_cohorts=earlier_cohorts)

    # The programme, its public cohorts, and their milestones.
    with django_assert_num_queries(3):
        response = client.get(brochure_url(programme))

    assert response.status_code == 200
    assert squashed(f"Seminar topic {milestones - 1}") in pdf_text(response.content)
