"""Allocating places in a real browser: from the DCS group's board to an accepted offer.

The DCS group scores on the allocation board, asks for a balanced cohort, confirms it and sends
the outcomes; the applicant follows the link in the offer email and answers on their status
page. Conflicts of interest and a full cohort show on the board as the group meets them, and
every page and state passes axe-core's WCAG 2.2 AA rules with nothing serious or critical.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from applications import services as allocation
from applications.models import (
    Allocator,
    BalanceTarget,
    ConflictOfInterest,
    Decision,
    ExpressionOfInterest,
    Invoice,
    Offer,
)
from cohorts.models import Cohort, Participant
from csssl.models import OutboxMessage
from tests.applications.allocation_fixtures import criteria, endorsed
from tests.factories import (
    PASSWORD,
    CohortFactory,
    LocalAuthorityFactory,
    UserFactory,
    coordinator,
    dcs_member,
)

from .test_public_pages import PASSWORD_LABEL, sign_in

pytestmark = pytest.mark.browser

OFFER_LINK = re.compile(r"/offers/[^/\s]+/")
READINESS = "Readiness for strategic leadership"
CONTRIBUTION = "Contribution to the cohort"


# --- Helpers ---------------------------------------------------------------------------------


def board_path(cohort: Cohort) -> str:
    return f"/admin/applications/cohortallocation/{cohort.pk}/board/"


def row_of(page: Page, application: ExpressionOfInterest) -> Locator:
    """The application's row on the board (found by its id: rows move as scores come in)."""
    return page.locator(f"#app-{application.pk}")


def admin_message(page: Page, level: str) -> Locator:
    """The admin's messages at the top of the page, of one level (success, warning, error)."""
    return page.locator(f"ul.messagelist li.{level}")


def announced_at_row(page: Page, application: ExpressionOfInterest, text: str) -> None:
    """After a submit that comes back to the application's row, focus is on the row and the
    message is read through the announcer, which is filled after load (WCAG 4.1.3)."""
    expect(row_of(page, application)).to_be_focused()
    expect(page.locator("#page-announcer")).to_have_text(text)
    assert page.locator("#page-announcer").get_attribute("role") is None


def announced_at_message(page: Page, text: str) -> None:
    """After a submit that comes back to the top of the board, focus is on the messages, so
    they are read out (WCAG 4.1.3)."""
    expect(page.locator("#page-messages")).to_be_focused()
    expect(page.locator("#page-messages")).to_contain_text(text)


def balance_panel(page: Page) -> Locator:
    return page.get_by_role("complementary", name="Balance of the cohort")


