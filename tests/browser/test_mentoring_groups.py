"""A facilitator taking their tutorial group's register at the door, on a phone: from the
mentor workspace to the meeting's register, all present, then the exceptions, each tap saved
without a reload, as an event's register is taken. The workspace and the register pass axe at
360 px with no sideways scroll; without JavaScript the same buttons post and come back to the
row."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cohorts.models import Cohort
from mentoring.models import MeetingAttendance
from tests.factories import (
    PASSWORD,
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
    mentor,
)
from tests.mentoring.factories import GroupFactory, GroupMeetingFactory, MembershipFactory

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser

PHONE = pytest.mark.parametrize("viewport", ["phone"])
Status = MeetingAttendance.Status
PEOPLE = (
    ("Tom", "Adebayo", "Nottingham CityCare"),
    ("Grace", "Hughes", "Derbyshire County Council"),
    ("Owen", "Walsh", "Lincolnshire Police"),
)


@pytest.fixture
def meeting(live_server):
    """Tutorial group B of a running cohort, meeting now, with three members; facilitated by
    Priya Sharma, a mentor."""
    cohort = CohortFactory(status=Cohort.Status.RUNNING, name="Cohort 4: 2027 – 2028")
    group = GroupFactory(
        cohort=cohort,
        name="Tutorial group B",
        facilitator=mentor(first_name="Priya", last_name="Sharma"),
    )
    for first, last, organisation in PEOPLE:
        MembershipFactory(
            group=group,
            participant=ParticipantFactory(
                cohort=cohort,
                user=UserFactory(first_name=first, last_name=last),
                organisation=OrganisationFactory(name=organisation),
            ),
        )
    start = timezone.now() - timedelta(minutes=10)
    return GroupMeetingFactory(
        group=group,
        title="Tutorial 3: progress against your plan",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


def marks(meeting) -> dict[str, tuple[str, str]]:
    return {
        record.participant.user.get_full_name(): (record.status, record.note)
        for record in meeting.attendance.select_related("participant__user")
    }


@PHONE
def test_facilitator_takes_the_register_on_a_phone(page: Page, server, meeting, axe_check):
    group = meeting.group
    sign_in(page, server, email=group.facilitator.email, password=PASSWORD)
    page.goto(f"{server}/mentor/")
    expect(page.get_by_role("heading", name="Groups you facilitate")).to_be_visible()
    axe_check(page, "mentor-workspace-groups")

    page.get_by_role("link", name=re.compile(r"^Register for Tutorial 3")).click()

    expect(page).to_have_url(f"{server}/mentor/groups/{group.pk}/meetings/{meeting.pk}/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register: Tutorial 3: progress against your plan"
    )
    late = page.get_by_role("button", name="Late for Owen Walsh")
    box = late.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    axe_check(page, "group-register")

    page.get_by_role("button", name="All present").click()

    expect(page.locator("#register-summary")).to_have_text("3 of 3 marked")
    expect(page.locator("#page-messages")).to_contain_text("3 people marked present")
    page.evaluate("window.registerNotReloaded = true")

    late.click()

    owen = page.locator(f"#participant-{group.members.get(user__last_name='Walsh').pk}")
    expect(late).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Present for Owen Walsh")).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(owen.locator('[data-register="status"]')).to_have_text("Late")
    expect(owen.locator('[data-register="marked"]')).to_contain_text("Marked by Priya Sharma at")
    expect(page.locator("#register-announcer")).to_have_text("Owen Walsh: Late.")

    page.get_by_role("button", name="Apologies for Grace Hughes").click()
    expect(page.locator("#register-announcer")).to_have_text("Grace Hughes: Apologies.")

    page.get_by_label("Note about Owen Walsh").fill("Came from a strategy meeting")
    page.get_by_role("button", name="Save note about Owen Walsh").click()
    expect(page.locator("#register-announcer")).to_have_text("Owen Walsh: note saved.")

    assert page.evaluate("window.registerNotReloaded") is True
    assert marks(meeting) == {
        "Tom Adebayo": (Status.PRESENT, ""),
        "Grace Hughes": (Status.APOLOGIES, ""),
        "Owen Walsh": (Status.LATE, "Came from a strategy meeting"),
    }
    axe_check(page, "group-register-marked")


def test_group_register_without_javascript_posts_and_returns_to_the_row(browser, server, meeting):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    sign_in(page, server, email=meeting.group.facilitator.email, password=PASSWORD)
    page.goto(f"{server}/mentor/groups/{meeting.group.pk}/meetings/{meeting.pk}/register/")

    page.get_by_role("button", name="Absent for Tom Adebayo").click()

    tom = meeting.group.members.get(user__last_name="Adebayo")
    assert page.url.endswith(f"/register/#participant-{tom.pk}")
    expect(page.get_by_role("button", name="Absent for Tom Adebayo")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert marks(meeting) == {"Tom Adebayo": (Status.ABSENT, "")}
    context.close()


@PHONE
def test_coordinator_sets_up_a_group_on_a_phone(page: Page, server, meeting, axe_check):
    coordinator_user = coordinator()
    cohort = meeting.group.cohort
    newcomer = ParticipantFactory(
        cohort=cohort, user=UserFactory(first_name="Ada", last_name="Lin")
    )
    sign_in(page, server, email=coordinator_user.email, password=PASSWORD)
    page.goto(f"{server}/coordinator/")
    page.get_by_role("link", name=re.compile(r"^Groups of ")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Groups:")
    expect(page.get_by_role("heading", name="Tutorial group B")).to_be_visible()
    axe_check(page, "coordinator-groups")

    page.get_by_role("link", name="Add a group").click()
    page.get_by_label("Name").fill("Action learning set 1")
    page.get_by_label("Action learning set").check()
    tutor = meeting.group.facilitator
    page.get_by_label("Facilitator").select_option(value=str(tutor.pk))
    page.get_by_role("button", name="Save the group").click()

    expect(page.locator("#page-messages")).to_contain_text("Action learning set 1 saved.")
    page.get_by_role("link", name="Members of Action learning set 1").click()
    axe_check(page, "coordinator-group-members")
    page.get_by_label("Ada Lin").check()
    page.get_by_role("button", name="Save the members").click()

    expect(page.locator("#page-messages")).to_contain_text("Action learning set 1: 1 member.")
    assert list(cohort.groups.get(name="Action learning set 1").members.all()) == [newcomer]
