"""A whole evaluation round as the people in it live it, through the pages alone: the participant
evaluates themselves and invites three peers; each peer opens the link in their email on a
phone, with no account, saves, comes back to their answers and submits; the third answer
completes the report, which is released at once, and the participant reads it, with its charts,
its gaps and the peers' comments, and downloads it as a PDF. Nothing on the report names a
rater."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from cohorts.models import Cohort
from csssl.models import OutboxMessage
from tests.evaluations.factories import RoundFactory
from tests.factories import PASSWORD, CohortFactory, ParticipantFactory

from .conftest import VIEWPORTS
from .test_public_pages import sign_in

pytestmark = pytest.mark.browser

RATE_LINK = re.compile(r"/rate/[^/\s]+/")

#: The participant's own ratings: a blind spot in Quality 1, a hidden strength in Quality 3.
SELF = {
    "Quality 1": "4 – Leading others",
    "Quality 2": "Not able to say",
    "Quality 3": "1 – Emerging",
}

#: Each peer: name, address, a rating per quality and what they say the participant does well.
PEERS = [
    (
        "Aisha Khan",
        "aisha.khan@example.org",
        {
            "Quality 1": "2 – Developing",
            "Quality 2": "3 – Established",
            "Quality 3": "3 – Established",
        },
        "Calm in a crisis.",
    ),
    (
        "Ben Okafor",
        "ben.okafor@example.org",
        {
            "Quality 1": "2 – Developing",
            "Quality 2": "3 – Established",
            "Quality 3": "4 – Leading others",
        },
        "Brings people with her.",
    ),
    (
        "Cerys Lloyd",
        "cerys.lloyd@example.org",
        {
            "Quality 1": "3 – Established",
            "Quality 2": "2 – Developing",
            "Quality 3": "3 – Established",
        },
        "Listens before deciding.",
    ),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    """Every context without a screen of its own, so each person's browser is given one: the
    participant's at desktop width, each rater's a phone."""
    return {
        key: value
        for key, value in browser_context_args.items()
        if key not in VIEWPORTS["phone"] and key not in VIEWPORTS["desktop"]
    }


def rate_path(*, to: str) -> str:
    """The path of the link in the invitation delivered to ``to``: only the delivered email
    holds it, the outbox's stored copy does not."""
    message = OutboxMessage.objects.get(kind="rater_invitation", recipient=to)
    assert message.state == OutboxMessage.State.SENT
    assert not RATE_LINK.search(message.body_text)
    (body,) = [email.body for email in mail.outbox if email.to == [to]]
    link = RATE_LINK.search(body)
    assert link, body
    assert settings.SITE_URL + link.group(0) in body
    return link.group(0)


def answer(page: Page, ratings: dict[str, str]) -> None:
    for quality, label in ratings.items():
        page.get_by_role("group", name=quality).get_by_label(label).check()


def expect_answers(page: Page, ratings: dict[str, str]) -> None:
    for quality, label in ratings.items():
        expect(page.get_by_role("group", name=quality).get_by_label(label)).to_be_checked()