def csp_refusals(page: Page) -> list[str]:
    """Collects what the browser refuses under the Content Security Policy (an inline style or
    script) from now on: such a refusal silently breaks a page."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def status_heading(page: Page) -> Locator:
    return page.get_by_role("heading", name=re.compile("^Status"))


def answer_by(offer: Offer) -> str:
    """The date an offer must be answered by, as the status page words it."""
    return f"{timezone.localtime(offer.respond_by):%H:%M on %A %-d %B %Y}"


def score(page: Page, application: ExpressionOfInterest, **values: str) -> None:
    """Score one row of the board, criterion by criterion (by the criterion's label)."""
    row = row_of(page, application)
    for label, value in values.items():
        row.get_by_label(label, exact=True).select_option(value)
    row.get_by_role("button", name=f"Save scores for {application.full_name}").click()


def offered(cohort: Cohort, **kwargs) -> ExpressionOfInterest:
    """An endorsed application whose offer of a place has been decided and sent."""
    application = endorsed(cohort, **kwargs)
    allocation.decision_record(
        application=application, outcome=Decision.Outcome.OFFER, reason="Strong", by=coordinator()
    )
    allocation.outcomes_send(cohort=cohort)
    return application


# --- The whole journey -----------------------------------------------------------------------


@pytest.fixture
def cohort(live_server) -> Cohort:
    """Two places, two criteria, and at least one place for an external partner."""
    cohort = CohortFactory(name="Cohort 7: Spring 2028", capacity=2)
    criteria(cohort, READINESS, CONTRIBUTION)
    BalanceTarget.objects.create(
        cohort=cohort, dimension=BalanceTarget.Dimension.PARTNER, value="external", minimum=1
    )
    return cohort


def test_allocation_journey_from_scores_to_accepted_place(
    page: Page, server, cohort, new_context, axe_check
):
    derby = LocalAuthorityFactory(code="E06000015", name="Derby")
    jordan = endorsed(cohort, applicant=UserFactory(first_name="Jordan", last_name="Lee"))
    sam = endorsed(
        cohort,
        applicant=UserFactory(first_name="Sam", last_name="Patel"),
        local_authority=derby,
        employer="Derby City Council",
    )
    # The external partner is the applicant whose side of the journey is followed.
    alex = endorsed(
        cohort,
        external=True,
        applicant=UserFactory(
            email="alex.morgan@nuh.example.org", first_name="Alex", last_name="Morgan"
        ),
    )
    chris = endorsed(cohort, applicant=UserFactory(first_name="Chris", last_name="Evans"))
    member = dcs_member()

    # A member of the DCS group opens the board.
    refused = csp_refusals(page)
    sign_in(page, server, email=member.email, password=PASSWORD)
    page.goto(server + board_path(cohort))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Allocation board")
    expect(page.get_by_text("4 endorsed applications")).to_be_visible()
    expect(balance_panel(page)).to_contain_text("0 of 2 places held")
    expect(row_of(page, jordan)).to_contain_text("Not scored yet")
    axe_check(page, "journey-board")

    # They score three of the four applications, row by row.
    score(page, jordan, **{READINESS: "5", CONTRIBUTION: "5"})
    expect(admin_message(page, "success")).to_have_text("Scores saved for Jordan Lee.")
    announced_at_row(page, jordan, "Scores saved for Jordan Lee.")
    expect(row_of(page, jordan)).to_contain_text("Mean 5.00")
    expect(row_of(page, jordan).get_by_label(READINESS, exact=True)).to_have_value("5")
    score(page, sam, **{READINESS: "4", CONTRIBUTION: "4"})
    expect(admin_message(page, "success")).to_have_text("Scores saved for Sam Patel.")
    expect(row_of(page, sam)).to_contain_text("Mean 4.00")
    score(page, alex, **{READINESS: "3", CONTRIBUTION: "2"})
    expect(admin_message(page, "success")).to_have_text("Scores saved for Alex Morgan.")
    expect(row_of(page, alex)).to_contain_text("Mean 2.50")
    expect(row_of(page, alex)).to_contain_text("Range 2–3")
    expect(row_of(page, chris)).to_contain_text("Not scored yet")
    # Best scored first.
    rows = page.locator(".board-table tbody tr")
    for index, application in enumerate((jordan, sam, alex, chris)):
        expect(rows.nth(index)).to_have_id(f"app-{application.pk}")

    # The proposal keeps the best application and, for the target, the external partner.
    page.get_by_role("link", name="Propose a balanced cohort").click()
    proposal = page.get_by_role("region", name="Proposed balanced cohort")
    expect(proposal).to_be_visible()
    offers = proposal.get_by_role("group", name="Offers (2)")
    expect(offers.get_by_role("checkbox")).to_have_count(2)
    expect(offers.get_by_role("checkbox", name=re.compile("^Jordan Lee"))).to_be_checked()
    expect(offers.get_by_role("checkbox", name=re.compile("^Alex Morgan"))).to_be_checked()
    waiting = proposal.get_by_role("group", name="Waiting list, in this order (2)")
    expect(waiting.get_by_role("listitem")).to_have_text(
        [re.compile("^Sam Patel"), re.compile("^Chris Evans")]
    )
    expect(proposal).to_contain_text("1 application has no scores yet and is ranked last.")
    axe_check(page, "journey-board-proposal")
    assert not Decision.objects.exists()
    assert refused == []

    proposal.get_by_role("button", name="Confirm these decisions").click()
    expect(admin_message(page, "success")).to_have_text(
        "Recorded 2 offers and 2 places on the waiting list. Nothing has been sent yet."
    )
    announced_at_message(page, "Recorded 2 offers and 2 places on the waiting list.")
    expect(proposal).to_have_count(0)
    expect(balance_panel(page)).to_contain_text("2 of 2 places held")
    expect(
        balance_panel(page).get_by_role("row", name=re.compile("External partner"))
    ).to_have_text(re.compile(r"External partner\s*1\s*at least 1"))
    expect(row_of(page, alex)).to_contain_text("Decided, not yet sent")
    expect(row_of(page, sam)).to_contain_text("Waiting list (number 1)")
    expect(row_of(page, chris)).to_contain_text("Waiting list (number 2)")
    assert set(Offer.objects.values_list("application", "state")) == {
        (jordan.pk, Offer.State.PENDING),
        (alex.pk, Offer.State.PENDING),
    }
    assert not OutboxMessage.objects.filter(kind="offer").exists()

    # Outcomes go out: two offers and two waiting-list letters.
    page.get_by_role("button", name="Send outcomes: 2 offers, 2 letters").click()
    # Tasks run in-process here, so the page can say they have gone.
    expect(admin_message(page, "success")).to_have_text("Sent 2 offers and 2 letters.")
    announced_at_message(page, "Sent 2 offers and 2 letters.")
    expect(page.get_by_role("button", name="Send outcomes: 0 offers, 0 letters")).to_be_disabled()
    expect(row_of(page, alex)).to_contain_text("Sent, awaiting answer")
    email = OutboxMessage.objects.get(kind="offer", recipient="alex.morgan@nuh.example.org")
    assert email.state == OutboxMessage.State.SENT
    assert OutboxMessage.objects.filter(kind="offer").count() == 2
    assert OutboxMessage.objects.filter(kind="outcome_letter").count() == 2
    assert not OFFER_LINK.search(email.body_text)  # staff read a placeholder
    (delivered,) = [
        m.body for m in mail.outbox if m.to == [email.recipient] and "/offers/" in m.body
    ]
    link = OFFER_LINK.search(delivered)
    assert link, delivered
    assert settings.SITE_URL + link.group(0) in delivered

    # The applicant opens the link from the email in their own browser, signing in on the way.
    applicant_context = new_context()
    try:
        applicant = applicant_context.new_page()
        applicant.goto(server + link.group(0))
        expect(applicant).to_have_url(re.compile(r"/accounts/login/\?next=/offers/"))
        applicant.get_by_label("Email").fill("alex.morgan@nuh.example.org")
        applicant.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
        applicant.get_by_role("button", name=re.compile("sign in", re.I)).click()

        expect(applicant).to_have_url(f"{server}/applications/{alex.pk}/#offer")
        offer = Offer.objects.get(application=alex)
        expect(status_heading(applicant)).to_have_text("Status: Place offered")
        expect(applicant.get_by_text(f"Accept or decline by {answer_by(offer)}.")).to_be_visible()
        offer_section = applicant.get_by_role("region", name="Your offer of a place")
        expect(offer_section).to_contain_text("the fee of £750, invoiced to Accounts Payable Team")
        axe_check(applicant, "journey-offer-sent")
        applicant.set_viewport_size({"width": 390, "height": 844})
        expect(offer_section.get_by_role("button", name="Accept my place")).to_be_in_viewport()
        axe_check(applicant, "journey-offer-sent-390x844")

        offer_section.get_by_role("button", name="Accept my place").click()
        expect(status_heading(applicant)).to_have_text("Status: Place accepted")
        expect(
            applicant.get_by_role("status").filter(has_text="Your place is confirmed")
        ).to_be_visible()
        expect(applicant.get_by_role("button", name="Accept my place")).to_have_count(0)
        axe_check(applicant, "journey-offer-accepted")
    finally:
        applicant_context.close()

    offer.refresh_from_db()
    assert offer.state == Offer.State.ACCEPTED
    participant = Participant.objects.get(cohort=cohort)
    assert participant.user == alex.applicant
    invoice = Invoice.objects.get()
    assert invoice.offer == offer
    assert (invoice.amount, invoice.payer_email) == (750, "invoices@nuh.example.org")
    assert OutboxMessage.objects.filter(kind="invoice", recipient=invoice.payer_email).exists()

    # Back on the board, the place shows as accepted.
    page.reload()
    expect(row_of(page, alex)).to_contain_text("Accepted")
    expect(balance_panel(page)).to_contain_text("2 of 2 places held")


# --- What the board stops ---------------------------------------------------------------------


def test_board_row_from_own_authority_shows_conflict_instead_of_score_form(
    page: Page, server, axe_check
):
    cohort = CohortFactory()
    criteria(cohort)
    own = endorsed(cohort)
    other = endorsed(
        cohort,
        local_authority=LocalAuthorityFactory(code="E06000015", name="Derby"),
        employer="Derby City Council",
    )
    member = dcs_member()
    Allocator.objects.create(user=member, local_authority=own.local_authority)

    sign_in(page, server, email=member.email, password=PASSWORD)
    page.goto(server + board_path(cohort))

    conflicted = row_of(page, own)
    expect(conflicted).to_contain_text("Conflict of interest")
    expect(conflicted.get_by_role("button", name=re.compile("^Save scores"))).to_have_count(0)
    expect(conflicted.get_by_label(re.compile("Readiness"))).to_have_count(0)
    free = row_of(page, other)
    expect(free).not_to_contain_text("Conflict of interest")
    expect(free.get_by_role("button", name=f"Save scores for {other.full_name}")).to_be_visible()
    axe_check(page, "board-conflict")
    assert list(ConflictOfInterest.objects.values_list("application", "member")) == [
        (own.pk, member.pk)
    ]


def test_board_offer_when_cohort_is_full_shows_capacity_error(page: Page, server, axe_check):
    cohort = CohortFactory(capacity=2)
    first = endorsed(cohort)
    second = endorsed(cohort)
    third = endorsed(cohort, applicant=UserFactory(first_name="Robin", last_name="Shaw"))
    user = coordinator()
    for application in (first, second):
        allocation.decision_record(
            application=application, outcome=Decision.Outcome.OFFER, reason="Strong", by=user
        )

    sign_in(page, server, email=user.email, password=PASSWORD)
    page.goto(server + board_path(cohort))
    expect(balance_panel(page)).to_contain_text("2 of 2 places held")
    row = row_of(page, third)
    row.get_by_label("Decision for Robin Shaw").select_option(label="Offer a place")
    row.get_by_label("Reason").fill("A strong case for a place")
    row.get_by_role("button", name="Record the decision for Robin Shaw").click()

    expect(admin_message(page, "error")).to_have_text(
        "Robin Shaw: All 2 places are held. Free a place first, or put this applicant on the "
        "waiting list."
    )
    expect(admin_message(page, "success")).to_have_count(0)
    # Refused, the board opens at the top, where the message says why: focus is on it.
    announced_at_message(page, "Robin Shaw: All 2 places are held.")
    expect(balance_panel(page)).to_contain_text("2 of 2 places held")
    axe_check(page, "board-capacity-error")
    assert not Decision.objects.filter(application=third).exists()
    assert Offer.objects.filter(cohort=cohort).count() == 2

    # The whole board again: the row is still undecided.
    page.goto(server + board_path(cohort))
    expect(page.get_by_text("3 endorsed applications")).to_be_visible()
    expect(row_of(page, third)).to_contain_text("Robin Shaw")
    expect(row_of(page, third)).not_to_contain_text("Decided, not yet sent")
    expect(row_of(page, first)).to_contain_text("Decided, not yet sent")


def test_board_after_recording_decision_still_shows_every_row(page: Page, server):
    cohort = CohortFactory()
    waiting = endorsed(cohort, applicant=UserFactory(first_name="Robin", last_name="Shaw"))
    other = endorsed(cohort)
    user = coordinator()

    sign_in(page, server, email=user.email, password=PASSWORD)
    page.goto(server + board_path(cohort))
    row = row_of(page, waiting)
    row.get_by_label("Decision for Robin Shaw").select_option(label="Waiting list")
    row.get_by_label("Reason").fill("A good case; the places went to stronger ones")
    row.get_by_role("button", name="Record the decision for Robin Shaw").click()

    expect(admin_message(page, "success")).to_have_text("Decision recorded for Robin Shaw.")
    announced_at_row(page, waiting, "Decision recorded for Robin Shaw.")
    expect(row_of(page, waiting)).to_contain_text("Waiting list (number 1)")
    # The page has loaded (the message is there), so these need no waiting.
    assert page.get_by_label("Decision", exact=True).input_value() == ""
    assert row_of(page, other).count() == 1


# --- The applicant's answer ------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"])
def test_offer_declined_with_reason_shows_offer_declined(page: Page, server, axe_check):
    cohort = CohortFactory()
    application = offered(cohort)
    offer = Offer.objects.get(application=application)

    sign_in(page, server, email=application.applicant.email, password=PASSWORD)
    page.goto(f"{server}/applications/{application.pk}/")
    expect(status_heading(page)).to_have_text("Status: Place offered")
    expect(page.get_by_text(f"Accept or decline by {answer_by(offer)}.")).to_be_visible()
    axe_check(page, "offer-sent")

    page.get_by_text("I cannot take the place").click()
    page.get_by_label("If you would like to, tell us why (optional)").fill(
        "Our inspection falls on the first residential."
    )
    axe_check(page, "offer-decline-open")
    page.get_by_role("button", name="Decline the place").click()

    expect(page).to_have_url(f"{server}/applications/{application.pk}/")
    expect(status_heading(page)).to_have_text("Status: Offer declined")
    expect(
        page.get_by_role("status").filter(has_text="You have declined the place")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Accept my place")).to_have_count(0)
    expect(page.get_by_role("button", name="Decline the place")).to_have_count(0)
    axe_check(page, "offer-declined")
    offer.refresh_from_db()
    assert offer.state == Offer.State.DECLINED
    assert offer.decline_reason == "Our inspection falls on the first residential."
    assert not Participant.objects.filter(cohort=cohort).exists()
    assert OutboxMessage.objects.filter(kind="offer_declined").exists()
