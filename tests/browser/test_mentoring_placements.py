"""A placement from plan to approval, on phones: the participant plans it (a refused save
first, keeping what was typed), their mentor agrees the objectives from the mentee page, the
participant sends it for approval, and a coordinator approves it, which emails the host.
Every page is checked with axe, at 360 px and the other widths."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cohorts.models import Cohort
from csssl.models import OutboxMessage
from mentoring.models import Placement
from tests.factories import (
    PASSWORD,
    CohortFactory,
    ParticipantFactory,
    QualityFactory,
    QualityFrameworkFactory,
    UserFactory,
    coordinator,
)
from tests.mentoring.factories import MentorFactory, PairingFactory, PlacementFactory

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def pairing(live_server):
    cohort = CohortFactory(status=Cohort.Status.RUNNING, name="2027/28 cohort")
    participant = ParticipantFactory(
        cohort=cohort, user=UserFactory(first_name="Hannah", last_name="Brooks")
    )
    mentor = MentorFactory(user__first_name="Helen", user__last_name="Marsh")
    return PairingFactory(participant=participant, mentor=mentor)


def person(new_context, server, email):
    context = new_context()
    page = context.new_page()
    sign_in(page, server, email=email, password=PASSWORD)
    return page


@pytest.mark.parametrize("viewport", ["phone"])
def test_placement_from_plan_to_approval(page: Page, server, pairing, new_context, axe_check):
    start = timezone.localdate() + timedelta(days=21)
    sign_in(page, server, email=pairing.participant.user.email, password=PASSWORD)

    page.goto(f"{server}/me/mentoring/")
    expect(page.get_by_role("heading", name="Placements and projects")).to_be_visible()
    axe_check(page, "placements-mentoring-page")
    page.get_by_role("link", name="Your placements").click()
    axe_check(page, "placements-list-empty")
    page.get_by_role("link", name="Plan a placement").click()
    page.get_by_label("Shadowing").check()
    page.get_by_label("Host organisation").fill("Leicestershire County Council")
    page.get_by_label("Contact's name").fill("Martin Hale")
    page.get_by_label("Objectives").fill("Shadow the DCS through a week of decisions.")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Objectives")).to_have_value(
        "Shadow the DCS through a week of decisions."
    )
    axe_check(page, "placements-add-refused")
    page.get_by_label("Contact's email address").fill("martin.hale@host.example.org")
    page.get_by_label("First day").fill(start.isoformat())
    page.get_by_label("Last day").fill((start + timedelta(days=4)).isoformat())
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Shadowing at Leicestershire County Council"
    )
    expect(page.get_by_text("Ask your mentor or tutor to agree the objectives")).to_be_visible()
    axe_check(page, "placements-draft")
    placement = Placement.objects.get()

    mentor = person(new_context, server, pairing.mentor.user.email)
    mentor.goto(f"{server}/mentor/mentees/{pairing.pk}/")
    mentor.get_by_role("link", name="Read and agree the objectives").click()
    axe_check(mentor, "placements-mentor")
    mentor.get_by_role("button", name="Agree these objectives").click()
    expect(mentor.get_by_role("status")).to_contain_text("You agreed the objectives")
    axe_check(mentor, "placements-mentor-agreed")

    page.reload()
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_role("status")).to_contain_text("with the programme team for approval")
    axe_check(page, "placements-submitted")

    team = person(new_context, server, coordinator(first_name="Alex", last_name="Morgan").email)
    team.goto(f"{server}/coordinator/cohorts/{pairing.participant.cohort_id}/placements/")
    expect(team.get_by_role("heading", name="Awaiting approval (1)")).to_be_visible()
    axe_check(team, "placements-coordinator")
    team.get_by_role("button", name="Approve the placement of Hannah Brooks").click()
    expect(team.get_by_role("status")).to_contain_text(
        "is approved: Martin Hale and the participant"
    )
    axe_check(team, "placements-coordinator-approved")

    placement.refresh_from_db()
    assert placement.status == Placement.Status.APPROVED
    assert OutboxMessage.objects.filter(
        kind="placement_host", recipient="martin.hale@host.example.org"
    ).exists()
    page.goto(f"{server}/me/")
    expect(
        page.get_by_text("Shadowing with Leicestershire County Council", exact=True)
    ).to_be_visible()
    axe_check(page, "placements-on-the-year")


@pytest.mark.parametrize("viewport", ["phone"])
def test_project_and_reflection_pages(page: Page, server, pairing, new_context, axe_check):
    """A project with qualities, a milestone refused then added and ticked, the report saved
    and handed in; a reflection on a placement that has ended; and a coordinator declining
    another with a note."""
    participant = pairing.participant
    framework = QualityFrameworkFactory(programme=participant.cohort.programme, is_current=True)
    QualityFactory(framework=framework, name="Leading change")
    QualityFactory(framework=framework, name="Working across agencies")
    ended = timezone.localdate() - timedelta(days=1)
    reflect_on = PlacementFactory(
        participant=participant,
        status=Placement.Status.APPROVED,
        starts_on=ended - timedelta(days=4),
        ends_on=ended,
        host_organisation="Rutland County Council",
    )
    to_decline = PlacementFactory(
        participant=participant, status=Placement.Status.SUBMITTED, submitted_at=timezone.now()
    )
    sign_in(page, server, email=participant.user.email, password=PASSWORD)

    page.goto(f"{server}/me/projects/")
    axe_check(page, "projects-empty")
    page.get_by_role("link", name="Start a project").click()
    page.get_by_label("Title").fill("No child lost between schools")
    page.get_by_label("Leading change").check()
    page.get_by_role("button", name="Save the project").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("No child lost between schools")
    axe_check(page, "projects-add-refused")
    page.get_by_label("The problem").fill("Children fall away in their first term.")
    page.get_by_label("Expected impact").fill("A named adult for every child.")
    page.get_by_role("button", name="Save the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("No child lost between schools")
    page.get_by_role("button", name="Add the milestone").click()
    expect(page.locator("#error-summary")).to_be_visible()
    axe_check(page, "projects-milestone-refused")
    page.get_by_label("Milestone title").fill("Map every transfer")
    page.get_by_label("Due on").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Add the milestone").click()
    page.get_by_role("button", name="Mark as done “Map every transfer”").click()
    expect(page.get_by_role("button", name="Mark as not done “Map every transfer”")).to_be_visible()
    axe_check(page, "projects-detail")
    page.get_by_role("link", name="Write your final report").click()
    page.get_by_label("Final report").fill("What we changed, and what it did.")
    page.get_by_role("button", name="Save as a draft").click()
    axe_check(page, "projects-report-draft")
    page.get_by_role("button", name="Hand in the final report").click()
    expect(page.get_by_text("What we changed, and what it did.")).to_be_visible()
    expect(page.get_by_role("link", name="Change the project")).to_have_count(0)
    axe_check(page, "projects-handed-in")

    page.goto(f"{server}/me/placements/{reflect_on.pk}/")
    page.get_by_role("link", name="Write your reflection").click()
    axe_check(page, "placements-reflect")
    page.get_by_label("Your reflection").fill("I saw how the front door decides.")
    page.get_by_role("button", name="Save your reflection").click()
    expect(page.get_by_text("I saw how the front door decides.")).to_be_visible()
    axe_check(page, "placements-reflected")

    team = person(new_context, server, coordinator().email)
    team.goto(f"{server}/coordinator/cohorts/{participant.cohort_id}/placements/")
    team.get_by_role(
        "link", name=f"Decline the placement of Hannah Brooks at {to_decline.host_organisation}"
    ).click()
    team.get_by_role("button", name="Decline and tell them").click()
    expect(team.locator("#error-summary")).to_be_visible()
    axe_check(team, "placements-decline-refused")
    team.get_by_label("Why it is not approved").fill("The dates clash with the residential.")
    team.get_by_role("button", name="Decline and tell them").click()
    expect(team.get_by_role("status")).to_contain_text("is not approved")
    to_decline.refresh_from_db()
    assert to_decline.status == Placement.Status.DECLINED
