"""Factories for mentors, pools, pairings, sessions, groups and their meetings."""

from __future__ import annotations

from datetime import timedelta

import factory
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cohorts.models import QualityFramework
from mentoring.models import (
    Evidence,
    Group,
    GroupMeeting,
    MeetingAttendance,
    Membership,
    Mentor,
    MentoringSession,
    Milestone,
    Pairing,
    Placement,
    PoolPlace,
    PortfolioEntry,
    Project,
)
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    QualityFactory,
    QualityFrameworkFactory,
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


# --- Portfolio ---------------------------------------------------------------------------------

#: The smallest file each check accepts, by what its content is.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def private_media(tmp_path, settings):
    """Evidence files go to a folder of the test's own, removed with it."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


def framework_quality(participant, **kwargs):
    """A quality of the current framework of the participant's programme."""
    framework = QualityFramework.objects.filter(
        programme=participant.cohort.programme, is_current=True
    ).first() or QualityFrameworkFactory(programme=participant.cohort.programme, is_current=True)
    return QualityFactory(framework=framework, **kwargs)


class PortfolioEntryFactory(factory.django.DjangoModelFactory):
    """A private entry of a participant's portfolio."""

    class Meta:
        model = PortfolioEntry

    participant = factory.SubFactory(ParticipantFactory)
    title = factory.Sequence(lambda n: f"Reflection {n}")
    reflection = "What happened, what I learned and what I will do next."


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A small PDF attached to an entry (needs the ``private_media`` fixture)."""

    class Meta:
        model = Evidence

    entry = factory.SubFactory(PortfolioEntryFactory)
    file = factory.LazyFunction(lambda: ContentFile(TINY_PDF, name="evidence"))
    name = "Evidence.pdf"
    content_type = "application/pdf"
    size = len(TINY_PDF)


# --- Placements and projects ------------------------------------------------------------------


class PlacementFactory(factory.django.DjangoModelFactory):
    """A draft placement a month from now, for a week, its objectives not yet agreed."""

    class Meta:
        model = Placement

    participant = factory.SubFactory(ParticipantFactory)
    kind = Placement.Kind.PLACEMENT
    host_organisation = factory.Sequence(lambda n: f"Host Children's Services {n}")
    host_contact_name = "Sam Host"
    host_contact_email = factory.Sequence(lambda n: f"host{n}@host.example.org")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda p: p.starts_on + timedelta(days=4))
    objectives = "See how the front door and early help work together."


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    participant = factory.SubFactory(ParticipantFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    problem = "Too many children wait too long for a first assessment."
    expected_impact = "Families are seen sooner."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))


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
