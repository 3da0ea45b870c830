"""What `bench_data` adds beyond the national figures, for the pages and background work it
measures: a completed cohort of ninety who all meet the rule, whose certificates the bench
issues through a worker; a closed pre-programme round of the running cohort, with every
participant's self evaluation, raters' answers and comments at the proportions a round
collects and every report frozen and released; and a mentor with mentees from that cohort.

Written in bulk (no emails, no history rows), except that the reports are frozen by the
service that freezes every report, so they hold the figures a real round would.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password

from cohorts.models import Cohort, Participant, Programme
from csssl.models import User
from csssl.uktime import uk_moment
from evaluations.demo.data import SAMPLE_FRAMEWORKS
from evaluations.demo.load import load_framework
from evaluations.models import (
    RaterComment,
    RaterInvitation,
    RaterResponse,
    Relationship,
    Round,
    SelfEvaluation,
)
from evaluations.services.frameworks import version_for
from evaluations.services.reports import freeze_if_complete
from events.models import AttendanceRecord, Event
from mentoring.models import Mentor, Pairing

CERTIFICATE_PEOPLE = 90
CERTIFICATE_EVENTS = 4
#: Raters who answer for each participant, as a round at national scale collects them.
RATERS = (
    (Relationship.LINE_MANAGER, 1),
    (Relationship.PEER, 4),
    (Relationship.DIRECT_REPORT, 3),
    (Relationship.OTHER, 2),
)
MENTEES = 3
STRENGTH = "Brings partners together and keeps the focus on children's outcomes. "
DEVELOP = "Could delegate more and give the team room to lead the work themselves. "


def certificates_cohort(
    programme: Programme, organisations: list, *, by: User, today: date, now: datetime, tag: str
) -> Cohort:
    """A cohort that ended last month: ninety participants who attended every required
    event, so each is due a certificate."""
    starts, ends = today - timedelta(days=330), today - timedelta(days=30)
    cohort = Cohort.objects.create(
        programme=programme,
        name=f"Bench{tag} certificates",
        status=Cohort.Status.COMPLETED,
        capacity=CERTIFICATE_PEOPLE,
        applications_open=uk_moment(starts - timedelta(120), time(9)),
        application_deadline=uk_moment(starts - timedelta(40), time(23, 59)),
        places_awarded_by=starts - timedelta(20),
        starts_on=starts,
        ends_on=ends,
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"bench{tag}-certificate-{i}@example.org", first_name=f"Graduate{i}",
             last_name=f"Bench{i % 89}", password=unusable)
        for i in range(CERTIFICATE_PEOPLE)
    )  # fmt: skip
    participants = Participant.objects.bulk_create(
        Participant(user=user, cohort=cohort, organisation=organisations[i % len(organisations)],
                    local_authority=organisations[i % len(organisations)].local_authority,
                    job_title="Head of Service", status=Participant.Status.ACTIVE,
                    joined_at=now)
        for i, user in enumerate(users)
    )  # fmt: skip
    events = Event.objects.bulk_create(
        Event(cohort=cohort, kind=Event.Kind.EXTENDED_DAY, title=f"Event {i + 1}",
              starts_at=uk_moment(starts + timedelta(days=70 * i), time(9)),
              ends_at=uk_moment(starts + timedelta(days=70 * i), time(17)))
        for i in range(CERTIFICATE_EVENTS)
    )  # fmt: skip
    AttendanceRecord.objects.bulk_create(
        AttendanceRecord(event=event, participant=p, marked_by=by, status="present", marked_at=now)
        for event in events
        for p in participants
    )
    return cohort


def _scores(keys: list[str], seed: int) -> dict[str, int | None]:
    return {key: None if (seed + i) % 23 == 0 else 1 + (seed + i) % 4 for i, key in enumerate(keys)}


def evaluation_round(cohort: Cohort, participants: list[Participant], *, now: datetime) -> Round:
    """The cohort's pre-programme round, closed: everyone evaluated themselves and had ten
    raters answer (a line manager, four peers, three direct reports, two others), most with
    words for both questions; every report frozen and released."""
    sample = next(s for s in SAMPLE_FRAMEWORKS if s.programme_slug == cohort.programme.slug)
    version = version_for(load_framework(sample))
    round = Round.objects.create(
        cohort=cohort,
        kind=Round.Kind.PRE,
        version=version,
        opens_on=cohort.starts_on - timedelta(days=30),
        closes_on=cohort.starts_on + timedelta(days=30),
        others_max=4,
    )
    keys = [
        str(pk) for pk in version.qualities.order_by("order", "pk").values_list("pk", flat=True)
    ]
    closed = uk_moment(round.closes_on, time(12))
    SelfEvaluation.objects.bulk_create(
        SelfEvaluation(round=round, participant=p, scores=_scores(keys, p.pk), revision=3,
                       evidence={keys[0]: "Led the multi-agency review of the front door."},
                       submitted_at=closed - timedelta(days=10))
        for p in participants
    )  # fmt: skip
    invitations, responses, comments = [], [], []
    for p in participants:
        n = 0
        for relationship, count in RATERS:
            for _ in range(count):
                n += 1
                invitations.append(
                    RaterInvitation(round=round, participant=p, relationship=relationship,
                                    state=RaterInvitation.State.SUBMITTED,
                                    invited_at=closed - timedelta(days=20))
                )  # fmt: skip
                response = RaterResponse(
                    round=round, participant=p, relationship=relationship,
                    scores=_scores(keys, p.pk + 7 * n),
                )  # fmt: skip
                responses.append(response)
                if n % 5:
                    comments.append(RaterComment(response=response, question="strengths",
                                                 text=STRENGTH * (1 + n % 3)))  # fmt: skip
                    comments.append(RaterComment(response=response, question="develop",
                                                 text=DEVELOP * (1 + n % 2)))  # fmt: skip
    RaterInvitation.objects.bulk_create(invitations, batch_size=2000)
    RaterResponse.objects.bulk_create(responses, batch_size=2000)
    RaterComment.objects.bulk_create(comments, batch_size=2000)
    for p in participants:
        freeze_if_complete(round=round, participant=p, now=now)
    return round


def mentor_with_mentees(user: User, participants: list[Participant], *, by: User) -> Mentor:
    """The bench mentor's profile and their mentees from the running cohort."""
    mentor = Mentor.objects.create(
        user=user, role="Director of Children's Services (retired)",
        about="Thirty years in children's services.", availability="Tuesday afternoons",
    )  # fmt: skip
    Pairing.objects.bulk_create(
        Pairing(participant=p, mentor=mentor, confirmed_by=by) for p in participants[:MENTEES]
    )
    return mentor
