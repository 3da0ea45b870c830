"""The people and objects of the role matrix (tests/csssl/test_role_matrix.py).

Two sides, A and B, each hold a full set of one person's things: an applicant's submitted
application with its endorser's link and an offer, a participant's rater invitation and its
link, report, priority, rater comment, calendar address, placement, project, milestone and
portfolio entry (with evidence and a mentor's mark), a mentor paired with that participant with
a held session and a calendar address, and a tutorial group with the participant in it and a
meeting today. Side A's group is facilitated by the matrix's facilitator, side B's by a mentor
who is none of the thirteen roles.

A role's OWN objects are those of its side (A, or B for the "second" roles); OTHERS' are those
of the other side. A role with no objects of a kind (a coordinator has no mentee) is asked for
side A's as "own" and side B's as "others": both are someone else's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from applications.models import Endorsement, ExpressionOfInterest, Offer
from applications.services import endorsement_token, offer_token
from cohorts.models import Participant
from csssl.models import OutboxMessage, User
from evaluations.models import RaterComment, RaterInvitation, Report
from evaluations.services import plans as plan_services
from evaluations.services.frameworks import version_for
from evaluations.services.raters import rater_token
from events.models import CalendarFeed, Event
from mentoring.models import (
    ChangeRequest,
    Group,
    GroupMeeting,
    MentorCalendarFeed,
    MentoringSession,
    Pairing,
    Placement,
    PoolPlace,
    QualityMark,
)
from mentoring.models.matching import Proposal
from mentoring.services.matching import proposal_make
from tests.applications.factories import EndorsementFactory, ExpressionOfInterestFactory
from tests.csssl.role_matrix_records import admin_records
from tests.csssl.test_url_walk import (
    CERTIFICATE_PAGES,
    Endpoint,
    WalkData,
    build_url,
    walk_data,
)
from tests.evaluations.factories import RaterResponseFactory, RoundFactory
from tests.events.factories import EventFactory
from tests.factories import ParticipantFactory, UserFactory, coordinator, dcs_member, mentor
from tests.mentoring.factories import (
    EvidenceFactory,
    GroupFactory,
    GroupMeetingFactory,
    MembershipFactory,
    MentorFactory,
    MilestoneFactory,
    PairingFactory,
    PlacementFactory,
    PoolPlaceFactory,
    PortfolioEntryFactory,
    ProjectFactory,
    SessionFactory,
)

# The thirteen kinds of visitor, in the order of the table's columns.
ROLES = (
    "anonymous",
    "applicant",
    "applicant2",
    "endorser",
    "participant",
    "participant2",
    "mentor",
    "mentor2",
    "facilitator",
    "rater",
    "dcs",
    "coordinator",
    "superuser",
)
# The roles whose own objects are side B's.
SIDE_B_ROLES = frozenset({"applicant2", "participant2", "mentor2"})
# Visitors who are not signed in: an endorser and a rater hold a link, not an account.
SIGNED_OUT_ROLES = frozenset({"anonymous", "endorser", "rater"})

# Secret links that open with the link alone (no account): who holds one of each kind. Anyone
# else, and the holder asking for someone else's, has only a link they made up by changing a
# real one (its signature, or its random address), which must open nothing.
BEARER_LINKS = {
    "applications:endorse": {"endorser"},
    "evaluations:rate": {"rater"},
    "events:feed": {"participant", "participant2"},
    "mentoring:mentor_calendar": {"mentor", "mentor2"},
}


@dataclass
class Side:
    """One person's things of each kind, for one side of the matrix."""

    applicant: User
    application: ExpressionOfInterest
    endorsement_token: str
    offer_token: str
    participant: Participant
    rater_token: str
    invitation: RaterInvitation
    report: Report
    priority: object
    comment: RaterComment
    feed_token: str
    mentor: User
    pairing: Pairing
    session: MentoringSession
    calendar_token: str
    facilitator: User
    group: Group
    meeting: GroupMeeting
    placement: Placement
    project: object
    milestone: object
    entry: object
    evidence: object
    mark: QualityMark


@dataclass
class World:
    data: WalkData
    event: Event
    a: Side
    b: Side
    users: dict[str, User | None]
    proposal: Proposal | None
    place: PoolPlace
    change_request: ChangeRequest
    pair_id: int | None = field(default=None)


def _shared_priority(participant: Participant, name: str):
    """A priority of the participant's development plan, which they share with their mentor
    (so the mentor may read their report)."""
    priority = plan_services.priority_add(participant=participant, title=f"Priority {name}")
    plan_services.plan_share(participant=participant, shared=True)
    return priority


