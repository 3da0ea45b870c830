from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cohorts.models import Cohort, Milestone
from tests.factories import CohortFactory, MilestoneFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def programme_with_cohorts(cohorts: int, milestones: int):
    programme = ProgrammeFactory()
    for _ in range(cohorts):
        cohort = CohortFactory(programme=programme)
        for index in range(milestones):
            MilestoneFactory(
                cohort=cohort,
                kind=Milestone.Kind.SEMINAR,
                topic=f"Topic {index}",
                starts_on=cohort.starts_on + timedelta(days=index),
            )
    return programme


def test_home_lists_published_programmes_with_open_cohort(client):
    cohort = CohortFactory(name="Cohort 9: Autumn 2027 – Spring 2028")
    hidden = ProgrammeFactory(is_published=False, name="Hidden programme")
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert cohort.programme.name in body
    assert "Cohort 9: Autumn 2027 – Spring 2028" in body
    assert "Applications open" in body
    assert hidden.name not in body


def test_home_hides_draft_and_finished_cohorts(client):
    programme = ProgrammeFactory()
    CohortFactory(programme=programme, status=Cohort.Status.DRAFT, name="Draft intake")
    with time_machine.travel(timezone.now() - timedelta(days=800)):
        finished = CohortFactory(programme=programme, name="Old intake", status="completed")
    body = client.get("/").content.decode()
    assert "Draft intake" not in body
    assert finished.name not in body


@pytest.mark.parametrize("size", [1, 5])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        programme_with_cohorts(cohorts=2, milestones=2)
    with django_assert_num_queries(2):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_programme_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    programme = programme_with_cohorts(cohorts=size, milestones=size)
    with django_assert_num_queries(3):
        assert client.get(f"/programmes/{programme.slug}/").status_code == 200


def test_programme_page_shows_timeline_fees_and_contact(client):
    deadline = datetime(2031, 7, 2, 23, 59, tzinfo=LONDON)
    with time_machine.travel(datetime(2031, 6, 10, 9, tzinfo=LONDON)):
        programme = ProgrammeFactory(external_partner_fee=750, contact_email="team@example.org")
        cohort = CohortFactory(
            programme=programme,
            applications_open=deadline - timedelta(days=30),
            application_deadline=deadline,
            places_awarded_by=deadline.date() + timedelta(days=29),
        )
        MilestoneFactory(
            cohort=cohort,
            kind=Milestone.Kind.SEMINAR,
            title="Online seminar 1",
            topic="Strategic commissioning",
            starts_on=cohort.starts_on,
        )
        body = client.get(f"/programmes/{programme.slug}/").content.decode()
    assert "Application deadline" in body
    assert "2 July 2031" in body
    assert "23:59" in body  # shown in UK time although stored in UTC
    assert "Strategic commissioning" in body
    assert "£750" in body
    assert "fully funded" in body
    assert "team@example.org" in body
    assert f"/programmes/{programme.slug}/brochure.pdf" in body


def test_programme_page_unpublished_is_404(client):
    programme = ProgrammeFactory(is_published=False)
    assert client.get(f"/programmes/{programme.slug}/").status_code == 404
    assert client.get("/programmes/no-such-programme/").status_code == 404


def test_programme_page_without_cohort_still_answers(client):
    programme = ProgrammeFactory()
    response = client.get(f"/programmes/{programme.slug}/")
    assert response.status_code == 200
    assert "Timeline" not in response.content.decode()


def test_programme_page_open_cohort_offers_apply_and_form(client):
    cohort = CohortFactory()
    body = client.get(f"/programmes/{cohort.programme.slug}/").content.decode()
    assert f'href="/cohorts/{cohort.pk}/apply/"' in body
    assert f'href="/cohorts/{cohort.pk}/apply/form.pdf"' in body


def test_programme_page_closed_cohort_offers_no_apply(client):
    cohort = CohortFactory(status=Cohort.Status.ALLOCATING)
    body = client.get(f"/programmes/{cohort.programme.slug}/").content.decode()
    assert f"/cohorts/{cohort.pk}/apply/" not in body


def test_programme_page_cohort_without_fee_says_so(client):
    cohort = CohortFactory(programme=ProgrammeFactory(external_partner_fee=750))
    cohort.external_partner_fee = 0
    cohort.save()
    body = client.get(f"/programmes/{cohort.programme.slug}/").content.decode()
    assert "There is no fee for any place." in body
    assert "£750" not in body
