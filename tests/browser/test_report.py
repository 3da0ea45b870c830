"""A participant's feedback report in a real browser, and a coordinator's reading of it: every
chart is one named image, every table can be scrolled from the keyboard, nothing scrolls
sideways at 320 px, and axe-core finds nothing serious or critical."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from evaluations.models import Round
from tests.evaluations.reporting import frozen, open_round
from tests.factories import PASSWORD, coordinator

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def pre_and_post(live_server):
    """A participant's pre-programme and end-of-programme reports, both released."""
    pre = frozen(sizes=(1, 4, 2, 1), seed="pre")
    post_round = open_round(
        cohort=pre.round.cohort, version=pre.round.version, kind=Round.Kind.POST
    )
    post = frozen(sizes=(1, 5, 3, 0), round=post_round, participant=pre.participant, seed="post")
    return pre, post


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_participant_reads_their_report(page: Page, server, pre_and_post, axe_check):
    _, post = pre_and_post
    sign_in(page, server, email=post.participant.user.email, password=PASSWORD)

    page.goto(f"{server}/me/evaluations/{post.round_id}/report/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your feedback report")
    charts = page.get_by_role("img", name="your own rating against your raters'")
    expect(charts).to_have_count(2)
    expect(page.get_by_role("heading", name="Before and after")).to_be_visible()
    expect(page.get_by_role("link", name="Download the report (PDF)")).to_be_visible()
    axe_check(page, "evaluations-report")


def test_coordinator_reads_a_report_before_its_debrief(page: Page, server, live_server, axe_check):
    report = frozen(sizes=(1, 3, 0, 0), release=Round.Release.AFTER_DEBRIEF)
    staff = coordinator()
    sign_in(page, server, email=staff.email, password=PASSWORD)

    page.goto(f"{server}/coordinator/evaluations/reports/{report.pk}/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Feedback report: ")
    expect(page.get_by_text("Not released yet")).to_be_visible()
    axe_check(page, "evaluations-coordinator-report")
