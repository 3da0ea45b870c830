"""A participant's "My programme" on the narrowest phone: the calendar address is there whole,
to read or select, and its Copy button (by keyboard) puts it on the clipboard and says so."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cohorts.models import Cohort
from events.models import CalendarFeed
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, CohortFactory, ParticipantFactory

from .conftest import REFLOW
from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "permissions": ["clipboard-read", "clipboard-write"]}


@pytest.mark.parametrize("viewport", ["phone"])
def test_calendar_address_reads_whole_at_320_px_and_copies(page: Page, server, axe_check):
    cohort = CohortFactory(status=Cohort.Status.RUNNING)
    EventFactory(cohort=cohort, title="Event 1: extended day")
    participant = ParticipantFactory(cohort=cohort)
    page.set_viewport_size(REFLOW)
    sign_in(page, server, email=participant.user.email, password=PASSWORD)

    page.goto(f"{server}/me/")

    token = CalendarFeed.objects.get(participant=participant).token
    address = f"{server}/me/calendar/{token}.ics"
    shown = page.locator("#feed-url")
    expect(shown).to_have_text(address)
    # All of it inside its box and on the screen, wrapping rather than cut off.
    box = page.locator(".feed-url")
    inside, right = box.evaluate(
        "(e) => [e.scrollWidth <= e.clientWidth, e.getBoundingClientRect().right]"
    )
    assert inside
    assert right <= REFLOW["width"]
    assert shown.evaluate("(e) => getComputedStyle(e).userSelect") != "none"

    copy = page.get_by_role("button", name="Copy the calendar address")
    copy.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == address
    axe_check(page, "me-calendar-copied")


def test_calendar_address_without_javascript_is_there_to_select(browser, server):
    cohort = CohortFactory(status=Cohort.Status.RUNNING)
    participant = ParticipantFactory(cohort=cohort)
    context = browser.new_context(viewport=REFLOW, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, server, email=participant.user.email, password=PASSWORD)
        page.goto(f"{server}/me/")

        expect(page.locator("#feed-url")).to_have_text(
            f"{server}/me/calendar/{CalendarFeed.objects.get(participant=participant).token}.ics"
        )
        expect(page.get_by_role("button", name="Copy the calendar address")).to_be_hidden()
    finally:
        context.close()
