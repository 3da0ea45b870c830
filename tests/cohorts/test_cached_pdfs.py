"""The brochure and the qualities PDF are laid out once for each version of what they say: a
second request does not render, and any change to what they show, however it is made, gives
a fresh PDF at once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from cohorts.models import Milestone, Programme, Quality
from csssl import pdf
from tests.csssl.test_pdf import accessibility_problems, pdf_text
from tests.csssl.test_pdf_cache import REFUSING_REDIS
from tests.factories import (
    CohortFactory,
    MilestoneFactory,
    ProgrammeFactory,
    QualityFactory,
    QualityFrameworkFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def renders():
    with mock.patch.object(pdf, "html_to_pdf", wraps=pdf.html_to_pdf) as spy:
        yield spy


@pytest.fixture
def cohort():
    """Applications open 10 May 2021 and close at 23:59 UK time on 2 July 2021."""
    cohort = CohortFactory(
        programme=ProgrammeFactory(
            name="Children's Services Strategic Senior Leadership",
            short_name="CSSSL",
            slug="csssl",
            summary="A year for senior leaders across the region.",
        ),
        name="Cohort 1",
        applications_open=datetime(2021, 5, 10, 8, 0, tzinfo=UTC),
        application_deadline=datetime(2021, 7, 2, 22, 59, tzinfo=UTC),
        places_awarded_by=date(2021, 7, 30),
    )
    MilestoneFactory(
        cohort=cohort, title="Extended day one", starts_on=date(2021, 10, 12), topic=""
    )
    return cohort


@pytest.fixture
def june_2021():
    with time_machine.travel(datetime(2021, 6, 1, 10, 0, tzinfo=LONDON), tick=False):
        yield


def brochure(client, programme):
    return client.get(reverse("cohorts:brochure", kwargs={"slug": programme.slug}))


def test_brochure_second_request_is_not_rendered(client, cohort, june_2021, renders):
    first = brochure(client, cohort.programme)
    second = brochure(client, cohort.programme)

    assert renders.call_count == 1
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_brochure_changed_description_gives_the_new_text(client, cohort, june_2021, renders):
    brochure(client, cohort.programme)
    # A queryset update: no save(), no signal, no timestamp; the key still changes.
    Programme.objects.filter(pk=cohort.programme.pk).update(
        summary="Now for aspiring directors as well."
    )

    text = pdf_text(brochure(client, cohort.programme).content)

    assert renders.call_count == 2
    assert "Nowforaspiringdirectorsaswell." in text
    assert "Ayearforseniorleaders" not in text


def test_brochure_moved_event_date_gives_the_new_date(client, cohort, june_2021, renders):
    brochure(client, cohort.programme)
    Milestone.objects.filter(cohort=cohort).update(starts_on=date(2021, 11, 23))

    text = pdf_text(brochure(client, cohort.programme).content)

    assert renders.call_count == 2
    assert "23November2021" in text
    assert "12October2021" not in text


def test_brochure_deadline_passing_gives_the_closed_wording(client, cohort, renders):
    """Nothing in the database changes when the deadline passes: what the brochure says
    does, and so does its key."""
    with time_machine.travel(datetime(2021, 6, 1, 10, 0, tzinfo=LONDON), tick=False):
        before = pdf_text(brochure(client, cohort.programme).content)
    with time_machine.travel(datetime(2021, 7, 3, 10, 0, tzinfo=LONDON), tick=False):
        after = pdf_text(brochure(client, cohort.programme).content)

    assert renders.call_count == 2
    assert "Applicationsclose" in before
    assert "Applicationsforthiscohorthaveclosed." in after


def test_brochure_browser_copy_still_current_is_304(client, cohort, june_2021, renders):
    first = brochure(client, cohort.programme)

    again = client.get(
        reverse("cohorts:brochure", kwargs={"slug": cohort.programme.slug}),
        HTTP_IF_NONE_MATCH=first["ETag"],
    )

    assert again.status_code == 304
    assert renders.call_count == 1


@override_settings(CACHES=REFUSING_REDIS)
def test_brochure_cache_down_still_a_pdf(client, cohort, june_2021, renders):
    response = brochure(client, cohort.programme)

    assert response.status_code == 200
    assert "Ayearforseniorleadersacrosstheregion." in pdf_text(response.content)
    assert renders.call_count == 1


def test_brochure_cached_copy_keeps_tags_and_title(client, cohort, june_2021, renders):
    brochure(client, cohort.programme)
    cached = brochure(client, cohort.programme)

    assert renders.call_count == 1
    assert (
        accessibility_problems(
            cached.content,
            title="Children's Services Strategic Senior Leadership (CSSSL) brochure",
        )
        == []
    )


def test_brochure_query_count_same_when_cached(
    client, cohort, june_2021, django_assert_num_queries
):
    brochure(client, cohort.programme)

    with django_assert_num_queries(3):
        brochure(client, cohort.programme)


# --- The qualities ----------------------------------------------------------------------------


@pytest.fixture
def framework():
    framework = QualityFrameworkFactory(
        programme=ProgrammeFactory(name="Test Programme", short_name="TP", slug="tp"),
        name="TP leadership qualities",
    )
    QualityFactory(
        framework=framework,
        theme="Personal qualities",
        name="Self-awareness",
        description="Understands their own strengths.",
    )
    return framework


def qualities(client, framework):
    return client.get(reverse("cohorts:qualities_pdf", kwargs={"slug": framework.programme.slug}))


def test_qualities_second_request_is_not_rendered(client, framework, renders):
    first = qualities(client, framework)
    second = qualities(client, framework)

    assert renders.call_count == 1
    assert second.content == first.content


def test_qualities_changed_quality_gives_the_new_text(client, framework, renders):
    qualities(client, framework)
    Quality.objects.filter(framework=framework).update(
        description="Knows the effect they have on others."
    )

    text = pdf_text(qualities(client, framework).content)

    assert renders.call_count == 2
    assert "Knowstheeffecttheyhaveonothers." in text
    assert "Understandstheirownstrengths." not in text


def test_qualities_added_quality_gives_a_fresh_pdf(client, framework, renders):
    qualities(client, framework)
    QualityFactory(framework=framework, theme="Leading the system", name="Systems thinking")

    text = pdf_text(qualities(client, framework).content)

    assert renders.call_count == 2
    assert "Systemsthinking" in text


@override_settings(CACHES=REFUSING_REDIS)
def test_qualities_cache_down_still_a_pdf(client, framework, renders):
    response = qualities(client, framework)

    assert response.status_code == 200
    assert "Self-awareness" in pdf_text(response.content)
