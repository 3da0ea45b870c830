"""The demo's tutorial group and action learning set.

- ``mentor@example.org`` (Priya Sharma) facilitates Tutorial group A of CSSSL Cohort 1: the
  demo participant, Rebecca Thornton, Imran Siddiqui and Louise Crawford. It met at the end of
  each of the cohort's four extended days (18.15 to 19.30, as the day's agenda has it), each
  register taken at the door (Imran late on the second day, as he was to the event), and it
  meets again, online, a fortnight after the demo's day, to look at where their development
  plans have taken them: so her workspace has a register to open and the members a meeting
  ahead.
- ``alicse.participant@example.org`` (Hannah Brooks) is in Action learning set 1 of ALICSE
  2012/13, facilitated by Helen Marsh, with two colleagues from the region. The set met four
  times between the event days; its meetings count toward completion and the cohort allows
  one to be missed: Hannah sent apologies for one, so she is within the allowance.

Groups are found by cohort and name, meetings by group and title, marks by meeting and
member; each is written through the service a coordinator or facilitator uses, only when it
differs, so loading twice leaves the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from io import TextIOBase

from cohorts.demo.load import place_on
from cohorts.models import Cohort, Organisation, Participant
from csssl.demo import DemoAccount, at, load_account, upsert
from csssl.models import User
from csssl.uktime import uk_moment
from mentoring.demo.people import People
from mentoring.models import CohortMentoring, Group, GroupMeeting, MeetingAttendance
from mentoring.services import groups as services

Status = MeetingAttendance.Status


@dataclass(frozen=True)
class Meeting:
    title: str
    day: date
    starts: time
    ends: time
    place: str
    #: Member's email -> (status, note) where the register does not say present.
    marks: tuple[tuple[str, str, str], ...] = ()


TUTORIAL_MEMBERS = [
    "participant@example.org",
    "rebecca.thornton@example.org",
    "imran.siddiqui@example.org",
    "louise.crawford@example.org",
]
TUTORIAL_MEETINGS = [
    Meeting(
        "Tutorial 1: setting your development priorities",
        date(2021, 10, 7),
        time(18, 15),
        time(19, 30),
        "The extended day's venue: tutorial room 2",
    ),
    Meeting(
        "Tutorial 2: what the online seminars are teaching you",
        date(2021, 12, 2),
        time(18, 15),
        time(19, 30),
        "The extended day's venue: tutorial room 2",
        marks=(("imran.siddiqui@example.org", Status.LATE, "Stayed on after the panel."),),
    ),
    Meeting(
        "Tutorial 3: progress against your development plan",
        date(2022, 2, 3),
        time(18, 15),
        time(19, 30),
        "The extended day's venue: tutorial room 2",
    ),
    Meeting(
        "Tutorial 4: looking back on the year",
        date(2022, 4, 7),
        time(18, 15),
        time(19, 30),
        "The extended day's venue: tutorial room 2",
    ),
]
#: The meeting still to come, this many days after the demo's day.
FOLLOW_UP = "Alumni tutorial: where your development plan has taken you"
FOLLOW_UP_DAYS = 14

SET_COLLEAGUES = [
    (
        DemoAccount(
            "owen.price@example.org",
            "Owen",
            "Price",
            "Participant: took part in ALICSE 2012/13, in Hannah Brooks's action learning set",
        ),
        "Nottingham City Council",
        "Head of Service, Early Years",
    ),
    (
        DemoAccount(
            "grace.whitlock@example.org",
            "Grace",
            "Whitlock",
            "Participant: took part in ALICSE 2012/13, in Hannah Brooks's action learning set",
        ),
        "Lincolnshire County Council",
        "Head of Inclusion and Attendance",
    ),
]
SET_MEETINGS = [
    Meeting(
        "Set meeting 1: choosing the problems we bring",
        date(2012, 11, 8),
        time(13, 30),
        time(16, 30),
        "Nottingham: Loxley House, meeting room 3",
    ),
    Meeting(
        "Set meeting 2: first actions and what happened",
        date(2013, 1, 10),
        time(13, 30),
        time(16, 30),
        "Nottingham: Loxley House, meeting room 3",
        marks=(
            (
                "alicse.participant@example.org",
                Status.APOLOGIES,
                "Ofsted monitoring visit at the trust that day.",
            ),
        ),
    ),
    Meeting(
        "Set meeting 3: working across agencies",
        date(2013, 2, 28),
        time(13, 30),
        time(16, 30),
        "Nottingham: Loxley House, meeting room 3",
    ),
    Meeting(
        "Set meeting 4: what we learned, and what we take on",
        date(2013, 5, 9),
        time(13, 30),
        time(16, 30),
        "Nottingham: Loxley House, meeting room 3",
    ),
]
#: ALICSE 2012/13's allowance of missed set meetings.
SET_MEETINGS_ALLOWED_MISSED = 1
#: The register is taken at the door, a few minutes after the start.
REGISTER_TAKEN_AFTER = timedelta(minutes=5)


def load_group(
    *, cohort: Cohort, name: str, kind: str, facilitator: User, counts: bool, by: User
) -> Group:
    group = Group.objects.filter(cohort=cohort, name=name).first()
    wanted = (kind, facilitator.pk, counts)
    if group is not None and (group.kind, group.facilitator_id, group.counts_toward_completion) == (
        wanted
    ):
        return group
    return services.group_save(
        cohort=cohort,
        group=group,
        name=name,
        kind=kind,
        facilitator=facilitator,
        counts_toward_completion=counts,
        by=by,
    )


def load_members(group: Group, members: list[Participant], *, by: User) -> None:
    if set(group.members.values_list("pk", flat=True)) != {m.pk for m in members}:
        services.group_members_set(group=group, participants=members, by=by)


def load_meeting(group: Group, meeting: Meeting, *, by: User) -> GroupMeeting:
    starts_at = uk_moment(meeting.day, meeting.starts)
    ends_at = uk_moment(meeting.day, meeting.ends)
    found = GroupMeeting.objects.filter(group=group, title=meeting.title).first()
    if found is None:
        return services.meeting_add(
            group=group,
            title=meeting.title,
            starts_at=starts_at,
            ends_at=ends_at,
            place=meeting.place,
            by=by,
        )
    services.meeting_move(
        meeting=found,
        starts_at=starts_at,
        ends_at=ends_at,
        title=meeting.title,
        place=meeting.place,
        by=by,
    )
    found.refresh_from_db()
    return found


def take_register(
    meeting: GroupMeeting, plan: Meeting, members: dict[str, Participant], *, by: User
) -> None:
    """Each member present, except for the plan's own marks, as the facilitator took it at
    the door; a mark already so is left untouched."""
    taken_at = meeting.starts_at + REGISTER_TAKEN_AFTER
    exceptions = {email: (status, note) for email, status, note in plan.marks}
    for email, participant in members.items():
        status, note = exceptions.get(email, (Status.PRESENT, ""))
        record = MeetingAttendance.objects.filter(meeting=meeting, participant=participant).first()
        if record is not None and (
            record.status,
            record.note,
            record.marked_by_id,
            record.marked_at,
        ) == (status, note, by.pk, taken_at):
            continue
        services.meeting_attendance_mark(
            meeting=meeting, participant=participant, status=status, note=note, by=by, now=taken_at
        )


def load_set_colleague(account: DemoAccount, employer: str, job_title: str, cohort) -> Participant:
    return place_on(
        user=load_account(account),
        cohort=cohort,
        organisation=Organisation.objects.get(name=employer),
        job_title=job_title,
        joined_at=at(date(2012, 9, 3), 10),
    )


def load(*, people: People, today: date, stdout: TextIOBase) -> None:
    coordinator = people.coordinator
    priya = people.mentors["mentor@example.org"].user
    helen = people.mentors["helen.marsh@example.org"].user

    tutorial = load_group(
        cohort=people.cohort_1,
        name="Tutorial group A",
        kind=Group.Kind.TUTORIAL,
        facilitator=priya,
        counts=False,
        by=coordinator,
    )
    tutees = {
        email: Participant.objects.get(cohort=people.cohort_1, user__email=email)
        for email in TUTORIAL_MEMBERS
    }
    load_members(tutorial, list(tutees.values()), by=coordinator)
    for plan in TUTORIAL_MEETINGS:
        take_register(load_meeting(tutorial, plan, by=coordinator), plan, tutees, by=priya)
    ahead = today + timedelta(days=FOLLOW_UP_DAYS)
    load_meeting(
        tutorial,
        Meeting(FOLLOW_UP, ahead, time(16, 0), time(17, 30), "Online: video call"),
        by=coordinator,
    )

    upsert(
        CohortMentoring,
        lookup={"cohort": people.alicse_2012},
        values={"meetings_allowed_missed": SET_MEETINGS_ALLOWED_MISSED},
    )
    learning_set = load_group(
        cohort=people.alicse_2012,
        name="Action learning set 1",
        kind=Group.Kind.ACTION_LEARNING,
        facilitator=helen,
        counts=True,
        by=coordinator,
    )
    set_members = {people.alicse_participant.user.email: people.alicse_participant}
    for account, employer, job_title in SET_COLLEAGUES:
        set_members[account.email] = load_set_colleague(
            account, employer, job_title, people.alicse_2012
        )
    load_members(learning_set, list(set_members.values()), by=coordinator)
    for plan in SET_MEETINGS:
        take_register(load_meeting(learning_set, plan, by=coordinator), plan, set_members, by=helen)
    stdout.write(
        f"  {tutorial.name} of {people.cohort_1}, facilitated by {priya.display_name}: "
        f"{len(tutees)} members, next meeting on {ahead:%-d %B}; {learning_set.name} of "
        f"{people.alicse_2012}: {len(set_members)} members.\n"
    )
