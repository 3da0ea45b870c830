"""Applying for a place in a real browser: from sign-up to an endorsed application.

The expression-of-interest form, the status page, the withdrawal and the endorser's page are
driven as people use them, at phone width where they are most often opened from an email, and
every page and state passes axe-core's WCAG 2.2 AA rules with nothing serious or critical.
What a person typed survives a validation error, an expired session and a closed deadline.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from applications.models import Endorsement, EqualityMonitoring, ExpressionOfInterest
from cohorts.models import Cohort, Milestone
from csssl.models import OutboxMessage
from tests.applications.factories import (
    CONTRIBUTION,
    DEVELOPMENT,
    WHY_NOW,
    EndorsementFactory,
    ExpressionOfInterestFactory,
)
from tests.factories import (
    PASSWORD,
    CohortFactory,
    LocalAuthorityFactory,
    MilestoneFactory,
    ProgrammeFactory,
    UserFactory,
)

from .test_public_pages import CONFIRM_LINK, PASSWORD_LABEL, fill_signup, sign_in

pytestmark = pytest.mark.browser

PHONE = pytest.mark.parametrize("viewport", ["phone"])
ENDORSE_LINK = re.compile(r"/endorse/[^/\s]+/")
# Ten words, so a statement of a known length is easy to build.
SENTENCE = "I lead early help across the county with many partners."
OVER_LIMIT = " ".join([SENTENCE] * 32)  # 320 words


@pytest.fixture
def cohort(live_server) -> Cohort:
    """A published programme with an open cohort and its required dates."""
    # Data migrations load the authorities, but a transactional test empties the tables
    # after it runs: make sure the one the applicant chooses is there.
    LocalAuthorityFactory()
    programme = ProgrammeFactory(
        name="Strategic Leadership in Children's Services", short_name="SLCS", slug="slcs"
    )
    cohort = CohortFactory(
        programme=programme, name="Cohort 6: Autumn 2027", status=Cohort.Status.OPEN
    )
    for offset, kind, title, topic in [
        (0, Milestone.Kind.EXTENDED_DAY, "Event 1", ""),
        (14, Milestone.Kind.SEMINAR, "Online seminar 1", "Commissioning for outcomes"),
        (42, Milestone.Kind.RESIDENTIAL, "Residential", ""),
    ]:
        MilestoneFactory(
            cohort=cohort,
            kind=kind,
            title=title,
            topic=topic,
            starts_on=cohort.starts_on + timedelta(days=offset),
        )
    return cohort


def field(page: Page, label: str):
    """A form control by its whole label ("Job title" must not find "Endorser job title")."""
    return page.get_by_label(label, exact=True)


def word_count_of(page: Page, name: str):
    return page.locator(f'.word-count[data-for="id_{name}"]')


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a computed CSS colour ("rgb(r, g, b)") against white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(v) for v in re.findall(r"\d+", colour)[:3])
    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return 1.05 / (luminance + 0.05)


def backup_of(page: Page) -> dict:
    """Everything the form has copied into this browser's localStorage, parsed."""
    stored = page.evaluate("({...localStorage})")
    return {key: json.loads(value) for key, value in stored.items() if key.startswith("eoi-")}


def endorsement_path(*, to: str) -> str:
    """The path of the link in the endorsement request delivered to ``to`` (the outbox keeps
    a placeholder: only the endorser reads the link)."""
    message = OutboxMessage.objects.get(kind="endorsement_request", recipient=to)
    assert message.state == OutboxMessage.State.SENT
    assert not ENDORSE_LINK.search(message.body_text)
    body = [email.body for email in mail.outbox if email.to == [to]][-1]
    link = ENDORSE_LINK.search(body)
    assert link, body
    assert settings.SITE_URL + link.group(0) in body
    return link.group(0)


# --- The whole journey -----------------------------------------------------------------------


