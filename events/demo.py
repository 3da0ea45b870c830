"""Demo venues, events, registers and certificates: run by ``manage.py load_demo``.

Every demo cohort gets its events from its own timeline (the cohort's milestones): CSSSL's
extended days at venues around the region, each with an agenda, and its online seminars with a
lead and a joining link; ALICSE's event days in Nottingham, its overnight residential and the
hand-in of the work-based project. Each cohort also gets its completion rule.

CSSSL Cohort 1 (2021/22) has finished, so it also has a handful of participants beside the demo
participant, a register taken at every event and certificates awarded, through the same service
coordinators use, to everyone who met the rule. One participant missed two required events and
has no certificate, so the coordinator's pages show both outcomes. The current cohorts have
their events ahead of them and nothing else.

Rows are keyed on their natural key (a venue's name; an event's cohort and title; a register
mark's event and participant) and saved only when their values differ, so loading twice leaves
the same rows and no extra history, and reloading puts back anything changed in the demo rows.
An event whose time, place or link moves on a reload gets a new calendar sequence, so calendars
that hold it replace it; nobody is emailed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, astuple, dataclass
from datetime import date, datetime, time, timedelta
from io import TextIOBase

from cohorts.certificates import certificate_award
from cohorts.completion import cohort_completions
from cohorts.demo import LONDON, DemoAccount, Window, at, load_account, upsert
from cohorts.models import (
    Certificate,
    Cohort,
    CompletionRule,
    Milestone,
    Organisation,
    Participant,
)
from csssl.models import User

from .models import (
    EXTENDED_DAY_ENDS,
    EXTENDED_DAY_STARTS,
    AgendaItem,
    Apology,
    AttendanceRecord,
    Event,
    Venue,
)
from .services import calendar_snapshot

CSSSL_COHORT_1 = "Cohort 1: Autumn 2021 – Spring 2022"
ALICSE_2012 = "2012/13 cohort"
DEMO_PARTICIPANT = "participant@example.org"
DEMO_COORDINATOR = "coordinator@example.org"

#: Certificates for CSSSL Cohort 1 were awarded three weeks after its final event.
COHORT_1_AWARDED = at(date(2022, 4, 28), 11)

SEMINAR_STARTS = time(14, 0)
SEMINAR_LENGTH = timedelta(hours=2)
EVENT_DAY_STARTS = time(9, 30)
EVENT_DAY_ENDS = time(16, 0)
PROJECT_HAND_IN = time(17, 0)
PROJECT_DUE_BEFORE_FINAL_EVENT = timedelta(weeks=2)

CSSSL_RULE = (
    "Attend all four face-to-face extended days and all six online seminars, and take part "
    "in your mentoring sessions."
)
ALICSE_RULE = (
    "Attend all five event days, including the overnight residential, and hand in your "
    "work-based project for assessment."
)


# --------------------------------------------------------------------------------------------
# Venues
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleVenue:
    name: str
    address: str
    postcode: str
    access_notes: str


EMCC = SampleVenue(
    "East Midlands Conference Centre",
    "Beeston Lane\nUniversity Park\nNottingham",
    "NG7 2RJ",
    "Step-free throughout, with lifts to every floor and hearing loops in the auditorium and "
    "the main suites. Free parking beside the centre, with blue-badge bays by the entrance. "
    "Buses from Nottingham city centre and Beeston stop at the University Park south "
    "entrance, a short walk away. Overnight guests stay at the Orchard Hotel next door, which "
    "has accessible bedrooms.",
)
LEICESTER = SampleVenue(
    "Leicester Racecourse",
    "London Road\nOadby\nLeicester",
    "LE2 4QH",
    "The conference suites are in the grandstand, reached by lift, and the way in from the car "
    "park is step-free. Free parking on site. Buses along the A6 London Road stop at the "
    "racecourse entrance. A portable hearing loop is available: tell the programme team a "
    "week ahead.",
)
DERBY = SampleVenue(
    "Derby Conference Centre",
    "London Road\nAlvaston\nDerby",
    "DE24 8UX",
    "Ramped entrance at the front of the building and a lift to the first-floor suites. Free "
    "parking on site. Derby station is about ten minutes away by taxi; ask the programme team "
    "if you would like to share one.",
)
NOTTINGHAM = SampleVenue(
    "Nottingham Conference Centre",
    "Newton Building, Nottingham Trent University\nBurton Street\nNottingham",
    "NG1 4BU",
    "In the city centre, with the Nottingham Trent University tram stop outside. There is no "
    "parking on site; the nearest public car parks are a few minutes' walk away. Step-free "
    "entrance on Burton Street, lifts to all floors and a hearing loop in the lecture theatre.",
)
NATIONAL_COLLEGE = SampleVenue(
    "National College Learning and Conference Centre",
    "Triumph Road\nNottingham",
    "NG8 1DH",
    "Bedrooms on site for the residential, including accessible rooms on the ground floor. "
    "Step-free access throughout the learning centre. Free parking; a shuttle bus runs to "
    "Nottingham station at the start and end of each day.",
)
VENUES = [EMCC, LEICESTER, DERBY, NOTTINGHAM, NATIONAL_COLLEGE]

#: Where each CSSSL extended day is held, in order: around the region, ending where it began.
CSSSL_VENUES = [EMCC, LEICESTER, DERBY, EMCC]


def load_venues() -> dict[str, Venue]:
    return {
        sample.name: upsert(
            Venue,
            lookup={"name": sample.name},
            values={
                "address": sample.address,
                "postcode": sample.postcode,
                "access_notes": sample.access_notes,
            },
        )
        for sample in VENUES
    }


# --------------------------------------------------------------------------------------------
# What happens at each event
# --------------------------------------------------------------------------------------------

Kind = AgendaItem.Kind
PROJECT_2035 = "Project 2035"


@dataclass(frozen=True)
class Session:
    """One part of an event's day, as it goes on the agenda."""

    starts_at: time
    ends_at: time
    kind: str
    title: str
    speaker: str = ""
    strand: str = ""


