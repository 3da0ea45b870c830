"""Every main journey, by keyboard alone (WCAG 2.1.1, 2.4.3, 4.1.3).

Only the keys a keyboard user has: Tab and Shift+Tab to move, Enter and Space to press, the
arrow keys in a list, and typing. Nothing is clicked or filled in. After every submit the test
asserts where focus has landed (on the message that says what happened, on the row that
changed, or on the error summary) and that the result is read out: the focused message reads
itself, and a result shown at a row goes through the page's announcer, which changes after load.
The endorser's journey needs no account: it starts from the signed link in their email. Each
journey's pages pass axe_check (WCAG 2.2 AA, 360 px and 320 px reflow).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from applications.models import Decision, Endorsement, ExpressionOfInterest
from applications.services import endorsement_url
from cohorts import services as cohort_services
from cohorts.models import Cohort, CompletionRule, Participant
from events.models import EXTENDED_DAY_ENDS, EXTENDED_DAY_STARTS, AttendanceRecord
from tests.applications.allocation_fixtures import criteria, endorsed
from tests.applications.factories import EndorsementFactory
from tests.events.factories import EventFactory
from tests.factories import (
    PASSWORD,
    CohortFactory,
    LocalAuthorityFactory,
    MilestoneFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
    coordinator,
    dcs_member,
)

pytestmark = pytest.mark.browser

#: More presses than any page here has stops, so a control that cannot be reached fails.
MOST_PRESSES = 400
READINESS = "Readiness for strategic leadership"
CONTRIBUTION = "Contribution to the cohort"


# --- Keys ------------------------------------------------------------------------------------


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement.id")


def is_focused(page: Page, target: Locator) -> bool:
    return target.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``target`` has focus; fail if it never does."""
    expect(target).to_be_attached()
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MOST_PRESSES):
        if is_focused(page, target):
            return
        page.keyboard.press(key)
    pytest.fail(f"{target} cannot be reached with {key}")


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


def choose(page: Page, target: Locator, value: str) -> None:
    """Reach a closed <select> and move its choice with the arrow keys until it holds
    ``value``."""
    tab_to(page, target)
    for _ in range(len(target.locator("option").all()) * 2):
        if target.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"{value!r} is not a choice of {target}")


def announced(page: Page, text: str) -> None:
    """The result of a full-page submit is read out: focus is on the messages, which say it."""
    messages = page.locator("#page-messages")
    expect(messages).to_be_focused()
    expect(messages).to_contain_text(text)
    assert focused_id(page) == "page-messages"


def announced_at(page: Page, row: Locator, text: str) -> None:
    """The page came back at the row that changed: focus is on it, and the announcer (filled
    after load, so it is read) says what happened."""
    expect(row).to_be_focused()
    expect(page.locator("#page-announcer")).to_have_text(re.compile(re.escape(text)))


def sign_in(page: Page, server: str, email: str) -> None:
    """Sign in from the sign-in page by keyboard: skip link, Email, Password, Enter."""
    page.goto(f"{server}/accounts/login/")
    type_into(page, page.get_by_label("Email"), email)
    type_into(page, page.get_by_label(re.compile(r"^\s*Password\*?\s*$")), PASSWORD)
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


# --- Journeys --------------------------------------------------------------------------------


def test_sign_in_by_keyboard(page: Page, server, axe_check, live_server):
    UserFactory(email="priya.shah@example.org", first_name="Priya", last_name="Shah")
    page.goto(f"{server}/accounts/login/")
    axe_check(page, "keyboard-sign-in")

    # The first stop is the skip link, which takes focus to the page's main content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    email = page.get_by_label("Email")
    password = page.get_by_label(re.compile(r"^\s*Password\*?\s*$"))
    type_into(page, email, "priya.shah@example.org")
    type_into(page, password, PASSWORD)
    # On to the remember-me box, ticked with Space, and back to the password with Shift+Tab.
    remember = page.get_by_label("Remember Me")
    tab_to(page, remember)
    page.keyboard.press("Space")
    expect(remember).to_be_checked()
    tab_to(page, password, backwards=True)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{server}/")
    announced(page, "Successfully signed in as Priya Shah.")
    axe_check(page, "keyboard-signed-in")


