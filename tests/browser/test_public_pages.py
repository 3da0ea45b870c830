"""The public side in a real browser: programme pages, sign-up with its emailed link, sign-in.

Every page and every state a visitor meets (a form with errors, the "check your email" page)
passes axe-core's WCAG 2.2 AA rules with nothing serious or critical.
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect

from cohorts.models import Cohort, Milestone
from csssl.models import OutboxMessage, User
from tests.factories import (
    PASSWORD,
    CohortFactory,
    MilestoneFactory,
    QualityFactory,
    QualityFrameworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

BOTH_SCREENS = pytest.mark.parametrize("viewport", ["desktop", "phone"])
CONFIRM_LINK = re.compile(r"/accounts/confirm-email/[^/\s]+/")
# Required fields' labels end with an asterisk; "Password" alone must not match "Password (again)".
PASSWORD_LABEL = re.compile(r"^\s*Password\*?\s*$")
PASSWORD_AGAIN_LABEL = re.compile(r"^\s*Password \(again\)")


@pytest.fixture
def cohort(live_server) -> Cohort:
    """A published programme with an open cohort, a seminar and a current quality framework."""
    quality = QualityFactory(framework=QualityFrameworkFactory(is_current=True))
    cohort = CohortFactory(
        programme=quality.framework.programme,
        name="Cohort 5: Autumn 2027 – Spring 2028",
        status=Cohort.Status.OPEN,
    )
    MilestoneFactory(
        cohort=cohort, kind=Milestone.Kind.SEMINAR, title="Online seminar", topic="Commissioning"
    )
    return cohort


def fill_signup(page: Page, *, email: str, password2: str = PASSWORD) -> None:
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label(PASSWORD_AGAIN_LABEL).fill(password2)
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()


def open_menu(page: Page) -> None:
    """Open the collapsed main menu (phone width) and wait until it has opened."""
    page.get_by_role("button", name="Show or hide the menu").click()
    expect(page.locator("#site-nav")).to_have_class(re.compile(r"\bshow\b"))


def sign_in(page: Page, server: str, *, email: str, password: str) -> None:
    page.goto(f"{server}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()


# --- Programme pages -------------------------------------------------------------------------


@BOTH_SCREENS
def test_home_lists_programme_with_open_cohort(page: Page, server, cohort, axe_check):
    page.goto(f"{server}/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Leadership programmes for children's services"
    )
    expect(page.get_by_role("link", name=re.compile(cohort.programme.name))).to_be_visible()
    expect(page.get_by_text("Cohort 5: Autumn 2027 – Spring 2028")).to_be_visible()
    expect(page.get_by_text("Applications open", exact=True)).to_be_visible()
    axe_check(page, "home")


@BOTH_SCREENS
def test_programme_page_shows_timeline_and_downloads(page: Page, server, cohort, axe_check):
    page.goto(f"{server}/")
    page.get_by_role("link", name=re.compile(f"About {cohort.programme.short_name}")).click()

    expect(page).to_have_url(f"{server}/programmes/{cohort.programme.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(cohort.programme.name)
    expect(page.get_by_role("heading", name=re.compile("Timeline"))).to_be_visible()
    expect(page.get_by_role("heading", name="Online seminar topics")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"brochure \(PDF\)"))).to_have_attribute(
        "href", f"/programmes/{cohort.programme.slug}/brochure.pdf"
    )
    axe_check(page, "programme")


@pytest.mark.parametrize("viewport", ["phone"])
def test_nav_at_phone_width_opens_with_menu_button(page: Page, server, cohort, axe_check):
    page.goto(f"{server}/")
    sign_in_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    toggler = page.get_by_role("button", name="Show or hide the menu")

    expect(sign_in_link).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    open_menu(page)

    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(sign_in_link).to_be_visible()
    axe_check(page, "nav-open")
    sign_in_link.click()
    expect(page).to_have_url(f"{server}/accounts/login/")


def test_axe_check_fails_on_serious_violation(page: Page, axe_check):
    page.set_content(
        '<html lang="en"><head><title>Check</title></head><body><main>'
        '<p style="color:#bbb;background:#fff">Pale grey text that is hard to read</p>'
        "</main></body></html>"
    )

    with pytest.raises(AssertionError, match="color-contrast"):
        axe_check(page, "axe-self-check")


CHECK_PAGE = (
    '<html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>{}</main>'
    "</body></html>"
)


def test_axe_check_fails_on_sideways_scroll_at_phone_width(page: Page, axe_check):
    """Wide enough for a desktop, too wide for a 360 px phone: the test's own screen is the
    desktop, and the phone is checked all the same."""
    page.set_content(CHECK_PAGE.format('<p style="width: 500px">A line of fixed width</p>'))

    with pytest.raises(AssertionError, match=r"at phone width \(360 px\):\n- scrolls sideways"):
        axe_check(page, "scroll-self-check")
    assert page.viewport_size == {"width": 1280, "height": 800}


def test_axe_check_fails_on_console_error(page: Page, axe_check):
    """A page of its own address (a message without one comes from a script the test ran)."""
    page.route(
        "http://check.invalid/",
        lambda route: route.fulfill(
            content_type="text/html",
            body=CHECK_PAGE.format("<p>A page whose script fails</p>")
            + "<script>console.error('Refused to apply inline style');</script>",
        ),
    )
    page.goto("http://check.invalid/")

    with pytest.raises(AssertionError, match="console error: Refused to apply inline style"):
        axe_check(page, "console-self-check")


def test_axe_check_fails_on_uncaught_exception(page: Page, axe_check):
    page.set_content(
        CHECK_PAGE.format("<p>A page whose script fails</p>")
        + "<script>throw new Error('Board script broke');</script>"
    )

    with pytest.raises(AssertionError, match="uncaught exception: Board script broke"):
        axe_check(page, "exception-self-check")


# --- Sign-up ---------------------------------------------------------------------------------


@BOTH_SCREENS
def test_signup_page_asks_for_name_email_and_password(page: Page, server, axe_check):
    page.goto(f"{server}/accounts/signup/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for label in ("First name", "Last name", "Email"):
        expect(page.get_by_label(label)).to_be_editable()
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_attribute("type", "password")
    axe_check(page, "signup")


@BOTH_SCREENS
def test_signup_errors_show_beside_fields_and_keep_what_was_typed(page: Page, server, axe_check):
    page.goto(f"{server}/accounts/signup/")

    # "priya@example" passes the browser's own check but not the server's.
    fill_signup(page, email="priya@example", password2="a different password")

    email_error = page.locator("#div_id_email .invalid-feedback")
    password_error = page.locator("#div_id_password2 .invalid-feedback")
    expect(email_error).to_contain_text("valid email address")
    expect(password_error).to_contain_text("same password")
    expect(page.get_by_label("First name")).to_have_value("Priya")
    expect(page.get_by_label("Last name")).to_have_value("Shah")
    expect(page.get_by_label("Email")).to_have_value("priya@example")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    assert not User.objects.exists()
    axe_check(page, "signup-errors")


@pytest.mark.parametrize("viewport", ["phone"])
def test_signup_link_in_email_verifies_and_signs_in(page: Page, server, axe_check):
    page.goto(f"{server}/accounts/signup/")
    fill_signup(page, email="Priya.Shah@example.org")

    expect(page).to_have_url(f"{server}/accounts/confirm-email/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("verify", re.I))
    axe_check(page, "signup-verification-sent")
    message = OutboxMessage.objects.get(recipient="priya.shah@example.org")
    assert message.state == OutboxMessage.State.SENT
    assert [m.to for m in mail.outbox] == [["priya.shah@example.org"]]
    link = CONFIRM_LINK.search(mail.outbox[0].body)
    assert link, mail.outbox[0].body
    assert not CONFIRM_LINK.search(message.body_text)  # staff read a placeholder

    page.goto(server + link.group(0))
    expect(page.get_by_text("priya.shah@example.org")).to_be_visible()
    axe_check(page, "signup-confirm-email")
    assert not EmailAddress.objects.get(email="priya.shah@example.org").verified
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()

    expect(page).to_have_url(f"{server}/")
    open_menu(page)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_text("Priya", exact=True)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    assert EmailAddress.objects.get(email="priya.shah@example.org").verified
    axe_check(page, "signed-in-home")


# --- Sign-in ---------------------------------------------------------------------------------


@BOTH_SCREENS
def test_login_page_asks_for_email_and_password(page: Page, server, viewport, axe_check):
    page.goto(f"{server}/")
    if viewport == "phone":
        open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()

    expect(page).to_have_url(f"{server}/accounts/login/")
    expect(page.get_by_label("Email")).to_be_editable()
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_attribute("type", "password")
    axe_check(page, "login")


@BOTH_SCREENS
def test_login_wrong_password_shows_error_and_keeps_email(page: Page, server, axe_check):
    UserFactory(email="lead@example.org")

    sign_in(page, server, email="lead@example.org", password="not the password")

    expect(page).to_have_url(f"{server}/accounts/login/")
    expect(page.get_by_text(re.compile("email address and/or password"))).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("lead@example.org")
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_value("")
    axe_check(page, "login-errors")


@BOTH_SCREENS
def test_login_success_signs_in_and_goes_home(page: Page, server, viewport, axe_check):
    UserFactory(email="lead@example.org", first_name="Morgan")

    sign_in(page, server, email="lead@example.org", password=PASSWORD)

    expect(page).to_have_url(f"{server}/")
    if viewport == "phone":
        open_menu(page)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_text("Morgan", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Sign in")).to_have_count(0)
    axe_check(page, "login-success")


# --- The privacy notice and the accessibility statement ---------------------------------------


@BOTH_SCREENS
def test_privacy_notice_and_accessibility_statement_from_the_footer(
    page: Page, server, axe_check, live_server
):
    page.goto(f"{server}/")
    footer = page.get_by_role("contentinfo")

    footer.get_by_role("link", name="Privacy notice").click()
    expect(page).to_have_url(f"{server}/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_role("heading", name="How long we keep it")).to_be_visible()
    expect(page.get_by_text("36 months after you last signed in")).to_be_visible()
    axe_check(page, "privacy")

    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page).to_have_url(f"{server}/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Accessibility statement for ")
    )
    expect(page.get_by_role("heading", name="Compliance status")).to_be_visible()
    expect(page.locator("time")).to_have_text("3 December 2026")
    axe_check(page, "accessibility")
