"""The demo's tutorial group and action learning set: who is in them, the registers taken,
the meeting ahead on the facilitator's and the members' pages, and a second load that
changes nothing."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cohorts import completion
from cohorts.models import Participant
from csssl.models import User
from mentoring.models import Group, GroupMeeting, MeetingAttendance
from mentoring.registrations.groups import ELEMENT

NOW = datetime(2026, 5, 14, 10, 30, tzinfo=ZoneInfo("Europe/London"))

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo() -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        Group.objects.count(),
        GroupMeeting.objects.count(),
        GroupMeeting.history.count(),
        MeetingAttendance.objects.count(),
        MeetingAttendance.history.count(),
    )


def test_the_demo_groups_and_a_second_load_changes_nothing():
    said = load_demo()
    assert "Tutorial group A" in said
    tutorial = Group.objects.get(name="Tutorial group A")
    assert tutorial.facilitator.email == "mentor@example.org"
    assert tutorial.members.filter(user__email="participant@example.org").exists()
    held = tutorial.meetings.filter(starts_at__lt=NOW)
    assert held.count() == 4
    assert MeetingAttendance.objects.filter(meeting__in=held).count() == 4 * 4
    assert tutorial.meetings.filter(starts_at__gt=NOW).count() == 1

    learning_set = Group.objects.get(kind=Group.Kind.ACTION_LEARNING)
    hannah = Participant.objects.get(
        user__email="alicse.participant@example.org", cohort=learning_set.cohort
    )
    assert hannah in learning_set.members.all()
    standing = completion.completion_of(hannah, now=NOW).standings[ELEMENT]
    assert (standing.meetings_held, standing.meetings_attended) == (4, 3)
    assert standing.within_allowance

    before = counts()
    load_demo()
    assert counts() == before


def test_the_demo_mentor_and_participant_see_the_group():
    load_demo()
    tutorial = Group.objects.get(name="Tutorial group A")
    ahead = tutorial.meetings.get(starts_at__gt=NOW)
    mentor = Client()
    mentor.force_login(User.objects.get(email="mentor@example.org"))
    with time_machine.travel(NOW, tick=False):
        page = mentor.get(reverse("mentoring:group_detail", args=[tutorial.pk]))
        register = mentor.get(reverse("mentoring:group_register", args=[tutorial.pk, ahead.pk]))
        participant = Client()
        participant.force_login(User.objects.get(email="participant@example.org"))
        year = participant.get(reverse("cohorts:dashboard"))
    assert page.status_code == 200
    assert "4 of 4 attended" in page.content.decode()
    assert register.status_code == 200
    assert register.content.decode().count('data-register="mark"') == 4
    assert year.status_code == 200
    assert ahead.title in year.content.decode()