def test_evaluation_round_from_self_evaluation_to_report(
    page: Page, server, new_context, axe_check
):
    cohort = CohortFactory(status=Cohort.Status.RUNNING)
    RoundFactory(
        cohort=cohort,
        line_manager=True,
        peers_min=3,
        score_threshold=3,
        # Three peers' comments are shown only when a group of three is enough for comments.
        comment_threshold=3,
    )
    participant = ParticipantFactory(cohort=cohort)
    page.set_viewport_size(VIEWPORTS["desktop"]["viewport"])
    sign_in(page, server, email=participant.user.email, password=PASSWORD)

    # The participant evaluates themselves.
    page.goto(f"{server}/me/evaluations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My evaluations")
    expect(page.get_by_text("Peers: 0 invited, 0 answered.")).to_be_visible()
    axe_check(page, "journey-evaluations")
    page.get_by_role("link", name=re.compile("Start my self evaluation")).click()
    expect(page.locator("#answers-progress")).to_have_text("0 of 3 qualities answered")
    axe_check(page, "journey-self-evaluation")
    answer(page, SELF)
    expect(page.locator("#answers-progress")).to_have_text("3 of 3 qualities answered")
    page.get_by_label("Evidence for “Quality 1” (optional)").fill("Led the service review.")
    page.get_by_label("Evidence for “Quality 3” (optional)").fill("Still learning to delegate.")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("You submitted your self evaluation")).to_be_visible()
    expect(page.get_by_text("Led the service review.")).to_be_visible()
    axe_check(page, "journey-self-evaluation-submitted")

    # They invite three peers.
    page.get_by_role("link", name="Back to my evaluations").click()
    for name, email, _, _ in PEERS:
        page.get_by_label("How they know you").select_option("peer")
        page.get_by_label("Their name").fill(name)
        page.get_by_label("Their email address").fill(email)
        page.get_by_role("button", name="Send the invitation").click()
        expect(page.get_by_role("status").filter(has_text=f"{name} is invited")).to_be_visible()
    expect(page.get_by_text("Peers: 3 invited, 0 answered.")).to_be_visible()
    axe_check(page, "journey-evaluations-invited")

    # Each peer opens their email's link on a phone, with no account.
    person = participant.user.display_name
    for number, (_, email, ratings, comment) in enumerate(PEERS):
        first = number == 0
        link = server + rate_path(to=email)
        rater = new_context(**VIEWPORTS["phone"])
        phone = rater.new_page()
        phone.goto(link)
        expect(phone.get_by_role("heading", level=1)).to_have_text(f"Feedback for {person}")
        if first:
            axe_check(phone, "journey-rate")
        answer(phone, ratings)
        phone.get_by_label("What they do well (optional)").fill(comment)
        phone.get_by_role("button", name="Save and come back later").click()
        expect(
            phone.get_by_role("status").filter(has_text="Your answers are saved")
        ).to_be_visible()
        if first:
            axe_check(phone, "journey-rate-saved")

        # Back later: the saved answers are on the page, from the server.
        phone.reload()
        expect(phone.locator("#answers-progress")).to_have_text("3 of 3 qualities answered")
        expect_answers(phone, ratings)
        expect(phone.get_by_label("What they do well (optional)")).to_have_value(comment)
        expect(phone.locator("#backup-offer")).to_be_hidden()
        phone.get_by_role("button", name="Submit my answers").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you")
        if first:
            axe_check(phone, "journey-rate-done")
        rater.close()

    # The third answer completed the report, released at once.
    page.reload()
    expect(page.get_by_text("Peers: 3 invited, 3 answered.")).to_be_visible()
    expect(page.get_by_text("Your report for this round is complete")).to_be_visible()
    expect(page.get_by_role("button", name="Send the invitation")).to_have_count(0)
    axe_check(page, "journey-evaluations-complete")
    page.get_by_role("link", name=re.compile("Read my feedback report")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your feedback report")
    for theme in ("Leading people", "Leading the system"):
        chart = page.get_by_role("img", name=re.compile(f"^{theme}: your own rating against"))
        expect(chart).to_have_count(1)
        expect(chart).to_have_js_property("tagName", "svg")
    people = page.get_by_role("region", name="Leading people: the figures in the chart")
    expect(people.get_by_role("columnheader", name="Peers")).to_be_visible()
    expect(people.get_by_role("row", name=re.compile("^Quality 1"))).to_have_text(
        re.compile(r"Quality 1\s*4\s*2\.33\s*2\.33")
    )
    system = page.get_by_role("region", name="Leading the system: the figures in the chart")
    expect(system.get_by_role("row", name=re.compile("^Quality 2"))).to_have_text(
        re.compile(r"Quality 2\s*no score\s*2\.67\s*2\.67")
    )
    expect(page.get_by_role("row", name=re.compile("^Peers"))).to_contain_text("Shown as a group")
    blind = page.get_by_role("heading", name="Blind spots: you rated yourself higher")
    expect(blind.locator("xpath=following-sibling::ul[1]")).to_have_text(
        "Quality 1: you 4, all raters 2.33 (1.67 lower)"
    )
    hidden = page.get_by_role("heading", name="Hidden strengths: your raters rated you higher")
    expect(hidden.locator("xpath=following-sibling::ul[1]")).to_have_text(
        "Quality 3: you 1, all raters 3.33 (2.33 higher)"
    )
    expect(page.get_by_role("heading", name="From your other raters")).to_be_visible()
    # Alphabetical, not in the order they came in.
    expect(page.locator(".report-comments li")).to_have_text(
        ["Brings people with her.", "Calm in a crisis.", "Listens before deciding."]
    )
    shown = page.content()
    for name, email, _, _ in PEERS:
        for part in (*name.split(), email):
            assert not re.search(rf"\b{re.escape(part)}\b", shown, re.IGNORECASE), part
    axe_check(page, "journey-report")

    pdf = page.get_by_role("link", name="Download the report (PDF)").get_attribute("href")
    response = page.request.get(server + pdf)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
