"""A coordinator checks a cohort's engagement and writes to those at risk, at desktop size.

From the workspace to the engagement dashboard (those at risk first, with why), then to the
email page with those at risk chosen: the names and count, a refused empty message, a preview
and the send, with the record of it on the page. Both pages pass axe-core.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cohorts.models import Cohort, CompletionRule
from csssl.models import OutboxMessage
from events import services
from events.messaging import MESSAGE_KIND
from events.models import AttendanceRecord, CoordinatorMessage
from tests.events.factories import EventFactory
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

Status = AttendanceRecord.Status
PEOPLE = (
    ("Tom", "Adebayo", "Nottingham CityCare"),
    ("Grace", "Hughes", "Derbyshire County Council"),
    ("Priya", "Shah", "Leicestershire County Council"),
    ("Owen", "Walsh", "Lincolnshire Police"),
)


@pytest.fixture
def cohort(live_server) -> Cohort:
    """A running cohort whose first two extended days are held: Tom and Owen came to both;
    Priya was absent from Event 2; Grace sent apologies for Event 1 and was absent from
    Event 2. Event 3 is still to come."""
    programme = ProgrammeFactory(
        short_name="CSSSL",
        name="Children's Services Senior Strategic Leadership",
        contact_email="csssl@sdsa.example.org",
    )
    cohort = CohortFactory(programme=programme, status=Cohort.Status.RUNNING, name="Cohort 4")
    CompletionRule.objects.create(
        cohort=cohort, description="Attend every extended day and the online seminars."
    )
    now = timezone.now()
    held = [
        EventFactory(
            cohort=cohort,
            title=f"Event {n}: extended day",
            starts_at=now - timedelta(days=days),
            ends_at=now - timedelta(days=days) + timedelta(hours=10),
        )
        for n, days in ((1, 40), (2, 20))
    ]
    EventFactory(cohort=cohort, title="Event 3: extended day")
    people = {
        last: ParticipantFactory(
            cohort=cohort,
            user=UserFactory(first_name=first, last_name=last),
            organisation=OrganisationFactory(name=organisation),
        )
        for first, last, organisation in PEOPLE
    }
    services.apology_send(
        participant=people["Hughes"],
        event=held[0],
        reason="Ofsted inspection that week",
        now=held[0].starts_at - timedelta(days=3),
    )
    by = coordinator()
    for event, marks in (
        (held[0], {"Adebayo": Status.PRESENT, "Shah": Status.PRESENT, "Walsh": Status.PRESENT}),
        (
            held[1],
            {
                "Adebayo": Status.PRESENT,
                "Hughes": Status.ABSENT,
                "Shah": Status.ABSENT,
                "Walsh": Status.LATE,
            },
        ),
    ):
        for last, status in marks.items():
            services.attendance_mark(event=event, participant=people[last], status=status, by=by)
    return cohort


@pytest.fixture
def coordinator_user(live_server):
    return coordinator(first_name="Alex", last_name="Morgan")


def test_engagement_then_email_those_at_risk(
    page: Page, server, cohort, coordinator_user, axe_check
):
    sign_in(page, server, email=coordinator_user.email, password=PASSWORD)
    page.goto(f"{server}/coordinator/")
    page.get_by_role("link", name="Engagement of CSSSL Cohort 4").click()

    expect(page).to_have_url(f"{server}/coordinator/cohorts/{cohort.pk}/engagement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagement: CSSSL Cohort 4")
    expect(page.locator("#engagement-summary")).to_contain_text("4 participants, 2 at risk.")
    expect(page.get_by_text("Attend every extended day and the online seminars.")).to_be_visible()
    rows = page.locator("#engagement tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0).get_by_role("rowheader")).to_contain_text("Grace Hughes")
    expect(rows.nth(0)).to_contain_text("At risk")
    expect(rows.nth(0)).to_contain_text(
        "Away from 2 events in a row: Event 1: extended day, Event 2: extended day."
    )
    expect(rows.nth(1).get_by_role("rowheader")).to_contain_text("Priya Shah")
    expect(rows.nth(1)).to_contain_text(
        "Missed Event 2: extended day (absent); this is more than the rule allows."
    )
    expect(rows.nth(2)).to_contain_text("On track")
    axe_check(page, "coordinator-engagement")

    page.get_by_role("link", name="Email those at risk").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Email participants: CSSSL Cohort 4")
    expect(page.get_by_label("Those at risk of not completing")).to_be_checked()
    expect(page.locator("#recipient-count")).to_have_text(
        "2 people: Those at risk of not completing"
    )
    expect(page.locator("#recipient-list li")).to_have_text(["Grace Hughes", "Priya Shah"])

    page.get_by_role("textbox", name="Message").fill(
        "We missed you at Event 2.\n\nCan we talk this week?"
    )
    page.get_by_role("button", name="Preview").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Subject: Write a subject.")
    expect(page.get_by_role("textbox", name="Subject")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("textbox", name="Message")).to_have_value(
        "We missed you at Event 2.\n\nCan we talk this week?"
    )
    axe_check(page, "coordinator-email-refused")

    page.get_by_role("textbox", name="Subject").fill("Catching up after Event 2")
    page.get_by_role("button", name="Preview").click()

    preview = page.locator("#preview")
    expect(preview.get_by_role("heading")).to_have_text("Preview, as Grace Hughes will receive it")
    expect(preview).to_contain_text("Dear Grace,")
    expect(preview).to_contain_text("Can we talk this week?")
    expect(preview).to_contain_text("csssl@sdsa.example.org")
    assert not OutboxMessage.objects.filter(kind=MESSAGE_KIND).exists()
    axe_check(page, "coordinator-email-preview")

    page.get_by_role("button", name="Send to 2 people").click()

    expect(page.get_by_role("status").filter(has_text="sent to 2 people")).to_be_visible()
    sent = page.locator("#messages-sent li")
    expect(sent).to_have_count(1)
    expect(sent.first).to_contain_text("Catching up after Event 2")
    expect(sent.first).to_contain_text("To 2 people: Those at risk of not completing")
    expect(sent.first).to_contain_text(re.compile(r"Sent by Alex Morgan, \d+ \w+ \d{4}, \d\d:\d\d"))
    assert sorted(
        OutboxMessage.objects.filter(kind=MESSAGE_KIND).values_list("recipient", flat=True)
    ) == sorted(
        cohort.participants.filter(user__last_name__in=["Hughes", "Shah"]).values_list(
            "user__email", flat=True
        )
    )
    assert CoordinatorMessage.objects.get().recipient_count == 2
    axe_check(page, "coordinator-email-sent")
