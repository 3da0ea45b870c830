"""Admin pages under the Content-Security-Policy, which refuses every inline style: a style
attribute or a <style> element in a page is an error in the browser and a rule that is lost."""

import re

import pytest
from django.urls import reverse

from tests.applications.factories import ExpressionOfInterestFactory
from tests.factories import CohortFactory, MilestoneFactory, coordinator, dcs_member

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"<[^>]+\sstyle=|<style[\s>]", re.IGNORECASE)


def inline_styles(html: str) -> list[str]:
    return [html[m.start() : m.start() + 120] for m in INLINE_STYLE.finditer(html)]


@pytest.fixture
def application():
    application = ExpressionOfInterestFactory(submitted=True)
    MilestoneFactory(cohort=application.cohort)
    application.first_name = "Corrected"
    application.save()  # a second version, so the history has something to list
    return application


@pytest.mark.parametrize("member", [coordinator, dcs_member], ids=["coordinator", "dcs"])
@pytest.mark.parametrize(
    "url_name",
    [
        "admin:applications_expressionofinterest_change",
        "admin:applications_expressionofinterest_history",
        "admin:cohorts_cohort_change",
        "admin:cohorts_cohort_history",
    ],
)
def test_admin_page_has_no_inline_style(client, application, member, url_name):
    client.force_login(member())
    target = application.cohort if url_name.startswith("admin:cohorts") else application
    response = client.get(reverse(url_name, args=[target.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Content-Security-Policy" in response.headers
    assert inline_styles(html) == []


def test_history_page_lists_versions_in_a_scrolling_region(client, application):
    client.force_login(coordinator())

    html = client.get(
        reverse("admin:applications_expressionofinterest_history", args=[application.pk])
    ).content.decode()

    assert '<div class="history-scroll" tabindex="0" role="region" aria-label="Versions">' in html
    assert html.count("Corrected") >= 1
    assert '<p class="paginator history-paginator">' in html


def test_inline_style_check_finds_a_style_attribute():
    assert inline_styles('<p class="paginator" style="border-top: 0">2 entries</p>')
    assert inline_styles("<style>p { color: red }</style>")
    assert inline_styles('<p class="stylish">No inline style</p>') == []


def test_cohort_inline_scrolls_in_a_region_named_by_its_heading(client):
    cohort = CohortFactory()
    MilestoneFactory(cohort=cohort)
    client.force_login(coordinator())

    html = client.get(reverse("admin:cohorts_cohort_change", args=[cohort.pk])).content.decode()

    assert (
        '<div class="inline-scroll" tabindex="0" role="region" '
        'aria-labelledby="milestones-heading">'
    ) in html
    assert 'id="milestones-heading"' in html