@dataclass(frozen=True)
class ExtendedDay:
    """What is particular to one CSSSL extended day; ``extended_day_agenda`` fits it into the
    shape every day shares."""

    keynote: str
    dcs: str
    morning_workshop: str
    guest_talk: str
    guest: str
    afternoon_workshop: str
    conversation: str
    guests_in_conversation: str
    tutorial: str


EXTENDED_DAYS = [
    ExtendedDay(
        keynote="Stepping up: what changes when you lead the whole system",
        dcs="Andrew Whitfield, Director of Children's Services, Derby",
        morning_workshop="Children and families in 2035: what will they need from us?",
        guest_talk="Leading when the stakes are high: lessons from the fire and rescue service",
        guest="Alan Proctor, former Chief Fire Officer",
        afternoon_workshop="Forming mixed groups and choosing a scenario to work on",
        conversation="The first year in a second-tier role",
        guests_in_conversation="Three assistant directors from across the region",
        tutorial="Setting your development priorities from the pre-programme evaluation",
    ),
    ExtendedDay(
        keynote="The privileges and the pressures of being a Director of Children's Services",
        dcs="Martin Ashby, Executive Director, Children's Services, Lincolnshire",
        morning_workshop="Leadership roles that do not exist yet",
        guest_talk="Trust, candour and accountability: a hospital chief executive's view",
        guest="Dr Susan Reid, chief executive of an NHS trust",
        afternoon_workshop="Testing your scenario against a realistic budget",
        conversation="Working with elected members",
        guests_in_conversation="A lead member for children's services and a serving DCS",
        tutorial="What the online seminars are teaching you",
    ),
    ExtendedDay(
        keynote="Leading through inspection and public scrutiny",
        dcs="Fiona Drummond, Director of Children and Family Services, Leicestershire",
        morning_workshop="Working across organisational boundaries",
        guest_talk="Building a team that tells you the truth: leadership in elite sport",
        guest="Lucy Hammond, performance director in elite sport",
        afternoon_workshop="Preparing your group's case for the final event",
        conversation="Partners' view of children's services: health, police and schools",
        guests_in_conversation="Senior leaders from the NHS, the police and an academy trust",
        tutorial="Progress against your development plan",
    ),
    ExtendedDay(
        keynote="Your next step: what the region's DCSs look for in their senior leaders",
        dcs="Olivia Barnes, Corporate Director, Children's Services, Nottinghamshire",
        morning_workshop="Presenting your scenarios to a panel of DCSs",
        guest_talk="Leading for the long term: a view from the voluntary sector",
        guest="Dev Chauhan, chief executive of a national children's charity",
        afternoon_workshop="The panel's feedback and what it means for your own service",
        conversation="Directors appointed in the last two years on their first year in post",
        guests_in_conversation="Two recently appointed Directors of Children's Services",
        tutorial="Looking back on the year and planning what comes next",
    ),
]


