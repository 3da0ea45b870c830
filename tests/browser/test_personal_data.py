"""A person's record in a real browser: reached from the footer of any page, every part of it
readable on a phone and at desktop width without sideways scrolling, its downloads offered as
files, and a coordinator's form for a postal request; axe-core finds nothing serious."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.csssl.test_personal_data import seed
from tests.factories import PASSWORD, coordinator
from tests.mentoring.factories import private_media  # noqa: F401 - a fixture

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_person_reads_and_downloads_their_record(
    page: Page,
    server,
    live_server,
    private_media,  # noqa: F811 - the fixture, imported
    axe_check,
):
    person = seed("W")
    sign_in(page, server, email=person.user.email, password=PASSWORD)

    page.goto(f"{server}/")
    page.get_by_role("contentinfo").get_by_role("link", name="Your data").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    for title in ("Your account", "Certificates", "Your feedback reports", "Emails sent to you"):
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    expect(page.get_by_text(person.certificate_code, exact=True)).to_be_visible()
    expect(page.get_by_text("Rita RaterW0")).to_have_count(0)
    axe_check(page, "personal-data")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["about"] == person.user.email
    assert download.value.suggested_filename.endswith(".json")


def test_coordinator_asks_for_a_copy_with_a_reason(
    page: Page,
    server,
    live_server,
    private_media,  # noqa: F811 - the fixture, imported
    axe_check,
):
    person = seed("V")
    staff = coordinator()
    sign_in(page, server, email=staff.email, password=PASSWORD)

    page.goto(f"{server}{reverse('personal_data:person', args=[person.user.pk])}")
    page.get_by_role("button", name="Produce the copy").click()

    expect(page.get_by_text("Say why")).to_be_visible()
    axe_check(page, "personal-data-request")
    page.get_by_label("Why are you producing this copy?").fill("Letter of 2 December")
    with page.expect_download() as download:
        page.get_by_role("button", name="Produce the copy").click()
    assert download.value.suggested_filename.endswith(".pdf")
