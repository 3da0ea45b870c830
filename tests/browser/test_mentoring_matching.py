"""Matching a cohort with mentors in a browser: the participant says what they would like, the
coordinator builds the pool, asks for a proposal, changes a pair (a refused change keeps the
choice, with the reason beside it), confirms; the mentor finds both mentees in their workspace.
Each page checked with axe, on a phone and at desktop width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cohorts.models import Cohort
from mentoring.models import Pairing
from tests.factories import (
    PASSWORD,
    CohortFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ParticipantFactory,
    QualityFactory,
    QualityFrameworkFactory,
    coordinator,
    mentor,
)
from tests.mentoring.factories import MentorFactory

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


def test_cohort_matched_and_confirmed_in_the_browser(page: Page, server, axe_check):
    framework = QualityFrameworkFactory(is_current=True)
    quality = QualityFactory(framework=framework, name="Leading across agencies")
    cohort = CohortFactory(programme=framework.programme, status=Cohort.Status.RUNNING)
    amira = ParticipantFactory(cohort=cohort, user__first_name="Amira", user__last_name="Khan")
    ben = ParticipantFactory(cohort=cohort, user__first_name="Ben", user__last_name="Okafor")
    derby = OrganisationFactory(
        local_authority=LocalAuthorityFactory(code="E06000015", name="Derby")
    )
    expert = MentorFactory(
        organisation=derby, user=mentor(first_name="Priya", last_name="Sharma"), role="Director"
    )
    expert.expertise.add(quality)
    local = MentorFactory(user=mentor(first_name="Martin", last_name="Ellis"))  # Amira's own area

    sign_in(page, server, email=amira.user.email, password=PASSWORD)
    page.goto(f"{server}/me/mentoring/")
    axe_check(page, "mentoring-me-unpaired")
    page.get_by_role("link", name="Say what you would like from a mentor").click()
    page.get_by_label("Leading across agencies").check()
    page.get_by_label("Anything else").fill("Someone who has led a children's trust")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Your wishes are saved")

    page.context.clear_cookies()
    team = coordinator()
    sign_in(page, server, email=team.email, password=PASSWORD)
    page.goto(f"{server}/coordinator/")
    page.get_by_role(
        "link", name=f"Mentoring of {cohort.programme.short_name} {cohort.name}"
    ).click()
    axe_check(page, "mentoring-coordinator-empty")
    for added in (expert, local):
        page.get_by_label("Mentor to add").select_option(str(added.pk))
        page.locator("#id_capacity").fill("1")
        page.get_by_role("button", name="Add to the pool").click()
        expect(page.get_by_role("status")).to_contain_text(f"{added} is in the pool.")
    page.get_by_role("button", name="Propose mentors for everyone not paired").click()
    expect(page.locator("#proposal-summary")).to_contain_text("1 of 2 participants")
    axe_check(page, "mentoring-proposal")

    amira_row = page.locator("li", has_text="Amira Khan")
    expect(amira_row).to_contain_text("Proposed: Priya Sharma")
    ben_row = page.locator("li", has_text="Ben Okafor")
    expect(ben_row).to_contain_text("No mentor proposed")
    # Amira's own authority is Martin's: the change is refused beside the field, choice kept.
    amira_row.get_by_label("Mentor for Amira Khan").select_option(str(local.pk))
    amira_row.get_by_role("button", name="Save choice").click()
    amira_row = page.locator("li", has_text="Amira Khan")
    expect(amira_row).to_contain_text("their own authority")
    expect(amira_row.get_by_label("Mentor for Amira Khan")).to_have_value(str(local.pk))
    axe_check(page, "mentoring-proposal-refused")
    amira_row.get_by_label("Mentor for Amira Khan").select_option(str(expert.pk))
    amira_row.get_by_role("button", name="Save choice").click()

    page.get_by_role("button", name="Confirm 1 pairing and send introductions").click()
    expect(page.get_by_role("status")).to_contain_text("1 pairing confirmed")
    expect(page.locator("#pairings-table")).to_contain_text("Amira Khan")
    axe_check(page, "mentoring-coordinator-paired")
    assert Pairing.objects.get().mentor == expert

    page.context.clear_cookies()
    sign_in(page, server, email=expert.user.email, password=PASSWORD)
    page.get_by_role("link", name="Mentor workspace").first.click()
    page.get_by_role("link", name="Amira Khan").click()
    expect(page.get_by_role("heading", name="Amira Khan", level=1)).to_be_visible()
    axe_check(page, "mentoring-mentee")
    assert "children's trust" not in page.content(), "the wishes are the programme team's"
    assert ben.user.get_full_name() not in page.content()