@PHONE
def test_application_journey_from_signup_to_endorsed(
    page: Page, server, cohort, new_context, axe_check
):
    # Sign up and follow the link in the email.
    page.goto(f"{server}/accounts/signup/")
    axe_check(page, "journey-signup")
    fill_signup(page, email="priya.shah@example.org")
    expect(page).to_have_url(f"{server}/accounts/confirm-email/")
    (confirmation,) = [m.body for m in mail.outbox if m.to == ["priya.shah@example.org"]]
    link = CONFIRM_LINK.search(confirmation)
    assert link
    page.goto(server + link.group(0))
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()
    expect(page).to_have_url(f"{server}/")

    # The programme page leads to the form.
    page.goto(f"{server}/programmes/slcs/")
    axe_check(page, "journey-programme")
    page.get_by_role("link", name="Apply for Cohort 6: Autumn 2027").click()
    expect(page).to_have_url(f"{server}/cohorts/{cohort.pk}/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Expression of interest")
    expect(field(page, "First name")).to_have_value("Priya")
    expect(page.get_by_text("Online seminar 1 (Commissioning for outcomes)")).to_be_visible()
    fee_section = page.get_by_role("heading", name="Fee for external partners")
    expect(fee_section).to_be_visible()
    axe_check(page, "apply-empty")
    # axe does not measure non-text contrast (WCAG 1.4.11): an empty box or an unticked radio
    # must still stand out from the white card it sits on.
    for control in (
        field(page, "Job title"),
        field(page, "Sector"),
        page.get_by_label("I can attend every required date listed above"),
        page.get_by_role("group", name="Age band").get_by_label("Under 35"),
    ):
        edge = control.evaluate("el => getComputedStyle(el).borderTopColor")
        assert contrast_on_white(edge) >= 3, edge

    # Part of the form, then Save draft.
    field(page, "Job title").fill("Head of Early Help")
    field(page, "Employer organisation").fill("Nottinghamshire County Council")
    field(page, "Organisation type").select_option(label="Local authority")
    expect(fee_section).to_be_hidden()
    field(page, "Local authority area").select_option(label="Nottinghamshire")
    field(page, "Sector").select_option(label="Early help and family support")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("status").filter(has_text="Draft saved at")).to_be_visible()
    # Focus moves to the message, so it is read out (WCAG 4.1.3), not to the top of the page.
    expect(page.locator("#page-messages")).to_be_focused()
    expect(field(page, "Job title")).to_have_value("Head of Early Help")
    expect(fee_section).to_be_hidden()
    draft = ExpressionOfInterest.objects.get(applicant__email="priya.shah@example.org")
    assert (draft.status, draft.job_title) == ("draft", "Head of Early Help")

    # The rest, with a statement that is too long and the consent left unticked.
    field(page, "Service area").fill("Early help and family support")
    field(page, "Service or area you lead").fill("Family help hubs across the county")
    field(page, "How many people you manage, directly and indirectly").fill("48")
    field(page, "Endorser name").fill("Jordan Ellis")
    field(page, "Endorser job title").fill("Service Director")
    field(page, "Endorser email").fill("jordan.ellis@example.org")
    field(page, "Why this programme, and why now").fill(OVER_LIMIT)
    field(page, "What you will bring to the cohort").fill(CONTRIBUTION)
    field(page, "What you want to develop").fill(DEVELOPMENT)
    page.get_by_label("I can attend every required date listed above").check()
    page.get_by_label("I agree to engage fully").check()
    page.get_by_role("button", name="Submit application").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            re.compile(r"^Why this programme, and why now: Use 300 words or fewer: this has 320"),
            re.compile(r"^I agree that the programme team .*: Give your consent"),
        ]
    )
    expect(page.locator("#id_why_now_error")).to_contain_text("this has 320")
    expect(page.locator("#id_data_protection_consent_error")).to_contain_text("Give your consent")
    expect(field(page, "Why this programme, and why now")).to_have_value(OVER_LIMIT)
    expect(field(page, "Why this programme, and why now")).to_have_attribute("aria-invalid", "true")
    expect(field(page, "What you will bring to the cohort")).to_have_value(CONTRIBUTION)
    expect(field(page, "Endorser email")).to_have_value("jordan.ellis@example.org")
    expect(field(page, "How many people you manage, directly and indirectly")).to_have_value("48")
    expect(page.get_by_label("I agree to engage fully")).to_be_checked()
    expect(word_count_of(page, "why_now")).to_have_text("320 words: 20 over the limit of 300.")
    axe_check(page, "apply-errors")
    summary.get_by_role("link", name=re.compile("^Why this programme")).click()
    expect(field(page, "Why this programme, and why now")).to_be_focused()

    # Fixed, and submitted.
    field(page, "Why this programme, and why now").fill(WHY_NOW)
    page.get_by_label("I agree that the programme team").check()
    page.get_by_role("button", name="Submit application").click()

    # The fragment from the error summary's link rides along the redirect; it does no harm.
    expect(page).to_have_url(re.compile(rf"^{server}/applications/{draft.pk}/(#id_why_now)?$"))
    status = page.get_by_role("heading", name=re.compile("^Status"))
    expect(status).to_have_text("Status: Awaiting endorsement")
    expect(page.get_by_text("Endorsement requested from Jordan Ellis")).to_be_visible()
    axe_check(page, "status-awaiting-endorsement")
    path = endorsement_path(to="jordan.ellis@example.org")

    # The endorser, with no account, on their own phone.
    endorser_context = new_context()
    try:
        endorser = endorser_context.new_page()
        endorser.goto(server + path)
        expect(endorser.get_by_role("heading", level=1)).to_have_text(
            "Endorse Priya Shah's application"
        )
        application = endorser.get_by_role("region", name="The application")
        expect(application).to_contain_text("Head of Early Help")
        expect(application).to_contain_text("Nottinghamshire County Council (Nottinghamshire)")
        expect(endorser.get_by_role("region", name="What a place asks of them")).to_contain_text(
            "Residential"
        )
        axe_check(endorser, "endorse")
        endorser.get_by_label("Yes, I endorse this application").check()
        endorser.get_by_label("I approve their attendance at every required date").check()
        endorser.get_by_role("button", name="Send my answer").click()

        expect(endorser).to_have_url(server + path)
        expect(endorser.get_by_role("heading", level=1)).to_have_text("Thank you")
        expect(endorser.get_by_text("You endorsed Priya Shah's application")).to_be_visible()
        axe_check(endorser, "endorse-done")

        endorser.reload()
        expect(endorser.get_by_text("You endorsed Priya Shah's application")).to_be_visible()
        expect(endorser.get_by_role("button", name="Send my answer")).to_have_count(0)
    finally:
        endorser_context.close()
    endorsement = Endorsement.objects.get(application=draft)
    assert (endorsement.state, endorsement.basis) == ("confirmed", "approval")
    assert OutboxMessage.objects.filter(kind="endorsement_result").count() == 1

    # The applicant sees it.
    page.reload()
    expect(status).to_have_text("Status: Endorsed")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="My applications"
    ).click()
    expect(page).to_have_url(f"{server}/applications/")
    listed = page.get_by_role("link", name=re.compile("SLCS: Cohort 6"))
    expect(listed).to_contain_text("Endorsed")
    axe_check(page, "applications-list")


