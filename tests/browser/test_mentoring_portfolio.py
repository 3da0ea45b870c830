"""The portfolio in a browser, on a phone: a participant adds an entry with evidence (a file
refused by its content first), shares it with their mentor, and the mentor reads it, downloads
the file and marks it. Each page checked with axe, 360 px and 320 px included."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from mentoring.models import PortfolioEntry, QualityMark
from tests.factories import PASSWORD
from tests.mentoring.factories import (  # noqa: F401
    TINY_PNG,
    PairingFactory,
    framework_quality,
    private_media,
)

from .test_public_pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("private_media")]


@pytest.mark.parametrize("viewport", ["phone"])
def test_portfolio_journey_is_accessible(page: Page, server, axe_check):
    pairing = PairingFactory()
    participant = pairing.participant
    quality = framework_quality(participant, name="Working across the system")
    sign_in(page, server, email=participant.user.email, password=PASSWORD)

    page.goto(f"{server}/me/portfolio/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your portfolio")
    axe_check(page, "portfolio-empty")

    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Title").fill("After the partnership workshop")
    page.get_by_label("Reflection").fill("The map showed how few partners had met.")
    page.get_by_label("Working across the system (Personal qualities)").check()
    page.get_by_label("Attach a file (optional)").set_input_files(
        {"name": "map.png", "mimeType": "image/png", "buffer": b"MZ\x90\x00\x03\x00 a program"}
    )
    page.get_by_role("button", name="Add to my portfolio").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_text("whatever its name says").first).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("After the partnership workshop")
    axe_check(page, "portfolio-add-refused")

    page.get_by_label("Attach a file (optional)").set_input_files(
        {"name": "../../Partnership map.png", "mimeType": "image/png", "buffer": TINY_PNG}
    )
    page.get_by_role("button", name="Add to my portfolio").click()
    expect(page.get_by_role("status")).to_contain_text("is in your portfolio")
    expect(page.get_by_text("Private", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Partnership map.png")).to_be_visible()
    axe_check(page, "portfolio-with-an-entry")

    page.get_by_role("link", name=re.compile(r"^Edit, share or add files")).click()
    page.get_by_label("Share with my mentor").check()
    axe_check(page, "portfolio-edit")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("are saved")
    entry = PortfolioEntry.objects.get()
    assert entry.shared_with_mentor
    assert entry.qualities.get() == quality

    page.context.clear_cookies()
    sign_in(page, server, email=pairing.mentor.user.email, password=PASSWORD)
    page.goto(f"{server}/mentor/portfolio/{entry.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("After the partnership workshop")
    with page.expect_download() as download:
        page.get_by_role("link", name="Partnership map.png").click()
    assert download.value.suggested_filename == "Partnership map.png"
    axe_check(page, "portfolio-shared-with-mentor")
    page.get_by_role("button", name="Mark as meets").click()
    expect(page.get_by_text("You marked it as meeting Working across the system.")).to_be_visible()
    axe_check(page, "portfolio-marked")
    assert QualityMark.objects.get().marked_by == pairing.mentor.user
