"""The development plan in a browser, on a phone: the plan with its suggestions, a refused
save with its error summary, the edit page, the history, and /me/ with the rounds on the year.
Each checked with axe at every width, 320 px included."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cohorts.models import Cohort
from tests.evaluations.factories import RoundFactory
from tests.evaluations.plan_data import released_report
from tests.factories import PASSWORD, ParticipantFactory

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["phone"])
def test_plan_journey_is_accessible(page: Page, server, axe_check):
    round = RoundFactory(cohort__status=Cohort.Status.RUNNING, counts_toward_completion=True)
    participant = ParticipantFactory(cohort=round.cohort)
    released_report(participant, round)
    sign_in(page, server, email=participant.user.email, password=PASSWORD)

    page.goto(f"{server}/me/")
    expect(page.get_by_role("link", name="Go to your evaluation")).to_be_visible()
    axe_check(page, "me-with-rounds")

    page.goto(f"{server}/me/evaluations/plan/")
    axe_check(page, "plan-empty-with-suggestions")
    page.get_by_role("button", name="Add Quality 1 as a priority").click()
    expect(page.get_by_role("heading", name="Quality 1")).to_be_visible()
    axe_check(page, "plan-with-a-priority")

    page.get_by_role("link", name="Add a priority").click()
    page.get_by_label("Actions").fill("Chair two panels this term")
    page.get_by_role("button", name="Add to my plan").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Actions")).to_have_value("Chair two panels this term")
    axe_check(page, "plan-add-refused")

    page.get_by_label("Priority", exact=True).fill("Chair the partnership board")
    page.get_by_role("button", name="Add to my plan").click()
    page.get_by_role("link", name="Edit “Chair the partnership board”").click()
    axe_check(page, "plan-edit")
    page.get_by_label("Status").select_option("achieved")
    page.get_by_role("button", name="Save changes").click()

    page.get_by_role("button", name="Share my plan with my mentor").click()
    expect(page.get_by_text("Your mentor can read your plan.")).to_be_visible()
    page.get_by_role("link", name="See what changed, and when").click()
    expect(page.get_by_text("Changed “Chair the partnership board”")).to_be_visible()
    axe_check(page, "plan-history")