def _side(data: WalkData, round_, *, name: str, facilitator: User) -> Side:
    cohort = data.cohort
    applicant = UserFactory(email=f"applicant.{name}@example.org")
    application = ExpressionOfInterestFactory(cohort=cohort, applicant=applicant, submitted=True)
    endorsement = EndorsementFactory(application=application)
    offer = Offer.objects.create(
        application=application,
        cohort=cohort,
        sent_at=timezone.now(),
        respond_by=timezone.now() + timedelta(days=14),
    )
    participant = ParticipantFactory(
        cohort=cohort, user=UserFactory(email=f"participant.{name}@example.org")
    )
    invitation = RaterInvitation.objects.create(
        round=round_,
        participant=participant,
        relationship="peer",
        name=f"Rater {name}",
        email=f"rater.{name}@example.org",
        invited_at=timezone.now(),
    )
    report = Report.objects.create(
        round=round_, participant=participant, figures={}, released_at=timezone.now()
    )
    # The rater's link is for a colleague whose report is still to come: a link for a report
    # already made says feedback is complete (410), which is not what the matrix asks.
    rated = RaterInvitation.objects.create(
        round=round_,
        participant=ParticipantFactory(cohort=cohort),
        relationship="peer",
        name=f"Rater {name}",
        email=f"rater.{name}.colleague@example.org",
        invited_at=timezone.now(),
    )
    response = RaterResponseFactory(round=round_, participant=participant)
    comment = RaterComment.objects.create(response=response, question="strengths", text="Kind.")
    the_mentor = MentorFactory(user=mentor(email=f"mentor.{name}@example.org"))
    pairing = PairingFactory(participant=participant, mentor=the_mentor)
    past = timezone.now() - timedelta(days=1)
    session = SessionFactory(
        pairing=pairing, status=MentoringSession.Status.HELD, starts_at=past, held_at=past
    )
    group = GroupFactory(cohort=cohort, facilitator=facilitator)
    MembershipFactory(group=group, participant=participant)
    start = timezone.now() - timedelta(minutes=5)
    meeting = GroupMeetingFactory(group=group, starts_at=start, ends_at=start + timedelta(hours=1))
    project = ProjectFactory(participant=participant)
    entry = PortfolioEntryFactory(participant=participant, shared_with_mentor=True)
    return Side(
        applicant=applicant,
        application=application,
        endorsement_token=endorsement_token(endorsement),
        offer_token=offer_token(offer),
        participant=participant,
        rater_token=rater_token(rated),
        invitation=invitation,
        report=report,
        priority=_shared_priority(participant, name),
        comment=comment,
        feed_token=CalendarFeed.objects.create(participant=participant).token,
        mentor=the_mentor.user,
        pairing=pairing,
        session=session,
        calendar_token=MentorCalendarFeed.objects.create(mentor=the_mentor).token,
        facilitator=facilitator,
        group=group,
        meeting=meeting,
        placement=PlacementFactory(participant=participant, status=Placement.Status.SUBMITTED),
        project=project,
        milestone=MilestoneFactory(project=project),
        entry=entry,
        evidence=EvidenceFactory(entry=entry),
        mark=QualityMark.objects.create(
            entry=entry, quality=data.quality, marked_by=the_mentor.user
        ),
    )


def world_build() -> World:
    """Every object the matrix asks for, on both sides, and the thirteen visitors."""
    data = walk_data()
    round_ = RoundFactory(cohort=data.cohort, version=version_for(data.framework))
    # Facilitators have a mentor's profile, as every account in the Mentors group does.
    facilitators = [
        MentorFactory(user=mentor(email=f"facilitator.{name}@example.org")).user
        for name in ("a", "b")
    ]
    a = _side(data, round_, name="a", facilitator=facilitators[0])
    b = _side(data, round_, name="b", facilitator=facilitators[1])
    # Matching: a mentor in the pool with room, and an unpaired participant to propose for.
    place = PoolPlaceFactory(cohort=data.cohort, mentor=MentorFactory(), capacity=2)
    ParticipantFactory(cohort=data.cohort)
    staff = coordinator(email="coordinator@example.org")
    proposal = proposal_make(cohort=data.cohort, by=staff)
    event = EventFactory(cohort=data.cohort)
    admin_records(event)
    users = {
        "anonymous": None,
        "applicant": a.applicant,
        "applicant2": b.applicant,
        "endorser": None,
        "participant": a.participant.user,
        "participant2": b.participant.user,
        "mentor": a.mentor,
        "mentor2": b.mentor,
        "facilitator": a.facilitator,
        "rater": None,
        "dcs": dcs_member(email="dcs@example.org"),
        "coordinator": staff,
        "superuser": UserFactory(email="superuser@example.org", is_superuser=True, is_staff=True),
    }
    return World(
        data=data,
        event=event,
        a=a,
        b=b,
        users=users,
        proposal=proposal,
        place=place,
        change_request=ChangeRequest.objects.create(pairing=a.pairing, reason="We never meet."),
        pair_id=proposal.pairs.values_list("pk", flat=True).first() if proposal else None,
    )


