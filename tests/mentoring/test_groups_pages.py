"""The groups pages through the web: coordinators set groups up, a facilitator sees only their
own groups and takes the register as an event's is (a plain form, or JSON for register.js),
and nobody else is told a group exists. Every list page keeps its number of queries."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from csssl.models import OutboxMessage
from csssl.uktime import uk_moment
from mentoring.models import Group, MeetingAttendance
from mentoring.services import groups as services
from tests.factories import CohortFactory, ParticipantFactory, UserFactory, coordinator, mentor
from tests.mentoring.factories import (
    GroupFactory,
    GroupMeetingFactory,
    MeetingAttendanceFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
PRESENT = MeetingAttendance.Status.PRESENT


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def held_meeting(group, days_ago: int = 0):
    start = timezone.now() - timedelta(days=days_ago, minutes=5)
    return GroupMeetingFactory(group=group, starts_at=start, ends_at=start + timedelta(hours=1))


def group_pages(group, meeting, participant) -> list[str]:
    return [
        reverse("mentoring:group_detail", args=[group.pk]),
        reverse("mentoring:group_register", args=[group.pk, meeting.pk]),
    ]


def register_changes(group, meeting, participant) -> list[str]:
    return [
        reverse("mentoring:group_mark", args=[group.pk, meeting.pk, participant.pk]),
        reverse("mentoring:group_note", args=[group.pk, meeting.pk, participant.pk]),
        reverse("mentoring:group_all_present", args=[group.pk, meeting.pk]),
    ]


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def meeting(member):
    return held_meeting(member.group)


# --- Who sees a group --------------------------------------------------------------------------


def test_another_facilitator_or_a_member_is_told_nothing(member, meeting):
    group = member.group
    for outsider in (mentor(), member.participant.user, UserFactory()):
        client = client_for(outsider)
        for url in group_pages(group, meeting, member.participant):
            assert client.get(url).status_code == 404, url
        for url in register_changes(group, meeting, member.participant):
            assert client.post(url, {"status": PRESENT, "note": "x"}).status_code == 404, url
    assert not MeetingAttendance.objects.exists()


def test_the_facilitator_and_any_coordinator_open_the_group(member, meeting):
    for reader in (member.group.facilitator, coordinator()):
        client = client_for(reader)
        for url in group_pages(member.group, meeting, member.participant):
            response = client.get(url)
            assert response.status_code == 200, url
            assert member.participant.user.display_name in response.content.decode()


def test_a_meeting_of_another_group_is_not_found_under_this_one(member, meeting):
    other = held_meeting(GroupFactory(facilitator=member.group.facilitator))
    client = client_for(member.group.facilitator)
    url = reverse("mentoring:group_register", args=[member.group.pk, other.pk])
    assert client.get(url).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(member, meeting):
    for url in group_pages(member.group, meeting, member.participant):
        response = Client().get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/login/")


def test_coordinator_pages_are_not_found_for_a_facilitator(member):
    client = client_for(member.group.facilitator)
    cohort = member.group.cohort
    for url in (
        reverse("mentoring:group_list", args=[cohort.pk]),
        reverse("mentoring:group_create", args=[cohort.pk]),
        reverse("mentoring:group_edit", args=[cohort.pk, member.group.pk]),
        reverse("mentoring:group_members", args=[cohort.pk, member.group.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_group_is_not_found_under_another_cohort(member):
    client = client_for(coordinator())
    url = reverse("mentoring:group_edit", args=[CohortFactory().pk, member.group.pk])
    assert client.get(url).status_code == 404


# --- The register --------------------------------------------------------------------------------


def test_a_tap_is_saved_without_a_reload(member, meeting):
    client = client_for(member.group.facilitator)
    url = reverse("mentoring:group_mark", args=[member.group.pk, meeting.pk, member.participant.pk])
    answer = client.post(url, {"status": PRESENT}, **JSON)
    assert answer.status_code == 200
    data = answer.json()
    assert data["row"]["selected"] == PRESENT
    assert data["summary"] == "1 of 1 marked"
    assert data["message"].endswith("Present.")
    assert MeetingAttendance.objects.get().marked_by == member.group.facilitator


def test_without_javascript_a_tap_goes_back_to_the_row(member, meeting):
    client = client_for(member.group.facilitator)
    url = reverse("mentoring:group_mark", args=[member.group.pk, meeting.pk, member.participant.pk])
    response = client.post(url, {"status": PRESENT})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#participant-{member.participant.pk}")


def test_a_refused_note_is_shown_beside_the_row_and_kept(member, meeting):
    client = client_for(member.group.facilitator)
    url = reverse("mentoring:group_note", args=[member.group.pk, meeting.pk, member.participant.pk])
    response = client.post(url, {"note": "Came late"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mark their attendance first" in body
    assert 'value="Came late"' in body
    answer = client.post(url, {"note": "Came late"}, **JSON)
    assert answer.status_code == 400
    assert "Mark their attendance first" in answer.json()["error"]


def test_someone_who_is_not_a_member_cannot_be_marked(member, meeting):
    stranger = ParticipantFactory(cohort=member.group.cohort)
    client = client_for(member.group.facilitator)
    url = reverse("mentoring:group_mark", args=[member.group.pk, meeting.pk, stranger.pk])
    assert client.post(url, {"status": PRESENT}, **JSON).status_code == 404
    assert not MeetingAttendance.objects.exists()


def test_all_present_from_the_register(member, meeting):
    client = client_for(member.group.facilitator)
    url = reverse("mentoring:group_all_present", args=[member.group.pk, meeting.pk])
    response = client.post(url, follow=True)
    assert "1 person marked present" in response.content.decode()
    assert MeetingAttendance.objects.get().status == PRESENT


def build_group(size: int):
    group = GroupFactory()
    for _ in range(size):
        MembershipFactory(group=group)
    for days_ago in range(size):
        meeting = held_meeting(group, days_ago=days_ago + 1)
        services.meeting_all_present(meeting=meeting, by=group.facilitator)
    GroupMeetingFactory(group=group)
    return group


@pytest.mark.parametrize("size", [2, 6])
def test_group_page_query_count_does_not_grow(django_assert_num_queries, size):
    group = build_group(size)
    client = client_for(group.facilitator)
    # session, user, the group, its members, its meetings, their marks, the role check
    with django_assert_num_queries(7):
        response = client.get(reverse("mentoring:group_detail", args=[group.pk]))
    assert response.content.decode().count("attended ·") == size


@pytest.mark.parametrize("size", [2, 6])
def test_register_query_count_does_not_grow(django_assert_num_queries, size):
    group = build_group(size)
    meeting = group.meetings.first()
    client = client_for(group.facilitator)
    # session, user, the group, the meeting, marks, their history, the members, the role check
    with django_assert_num_queries(8):
        response = client.get(reverse("mentoring:group_register", args=[group.pk, meeting.pk]))
    assert response.content.decode().count('data-register="mark"') == size


@pytest.mark.parametrize("size", [2, 6])
def test_cohort_groups_page_query_count_does_not_grow(django_assert_num_queries, size):
    cohort = CohortFactory()
    for _ in range(size):
        group = build_group(size)
        Group.objects.filter(pk=group.pk).update(cohort=cohort)
    client = client_for(coordinator())
    # session, user, the role check, the cohort, groups, members, meetings, marks
    with django_assert_num_queries(8):
        response = client.get(reverse("mentoring:group_list", args=[cohort.pk]))
    assert response.content.decode().count("Facilitator's page") == size


# --- Coordinators setting groups up ----------------------------------------------------------------


def test_coordinator_creates_a_group_and_sets_its_members():
    cohort = CohortFactory(status=Cohort.Status.RUNNING)
    people = [ParticipantFactory(cohort=cohort) for _ in range(3)]
    tutor = mentor()
    client = client_for(coordinator())
    response = client.post(
        reverse("mentoring:group_create", args=[cohort.pk]),
        {"name": "Tutorial group A", "kind": Group.Kind.TUTORIAL, "facilitator": tutor.pk},
    )
    group = Group.objects.get()
    assert response.status_code == 302
    assert (group.facilitator, group.counts_toward_completion) == (tutor, False)
    response = client.post(
        reverse("mentoring:group_members", args=[cohort.pk, group.pk]),
        {"members": [people[0].pk, people[2].pk]},
    )
    assert response.status_code == 302
    assert set(group.members.all()) == {people[0], people[2]}
    page = client.get(reverse("mentoring:group_list", args=[cohort.pk])).content.decode()
    assert people[0].user.display_name in page
    assert people[1].user.display_name not in page


def test_a_refused_member_is_shown_beside_the_field_with_the_choices_kept():
    taken = MembershipFactory()
    cohort = taken.group.cohort
    other = GroupFactory(cohort=cohort)
    free = ParticipantFactory(cohort=cohort)
    client = client_for(coordinator())
    response = client.post(
        reverse("mentoring:group_members", args=[cohort.pk, other.pk]),
        {"members": [taken.participant.pk, free.pk]},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert f"is in {taken.group.name}" in body
    assert body.count("checked") == 2
    assert not other.memberships.exists()


def test_coordinator_adds_moves_and_cancels_a_meeting(member):
    group, cohort = member.group, member.group.cohort
    client = client_for(coordinator())
    day = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("mentoring:group_meeting_add", args=[cohort.pk, group.pk]),
        {
            "title": "Set meeting 1",
            "day": day,
            "starts": "15:30",
            "ends": "17:00",
            "place": "Room 2",
        },
    )
    assert response.status_code == 302
    meeting = group.meetings.get()
    assert meeting.starts_at == uk_moment(day, time(15, 30))
    move = reverse("mentoring:group_meeting_move", args=[cohort.pk, group.pk, meeting.pk])
    fields = {
        "title": "Set meeting 1",
        "day": day,
        "starts": "16:00",
        "ends": "17:30",
        "place": "Room 2",
    }
    client.post(move, fields)
    client.post(move, fields)  # a second click changes nothing
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    cancel = reverse("mentoring:group_meeting_cancel", args=[cohort.pk, group.pk, meeting.pk])
    assert client.get(cancel).status_code == 200
    client.post(cancel)
    client.post(cancel)
    meeting.refresh_from_db()
    assert meeting.cancelled
    assert meeting.sequence == 2
    assert OutboxMessage.objects.filter(kind=services.UPDATE_KIND).count() == 4


def test_a_meeting_that_ends_before_it_starts_is_refused_beside_the_field(member):
    client = client_for(coordinator())
    response = client.post(
        reverse("mentoring:group_meeting_add", args=[member.group.cohort.pk, member.group.pk]),
        {"title": "Kept", "day": date(2030, 1, 8), "starts": "17:00", "ends": "16:00"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The meeting must end after it starts." in body
    assert 'value="Kept"' in body
    assert not member.group.meetings.exists()


def test_the_workspace_card_shows_groups_next_meeting_and_attendance(member, meeting):
    Cohort.objects.filter(pk=member.group.cohort_id).update(status=Cohort.Status.RUNNING)
    MeetingAttendanceFactory(meeting=meeting, participant=member.participant)
    GroupMeetingFactory(group=member.group, title="The next one")
    body = client_for(coordinator()).get(reverse("cohorts:workspace")).content.decode()
    assert "1 group ·" in body
    assert "1 of 1 attendances (100%)" in body
    assert "The next one" in body
    assert reverse("mentoring:group_list", args=[member.group.cohort_id]) in body


# --- The facilitator's workspace and the member's mentoring page ---------------------------------


def test_the_mentor_workspace_lists_the_groups_they_facilitate_with_the_next_meeting(member):
    GroupMeetingFactory(group=member.group, title="Set meeting 2")
    other = GroupFactory()
    body = client_for(member.group.facilitator).get(reverse("mentoring:workspace")).content.decode()
    assert "Groups you facilitate" in body
    assert member.group.name in body
    assert "Set meeting 2" in body
    group_url = reverse("mentoring:group_detail", args=[member.group.pk])
    assert body.count(f'href="{group_url}"') == 1
    assert other.name not in body


def test_a_coordinator_who_facilitates_sees_their_group_on_the_mentor_workspace(member):
    member.group.facilitator = coordinator()
    member.group.save()
    body = client_for(member.group.facilitator).get(reverse("mentoring:workspace")).content.decode()
    assert member.group.name in body


def test_the_member_sees_their_group_facilitator_and_fellow_members(member, meeting):
    fellow = MembershipFactory(group=member.group).participant
    MeetingAttendanceFactory(meeting=meeting, participant=member.participant)
    body = client_for(member.participant.user).get(reverse("mentoring:me")).content.decode()
    assert member.group.name in body
    assert member.group.facilitator.display_name in body
    assert fellow.user.display_name in body
    assert meeting.title in body
    assert "Present" in body
