"""The allocation board's pages, by keyboard alone: the pagination is a labelled navigation
whose current page is marked, reached and followed with Tab and Enter, and a score saved on a
later page comes back at the row, wherever the score moved it, and is read out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from applications.selectors import PAGE_SIZE
from tests.applications.allocation_fixtures import criteria, endorsed
from tests.browser.test_keyboard_journeys import announced_at, choose, sign_in, tab_to
from tests.factories import CohortFactory, UserFactory, dcs_member

pytestmark = pytest.mark.browser

READINESS = "Readiness for strategic leadership"


def test_board_pages_followed_and_scored_by_keyboard(page: Page, server, axe_check, live_server):
    cohort = CohortFactory(name="Cohort 8: Autumn 2028", capacity=10)
    criteria(cohort, READINESS)
    for _ in range(PAGE_SIZE):
        endorsed(cohort)
    last = endorsed(cohort, applicant=UserFactory(first_name="Priya", last_name="Shah"))
    member = dcs_member()
    sign_in(page, server, member.email)
    board = f"{server}/admin/applications/cohortallocation/{cohort.pk}/board/"
    page.goto(board)
    pages = page.get_by_role("navigation", name="Pages of endorsed applications")
    expect(pages.locator('[aria-current="page"]')).to_have_text("Page 1")
    expect(page.locator("#board-range")).to_have_text(
        f"Showing 1–{PAGE_SIZE} of {PAGE_SIZE + 1} (page 1 of 2)."
    )
    axe_check(page, "board-page-1")

    tab_to(page, pages.get_by_role("link", name="Next page"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{board}?page=2")
    expect(pages.locator('[aria-current="page"]')).to_have_text("Page 2")
    rows = page.locator(".board-table tbody tr")
    expect(rows).to_have_count(1)
    axe_check(page, "board-page-2")

    # Scored, Priya ranks first: the board comes back on page 1, at her row, and says so.
    row = page.locator(f"#app-{last.pk}")
    choose(page, row.get_by_label(READINESS, exact=True), "5")
    tab_to(page, row.get_by_role("button", name="Save scores for Priya Shah"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/board/#app-{last.pk}$"))
    announced_at(page, row, "Scores saved for Priya Shah.")
    expect(rows.first).to_have_id(f"app-{last.pk}")
    expect(pages.locator('[aria-current="page"]')).to_have_text("Page 1")
