"""The groups services: who may be a member, one group of each kind per cohort, meetings that
move or are cancelled (a new calendar sequence and one email to each person), and registers
kept only by the facilitator or a coordinator, only for members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cohorts.models import Participant
from csssl.models import OutboxMessage
from mentoring.errors import MentoringError
from mentoring.models import Group, MeetingAttendance
from mentoring.services import groups as services
from tests.factories import CohortFactory, ParticipantFactory, UserFactory, coordinator, mentor
from tests.mentoring.factories import GroupFactory, GroupMeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PRESENT = MeetingAttendance.Status.PRESENT


def today_meeting(group, **kwargs):
    start = timezone.now() - timedelta(minutes=5)
    return GroupMeetingFactory(
        group=group, starts_at=start, ends_at=start + timedelta(hours=1), **kwargs
    )


# --- Groups and members ------------------------------------------------------------------------


def test_group_save_refuses_a_facilitator_without_the_role():
    cohort = CohortFactory()
    with pytest.raises(MentoringError) as refused:
        services.group_save(
            cohort=cohort,
            name="Tutorial group A",
            kind=Group.Kind.TUTORIAL,
            facilitator=UserFactory(),
            counts_toward_completion=False,
            by=coordinator(),
        )
    assert "facilitator" in refused.value.errors
    assert not Group.objects.exists()


def test_group_save_refuses_a_second_group_of_the_same_name():
    group = GroupFactory(name="Tutorial group A")
    with pytest.raises(MentoringError) as refused:
        services.group_save(
            cohort=group.cohort,
            name="Tutorial group A",
            kind=Group.Kind.ACTION_LEARNING,
            facilitator=coordinator(),
            counts_toward_completion=True,
            by=coordinator(),
        )
    assert "already has a group" in refused.value.errors["name"]


def test_group_members_set_takes_only_the_cohorts_participants_on_the_programme():
    group = GroupFactory()
    own = ParticipantFactory(cohort=group.cohort)
    withdrawn = ParticipantFactory(cohort=group.cohort, status=Participant.Status.WITHDRAWN)
    stranger = ParticipantFactory()
    for wrong in (withdrawn, stranger):
        with pytest.raises(MentoringError) as refused:
            services.group_members_set(group=group, participants=[own, wrong], by=coordinator())
        assert "members" in refused.value.errors
    assert not group.memberships.exists()
    services.group_members_set(group=group, participants=[own], by=coordinator())
    assert list(group.members.all()) == [own]


def test_a_participant_is_in_one_group_of_each_kind_per_cohort():
    tutorial = GroupFactory(kind=Group.Kind.TUTORIAL)
    member = MembershipFactory(group=tutorial).participant
    other_tutorial = GroupFactory(cohort=tutorial.cohort, kind=Group.Kind.TUTORIAL)
    learning_set = GroupFactory(cohort=tutorial.cohort, kind=Group.Kind.ACTION_LEARNING)

    with pytest.raises(MentoringError) as refused:
        services.group_members_set(group=other_tutorial, participants=[member], by=coordinator())
    assert tutorial.name in refused.value.message
    services.group_members_set(group=learning_set, participants=[member], by=coordinator())

    assert set(member.learning_groups.all()) == {tutorial, learning_set}


def test_group_members_set_removes_those_left_out_and_keeps_their_marks():
    group = GroupFactory()
    staying, leaving = (MembershipFactory(group=group).participant for _ in range(2))
    meeting = today_meeting(group)
    services.meeting_attendance_mark(
        meeting=meeting, participant=leaving, status=PRESENT, by=group.facilitator
    )
    services.group_members_set(group=group, participants=[staying], by=coordinator())
    assert list(group.members.all()) == [staying]
    assert MeetingAttendance.objects.filter(participant=leaving).exists()


def test_changing_a_groups_kind_refuses_when_a_member_already_has_one_of_that_kind():
    tutorial = GroupFactory(kind=Group.Kind.TUTORIAL)
    member = MembershipFactory(group=tutorial).participant
    learning_set = GroupFactory(cohort=tutorial.cohort, kind=Group.Kind.ACTION_LEARNING)
    MembershipFactory(group=learning_set, participant=member)
    with pytest.raises(MentoringError) as refused:
        services.group_save(
            cohort=tutorial.cohort,
            group=learning_set,
            name=learning_set.name,
            kind=Group.Kind.TUTORIAL,
            facilitator=learning_set.facilitator,
            counts_toward_completion=False,
            by=coordinator(),
        )
    assert "kind" in refused.value.errors
    learning_set.refresh_from_db()
    assert learning_set.kind == Group.Kind.ACTION_LEARNING


# --- Meetings ------------------------------------------------------------------------------------


def test_meeting_add_refuses_one_that_ends_before_it_starts():
    group = GroupFactory()
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(MentoringError) as refused:
        services.meeting_add(group=group, starts_at=start, ends_at=start, by=coordinator())
    assert "ends_at" in refused.value.errors


def test_meeting_move_bumps_the_sequence_and_emails_members_and_facilitator_once():
    member = MembershipFactory()
    group = member.group
    meeting = GroupMeetingFactory(group=group)
    later = meeting.starts_at + timedelta(hours=2)
    moved = {
        "starts_at": later,
        "ends_at": later + timedelta(hours=1),
        "title": "Moved",
        "place": "Room 4",
    }

    assert services.meeting_move(meeting=meeting, by=coordinator(), **moved)
    assert not services.meeting_move(meeting=meeting, by=coordinator(), **moved)

    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert meeting.place == "Room 4"
    sent = OutboxMessage.objects.filter(kind=services.UPDATE_KIND)
    assert sorted(sent.values_list("recipient", flat=True)) == sorted(
        [member.participant.user.email, group.facilitator.email]
    )


def test_meeting_cancel_once_and_a_cancelled_meeting_cannot_move():
    member = MembershipFactory()
    meeting = GroupMeetingFactory(group=member.group)
    assert services.meeting_cancel(meeting=meeting, by=coordinator())
    assert not services.meeting_cancel(meeting=meeting, by=coordinator())
    meeting.refresh_from_db()
    assert meeting.cancelled
    assert meeting.sequence == 1
    assert OutboxMessage.objects.filter(kind=services.UPDATE_KIND).count() == 2
    with pytest.raises(MentoringError):
        services.meeting_move(
            meeting=meeting,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at + timedelta(hours=1),
            title="",
            place="",
            by=coordinator(),
        )


def test_a_past_meeting_that_moves_emails_nobody():
    member = MembershipFactory()
    start = timezone.now() - timedelta(days=3)
    meeting = GroupMeetingFactory(
        group=member.group, starts_at=start, ends_at=start + timedelta(hours=1)
    )
    services.meeting_move(
        meeting=meeting,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        title="",
        place="",
        by=coordinator(),
    )
    assert not OutboxMessage.objects.filter(kind=services.UPDATE_KIND).exists()


# --- Registers -----------------------------------------------------------------------------------


def test_attendance_is_marked_by_the_facilitator_or_a_coordinator_only():
    member = MembershipFactory()
    meeting = today_meeting(member.group)
    for outsider in (mentor(), UserFactory(), member.participant.user):
        with pytest.raises(MentoringError):
            services.meeting_attendance_mark(
                meeting=meeting, participant=member.participant, status=PRESENT, by=outsider
            )
    assert not MeetingAttendance.objects.exists()
    services.meeting_attendance_mark(
        meeting=meeting, participant=member.participant, status=PRESENT, by=coordinator()
    )
    record = services.meeting_attendance_mark(
        meeting=meeting,
        participant=member.participant,
        status=MeetingAttendance.Status.LATE,
        by=member.group.facilitator,
    )
    assert record.status == MeetingAttendance.Status.LATE
    assert MeetingAttendance.objects.count() == 1
    assert record.history.count() == 2


def test_only_members_are_marked():
    group = GroupFactory()
    meeting = today_meeting(group)
    cohort_mate = ParticipantFactory(cohort=group.cohort)
    with pytest.raises(MentoringError, match="not a member"):
        services.meeting_attendance_mark(
            meeting=meeting, participant=cohort_mate, status=PRESENT, by=group.facilitator
        )


def test_a_cancelled_meeting_has_no_register():
    member = MembershipFactory()
    meeting = today_meeting(member.group, cancelled=True)
    with pytest.raises(MentoringError, match="cancelled"):
        services.meeting_attendance_mark(
            meeting=meeting, participant=member.participant, status=PRESENT, by=coordinator()
        )


def test_presence_waits_for_the_meetings_day_but_apologies_do_not():
    member = MembershipFactory()
    meeting = GroupMeetingFactory(group=member.group)  # a fortnight ahead
    with pytest.raises(MentoringError, match="from the day of the meeting"):
        services.meeting_attendance_mark(
            meeting=meeting, participant=member.participant, status=PRESENT, by=coordinator()
        )
    services.meeting_attendance_mark(
        meeting=meeting,
        participant=member.participant,
        status=MeetingAttendance.Status.APOLOGIES,
        by=coordinator(),
    )
    assert MeetingAttendance.objects.get().status == MeetingAttendance.Status.APOLOGIES


def test_all_present_marks_only_those_not_yet_marked():
    group = GroupFactory()
    first, second, third = (MembershipFactory(group=group).participant for _ in range(3))
    meeting = today_meeting(group)
    services.meeting_attendance_mark(
        meeting=meeting,
        participant=first,
        status=MeetingAttendance.Status.ABSENT,
        by=group.facilitator,
    )
    assert services.meeting_all_present(meeting=meeting, by=group.facilitator) == 2
    assert services.meeting_all_present(meeting=meeting, by=group.facilitator) == 0
    marks = dict(MeetingAttendance.objects.values_list("participant_id", "status"))
    assert marks == {first.pk: "absent", second.pk: PRESENT, third.pk: PRESENT}


def test_a_note_needs_a_mark_first():
    member = MembershipFactory()
    meeting = today_meeting(member.group)
    with pytest.raises(MentoringError, match="Mark their attendance first"):
        services.meeting_attendance_note(
            meeting=meeting, participant=member.participant, note="Ill", by=coordinator()
        )
    services.meeting_attendance_mark(
        meeting=meeting, participant=member.participant, status=PRESENT, by=coordinator()
    )
    record = services.meeting_attendance_note(
        meeting=meeting, participant=member.participant, note=" Left at 4 ", by=coordinator()
    )
    assert (record.status, record.note) == (PRESENT, "Left at 4")


def test_the_same_meeting_added_twice_is_added_once():
    group = GroupFactory()
    start = timezone.now() + timedelta(days=3)
    first = services.meeting_add(
        group=group,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        title="Set 1",
        by=coordinator(),
    )
    again = services.meeting_add(
        group=group,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        title="Set 1",
        by=coordinator(),
    )
    assert again == first
    assert group.meetings.count() == 1
