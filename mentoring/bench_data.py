"""A national data set for `make bench`: ``manage.py bench_data [--scale 1.0]``.

At scale 1: 150 local authorities, 40 cohorts, 20,000 applications (one allocating cohort holds
1,000 submitted, endorsed ones for the allocation board), 4,000 participants, 400 events and
100,000 attendance records, written with ``bulk_create`` (no services, no emails, no history
rows), plus three accounts the benchmark signs in with: a coordinator, a DCS group member and a
participant of a running cohort of 90 whose events have registers.

Every figure is ``round(figure * scale)`` (at least 1; the local authorities the migrations
add count towards theirs, so there are never fewer than those); ``targets`` says what a scale promises,
and the attendance records are capped by the (participant, past event) pairs that exist, which
only binds at tiny scales.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from datetime import date, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from applications.demo.data import CRITERIA
from applications.models import (
    AllocationSettings,
    Criterion,
    Endorsement,
    ExpressionOfInterest,
    Score,
    Sector,
)
from cohorts.demo.data import PROGRAMMES
from cohorts.models import Cohort, LocalAuthority, Organisation, Participant, Programme
from csssl import roles
from csssl.models import User
from csssl.uktime import uk_moment, uk_today
from events.models import AttendanceRecord, CalendarFeed, Event
from mentoring import bench_extra as extra

BENCH_PASSWORD = "bench-password-not-secret"
BATCH = 2000

NOMINAL = {
    "local_authorities": 150,
    "cohorts": 40,
    "applications": 20_000,
    "board_applications": 1_000,
    "participants": 4_000,
    "events": 400,
    "attendance": 100_000,
}
REGISTER_PEOPLE = 90  # the running cohort whose register is measured
REGISTER_EVENTS = 10
EVENTS_PER_BIG_COHORT = 26  # completed cohorts carry the rest of the events and people
PARTNER_TYPES = [t for t in Organisation.Type.values if t != Organisation.Type.LOCAL_AUTHORITY]
SECTORS = Sector.values


def scaled(figure: int, scale: float) -> int:
    return max(1, round(figure * scale))


@dataclass(frozen=True)
class Plan:
    local_authorities: int
    cohorts: int
    applications: int
    board_applications: int
    participants: int
    events: int
    attendance: int
    register_people: int
    register_events: int
    big_cohorts: int
    users: int

    def big_sizes(self) -> list[int]:
        """People in each completed cohort with events, as even as can be."""
        rest = self.participants - self.register_people
        return [
            rest // self.big_cohorts + (i < rest % self.big_cohorts)
            for i in range(self.big_cohorts)
        ]

    def big_events(self) -> list[int]:
        rest = self.events - self.register_events
        return [
            rest // self.big_cohorts + (i < rest % self.big_cohorts)
            for i in range(self.big_cohorts)
        ]

    def attendance_capacity(self) -> int:
        """(participant, event) pairs: every event of these cohorts is over by today."""
        big = sum(p * e for p, e in zip(self.big_sizes(), self.big_events(), strict=True))
        return big + self.register_people * max(self.register_events - 1, 0)


def targets(scale: float) -> Plan:
    """What ``build(scale=...)`` writes: the counts the command promises."""
    n = {key: scaled(value, scale) for key, value in NOMINAL.items()}
    cohorts = max(n["cohorts"], 3)  # the board's, the register's and one completed cohort
    participants = max(n["participants"], 2)
    register_people = min(REGISTER_PEOPLE, participants // 2)
    events = max(n["events"], 3)
    register_events = max(2, min(REGISTER_EVENTS, events // 4))
    big_cohorts = max(1, min(cohorts - 2, (events - register_events) // EVENTS_PER_BIG_COHORT))
    big_cohorts = min(big_cohorts, participants - register_people)
    per_cohort = n["applications"] // max(cohorts - 1, 1) + 1
    plan = Plan(
        local_authorities=n["local_authorities"],
        cohorts=cohorts,
        applications=max(n["applications"], n["board_applications"]),
        board_applications=n["board_applications"],
        participants=participants,
        events=events,
        attendance=0,
        register_people=register_people,
        register_events=register_events,
        big_cohorts=big_cohorts,
        users=max(participants, n["board_applications"], per_cohort) + 1,
    )
    return Plan(**(asdict(plan) | {"attendance": min(n["attendance"], plan.attendance_capacity())}))


def has_data() -> bool:
    return User.objects.exists() or Programme.objects.exists() or Cohort.objects.exists()


def _account(email: str, first: str, last: str, *, group: str | None, staff: bool) -> User:
    user = User.objects.create_user(
        email, BENCH_PASSWORD, first_name=first, last_name=last, is_staff=staff
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _programmes() -> list[Programme]:
    found = []
    for slug, values in PROGRAMMES.items():
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            programme = Programme.objects.create(slug=slug, **values)
        found.append(programme)
    return found


def _cohort(programme, name, status, *, opens, deadline, starts, ends, capacity) -> Cohort:
    return Cohort(
        programme=programme,
        name=name,
        status=status,
        capacity=capacity,
        applications_open=uk_moment(opens, time(9)),
        application_deadline=uk_moment(deadline, time(23, 59)),
        places_awarded_by=deadline + timedelta(days=21),
        starts_on=starts,
        ends_on=ends,
    )


def _cohorts(plan: Plan, programmes: list[Programme], today: date, tag: str) -> list[Cohort]:
    """[board cohort, register cohort, completed cohorts with events..., the others]."""
    S = Cohort.Status
    rows = [
        _cohort(programmes[1], f"Bench{tag} allocating", S.ALLOCATING, capacity=90,
                opens=today - timedelta(60), deadline=today - timedelta(7),
                starts=today + timedelta(60), ends=today + timedelta(300)),
        _cohort(programmes[1], f"Bench{tag} running", S.RUNNING, capacity=90,
                opens=today - timedelta(400), deadline=today - timedelta(330),
                starts=today - timedelta(300), ends=today + timedelta(20)),
    ]  # fmt: skip
    for k in range(2, plan.cohorts):
        programme = programmes[k % 2]
        if k < 2 + plan.big_cohorts or k % 5:
            years = k  # completed, one a year back in time
            starts = today - timedelta(days=365 * years + 30)
            status, ends = S.COMPLETED, starts + timedelta(days=300)
        else:
            status, starts = S.OPEN, today + timedelta(days=60 + k)
            ends = starts + timedelta(days=300)
        rows.append(
            _cohort(programme, f"Bench{tag} cohort {k}", status, capacity=30 + 60 * (k % 2),
                    opens=starts - timedelta(120), deadline=starts - timedelta(40),
                    starts=starts, ends=ends)
        )  # fmt: skip
    if rows[-1].status != S.OPEN and plan.cohorts > 3:
        rows[-1].status = S.OPEN
    return Cohort.objects.bulk_create(rows)


def _events(cohort: Cohort, count: int, today: date) -> list[Event]:
    """``count`` extended days and seminars spread over the cohort's year."""
    span = max((cohort.ends_on - cohort.starts_on).days, 1)
    rows = []
    for i in range(count):
        day = cohort.starts_on + timedelta(days=span * i // max(count - 1, 1))
        seminar = i % 3 == 1
        kind = Event.Kind.ONLINE_SEMINAR if seminar else Event.Kind.EXTENDED_DAY
        start = uk_moment(day, time(14) if seminar else time(9))
        end = uk_moment(day, time(16) if seminar else time(19, 30))
        rows.append(
            Event(cohort=cohort, kind=kind, title=f"Event {i + 1}", topic="Leading change",
                  starts_at=start, ends_at=end,
                  joining_link="https://meet.example.org/bench" if seminar else "")
        )  # fmt: skip
    return rows


def _bulk(model, rows) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _answers(i: int, authority: LocalAuthority, organisation: Organisation) -> dict:
    return {
        "first_name": f"Applicant{i}",
        "last_name": "Bench",
        "job_title": "Head of Service",
        "employer": organisation.name,
        "organisation_type": organisation.type,
        "local_authority": authority,
        "sector": SECTORS[i % len(SECTORS)],
        "service_area": "Children's services",
        "service_led": "Safeguarding and early help",
        "team_size": 5 + i % 40,
        "reports_to": "Director of Children's Services",
        "endorser_name": f"Endorser {i}",
        "endorser_job_title": "Assistant Director",
        "endorser_email": f"endorser{i}@example.org",
        "why_now": "To lead the service through the next stage of its improvement. " * 3,
        "contribution": "Experience of partnership work across the region. " * 3,
        "development": "Strategic influence and leading through uncertainty. " * 3,
        "can_attend_all_dates": True,
        "agrees_full_engagement": True,
        "data_protection_consent": True,
    }


def _scores(board: Cohort, member: User, applications: list, tag: str) -> int:
    """The board as it stands mid-scoring: nine more members of the DCS group have scored every
    application on every criterion, and the bench's member half of them, so the board's means,
    spreads and "not yet scored by me" all have something to work on."""
    others = _bulk(
        User,
        [User(email=f"dcs{tag}-{i}@bench.example.org", first_name=f"Member{i}",
              last_name="Bench", password=make_password(None), is_staff=True)
         for i in range(9)],
    )  # fmt: skip
    Group.objects.get(name=roles.DCS_GROUP).user_set.add(*others)
    criteria = list(Criterion.objects.filter(cohort=board))
    rows = [
        Score(application=a, scorer=scorer, criterion=c, value=1 + (i * 7 + k * 3 + n) % 5)
        for i, a in enumerate(applications)
        for n, scorer in enumerate(others + ([member] if i % 2 else []))
        for k, c in enumerate(criteria)
    ]
    return len(_bulk(Score, rows))


def build(*, scale: float = 1.0, stdout=None) -> dict:  # noqa: C901 - one straight recipe
    """Write the data set; the manifest ``bench/run.py`` reads (accounts and page paths)."""
    plan = targets(scale)
    today = uk_today()
    now = timezone.now()
    tag = "" if not has_data() else secrets.token_hex(2)
    say = stdout.write if stdout else (lambda text: None)

    coordinator = _account(f"coordinator{tag}@bench.example.org", "Cora", "Ordinator",
                           group=roles.COORDINATORS, staff=True)  # fmt: skip
    member = _account(f"dcs{tag}@bench.example.org", "Dana", "Member",
                      group=roles.DCS_GROUP, staff=True)  # fmt: skip
    person = _account(f"participant{tag}@bench.example.org", "Pat", "Participant",
                      group=None, staff=False)  # fmt: skip
    mentor = _account(f"mentor{tag}@bench.example.org", "Morgan", "Entor",
                      group=roles.MENTORS, staff=False)  # fmt: skip
    unusable = make_password(None)
    users = _bulk(
        User,
        [
            User(email=f"bench{tag}-{i}@example.org", first_name=f"Person{i}",
                 last_name=f"Bench{i % 97}", password=unusable)
            for i in range(plan.users - 1)
        ],
    )  # fmt: skip
    users.insert(0, person)
    say(f"{len(users) + 2} users\n")

    # The authorities the migrations hold (the East Midlands councils) count towards the total.
    authorities = list(LocalAuthority.objects.order_by("pk"))
    new = [
        LocalAuthority(name=f"Bench{tag} authority {i:03d}",
                       code=f"X{tag or '0000'}{i:04d}", region=f"Region {i % 9}")
        for i in range(max(0, plan.local_authorities - len(authorities)))
    ]  # fmt: skip
    authorities += _bulk(LocalAuthority, new)
    councils = [
        Organisation(name=f"Bench{tag} {a.name} council", type=Organisation.Type.LOCAL_AUTHORITY,
                     local_authority=a)
        for a in authorities
    ]  # fmt: skip
    partners = [
        Organisation(name=f"Bench{tag} partner {i:03d}", type=PARTNER_TYPES[i % len(PARTNER_TYPES)],
                     local_authority=authorities[i % len(authorities)])
        for i in range(max(1, plan.local_authorities // 5))
    ]  # fmt: skip
    organisations = _bulk(Organisation, councils + partners)
    say(f"{len(authorities)} local authorities, {len(organisations)} organisations\n")

    cohorts = _cohorts(plan, _programmes(), today, tag)
    board, register = cohorts[0], cohorts[1]
    AllocationSettings.objects.create(
        cohort=board, scoring_closes_on=board.places_awarded_by - timedelta(days=7)
    )
    _bulk(Criterion, [Criterion(cohort=board, name=name, guidance=guidance, order=order)
                      for order, (name, guidance) in enumerate(CRITERIA, start=1)])  # fmt: skip
    say(f"{len(cohorts)} cohorts\n")

    # Applications: the board's cohort all submitted and endorsed, the rest spread over the
    # other cohorts, most submitted, some drafts and withdrawals.
    others = cohorts[1:]
    per_cohort = [plan.board_applications] + [
        (plan.applications - plan.board_applications) // len(others)
        + (i < (plan.applications - plan.board_applications) % len(others))
        for i in range(len(others))
    ]
    applications, answered = [], []
    S = ExpressionOfInterest.Status
    for c, (cohort, count) in enumerate(zip(cohorts, per_cohort, strict=True)):
        for j in range(count):
            i = len(applications)
            organisation = organisations[i % len(organisations)]
            status = (
                S.SUBMITTED if c == 0 or j % 10 < 7 else (S.DRAFT if j % 10 < 9 else S.WITHDRAWN)
            )
            application = ExpressionOfInterest(
                cohort=cohort,
                applicant=users[(j + 1 + c * 37) % len(users)] if c or j else users[1],
                status=status,
                submitted_at=cohort.application_deadline - timedelta(days=1 + j % 20)
                if status != S.DRAFT else None,
                withdrawn_at=now if status == S.WITHDRAWN else None,
                withdrawal_reason="Changed role." if status == S.WITHDRAWN else "",
                **_answers(i, organisation.local_authority or authorities[0], organisation),
            )  # fmt: skip
            applications.append(application)
            answered.append(c == 0 or (status == S.SUBMITTED and j % 3 != 2))
    applications = _bulk(ExpressionOfInterest, applications)
    E = Endorsement.State
    endorsements = [
        Endorsement(
            application=a, endorser_name=a.endorser_name, endorser_email=a.endorser_email,
            state=E.CONFIRMED if done else E.PENDING, basis="approval" if done else "",
            responded_at=now if done else None,
        )
        for a, done in zip(applications, answered, strict=True)
        if a.status == S.SUBMITTED
    ]  # fmt: skip
    _bulk(Endorsement, endorsements)
    say(f"{len(applications)} applications, {len(endorsements)} endorsements\n")
    scores = _scores(board, member, applications[: plan.board_applications], tag)
    say(f"{scores} scores on the board\n")

    # Participants and their events: the register cohort (90 people, the bench participant
    # first), then the completed cohorts.
    groups = [(register, plan.register_people, plan.register_events)] + list(
        zip(cohorts[2 : 2 + plan.big_cohorts], plan.big_sizes(), plan.big_events(), strict=True)
    )
    participants, events, next_user = [], [], 0
    for cohort, size, event_count in groups:
        P = Participant.Status
        status = P.ACTIVE if cohort.status == Cohort.Status.RUNNING else P.COMPLETED
        for _ in range(size):
            organisation = organisations[next_user % len(organisations)]
            participants.append(
                Participant(user=users[next_user], cohort=cohort, organisation=organisation,
                            local_authority=organisation.local_authority, job_title="Head of Service",
                            status=status, joined_at=now)
            )  # fmt: skip
            next_user += 1
        events.extend(_events(cohort, event_count, today))
    participants = _bulk(Participant, participants)
    events = _bulk(Event, events)
    CalendarFeed.objects.create(participant=participants[0])
    say(f"{len(participants)} participants, {len(events)} events\n")

    by_cohort: dict[int, list[Participant]] = {}
    for p in participants:
        by_cohort.setdefault(p.cohort_id, []).append(p)
    records, statuses = [], ["present"] * 17 + ["late", "apologies", "absent"]
    past = [e for e in events if e.ends_at < now]
    for event in past:
        for p in by_cohort.get(event.cohort_id, []):
            if len(records) == plan.attendance:
                break
            records.append(
                AttendanceRecord(event=event, participant=p, marked_by=coordinator,
                                 status=statuses[(p.pk + event.pk) % len(statuses)], marked_at=now)
            )  # fmt: skip
    _bulk(AttendanceRecord, records)
    say(f"{len(records)} attendance records\n")

    register_event = max((e for e in past if e.cohort_id == register.pk), key=lambda e: e.starts_at)
    in_register = by_cohort[register.pk]
    round = extra.evaluation_round(register, in_register, now=now)
    extra.mentor_with_mentees(mentor, in_register, by=coordinator)
    graduates = extra.certificates_cohort(register.programme, organisations, by=coordinator,
                                          today=today, now=now, tag=tag)  # fmt: skip
    say(f"an evaluation round of {len(in_register)}, a mentor, a cohort of "
        f"{extra.CERTIFICATE_PEOPLE} due certificates\n")  # fmt: skip
    return {
        "scale": scale,
        "plan": asdict(plan),
        "password": BENCH_PASSWORD,
        "accounts": {
            "coordinator": coordinator.email,
            "dcs": member.email,
            "participant": person.email,
            "mentor": mentor.email,
        },  # fmt: skip
        "pages": _pages(board, register, register_event, participants[0])
        | {
            "mentor_workspace": ["mentor", reverse("mentoring:workspace")],
            "evaluation_report": [
                "participant",
                reverse("evaluations:report", kwargs={"round_id": round.pk}),
            ],
        },
        # What bench/background.py works on once the pages are timed.
        "background": {"certificates_cohort": graduates.pk, "board_cohort": board.pk},
    }


def _pages(board: Cohort, register: Cohort, event: Event, participant: Participant) -> dict:
    """Each measured page: [who signs in for it, its path]."""
    slug = board.programme.slug
    return {
        "home": [None, reverse("cohorts:home")],
        "programme": [None, reverse("cohorts:programme", kwargs={"slug": slug})],
        "brochure_pdf": [None, reverse("cohorts:brochure", kwargs={"slug": slug})],
        # The evaluation round's programme (the board's) has the current framework.
        "qualities_pdf": [None, reverse("cohorts:qualities_pdf", kwargs={"slug": slug})],
        "blank_form_pdf": [None, reverse("applications:blank_form", args=[board.pk])],
        "allocation_board": ["dcs", reverse("admin:applications_board", args=[board.pk])],
        "allocation_proposal": [
            "dcs",
            reverse("admin:applications_board", args=[board.pk]) + "?propose=1",
        ],
        "admin_attendance": ["coordinator", reverse("admin:events_attendancerecord_changelist")],
        "admin_participants": ["coordinator", reverse("admin:cohorts_participant_changelist")],
        "admin_applications": [
            "dcs",
            reverse("admin:applications_expressionofinterest_changelist"),
        ],
        "my_applications": ["participant", reverse("applications:list")],
        "me": ["participant", reverse("cohorts:dashboard")],
        "ics_feed": [
            None,
            reverse("events:feed", kwargs={"token": participant.calendar_feed.token}),
        ],
        "register_90": [
            "coordinator",
            reverse("coordinator:register", kwargs={"event_id": event.pk}),
        ],
        "engagement": [
            "coordinator",
            reverse("coordinator:engagement", kwargs={"cohort_id": register.pk}),
        ],
        "certificates": [
            "coordinator",
            reverse("certificates:cohort", kwargs={"cohort_id": register.pk}),
        ],
        "coordinator_workspace": ["coordinator", reverse("cohorts:workspace")],
        "portfolio": ["participant", "/me/portfolio/"],
    }


def manifest_json(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, sort_keys=True)
