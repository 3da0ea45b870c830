"""The evaluation pages in a browser: the participant's overview and self evaluation, and the
rater's form, on a phone and at desktop width, each checked with axe and at 320 px. The count
of qualities answered follows each choice, and answers typed but not saved come back from the
copy the browser keeps, until a submission deletes it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from evaluations.models import RaterResponse, SelfEvaluation
from evaluations.services import raters
from tests.evaluations.factories import RaterInvitationFactory, RoundFactory
from tests.factories import PASSWORD, ParticipantFactory

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["phone"])
def test_participant_invites_a_rater_and_evaluates_themselves(page: Page, server, axe_check):
    round_ = RoundFactory()
    participant = ParticipantFactory(cohort=round_.cohort)
    sign_in(page, server, email=participant.user.email, password=PASSWORD)

    page.goto(f"{server}/me/evaluations/")
    axe_check(page, "me-evaluations")
    page.get_by_label("How they know you").select_option("peer")
    page.get_by_label("Their name").fill("Ann Peer")
    page.get_by_label("Their email address").fill(participant.user.email)
    page.get_by_role("button", name="Send the invitation").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("That is your own address")
    expect(page.get_by_label("Their name")).to_have_value("Ann Peer")
    axe_check(page, "me-evaluations-invite-refused")
    page.get_by_label("Their email address").fill("ann.peer@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status").filter(has_text="Ann Peer is invited")).to_be_visible()

    page.get_by_role("link", name=re.compile("Start my self evaluation")).click()
    expect(page.locator("#answers-progress")).to_have_text("0 of 3 qualities answered")
    axe_check(page, "self-evaluation")
    quality_1 = page.get_by_role("group", name="Quality 1")
    quality_1.get_by_label("3 – Established").check()
    expect(page.locator("#answers-progress")).to_have_text("1 of 3 qualities answered")
    page.get_by_label("Evidence for “Quality 1” (optional)").fill("Chaired the review")
    page.wait_for_timeout(600)  # the copy is kept a moment after the last keystroke

    # The page is left without saving (a lost connection, a closed tab): the device kept it.
    page.reload()
    expect(page.locator("#answers-progress")).to_have_text("0 of 3 qualities answered")
    page.get_by_role("button", name="Restore my answers").click()
    expect(quality_1.get_by_label("3 – Established")).to_be_checked()
    expect(page.get_by_label("Evidence for “Quality 1” (optional)")).to_have_value(
        "Chaired the review"
    )
    expect(page.locator("#answers-progress")).to_have_text("1 of 3 qualities answered")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("status").filter(has_text="Your answers are saved")).to_be_visible()
    assert SelfEvaluation.objects.get().evidence == {
        str(round_.version.qualities.get(name="Quality 1").pk): "Chaired the review"
    }

    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#error-summary")).to_be_focused()
    page.locator("#error-summary a").first.click()
    expect(page.get_by_role("group", name="Quality 2").get_by_label("1 – Emerging")).to_be_focused()
    axe_check(page, "self-evaluation-refused")
    page.get_by_role("group", name="Quality 2").get_by_label("Not able to say").check()
    page.get_by_role("group", name="Quality 3").get_by_label("4 – Leading others").check()
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your self evaluation")
    expect(page.get_by_text("You submitted your self evaluation")).to_be_visible()
    assert page.evaluate("Object.keys(localStorage).length") == 0
    axe_check(page, "self-evaluation-submitted")


@pytest.mark.parametrize("viewport", ["phone"])
def test_rater_answers_on_a_phone_without_an_account(page: Page, server, axe_check):
    invitation = RaterInvitationFactory(round=RoundFactory())
    person = invitation.participant.user.display_name

    page.goto(f"{server}/rate/{raters.rater_token(invitation)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Feedback for {person}")
    axe_check(page, "rate")
    page.get_by_role("group", name="Quality 1").get_by_label("2 – Developing").check()
    expect(page.locator("#answers-progress")).to_have_text("1 of 3 qualities answered")
    page.get_by_label("What they do well (optional)").fill("Calm in a crisis")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("What they do well (optional)")).to_have_value("Calm in a crisis")
    axe_check(page, "rate-refused")

    for name in ("Quality 2", "Quality 3"):
        page.get_by_role("group", name=name).get_by_label("Not able to say").check()
    page.get_by_role("button", name="Submit my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert page.evaluate("Object.keys(localStorage).length") == 0
    assert RaterResponse.objects.count() == 1
    axe_check(page, "rate-done")
