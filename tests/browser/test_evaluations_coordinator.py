"""A coordinator follows an evaluation round: from the workspace to its progress, records a
debrief, withholds a comment, opens a participant's raters and the cohort's figures, and sets
the round up in the admin. Every page passes axe-core, on a phone and at 320 px too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cohorts.models import Cohort
from csssl.uktime import uk_today
from evaluations.models import RaterComment, RaterInvitation, Relationship, Report, Round
from evaluations.services.reports import freeze_if_complete
from tests.evaluations.factories import (
    RaterCommentFactory,
    RaterInvitationFactory,
    RaterResponseFactory,
    RoundFactory,
    SelfEvaluationFactory,
)
from tests.factories import (
    PASSWORD,
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
    coordinator,
)

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def round(live_server) -> Round:
    """CSSSL Cohort 4's pre-programme round, released after a debrief: Grace has submitted and
    her report is frozen; Tom is part way, with two peers asked, one of whom left comments."""
    programme = ProgrammeFactory(short_name="CSSSL", name="Children's Services Senior Leadership")
    cohort = CohortFactory(programme=programme, status=Cohort.Status.RUNNING, name="Cohort 4")
    round = RoundFactory(cohort=cohort, release=Round.Release.AFTER_DEBRIEF, peers_min=1)
    keys = [str(pk) for pk in round.version.qualities.values_list("pk", flat=True)]
    grace, tom = (
        ParticipantFactory(
            cohort=cohort,
            user=UserFactory(first_name=first, last_name=last),
            organisation=OrganisationFactory(name=organisation),
        )
        for first, last, organisation in (
            ("Grace", "Hughes", "Derbyshire County Council"),
            ("Tom", "Adebayo", "Nottingham CityCare"),
        )
    )
    SelfEvaluationFactory(
        round=round, participant=grace, scores=dict.fromkeys(keys, 3), submitted_at=timezone.now()
    )
    RaterInvitationFactory(round=round, participant=grace, state=RaterInvitation.State.SUBMITTED)
    RaterResponseFactory(round=round, participant=grace, relationship=Relationship.PEER)
    assert freeze_if_complete(round=round, participant=grace) is not None
    SelfEvaluationFactory(round=round, participant=tom, scores={keys[0]: 2})
    RaterInvitationFactory(
        round=round, participant=tom, name="Sam Okafor", email="sam.okafor@example.org"
    )
    RaterInvitationFactory(
        round=round,
        participant=tom,
        name="Ruth Lee",
        email="ruth.lee@example.org",
        state=RaterInvitation.State.SUBMITTED,
    )
    answers = RaterResponseFactory(round=round, participant=tom, relationship=Relationship.PEER)
    RaterCommentFactory(response=answers, text="Brings partners round the table.")
    RaterCommentFactory(
        response=answers, question=RaterComment.Question.DEVELOP, text="Something unkind."
    )
    return round


def test_coordinator_follows_a_round(page: Page, server, round, axe_check):
    user = coordinator(first_name="Alex", last_name="Morgan")
    sign_in(page, server, email=user.email, password=PASSWORD)
    page.goto(f"{server}/coordinator/")
    page.get_by_role(
        "link", name="Progress of the pre-programme evaluation, CSSSL Cohort 4"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pre-programme evaluation: CSSSL Cohort 4"
    )
    expect(page.locator("#progress-summary")).to_contain_text("1 of 2 self evaluations submitted")
    tom = page.locator("#progress tbody tr", has_text="Tom Adebayo")
    expect(tom).to_contain_text("In progress: 1 of 3 answered")
    expect(tom).to_contain_text("2 invited, 1 answered, 0 declined")
    expect(page.locator("main")).not_to_contain_text("Sam Okafor")
    axe_check(page, "evaluations-progress")

    grace = page.locator("#progress tbody tr", has_text="Grace Hughes")
    expect(grace).to_contain_text("Frozen: awaiting a debrief")
    tomorrow = (uk_today() + timedelta(days=1)).isoformat()
    grace.get_by_label("Debrief held on").fill(tomorrow)
    grace.get_by_role("button", name="Record the debrief with Grace Hughes").click()
    expect(page.locator("#error-summary")).to_contain_text("today or earlier")
    expect(
        page.locator("#progress tbody tr", has_text="Grace Hughes").get_by_label("Debrief held on")
    ).to_have_value(tomorrow)
    axe_check(page, "evaluations-progress-debrief-refused")
    page.locator("#progress tbody tr", has_text="Grace Hughes").get_by_label(
        "Debrief held on"
    ).fill(uk_today().isoformat())
    page.get_by_role("button", name="Record the debrief with Grace Hughes").click()
    expect(page.get_by_role("status")).to_contain_text("the report is released to them")
    assert Report.objects.get(participant__user__first_name="Grace").is_released

    page.get_by_role("link", name="Comments").click()
    expect(page.get_by_role("heading", level=2, name="About Tom Adebayo")).to_be_visible()
    unkind = page.locator("li.card", has_text="Something unkind.")
    unkind.get_by_role("button", name="Withhold this comment about Tom Adebayo").click()
    expect(page.locator("#error-summary")).to_contain_text("Say why the comment is withheld.")
    axe_check(page, "evaluations-comments-refused")
    unkind = page.locator("li.card", has_text="Something unkind.")
    unkind.get_by_label("Why it is withheld").fill("Personal and hurtful")
    unkind.get_by_role("button", name="Withhold this comment about Tom Adebayo").click()
    expect(page.locator("li.card", has_text="Something unkind.")).to_contain_text(
        "Withheld by Alex Morgan"
    )
    axe_check(page, "evaluations-comments")

    page.goto(f"{server}/coordinator/evaluations/{round.pk}/")
    page.get_by_role("link", name="Raters of Tom Adebayo").click()
    expect(page.get_by_role("heading", level=3, name="Ruth Lee · Peer")).to_be_visible()
    axe_check(page, "evaluations-raters")
    form = page.locator("li.card", has_text="Sam Okafor")
    form.get_by_label("Email address").fill("not an address")
    form.get_by_role("button", name="Save Sam Okafor").click()
    expect(page.locator("#error-summary")).to_contain_text("Give an email address like")
    expect(
        page.locator("li.card", has_text="Sam Okafor").get_by_label("Email address")
    ).to_have_value("not an address")
    axe_check(page, "evaluations-raters-refused")

    page.goto(f"{server}/coordinator/evaluations/{round.pk}/cohort/")
    expect(page.locator("#figures-later")).to_be_visible()
    axe_check(page, "evaluations-cohort-figures-waiting")
    Round.objects.filter(pk=round.pk).update(
        opens_on=uk_today() - timedelta(days=30), closes_on=uk_today() - timedelta(days=1)
    )
    page.reload()
    expect(page.locator("#figures")).to_contain_text("Too few to show")
    axe_check(page, "evaluations-cohort-figures")

    page.goto(f"{server}/admin/evaluations/round/{round.pk}/change/")
    expect(page.locator("#content")).to_be_visible()
    axe_check(page, "admin-round-change")
    page.goto(f"{server}/admin/evaluations/round/add/")
    axe_check(page, "admin-round-add")
    page.goto(f"{server}/admin/evaluations/frameworkversion/{round.version_id}/change/")
    expect(page.locator("#content")).to_contain_text("Quality 1")
    axe_check(page, "admin-framework-version")
