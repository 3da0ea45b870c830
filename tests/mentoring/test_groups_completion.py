"""Group meetings in the completion rule, on a member's year and in the calendar feeds: held
meetings of counting groups must be attended, apart from the cohort's allowance; the count for
a whole cohort and the one from a participant's timeline agree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cohorts import completion, timeline
from events.selectors.participant import calendar_feed_for
from mentoring.models import CohortMentoring, MeetingAttendance
from mentoring.registrations import groups as registered
from mentoring.sections import calendar_entries
from tests.factories import ParticipantFactory
from tests.mentoring.factories import (
    GroupFactory,
    GroupMeetingFactory,
    MeetingAttendanceFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

Status = MeetingAttendance.Status


def at(days: int):
    start = timezone.now() + timedelta(days=days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=1)}


@pytest.fixture
def counting():
    group = GroupFactory(counts_toward_completion=True)
    CohortMentoring.objects.create(cohort=group.cohort, meetings_allowed_missed=1)
    return group


def standing_of(participant):
    return completion.completion_of(participant).standings[registered.ELEMENT]


def test_held_meetings_are_counted_with_the_allowance(counting):
    member = MembershipFactory(group=counting).participant
    first = GroupMeetingFactory(group=counting, **at(-20))
    second = GroupMeetingFactory(group=counting, **at(-10))
    GroupMeetingFactory(group=counting, cancelled=True, **at(-5))
    GroupMeetingFactory(group=counting, **at(10))
    MeetingAttendanceFactory(meeting=first, participant=member, status=Status.LATE)

    standing = standing_of(member)

    assert (standing.meetings_held, standing.meetings_attended, standing.meetings_to_come) == (
        2,
        1,
        1,
    )
    assert [miss.meeting for miss in standing.meetings_missed] == [second]
    assert standing.meetings_missed[0].why == registered.NOT_MARKED
    assert standing.within_allowance
    assert not standing.finished
    assert "missing another breaks the rule" in standing.reasons[0]

    MeetingAttendanceFactory(
        meeting=GroupMeetingFactory(group=counting, **at(-1)),
        participant=member,
        status=Status.APOLOGIES,
    )
    standing = standing_of(member)
    assert not standing.within_allowance
    assert "more than the rule allows" in standing.reasons[0]
    assert "missed 2 group meetings, 1 allowed" in completion.completion_of(member).outcome


def test_a_group_that_does_not_count_asks_nothing():
    group = GroupFactory(counts_toward_completion=False)
    member = MembershipFactory(group=group).participant
    GroupMeetingFactory(group=group, **at(-3))
    standing = standing_of(member)
    assert not standing.meetings_counted
    assert standing.finished
    assert standing.within_allowance
    assert standing.reasons == []


def test_without_settings_no_meeting_may_be_missed():
    group = GroupFactory(counts_toward_completion=True)
    member = MembershipFactory(group=group).participant
    GroupMeetingFactory(group=group, **at(-3))
    assert not standing_of(member).within_allowance


@pytest.mark.parametrize("size", [2, 5])
def test_a_whole_cohort_is_counted_in_fixed_queries(counting, django_assert_num_queries, size):
    members = [MembershipFactory(group=counting).participant for _ in range(size)]
    for days in range(size):
        meeting = GroupMeetingFactory(group=counting, **at(-days - 1))
        for person in members[: days + 1]:
            MeetingAttendanceFactory(meeting=meeting, participant=person)
    rule = completion.rule_for(counting.cohort)
    # the meetings with the allowance, memberships, marks
    with django_assert_num_queries(3):
        found = registered.count(
            cohort=counting.cohort,
            rule=rule,
            participants=members,
            whole_cohort=True,
            now=timezone.now(),
        )
    assert [found[p.pk].meetings_attended for p in members] == list(range(size, 0, -1))


def test_the_timeline_gives_the_same_standing_without_queries(counting, django_assert_num_queries):
    member = MembershipFactory(group=counting).participant
    held = GroupMeetingFactory(group=counting, **at(-3))
    GroupMeetingFactory(group=counting, **at(-2))
    GroupMeetingFactory(group=counting, **at(4))
    MeetingAttendanceFactory(meeting=held, participant=member)
    now = timezone.now()
    items = timeline.timeline_for(participant=member, now=now)
    rule = completion.rule_for(member.cohort)
    with django_assert_num_queries(0):
        from_items = registered.from_timeline(participant=member, rule=rule, items=items, now=now)
    counted = registered.count(
        cohort=member.cohort, rule=rule, participants=[member], whole_cohort=False, now=now
    )[member.pk]
    assert from_items == counted
    assert from_items.meetings_attended == 1


def test_a_members_meetings_are_on_their_year_with_their_mark(counting):
    member = MembershipFactory(group=counting).participant
    held = GroupMeetingFactory(group=counting, title="Set meeting 1", **at(-3))
    GroupMeetingFactory(group=counting, title="Set meeting 2", cancelled=True, **at(5))
    GroupMeetingFactory(group=GroupFactory(cohort=counting.cohort), title="Not theirs", **at(6))
    MeetingAttendanceFactory(meeting=held, participant=member)

    client = Client()
    client.force_login(member.user)
    body = client.get(reverse("cohorts:dashboard")).content.decode()

    assert "Set meeting 1" in body
    assert "Set meeting 2" in body
    assert "Not theirs" not in body
    assert "Present" in body
    assert "Cancelled" in body
    assert "you have attended <strong>1 of 1</strong>" in body


def test_the_personal_feed_carries_each_meeting_with_uid_sequence_and_status(counting):
    member = MembershipFactory(group=counting).participant
    ahead = GroupMeetingFactory(group=counting, **at(5))
    gone = GroupMeetingFactory(group=counting, cancelled=True, sequence=2, **at(6))
    feed = calendar_feed_for(member)

    response = Client().get(reverse("events:feed", kwargs={"token": feed.token}))

    entries = {
        str(entry["uid"]).split("@")[0]: entry
        for entry in Calendar.from_ical(response.content).walk("VEVENT")
    }
    assert str(entries[str(ahead.uid)]["status"]) == "CONFIRMED"
    assert str(entries[str(gone.uid)]["status"]) == "CANCELLED"
    assert int(entries[str(gone.uid)]["sequence"]) == 2


def test_the_facilitators_calendar_holds_their_meetings_only(counting):
    mine = GroupMeetingFactory(group=counting, **at(5))
    GroupMeetingFactory(**at(5))
    entries = calendar_entries(user=counting.facilitator, now=timezone.now())
    assert [str(entry["uid"]).split("@")[0] for entry in entries] == [str(mine.uid)]
    assert int(entries[0]["sequence"]) == 0


def test_a_participant_in_no_group_has_nothing_on_their_year():
    participant = ParticipantFactory()
    items = timeline.timeline_for(participant=participant)
    assert not [item for item in items if item.source == registered.TIMELINE]