def visitor_for(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def forged(token: str) -> str:
    """A link made up from a real one: its signature (or its random address) changed at the
    first character, so it names the same object but proves nothing."""
    head, colon, tail = token.rpartition(":")
    return head + colon + ("B" if tail.startswith("A") else "A") + tail[1:]


def _bearer_token(key: str, side: Side) -> str:
    return {
        "applications:endorse": side.endorsement_token,
        "evaluations:rate": side.rater_token,
        "events:feed": side.feed_token,
        "mentoring:mentor_calendar": side.calendar_token,
    }[key]


def _side_value(world: World, role: str, side: Side, key: str, param: str) -> object | None:
    """The value of a path parameter naming ``side``'s object, or None to leave it to the
    URL walk (the admin's objects, the programme's slug, allauth's keys)."""
    if key.startswith("admin:"):
        return None
    if param == "token":
        if key in BEARER_LINKS:
            token = _bearer_token(key, side)
            holder = role in BEARER_LINKS[key] and side is own_side(world, role)
            return token if holder else forged(token)
        if key == "applications:offer_link":
            return side.offer_token  # checked against the signed-in person, so a real one
        return None
    if param == "cohort_id" and key not in CERTIFICATE_PAGES:
        return world.data.cohort.pk
    if param == "pk" and key.startswith("applications:"):
        return side.application.pk
    if param == "user_id":
        user = world.users[role] if side is own_side(world, role) else None
        return (user or side.applicant).pk
    by_param: dict[str, Callable[[], object]] = {
        "event_id": lambda: world.event.pk,
        "round_id": lambda: side.report.round_id,
        "participant_id": lambda: side.participant.pk,
        "invitation_id": lambda: side.invitation.pk,
        "priority_id": lambda: side.priority.pk,
        "report_id": lambda: side.report.pk,
        "comment_id": lambda: side.comment.pk,
        "pairing_id": lambda: side.pairing.pk,
        "session_id": lambda: side.session.pk,
        "group_id": lambda: side.group.pk,
        "meeting_id": lambda: side.meeting.pk,
        "placement_id": lambda: side.placement.pk,
        "project_id": lambda: side.project.pk,
        "milestone_id": lambda: side.milestone.pk,
        "entry_id": lambda: side.entry.pk,
        "evidence_id": lambda: side.evidence.pk,
        "mark_id": lambda: side.mark.pk,
        "place_id": lambda: world.place.pk,
        "proposal_id": lambda: world.proposal.pk if world.proposal else 1,
        "pair_id": lambda: world.pair_id or 1,
        "request_id": lambda: world.change_request.pk,
    }
    source = by_param.get(param)
    return source() if source else None


def own_side(world: World, role: str) -> Side:
    return world.b if role in SIDE_B_ROLES else world.a


def others_side(world: World, role: str) -> Side:
    return world.a if role in SIDE_B_ROLES else world.b


def address(endpoint: Endpoint, world: World, role: str, *, own: bool) -> str:
    """The address of ``endpoint`` naming the role's own object, or someone else's."""
    side = own_side(world, role) if own else others_side(world, role)
    return build_url(
        endpoint,
        world.data,
        values=lambda endpoint, param: _side_value(world, role, side, endpoint.key, param),
    )


def world_state(world: World) -> dict[str, object]:
    """What a GET must never change: the answers, links and records the matrix's objects
    hold, and the emails waiting to go."""
    sides = (world.a, world.b)
    return {
        "endorsements": list(Endorsement.objects.order_by("pk").values_list("state", "nonce")),
        "offers": list(Offer.objects.order_by("pk").values_list("state", "nonce")),
        "invitations": list(RaterInvitation.objects.order_by("pk").values_list("state", "nonce")),
        # A calendar address is made the first time its owner's page shows it (the
        # facilitator's, here); one that exists must never change.
        "feeds": [CalendarFeed.objects.filter(token=side.feed_token).count() for side in sides],
        "calendars": [
            MentorCalendarFeed.objects.filter(token=side.calendar_token).count() for side in sides
        ],
        "placements": [Placement.objects.get(pk=side.placement.pk).status for side in sides],
        "sessions": [MentoringSession.objects.get(pk=side.session.pk).status for side in sides],
        "marks": QualityMark.objects.count(),
        "outbox": OutboxMessage.objects.count(),
        "active": list(User.objects.order_by("pk").values_list("is_active", flat=True)),
    }
