"""A coordinator sets up two-factor sign-in with an authenticator app and reaches the admin,
every page on the way checked with axe-core (and for anything the CSP refuses)."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, coordinator

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


def test_two_factor_coordinator_sets_up_app_and_reaches_admin(
    page: Page, server, settings, axe_check
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    user = coordinator()
    sign_in(page, server, email=user.email, password=PASSWORD)

    expect(page).to_have_url(f"{server}/accounts/2fa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    expect(page.get_by_text("Staff accounts must use two-factor sign-in.")).to_be_visible()
    axe_check(page, "two-factor-index")

    page.get_by_role("link", name="Set up an authenticator app").click()
    # allauth asks for the password again before a change to sign-in.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    axe_check(page, "two-factor-activate")

    secret = page.get_by_label("Set-up key").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    axe_check(page, "two-factor-recovery-codes")

    page.goto(f"{server}/admin/")
    expect(page.locator("#content")).to_be_visible()
    expect(page.get_by_role("heading", name="Programmes, cohorts and allocation")).to_be_visible()
    axe_check(page, "two-factor-admin")
