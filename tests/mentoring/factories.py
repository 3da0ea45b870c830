"""Factories for mentors, pools, pairings, sessions, groups and their meetings."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from mentoring.models import (
    Group,
    GroupMeeting,
    MeetingAttendance,
    Membership,
    Mentor,
    MentoringSession,
    Pairing,
    PoolPlace,
)
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    coordinator,
    mentor,
)


class MentorFactory(factory.django.DjangoModelFactory):
    """A mentor's profile, for an account in the Mentors group, working somewhere of its own."""

    class Meta:
        model = Mentor

    user = factory.LazyFunction(mentor)
    role = "Assistant Director"
    organisation = factory.SubFactory(OrganisationFactory)
    local_authority = factory.SelfAttribute("organisation.local_authority")
    availability = "Tuesday afternoons."


class PoolPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolPlace

    cohort = factory.SubFactory(CohortFactory)
    mentor = factory.SubFactory(MentorFactory)
    capacity = 2


class PairingFactory(factory.django.DjangoModelFactory):
    """An active pairing, confirmed by a coordinator; the mentor is in the cohort's pool."""

    class Meta:
        model = Pairing
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    mentor = factory.SubFactory(MentorFactory)
    confirmed_by = factory.LazyFunction(coordinator)

    @factory.post_generation
    def pooled(self, create, extracted, **kwargs):
        if create and extracted is not False:
            PoolPlace.objects.get_or_create(cohort=self.participant.cohort, mentor=self.mentor)


class SessionFactory(factory.django.DjangoModelFactory):
    """An agreed session a week from now, an hour long."""

    class Meta:
        model = MentoringSession

    pairing = factory.SubFactory(PairingFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=1))
    place = "Video call"
    status = MentoringSession.Status.AGREED
    proposed_by = factory.SelfAttribute("pairing.mentor.user")
    agreed_at = factory.LazyFunction(timezone.now)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    cohort = factory.SubFactory(CohortFactory)
    kind = Group.Kind.TUTORIAL
    name = factory.Sequence(lambda n: f"Tutorial group {n}")
    facilitator = factory.LazyFunction(mentor)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    participant = factory.SubFactory(
        ParticipantFactory, cohort=factory.SelfAttribute("..group.cohort")
    )


class GroupMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMeeting

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    place = "Room 2, Council House"


# --- Groups: a member's mark at a meeting ----------------------------------------------------


class MeetingAttendanceFactory(factory.django.DjangoModelFactory):
    """A mark on a meeting's register, made by the group's facilitator."""

    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(GroupMeetingFactory)
    participant = factory.SubFactory(
        ParticipantFactory, cohort=factory.SelfAttribute("..meeting.group.cohort")
    )
    status = MeetingAttendance.Status.PRESENT
    marked_by = factory.SelfAttribute("meeting.group.facilitator")