def extended_day_agenda(day: ExtendedDay) -> list[Session]:
    """9.00am to 7.30pm: a DCS keynote, the Project 2035 strand morning and afternoon, a guest
    speaker, conversation with serving leaders, and a small-group tutorial to finish."""
    return [
        Session(EXTENDED_DAY_STARTS, time(9, 30), Kind.BREAK, "Arrival, coffee and welcome"),
        Session(time(9, 30), time(10, 30), Kind.KEYNOTE, day.keynote, day.dcs),
        Session(
            time(10, 45),
            time(12, 45),
            Kind.WORKSHOP,
            f"{PROJECT_2035}: {day.morning_workshop}",
            strand=PROJECT_2035,
        ),
        Session(time(12, 45), time(13, 30), Kind.BREAK, "Lunch"),
        Session(time(13, 30), time(14, 30), Kind.KEYNOTE, day.guest_talk, day.guest),
        Session(
            time(14, 45),
            time(16, 15),
            Kind.WORKSHOP,
            f"{PROJECT_2035}: {day.afternoon_workshop}",
            strand=PROJECT_2035,
        ),
        Session(
            time(16, 30),
            time(17, 30),
            Kind.PANEL,
            f"In conversation: {day.conversation}",
            day.guests_in_conversation,
        ),
        Session(time(17, 30), time(18, 15), Kind.BREAK, "Dinner"),
        Session(
            time(18, 15),
            EXTENDED_DAY_ENDS,
            Kind.TUTORIAL,
            f"Small-group tutorials: {day.tutorial}",
            "Programme tutors",
        ),
    ]


#: Who leads each CSSSL online seminar: serving colleagues from the region.
SEMINAR_LEADS = {
    "Understanding the political process": (
        "Richard Ellery, Director of Children's Services, Rutland"
    ),
    "Strategic commissioning": "Joanna Blake, Head of Strategic Commissioning, Derbyshire",
    "Working with the school system": "Dr Paul Mensah, Director of Education, Nottingham",
    "Effective early intervention": "Sian Wallace, Assistant Director, Early Help, Lincolnshire",
    "Supporting vulnerable children and families": (
        "Gareth Lowe, Director of Children's Social Care, Derby"
    ),
    "SEND and Inclusion": "Ruth Okonkwo, Assistant Director, SEND and Inclusion, Leicester",
}

ALICSE_TUTORS = "ALICSE university tutors"


@dataclass(frozen=True)
class EventDay:
    """What is particular to one ALICSE event day."""

    keynote: str
    dcs: str
    workshop: str
    closing: str


ALICSE_DAYS = [
    EventDay(
        keynote="Why integrated leadership matters for children and families",
        dcs="Jonathan Reeve, Director of Children's Services",
        workshop="Your leadership profile: making sense of the self and 360-degree evaluation",
        closing="Action learning sets: first meeting and ground rules",
    ),
    EventDay(
        keynote="Leading across agency boundaries",
        dcs="Margaret Holt, Director of Children's Services",
        workshop="Case study: building a multi-agency safeguarding hub",
        closing="Action learning sets",
    ),
    EventDay(
        keynote="What changes when leaders share the risk",
        dcs="Anil Mistry, Director of Children's Services",
        workshop="Problem-solving with corporate leaders from around the region",
        closing="Work-based project progress reviews",
    ),
    EventDay(
        keynote="Succession and the region's leaders of tomorrow",
        dcs="Jonathan Reeve, Director of Children's Services",
        workshop="Project showcase: what changed for children and families",
        closing="Planning your learning beyond the programme",
    ),
]


def event_day_agenda(day: EventDay) -> list[Session]:
    """9.30am to 4.00pm: a DCS keynote, a workshop, seminar groups and a closing session."""
    return [
        Session(EVENT_DAY_STARTS, time(10, 0), Kind.BREAK, "Arrival and coffee"),
        Session(time(10, 0), time(11, 0), Kind.KEYNOTE, day.keynote, day.dcs),
        Session(time(11, 15), time(12, 30), Kind.WORKSHOP, day.workshop),
        Session(time(12, 30), time(13, 15), Kind.BREAK, "Lunch"),
        Session(
            time(13, 15),
            time(14, 45),
            Kind.TUTORIAL,
            "Facilitated seminar groups",
            ALICSE_TUTORS,
        ),
        Session(time(15, 0), EVENT_DAY_ENDS, Kind.OTHER, day.closing),
    ]


