"""Erasure in a real browser: a coordinator's form with its errors beside the fields and
nothing typed lost, then the erasure, back on the person's admin page; and the public check of
a withdrawn certificate. axe-core finds nothing serious on either page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.csssl.test_personal_data import seed
from tests.factories import PASSWORD, coordinator
from tests.mentoring.factories import private_media  # noqa: F401 - a fixture

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


def test_coordinator_erases_with_a_reason_and_the_certificate_says_withdrawn(
    page: Page,
    server,
    live_server,
    private_media,  # noqa: F811 - the fixture, imported
    axe_check,
):
    person = seed("E")
    staff = coordinator()
    sign_in(page, server, email=staff.email, password=PASSWORD)

    page.goto(f"{server}{reverse('personal_data:erase', args=[person.user.pk])}")
    page.get_by_label("Why are you erasing this person's data?").fill("Asked by email")
    page.get_by_role("button", name="Erase their data").click()

    expect(page.get_by_text("Tick this to confirm")).to_be_visible()
    expect(page.get_by_label("Why are you erasing this person's data?")).to_have_value(
        "Asked by email"
    )
    axe_check(page, "person-erase")
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Erase their data").click()

    expect(page.get_by_text(f"Account {person.user.pk} is erased")).to_be_visible()
    page.goto(f"{server}{reverse('cohorts:certificate_verify', args=[person.certificate_code])}")
    expect(page.get_by_text("Certificate withdrawn")).to_be_visible()
    axe_check(page, "certificate-withdrawn")