def test_apply_save_draft_and_submit_with_errors_by_keyboard(
    page: Page, server, axe_check, live_server
):
    LocalAuthorityFactory()
    programme = ProgrammeFactory(
        name="Strategic Leadership in Children's Services", short_name="SLCS", slug="slcs"
    )
    cohort = CohortFactory(
        programme=programme, name="Cohort 6: Autumn 2027", status=Cohort.Status.OPEN
    )
    MilestoneFactory(cohort=cohort, title="Event 1", starts_on=cohort.starts_on)
    UserFactory(email="priya.shah@example.org", first_name="Priya", last_name="Shah")
    sign_in(page, server, "priya.shah@example.org")
    page.goto(f"{server}/cohorts/{cohort.pk}/apply/")

    type_into(page, page.get_by_label("Job title", exact=True), "Head of Early Help")
    tab_to(page, page.get_by_role("button", name="Save draft"))
    page.keyboard.press("Enter")

    announced(page, "Draft saved at")
    expect(page.get_by_label("Job title", exact=True)).to_have_value("Head of Early Help")
    draft = ExpressionOfInterest.objects.get(applicant__email="priya.shah@example.org")
    assert (draft.status, draft.job_title) == ("draft", "Head of Early Help")
    axe_check(page, "keyboard-apply-draft")

    tab_to(page, page.get_by_role("button", name="Submit application"))
    page.keyboard.press("Space")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(page.get_by_label("Job title", exact=True)).to_have_value("Head of Early Help")
    axe_check(page, "keyboard-apply-errors")
    # The summary's first link moves focus to the field it names.
    first = summary.get_by_role("link").first
    target = first.get_attribute("href").split("#", 1)[1]
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#{target}")).to_be_focused()
    assert focused_id(page) == target
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_score_and_decide_on_the_board_by_keyboard(page: Page, server, axe_check, live_server):
    cohort = CohortFactory(name="Cohort 7: Spring 2028", capacity=2)
    criteria(cohort, READINESS, CONTRIBUTION)
    jordan = endorsed(cohort, applicant=UserFactory(first_name="Jordan", last_name="Lee"))
    endorsed(cohort, applicant=UserFactory(first_name="Sam", last_name="Patel"))
    member = dcs_member()
    sign_in(page, server, member.email)
    page.goto(f"{server}/admin/applications/cohortallocation/{cohort.pk}/board/")
    row = page.locator(f"#app-{jordan.pk}")
    axe_check(page, "keyboard-board")

    choose(page, row.get_by_label(READINESS, exact=True), "5")
    choose(page, row.get_by_label(CONTRIBUTION, exact=True), "4")
    tab_to(page, row.get_by_role("button", name="Save scores for Jordan Lee"))
    page.keyboard.press("Enter")

    announced_at(page, row, "Scores saved for Jordan Lee.")
    expect(row).to_contain_text("Mean 4.50")
    axe_check(page, "keyboard-board-scored")

    # From the row that has focus, on to its decision.
    choose(page, row.get_by_label("Decision for Jordan Lee"), Decision.Outcome.OFFER)
    page.keyboard.press("Tab")
    page.keyboard.type("Strong scores on both criteria")
    tab_to(page, row.get_by_role("button", name="Record the decision for Jordan Lee"))
    page.keyboard.press("Space")

    announced_at(page, row, "Decision recorded for Jordan Lee.")
    expect(row).to_contain_text("Decided, not yet sent")
    decision = Decision.objects.get(application=jordan)
    assert (decision.outcome, decision.reason) == (
        Decision.Outcome.OFFER,
        "Strong scores on both criteria",
    )


def test_endorse_an_application_by_keyboard(page: Page, server, axe_check, live_server):
    endorsement = EndorsementFactory(application__first_name="Priya", application__last_name="Shah")
    # The endorser needs no account: the signed link from their email opens the page.
    page.goto(server + endorsement_url(endorsement))
    expect(page.get_by_role("heading", level=1)).to_have_text("Endorse Priya Shah's application")
    axe_check(page, "keyboard-endorse")
    send = page.get_by_role("button", name="Send my answer")

    # "Yes", chosen with Space, but no basis: the error summary has focus, and its link leads
    # to the first choice of the basis.
    tab_to(page, page.get_by_label("Yes, I endorse this application"))
    page.keyboard.press("Space")
    tab_to(page, send)
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Choose whether you approve their attendance or they have the autonomy to attend."
    )
    expect(page.get_by_label("Yes, I endorse this application")).to_be_checked()
    axe_check(page, "keyboard-endorse-error")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    page.keyboard.press("Enter")
    approval = page.get_by_label("I approve their attendance at every required date")
    expect(approval).to_be_focused()
    endorsement.refresh_from_db()
    assert endorsement.state == Endorsement.State.PENDING

    page.keyboard.press("Space")
    expect(approval).to_be_checked()
    type_into(page, page.get_by_label("Comments for the programme team (optional)"), "Ready.")
    tab_to(page, send)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    announced(page, "Your answer about Priya Shah's application is sent.")
    axe_check(page, "keyboard-endorse-done")
    endorsement.refresh_from_db()
    assert (endorsement.state, endorsement.basis, endorsement.comments) == (
        Endorsement.State.CONFIRMED,
        Endorsement.Basis.APPROVAL,
        "Ready.",
    )