# --- The form's own behaviour ----------------------------------------------------------------


def test_word_counter_updates_while_typing(page: Page, server, cohort, axe_check):
    user = UserFactory()
    sign_in(page, server, email=user.email, password=PASSWORD)
    page.goto(f"{server}/cohorts/{cohort.pk}/apply/")
    statement = field(page, "Why this programme, and why now")
    counter = word_count_of(page, "why_now")

    expect(counter).to_have_text("0 of 300 words.")
    statement.press_sequentially("Leading change together")
    expect(counter).to_have_text("3 of 300 words.")
    expect(counter).not_to_have_class(re.compile("text-danger"))

    statement.fill(OVER_LIMIT + " and more")
    expect(counter).to_have_text("322 words: 22 over the limit of 300.")
    expect(counter).to_have_class(re.compile("text-danger"))
    expect(word_count_of(page, "contribution")).to_have_text("0 of 300 words.")
    axe_check(page, "apply-over-limit")

    statement.fill(SENTENCE)
    expect(counter).to_have_text("10 of 300 words.")
    expect(counter).not_to_have_class(re.compile("text-danger"))


def test_statement_counter_says_when_a_draft_is_nearly_full(page: Page, server, cohort):
    user = UserFactory()
    sign_in(page, server, email=user.email, password=PASSWORD)
    page.goto(f"{server}/cohorts/{cohort.pk}/apply/")
    statement = field(page, "Why this programme, and why now")
    counter = word_count_of(page, "why_now")
    expect(statement).to_have_attribute("maxlength", "4000")

    statement.fill(SENTENCE)
    expect(counter).to_have_text("10 of 300 words.")
    nearly_full = (SENTENCE + " ") * 70  # 3,920 characters
    statement.fill(nearly_full)
    expect(counter).to_have_text(
        "700 words: 400 over the limit of 300. "
        "3,920 of 4,000 characters: the most a draft can hold."
    )


