"""A coordinator taking the register at the door, on a phone.

All present first, then the exceptions: each tap goes with fetch and the row changes in place
(the page is not reloaded) and is announced; without JavaScript the same buttons post and come
back to the row. The workspace and the register pass axe-core at phone size.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cohorts.models import Cohort
from events import services
from events.models import EXTENDED_DAY_ENDS, EXTENDED_DAY_STARTS, AttendanceRecord
from tests.events.factories import EventFactory
from tests.factories import (
    PASSWORD,
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
)

from .conftest import REFLOW, VIEWPORTS
from .test_public_pages import sign_in

pytestmark = pytest.mark.browser

PHONE = pytest.mark.parametrize("viewport", ["phone"])
Status = AttendanceRecord.Status
PEOPLE = (
    ("Tom", "Adebayo", "Nottingham CityCare"),
    ("Grace", "Hughes", "Derbyshire County Council"),
    ("Priya", "Shah", "Leicestershire County Council"),
    ("Owen", "Walsh", "Lincolnshire Police"),
)


@pytest.fixture
def event(live_server):
    """An extended day today (its register can be taken from its day on) of a running cohort
    with four participants, one of whom (Grace Hughes) sent apologies beforehand."""
    cohort = CohortFactory(status=Cohort.Status.RUNNING, name="Cohort 4: 2027 – 2028")
    today = timezone.localdate()
    event = EventFactory(
        cohort=cohort,
        title="Event 3: extended day",
        starts_at=timezone.make_aware(datetime.combine(today, EXTENDED_DAY_STARTS)),
        ends_at=timezone.make_aware(datetime.combine(today, EXTENDED_DAY_ENDS)),
    )
    people = {
        f"{first} {last}": ParticipantFactory(
            cohort=cohort,
            user=UserFactory(first_name=first, last_name=last),
            organisation=OrganisationFactory(name=organisation),
        )
        for first, last, organisation in PEOPLE
    }
    services.apology_send(
        participant=people["Grace Hughes"],
        event=event,
        reason="Ofsted inspection that week",
        now=event.starts_at - timedelta(days=3),
    )
    return event


@pytest.fixture
def coordinator_user(live_server):
    return coordinator(first_name="Alex", last_name="Morgan")


BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    if (element.scrollWidth > element.clientWidth) broken.push(`${element.innerText} (too wide)`);
    const texts = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let text = texts.nextNode(); text; text = texts.nextNode()) {
      if (text.parentElement.closest(".visually-hidden")) continue;
      for (const word of text.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


def broken_words(page: Page, selector: str) -> list[str]:
    """The words of the visible text in ``selector`` that are split across two lines, and the
    elements whose text runs out of them."""
    return page.evaluate(BROKEN_WORDS, selector)


def marks(event) -> dict[str, tuple[str, str]]:
    return {
        record.participant.user.get_full_name(): (record.status, record.note)
        for record in event.attendance.select_related("participant__user")
    }


@PHONE
def test_register_on_a_phone_all_present_then_exceptions(
    page: Page, server, event, coordinator_user, axe_check
):
    sign_in(page, server, email=coordinator_user.email, password=PASSWORD)
    page.goto(f"{server}/coordinator/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator workspace")
    expect(page.get_by_text("1 apology")).to_be_visible()
    axe_check(page, "coordinator-workspace")

    page.get_by_role("link", name=re.compile(r"^Register for Event 3: extended day")).click()

    expect(page).to_have_url(f"{server}/coordinator/events/{event.pk}/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register: Event 3: extended day")
    expect(page.get_by_text("Ofsted inspection that week")).to_be_visible()
    expect(page.get_by_role("button", name="Apologies for Grace Hughes")).to_have_attribute(
        "aria-pressed", "true"
    )
    late = page.get_by_role("button", name="Late for Priya Shah")
    box = late.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    # On a phone each word stays whole and inside its button, at 360 px and at the 320 px of
    # WCAG 1.4.10, where a button that does not fit goes to the next line.
    assert broken_words(page, "#register [data-register=mark] button") == []
    page.set_viewport_size(REFLOW)
    assert broken_words(page, "#register [data-register=mark] button") == []
    page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
    axe_check(page, "register")

    page.get_by_role("button", name="All present").click()

    expect(page.locator("#register-summary")).to_have_text("4 of 4 marked; 1 sent apologies")
    # A full-page submit: focus moves to what it did, which is read out (WCAG 4.1.3).
    expect(page.locator("#page-messages")).to_be_focused()
    expect(page.locator("#page-messages")).to_contain_text("4 people marked")
    expect(page.get_by_role("button", name="Present for Priya Shah")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("button", name="Apologies for Grace Hughes")).to_have_attribute(
        "aria-pressed", "true"
    )
    # A mark left on the window shows the taps below change the page without reloading it.
    page.evaluate("window.registerNotReloaded = true")

    late.click()

    priya = page.locator(f"#participant-{event.cohort.participants.get(user__last_name='Shah').pk}")
    expect(late).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Present for Priya Shah")).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(priya.locator('[data-register="status"]')).to_have_text("Late")
    expect(priya.locator('[data-register="marked"]')).to_contain_text("Marked by Alex Morgan at")
    expect(page.locator("#register-announcer")).to_have_text("Priya Shah: Late.")

    page.get_by_role("button", name="Absent for Owen Walsh").click()

    expect(page.get_by_role("button", name="Absent for Owen Walsh")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#register-announcer")).to_have_text("Owen Walsh: Absent.")

    page.get_by_label("Note about Priya Shah").fill("Train from Derby delayed")
    page.get_by_role("button", name="Save note about Priya Shah").click()

    expect(page.locator("#register-announcer")).to_have_text("Priya Shah: note saved.")
    priya.get_by_text("History of changes").click()
    expect(priya.get_by_role("listitem").first).to_have_text(
        re.compile(r"^Late \(note: Train from Derby delayed\), by Alex Morgan at \d\d:\d\d")
    )
    assert page.evaluate("window.registerNotReloaded") is True
    assert page.url == f"{server}/coordinator/events/{event.pk}/register/"
    assert marks(event) == {
        "Tom Adebayo": (Status.PRESENT, ""),
        "Grace Hughes": (Status.APOLOGIES, ""),
        "Priya Shah": (Status.LATE, "Train from Derby delayed"),
        "Owen Walsh": (Status.ABSENT, ""),
    }
    axe_check(page, "register-marked")

    page.reload()

    expect(page.get_by_role("button", name="Late for Priya Shah")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_label("Note about Priya Shah")).to_have_value("Train from Derby delayed")
    expect(page.get_by_role("button", name="Absent for Owen Walsh")).to_have_attribute(
        "aria-pressed", "true"
    )
    # When a tap falls back to submitting the form (register.js sends it normally if fetch
    # fails), the page comes back at the row: focus stays on that row and the result is read
    # through the announcer, which changes after load.
    owen = page.locator(f"#participant-{event.cohort.participants.get(user__last_name='Walsh').pk}")
    owen.locator("form[data-register=mark]").evaluate(
        """form => {
            const carried = document.createElement("input");
            Object.assign(carried, {type: "hidden", name: "status", value: "late"});
            form.appendChild(carried);
            form.submit();
        }"""
    )
    expect(owen).to_be_focused()
    expect(page.locator("#page-announcer")).to_have_text("Owen Walsh: Late.")


def test_register_without_javascript_posts_and_returns_to_the_row(
    browser, server, event, coordinator_user
):
    context = browser.new_context(**VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, server, email=coordinator_user.email, password=PASSWORD)
        page.goto(f"{server}/coordinator/events/{event.pk}/register/")

        page.get_by_role("button", name="Left early for Tom Adebayo").click()

        tom = event.cohort.participants.get(user__last_name="Adebayo")
        expect(page).to_have_url(
            f"{server}/coordinator/events/{event.pk}/register/#participant-{tom.pk}"
        )
        expect(
            page.get_by_role("status").filter(has_text="Tom Adebayo: Left early.")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Left early for Tom Adebayo")).to_have_attribute(
            "aria-pressed", "true"
        )
        assert marks(event) == {"Tom Adebayo": (Status.LEFT_EARLY, "")}
    finally:
        context.close()


@PHONE
def test_register_before_the_day_offers_only_apologies(
    page: Page, server, event, coordinator_user, axe_check
):
    coming = EventFactory(cohort=event.cohort, title="Event 4: extended day")  # in ten days
    sign_in(page, server, email=coordinator_user.email, password=PASSWORD)
    page.goto(f"{server}/coordinator/events/{coming.pk}/register/")

    expect(page.get_by_text("Attendance can be marked from the day of the event")).to_be_visible()
    expect(page.get_by_role("button", name="All present")).to_be_disabled()
    expect(page.get_by_role("button", name="Late for Priya Shah")).to_be_disabled()
    axe_check(page, "register-before-the-day")

    page.get_by_role("button", name="Apologies for Priya Shah").click()

    expect(page.get_by_role("button", name="Apologies for Priya Shah")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert marks(coming) == {"Priya Shah": (Status.APOLOGIES, "")}