@pytest.fixture
def register_event(live_server):
    """An extended day today of a running cohort with two participants."""
    cohort = CohortFactory(status=Cohort.Status.RUNNING, name="Cohort 4: 2027 – 2028")
    today = timezone.localdate()
    event = EventFactory(
        cohort=cohort,
        title="Event 3: extended day",
        starts_at=timezone.make_aware(datetime.combine(today, EXTENDED_DAY_STARTS)),
        ends_at=timezone.make_aware(datetime.combine(today, EXTENDED_DAY_ENDS)),
    )
    for first, last in (("Tom", "Adebayo"), ("Priya", "Shah")):
        ParticipantFactory(cohort=cohort, user=UserFactory(first_name=first, last_name=last))
    return event


def test_mark_a_register_by_keyboard(page: Page, server, register_event, axe_check):
    lead = coordinator(first_name="Alex", last_name="Morgan")
    sign_in(page, server, lead.email)
    page.goto(f"{server}/coordinator/")
    tab_to(page, page.get_by_role("link", name=re.compile(r"^Register for Event 3")))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server}/coordinator/events/{register_event.pk}/register/")

    tab_to(page, page.get_by_role("button", name="All present"))
    page.keyboard.press("Enter")

    announced(page, "2 people marked")
    axe_check(page, "keyboard-register")

    # A tap on one row changes it in place: focus stays on the button, the register says it.
    late = page.get_by_role("button", name="Late for Priya Shah")
    tab_to(page, late)
    page.keyboard.press("Space")
    expect(late).to_have_attribute("aria-pressed", "true")
    expect(late).to_be_focused()
    expect(page.locator("#register-announcer")).to_have_text("Priya Shah: Late.")
    statuses = dict(register_event.attendance.values_list("participant__user__last_name", "status"))
    assert statuses == {
        "Adebayo": AttendanceRecord.Status.PRESENT,
        "Shah": AttendanceRecord.Status.LATE,
    }


def test_send_an_apology_by_keyboard(page: Page, server, axe_check, live_server):
    cohort = CohortFactory(status=Cohort.Status.RUNNING)
    event = EventFactory(cohort=cohort, title="Event 2: extended day")
    participant = ParticipantFactory(cohort=cohort)
    sign_in(page, server, participant.user.email)
    page.goto(f"{server}/me/")

    tab_to(page, page.get_by_role("link", name="Send apologies for Event 2: extended day"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server}/me/events/{event.pk}/apology/")
    send = page.get_by_role("button", name="Send my apologies")

    # Sent with no reason: the error summary has focus and its link leads to the reason.
    tab_to(page, send)
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Give a reason, so the programme team can plan.")
    axe_check(page, "keyboard-apology-error")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    page.keyboard.press("Enter")
    reason = page.get_by_role("textbox")
    expect(reason).to_be_focused()
    assert not event.apologies.exists()

    page.keyboard.type("Ofsted inspection that week")
    tab_to(page, send)
    page.keyboard.press("Enter")

    # The browser keeps the summary link's #id_reason across the redirect: nothing on /me/ has
    # that id, so focus goes to the message.
    expect(page).to_have_url(re.compile(rf"^{re.escape(server)}/me/(#id_reason)?$"))
    announced(page, "Your apologies for Event 2: extended day are sent.")
    axe_check(page, "keyboard-apology-sent")
    assert event.apologies.get().reason == "Ofsted inspection that week"


def test_download_a_certificate_by_keyboard(page: Page, server, axe_check, tmp_path: Path):
    programme = ProgrammeFactory(accreditation="30 CATS credits at postgraduate level")
    opened = timezone.now() - timedelta(days=330)
    cohort = CohortFactory(
        programme=programme,
        status=Cohort.Status.RUNNING,
        applications_open=opened,
        application_deadline=opened + timedelta(days=20),
    )
    CompletionRule.objects.create(cohort=cohort, description="Attend all five days")
    participant = ParticipantFactory(
        cohort=cohort, user=UserFactory(first_name="Priya", last_name="Chaudhary")
    )
    certificate = cohort_services.certificate_issue(participant=participant)
    sign_in(page, server, participant.user.email)
    page.goto(f"{server}/me/")
    axe_check(page, "keyboard-me-certificate")

    link = page.get_by_role("region", name="Your certificate").get_by_role(
        "link", name="Download your certificate (PDF)"
    )
    tab_to(page, link)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / "certificate.pdf"
    download.value.save_as(saved)
    text = "".join(PdfReader(saved).pages[0].extract_text().split())
    assert "PriyaChaudhary" in text
    assert certificate.code in text
    # The download leaves the page as it was, with focus where it was.
    expect(link).to_be_focused()
    assert Participant.objects.get(pk=participant.pk).certificate == certificate
