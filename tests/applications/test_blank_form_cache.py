"""The blank expression-of-interest form is laid out once for each version of what it says:
its questions and their choices, the required dates, the deadline and the fee."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse

from cohorts.models import Cohort, LocalAuthority
from csssl import pdf
from tests.csssl.test_pdf import accessibility_problems, pdf_text
from tests.csssl.test_pdf_cache import REFUSING_REDIS
from tests.factories import CohortFactory, MilestoneFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders():
    with mock.patch.object(pdf, "html_to_pdf", wraps=pdf.html_to_pdf) as spy:
        yield spy


@pytest.fixture
def cohort():
    cohort = CohortFactory(
        programme=ProgrammeFactory(short_name="CSSSL", slug="csssl"),
        name="Cohort 1",
        applications_open=datetime(2021, 5, 10, 8, 0, tzinfo=UTC),
        application_deadline=datetime(2021, 7, 2, 22, 59, tzinfo=UTC),
        places_awarded_by=date(2021, 7, 30),
        external_partner_fee=Decimal("750.00"),
    )
    MilestoneFactory(cohort=cohort, title="Event 1", starts_on=date(2021, 10, 5))
    return cohort


def blank_form(client, cohort):
    return client.get(reverse("applications:blank_form", args=[cohort.pk]))


def test_blank_form_second_request_is_not_rendered(client, cohort, renders):
    first = blank_form(client, cohort)
    second = blank_form(client, cohort)

    assert renders.call_count == 1
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_blank_form_new_required_date_gives_a_fresh_pdf(client, cohort, renders):
    blank_form(client, cohort)
    MilestoneFactory(cohort=cohort, title="Residential", starts_on=date(2022, 3, 9))

    text = pdf_text(blank_form(client, cohort).content)

    assert renders.call_count == 2
    assert "9March2022Residential" in text


def test_blank_form_moved_deadline_gives_the_new_deadline(client, cohort, renders):
    blank_form(client, cohort)
    Cohort.objects.filter(pk=cohort.pk).update(
        application_deadline=datetime(2021, 7, 9, 22, 59, tzinfo=UTC)
    )

    text = pdf_text(blank_form(client, cohort).content)

    assert renders.call_count == 2
    assert "23:59onFriday9July2021" in text
    assert "Friday2July2021" not in text


def test_blank_form_new_local_authority_is_a_new_choice(client, cohort, renders):
    """A row the form only lists as a choice, with no link to the cohort, still counts."""
    blank_form(client, cohort)
    LocalAuthority.objects.create(name="Borsetshire", code="E99000001")

    text = pdf_text(blank_form(client, cohort).content)

    assert renders.call_count == 2
    assert "Borsetshire" in text


def test_blank_form_document_and_view_share_one_rendering(client, cohort, renders):
    from applications.documents import blank_form_pdf

    from_view = blank_form(client, cohort).content
    from_document = blank_form_pdf(cohort)

    assert renders.call_count == 1
    assert from_document == from_view


@override_settings(CACHES=REFUSING_REDIS)
def test_blank_form_cache_down_still_a_pdf(client, cohort, renders):
    response = blank_form(client, cohort)

    assert response.status_code == 200
    assert "5October2021Event1" in pdf_text(response.content)


def test_blank_form_cached_copy_keeps_tags_and_title(client, cohort, renders):
    blank_form(client, cohort)
    cached = blank_form(client, cohort)

    assert renders.call_count == 1
    title = "CSSSL expression of interest form: Cohort 1"
    assert accessibility_problems(cached.content, title=title) == []


def test_blank_form_query_count_same_when_cached(client, cohort, django_assert_num_queries):
    blank_form(client, cohort)

    with django_assert_num_queries(5):
        blank_form(client, cohort)
