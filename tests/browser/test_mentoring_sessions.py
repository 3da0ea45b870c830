"""A mentoring session from proposal to record, in two browsers: the mentor proposes a time
from their mentee's page, the participant agrees from their mentoring page, the mentor records
it held and writes the record both keep, and each answers, privately, whether the pairing
works. Every page passes axe-core."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from csssl.uktime import in_uk
from mentoring.models import FitAnswer, MentoringSession
from tests.factories import PASSWORD, ParticipantFactory, UserFactory, mentor
from tests.mentoring.factories import MentorFactory, PairingFactory

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def pairing(live_server):
    participant = ParticipantFactory(user=UserFactory(first_name="Grace", last_name="Hughes"))
    return PairingFactory(
        participant=participant,
        mentor=MentorFactory(user=mentor(first_name="Priya", last_name="Sharma")),
    )


def test_session_proposed_agreed_held_recorded_and_fit_answered(
    page: Page, server, pairing, new_context, axe_check
):
    sign_in(page, server, email=pairing.mentor.user.email, password=PASSWORD)
    page.goto(f"{server}/mentor/mentees/{pairing.pk}/")
    expect(page.get_by_role("heading", name="Mentoring sessions")).to_be_visible()
    axe_check(page, "mentee-sessions")

    page.get_by_role("link", name="Propose a session").click()
    starts = in_uk(timezone.now() + timedelta(days=6)).replace(hour=14, minute=0)
    page.get_by_label("Day").fill(starts.date().isoformat())
    page.get_by_label("Starts at").fill("14:00")
    page.get_by_label("Ends at").fill("13:00")
    page.get_by_label("Where").fill("County Hall, room 2")
    page.get_by_role("button", name="Propose this time").click()

    # A mistake comes back with what was typed and the reason beside the field.
    expect(page.get_by_role("alert")).to_contain_text("The session must end after it starts.")
    expect(page.get_by_label("Where")).to_have_value("County Hall, room 2")
    axe_check(page, "session-propose-error")
    page.get_by_label("Ends at").fill("15:00")
    page.get_by_role("button", name="Propose this time").click()

    expect(page.locator("#page-messages")).to_contain_text("Grace Hughes is asked to agree")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring session with Grace Hughes")
    axe_check(page, "session-proposed")
    session = MentoringSession.objects.get()

    participant_context = new_context()
    mentee = participant_context.new_page()
    sign_in(mentee, server, email=pairing.participant.user.email, password=PASSWORD)
    mentee.goto(f"{server}/me/mentoring/")
    expect(mentee.get_by_text("Waiting for you to agree.")).to_be_visible()
    axe_check(mentee, "me-mentoring-sessions")
    mentee.get_by_role("link", name=re.compile("^Open the session")).click()
    mentee.get_by_role("button", name="Agree to this time").click()
    expect(mentee.locator("#page-messages")).to_contain_text("Agreed.")
    session.refresh_from_db()
    assert session.status == MentoringSession.Status.AGREED

    # The hour of the session comes and goes.
    held_from = timezone.now() - timedelta(hours=1)
    MentoringSession.objects.filter(pk=session.pk).update(
        starts_at=held_from, ends_at=held_from + timedelta(minutes=50)
    )
    page.reload()
    page.get_by_role("button", name="Record it as held").click()
    expect(page.locator("#page-messages")).to_contain_text("Recorded as held.")
    page.get_by_label("Themes").fill("Leading through an inspection.")
    page.get_by_label("Agreed actions").fill("Shadow a senior leadership team meeting.")
    page.get_by_role("button", name="Save the record").click()
    expect(page.locator("#page-messages")).to_contain_text("The record is saved")
    page.get_by_label("Your private note").fill("Grace seemed tired: ask about workload.")
    page.get_by_role("button", name="Save my note").click()
    expect(page.get_by_label("Your private note")).to_have_value(
        "Grace seemed tired: ask about workload."
    )
    axe_check(page, "session-held-recorded")

    page.goto(f"{server}/mentor/mentees/{pairing.pk}/")
    page.get_by_role("link", name="Answer the question").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator("#page-messages")).to_contain_text("your answer is with the programme")

    mentee.reload()
    expect(mentee.get_by_text("Leading through an inspection.")).to_be_visible()
    expect(mentee.get_by_text("ask about workload")).to_have_count(0)
    mentee.goto(f"{server}/me/mentoring/")
    mentee.get_by_role("link", name="Answer the question").click()
    axe_check(mentee, "fit-question")
    mentee.get_by_label("No", exact=True).check()
    mentee.get_by_label("Anything you would like the programme team to know").fill(
        "We find it hard to meet."
    )
    mentee.get_by_role("button", name="Send my answer").click()
    expect(mentee.locator("#page-messages")).to_contain_text("your answer is with the programme")

    assert dict(FitAnswer.objects.values_list("side", "works")) == {
        "mentor": True,
        "participant": False,
    }
    page.goto(f"{server}/mentor/mentees/{pairing.pk}/")
    expect(page.get_by_text("We find it hard to meet.")).to_have_count(0)
    expect(page.get_by_role("link", name="Answer the question")).to_have_count(0)