# --------------------------------------------------------------------------------------------
# Events from the timeline
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedEvent:
    """An event as the demo plans it, before it is stored."""

    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    topic: str = ""
    lead: str = ""
    venue: Venue | None = None
    joining_link: str = ""
    agenda: tuple[Session, ...] = ()

    def values(self) -> dict:
        return {
            "kind": self.kind,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "description": self.description,
            "topic": self.topic,
            "lead": self.lead,
            "venue": self.venue,
            "joining_link": self.joining_link,
            "counts_toward_completion": True,
            "cancelled": False,
        }


def moment(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


def held_on(milestone: Milestone) -> date:
    """The day an event is held. A milestone published only by its month (or as early in the
    month) keeps its date when that falls on a weekday; a weekend date moves to the Monday
    after, or to the Friday before when the month would end first."""
    day = milestone.starts_on
    if milestone.precision == Milestone.Precision.DAY or day.weekday() < 5:
        return day
    monday = day + timedelta(days=7 - day.weekday())
    return monday if monday.month == day.month else day - timedelta(days=day.weekday() - 4)


def plan_csssl(cohort: Cohort, venues: dict[str, Venue]) -> list[PlannedEvent]:
    """The four extended days and six online seminars on the cohort's timeline."""
    milestones = list(cohort.milestones.order_by("starts_on", "pk"))
    extended = [m for m in milestones if m.kind == Milestone.Kind.EXTENDED_DAY]
    seminars = [m for m in milestones if m.kind == Milestone.Kind.SEMINAR]
    planned = []
    for milestone, day, venue in zip(extended, EXTENDED_DAYS, CSSSL_VENUES, strict=True):
        held = held_on(milestone)
        planned.append(
            PlannedEvent(
                kind=Event.Kind.EXTENDED_DAY,
                title=milestone.title,
                starts_at=moment(held, EXTENDED_DAY_STARTS),
                ends_at=moment(held, EXTENDED_DAY_ENDS),
                description=milestone.description,
                venue=venues[venue.name],
                agenda=tuple(extended_day_agenda(day)),
            )
        )
    for number, milestone in enumerate(seminars, start=1):
        starts_at = moment(held_on(milestone), SEMINAR_STARTS)
        planned.append(
            PlannedEvent(
                kind=Event.Kind.ONLINE_SEMINAR,
                title=milestone.title,
                starts_at=starts_at,
                ends_at=starts_at + SEMINAR_LENGTH,
                description=milestone.description,
                topic=milestone.topic,
                lead=SEMINAR_LEADS.get(milestone.topic, ""),
                joining_link=(
                    f"https://meet.example.org/{cohort.programme.slug}/{cohort.pk}/seminar-{number}"
                ),
            )
        )
    return planned


def plan_alicse(
    cohort: Cohort, venues: dict[str, Venue], *, residential_at: SampleVenue
) -> list[PlannedEvent]:
    """The four event days and the residential on the cohort's timeline, and the hand-in of
    the work-based project a fortnight before the last day."""
    milestones = list(cohort.milestones.order_by("starts_on", "pk"))
    days = [m for m in milestones if m.kind == Milestone.Kind.EVENT_DAY]
    residential = next(m for m in milestones if m.kind == Milestone.Kind.RESIDENTIAL)
    planned = []
    for milestone, day in zip(days, ALICSE_DAYS, strict=True):
        held = held_on(milestone)
        planned.append(
            PlannedEvent(
                kind=Event.Kind.EVENT_DAY,
                title=milestone.title,
                starts_at=moment(held, EVENT_DAY_STARTS),
                ends_at=moment(held, EVENT_DAY_ENDS),
                description=milestone.description,
                venue=venues[NOTTINGHAM.name],
                agenda=tuple(event_day_agenda(day)),
            )
        )
    first_day = held_on(residential)
    last_day = residential.ends_on or first_day + timedelta(days=1)
    planned.append(
        PlannedEvent(
            kind=Event.Kind.RESIDENTIAL,
            title=residential.title,
            starts_at=moment(first_day, EVENT_DAY_STARTS),
            ends_at=moment(last_day, EVENT_DAY_ENDS),
            description=residential.description,
            venue=venues[residential_at.name],
        )
    )
    due = held_on(days[-1]) - PROJECT_DUE_BEFORE_FINAL_EVENT
    planned.append(
        PlannedEvent(
            kind=Event.Kind.ASSESSMENT,
            title="Work-based project hand-in",
            starts_at=moment(due, time(9, 0)),
            ends_at=moment(due, PROJECT_HAND_IN),
            description=(
                "Send your work-based project report to your university tutor by 5.00pm. It "
                "is assessed towards the 30 CATS credits, and the register records whether it "
                "arrived on time."
            ),
            lead=ALICSE_TUTORS,
        )
    )
    return sorted(planned, key=lambda event: event.starts_at)


def load_event(cohort: Cohort, plan: PlannedEvent) -> Event:
    """Store the planned event, found by its cohort and title. When its time, place or link
    has changed, its calendar sequence goes up so that calendars replace it."""
    event = Event.objects.filter(cohort=cohort, title=plan.title).order_by("pk").first()
    if event is None:
        event = Event(cohort=cohort, title=plan.title, **plan.values())
        event.full_clean()
        event.save()
    else:
        before = calendar_snapshot(event)
        values = plan.values()
        if any(getattr(event, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(event, field, value)
            if calendar_snapshot(event) != before:
                event.sequence += 1
            event.full_clean()
            event.save()
    load_agenda(event, plan.agenda)
    return event


def load_agenda(event: Event, sessions: tuple[Session, ...]) -> None:
    """Make the event's agenda exactly ``sessions``; an unchanged agenda keeps its rows."""
    stored = [
        (item.starts_at, item.ends_at, item.kind, item.title, item.speaker, item.strand)
        for item in event.agenda.order_by("starts_at", "pk")
    ]
    if stored == [astuple(session) for session in sessions]:
        return
    event.agenda.all().delete()
    for session in sessions:
        item = AgendaItem(event=event, **asdict(session))
        item.full_clean()
        item.save()


def load_events(cohort: Cohort, plans: list[PlannedEvent]) -> list[Event]:
    """The cohort's events exactly as planned: any other event on the cohort is removed."""
    events = [load_event(cohort, plan) for plan in plans]
    cohort.events.exclude(pk__in=[event.pk for event in events]).delete()
    return events


def load_rule(cohort: Cohort, description: str) -> CompletionRule:
    return upsert(
        CompletionRule,
        lookup={"cohort": cohort},
        values={"allowed_absences": 0, "description": description},
    )


# --------------------------------------------------------------------------------------------
# CSSSL Cohort 1: participants, registers and certificates
# --------------------------------------------------------------------------------------------

Status = AttendanceRecord.Status


@dataclass(frozen=True)
class Mark:
    """A register mark other than a plain "present": the event's title, status and note."""

    event: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class Apologised:
    """Apologies sent before an event: the event's title, the reason and how many days
    ahead they were sent."""

    event: str
    reason: str
    days_before: int


@dataclass(frozen=True)
class Colleague:
    """A participant of CSSSL Cohort 1 beside the demo participant. Present at every event
    except where ``marks`` says otherwise."""

    first_name: str
    last_name: str
    employer: str
    job_title: str
    joined_on: date
    marks: tuple[Mark, ...] = ()
    apology: Apologised | None = None

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}@example.org".lower()

    @property
    def completes(self) -> bool:
        return all(mark.status in AttendanceRecord.ATTENDED for mark in self.marks)


COHORT_1_COLLEAGUES = [
    Colleague(
        "Rebecca",
        "Thornton",
        "Derby City Council",
        "Head of Service, Early Help and Family Support",
        date(2021, 8, 3),
    ),
    Colleague(
        "Imran",
        "Siddiqui",
        "Leicester City Council",
        "Head of Service, Fostering and Adoption",
        date(2021, 8, 2),
        marks=(Mark("Event 2", Status.LATE, "Train delayed at Loughborough; arrived at 10.05."),),
    ),
    Colleague(
        "Louise",
        "Crawford",
        "Lincolnshire County Council",
        "Head of School Improvement and Inclusion",
        date(2021, 8, 5),
    ),
    Colleague(
        "Samuel",
        "Adeyemi",
        "Nottinghamshire Healthcare NHS Foundation Trust",
        "Head of Safeguarding, Children and Families",
        date(2021, 8, 9),
        marks=(
            Mark(
                "Online seminar 3",
                Status.LEFT_EARLY,
                "Left at 3.30pm for a safeguarding strategy meeting; caught up from the slides.",
            ),
        ),
    ),
    Colleague(
        "Stephen",
        "Hollis",
        "Derbyshire County Council",
        "Head of Service, Youth Justice",
        date(2021, 8, 4),
        marks=(
            Mark("Event 3", Status.APOLOGIES, "Apologies sent in advance."),
            Mark(
                "Online seminar 5",
                Status.ABSENT,
                "No word beforehand; the programme team followed up the next day.",
            ),
        ),
        apology=Apologised(
            "Event 3",
            "The youth justice service has an inspection that week and I need to be on site "
            "throughout. I am sorry to miss the day.",
            days_before=6,
        ),
    ),
]


def load_colleague(colleague: Colleague, cohort: Cohort) -> Participant:
    user = load_account(
        DemoAccount(
            colleague.email,
            colleague.first_name,
            colleague.last_name,
            f"Participant of {cohort}",
        )
    )
    organisation = Organisation.objects.get(name=colleague.employer)
    return upsert(
        Participant,
        lookup={"user": user, "cohort": cohort},
        values={
            "organisation": organisation,
            "local_authority": organisation.local_authority,
            "job_title": colleague.job_title,
            "status": (
                Participant.Status.COMPLETED if colleague.completes else Participant.Status.ACTIVE
            ),
            "joined_at": at(colleague.joined_on, 10),
        },
    )


def take_register(
    *, event: Event, participant: Participant, status: str, note: str, by: User
) -> AttendanceRecord:
    """The participant's mark at the event as the coordinator took it that morning; a mark
    already so is left untouched."""
    values = {
        "status": status,
        "note": note,
        "marked_by": by,
        "marked_at": event.starts_at + timedelta(minutes=20),
    }
    record = AttendanceRecord.objects.filter(event=event, participant=participant).first()
    if record is None:
        record = AttendanceRecord(event=event, participant=participant, **values)
    elif all(getattr(record, field) == value for field, value in values.items()):
        return record
    else:
        for field, value in values.items():
            setattr(record, field, value)
    record._history_user = by
    record.full_clean()
    record.save()
    return record


def load_registers(
    events: list[Event], attendees: list[tuple[Participant, Colleague | None]], *, by: User
) -> None:
    """A register for every event: each participant present, except for their own marks."""
    by_title = {event.title: event for event in events}
    for participant, colleague in attendees:
        marks = {mark.event: mark for mark in colleague.marks} if colleague else {}
        for event in events:
            mark = marks.get(event.title)
            take_register(
                event=event,
                participant=participant,
                status=mark.status if mark else Status.PRESENT,
                note=mark.note if mark else "",
                by=by,
            )
        kept = []
        if colleague and colleague.apology:
            event = by_title[colleague.apology.event]
            apology = upsert(
                Apology,
                lookup={"participant": participant, "event": event},
                values={
                    "reason": colleague.apology.reason,
                    "sent_at": event.starts_at - timedelta(days=colleague.apology.days_before),
                },
            )
            kept.append(apology.pk)
        Apology.objects.filter(participant=participant, event__in=events).exclude(
            pk__in=kept
        ).delete()


def award_certificates(cohort: Cohort, participants: list[Participant]) -> list[Certificate]:
    """Certificates, awarded as a coordinator would after the final event, to those of
    ``participants`` who met the rule. A certificate already awarded is kept as it is."""
    wanted = {participant.pk for participant in participants}
    awarded = []
    for completion in cohort_completions(cohort, now=COHORT_1_AWARDED):
        if completion.participant.pk in wanted and (completion.met or completion.certificate):
            awarded.append(
                certificate_award(
                    participant=completion.participant, completion=completion, now=COHORT_1_AWARDED
                )
            )
    return awarded


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def current_cohorts(today: date) -> list[Cohort]:
    """The cohorts the cohorts demo placed around ``today``: CSSSL's, then ALICSE's."""
    window = Window.around(today)
    found = {
        cohort.programme.slug: cohort
        for cohort in Cohort.objects.select_related("programme").filter(
            status=Cohort.Status.OPEN,
            applications_open=window.applications_open,
            application_deadline=window.application_deadline,
        )
    }
    missing = {"csssl", "alicse"} - set(found)
    if missing:
        raise Cohort.DoesNotExist(
            f"No current cohort of {', '.join(sorted(missing))}: load the cohorts demo first."
        )
    return [found["csssl"], found["alicse"]]


def load(*, today: date, stdout: TextIOBase) -> None:
    """Load venues, every demo cohort's events and completion rule, and CSSSL Cohort 1's
    participants, registers and certificates."""
    venues = load_venues()
    cohort_1 = Cohort.objects.select_related("programme").get(
        programme__slug="csssl", name=CSSSL_COHORT_1
    )
    alicse_2012 = Cohort.objects.select_related("programme").get(
        programme__slug="alicse", name=ALICSE_2012
    )
    csssl_now, alicse_now = current_cohorts(today)

    loaded: dict[Cohort, list[Event]] = {}
    for cohort in (cohort_1, csssl_now):
        loaded[cohort] = load_events(cohort, plan_csssl(cohort, venues))
        load_rule(cohort, CSSSL_RULE)
    for cohort, residential_at in ((alicse_2012, NATIONAL_COLLEGE), (alicse_now, EMCC)):
        loaded[cohort] = load_events(
            cohort, plan_alicse(cohort, venues, residential_at=residential_at)
        )
        load_rule(cohort, ALICSE_RULE)

    coordinator = User.objects.get(email=DEMO_COORDINATOR)
    demo_participant = Participant.objects.get(user__email=DEMO_PARTICIPANT, cohort=cohort_1)
    attendees: list[tuple[Participant, Colleague | None]] = [(demo_participant, None)]
    attendees += [(load_colleague(c, cohort_1), c) for c in COHORT_1_COLLEAGUES]
    load_registers(loaded[cohort_1], attendees, by=coordinator)
    certificates = award_certificates(cohort_1, [participant for participant, _ in attendees])

    write_summary(
        stdout,
        venues=venues,
        loaded=loaded,
        cohort_1=cohort_1,
        certificates=certificates,
        demo_participant=demo_participant,
    )


KIND_WORDS = {
    Event.Kind.EXTENDED_DAY: ("extended day", "extended days"),
    Event.Kind.ONLINE_SEMINAR: ("online seminar", "online seminars"),
    Event.Kind.EVENT_DAY: ("event day", "event days"),
    Event.Kind.RESIDENTIAL: ("residential", "residentials"),
    Event.Kind.ASSESSMENT: ("project hand-in", "project hand-ins"),
}


def counted(kinds: Counter) -> str:
    """``Counter({"extended_day": 4, ...})`` → ``4 extended days, ...``, in a fixed order."""
    return ", ".join(
        f"{kinds[kind]} {words[kinds[kind] != 1]}"
        for kind, words in KIND_WORDS.items()
        if kinds[kind]
    )


def write_summary(
    stdout: TextIOBase,
    *,
    venues: dict[str, Venue],
    loaded: dict[Cohort, list[Event]],
    cohort_1: Cohort,
    certificates: list[Certificate],
    demo_participant: Participant,
) -> None:
    def say(text: str) -> None:
        stdout.write(text + "\n")

    say(f"Venues: {', '.join(venues)}")
    say("Events:")
    for cohort, events in loaded.items():
        first = min(event.starts_at for event in events).astimezone(LONDON)
        kinds = Counter(event.kind for event in events)
        say(f"  {cohort}: {counted(kinds)}, from {first:%A %-d %B %Y}")
    say("Completion rules:")
    say(f"  CSSSL: {CSSSL_RULE}")
    say(f"  ALICSE: {ALICSE_RULE}")

    marks = AttendanceRecord.objects.filter(event__cohort=cohort_1).count()
    people = Participant.objects.filter(cohort=cohort_1).count()
    say(
        f"{cohort_1}: {people} participants, {marks} register marks at {len(loaded[cohort_1])} "
        f"events, {len(certificates)} certificates awarded on {COHORT_1_AWARDED:%-d %B %Y}"
    )
    for completion in cohort_completions(cohort_1, now=COHORT_1_AWARDED):
        if not completion.met:
            say(f"  No certificate for {completion.participant.user}: {completion.outcome}")
    certificate = Certificate.objects.get(participant=demo_participant)
    say(
        f"{DEMO_PARTICIPANT}: certificate {certificate.code}, checked at "
        f"{certificate.get_absolute_url()} and downloaded from /me/certificate.pdf"
    )