def test_expired_session_restores_typed_answers_after_sign_in(page: Page, server, cohort):
    user = UserFactory(email="sam.okafor@example.org", first_name="Sam", last_name="Okafor")
    sign_in(page, server, email=user.email, password=PASSWORD)
    page.goto(f"{server}/cohorts/{cohort.pk}/apply/")

    field(page, "Job title").fill("Head of Youth Justice")
    field(page, "Why this programme, and why now").fill(WHY_NOW)
    page.get_by_role("group", name="Age band").get_by_label("45 to 54").check()
    page.get_by_role("group", name="Sex").get_by_label("Prefer not to say").check()
    page.get_by_label("I can attend every required date listed above").check()
    # The copy is written a moment after typing stops.
    page.wait_for_function(
        "() => (localStorage.getItem(document.getElementById('application-form')"
        ".dataset.backupKey) || '').includes('\"can_attend_all_dates\":true')"
    )

    # Equality answers stay off the device, whatever else is copied there.
    (copy,) = backup_of(page).values()
    assert copy["values"]["job_title"] == "Head of Youth Justice"
    assert not [name for name in copy["values"] if "equality" in name]
    stored = json.dumps(page.evaluate("({...localStorage})"))
    assert "45_54" not in stored
    assert "prefer_not" not in stored

    # One more answer, then the session expires before Save draft is pressed.
    field(page, "What you want to develop").fill(DEVELOPMENT)
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.get_by_role("button", name="Save draft").click()

    expect(page).to_have_url(re.compile(rf"/accounts/login/\?next=/cohorts/{cohort.pk}/apply/"))
    assert not ExpressionOfInterest.objects.exists()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()

    expect(page).to_have_url(f"{server}/cohorts/{cohort.pk}/apply/")
    expect(field(page, "Job title")).to_have_value("")
    restore = page.get_by_role("button", name="Restore my answers")
    expect(restore).to_be_visible()
    restore.click()

    expect(restore).to_be_hidden()
    expect(page.get_by_text("Your answers are back in the form")).to_be_focused()
    expect(field(page, "Job title")).to_have_value("Head of Youth Justice")
    expect(field(page, "Why this programme, and why now")).to_have_value(WHY_NOW)
    expect(field(page, "What you want to develop")).to_have_value(DEVELOPMENT)
    expect(page.get_by_label("I can attend every required date listed above")).to_be_checked()
    expect(word_count_of(page, "why_now")).to_have_text(f"{len(WHY_NOW.split())} of 300 words.")

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").filter(has_text="Draft saved at")).to_be_visible()
    draft = ExpressionOfInterest.objects.get(applicant=user, cohort=cohort)
    assert draft.job_title == "Head of Youth Justice"
    assert draft.why_now == WHY_NOW
    assert draft.development == DEVELOPMENT
    assert draft.can_attend_all_dates
    # Never copied to the device, the equality answers were not restored, so none were saved.
    assert not EqualityMonitoring.objects.exists()
    # Once the server has the answers, the copy on the device is dropped (by the form's
    # script, which has run once the page has loaded).
    page.wait_for_load_state("load")
    expect(restore).to_have_count(0)
    assert backup_of(page) == {}


# --- Withdrawing and the deadline ------------------------------------------------------------


def test_withdraw_after_confirmation_shows_withdrawn(page: Page, server, cohort, axe_check):
    endorsement = EndorsementFactory(application__cohort=cohort)
    application = endorsement.application
    sign_in(page, server, email=application.applicant.email, password=PASSWORD)
    page.goto(f"{server}/applications/{application.pk}/")
    expect(page.get_by_role("heading", name=re.compile("^Status"))).to_have_text(
        "Status: Awaiting endorsement"
    )

    page.get_by_role("link", name="Withdraw").click()
    expect(page).to_have_url(f"{server}/applications/{application.pk}/withdraw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your application?")
    expect(page.get_by_text("your endorser's link stops working")).to_be_visible()
    axe_check(page, "withdraw-confirm")
    page.get_by_label("Why are you withdrawing? (optional)").fill("A new post starts in June.")
    page.get_by_role("button", name="Withdraw my application").click()

    expect(page).to_have_url(f"{server}/applications/{application.pk}/")
    expect(page.get_by_role("heading", name=re.compile("^Status"))).to_have_text(
        "Status: Withdrawn"
    )
    expect(
        page.get_by_role("status").filter(has_text="Your application is withdrawn")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw")).to_have_count(0)
    axe_check(page, "status-withdrawn")
    application.refresh_from_db()
    endorsement.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.withdrawal_reason == "A new post starts in June."
    assert endorsement.state == "cancelled"


@PHONE
def test_apply_form_after_deadline_is_read_only(page: Page, server, cohort, axe_check):
    cohort.applications_open = timezone.now() - timedelta(days=30)
    cohort.application_deadline = timezone.now() - timedelta(days=1)
    cohort.save()
    draft = ExpressionOfInterestFactory(cohort=cohort, why_now=WHY_NOW)
    sign_in(page, server, email=draft.applicant.email, password=PASSWORD)
    page.goto(f"{server}/cohorts/{cohort.pk}/apply/")

    closed = page.get_by_role("status").filter(has_text="Applications for this cohort closed at")
    expect(closed).to_contain_text("Your draft is kept below but can no longer be submitted.")
    statement = field(page, "Why this programme, and why now")
    expect(statement).to_have_value(WHY_NOW)
    expect(statement).to_be_disabled()
    expect(field(page, "Job title")).to_be_disabled()
    expect(page.get_by_role("button", name="Save draft")).to_have_count(0)
    expect(page.get_by_role("button", name="Submit application")).to_have_count(0)
    axe_check(page, "apply-closed")
