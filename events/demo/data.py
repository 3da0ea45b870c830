"""The demo's venues, agendas, seminar leads and CSSSL Cohort 1's registers, as data: read by
``events/demo/load.py``.

Events themselves come from each cohort's timeline (the cohorts demo); what is here is what the
timeline does not say: where each day is held, what happens in it, who leads each seminar,
and how each participant of CSSSL Cohort 1 attended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from csssl.demo import at, email_for
from events.models import EXTENDED_DAY_ENDS, EXTENDED_DAY_STARTS, AgendaItem, AttendanceRecord

SEMINAR_STARTS = time(14, 0)
SEMINAR_LENGTH = timedelta(hours=2)
EVENT_DAY_STARTS = time(9, 30)
EVENT_DAY_ENDS = time(16, 0)

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


# --------------------------------------------------------------------------------------------
# What happens at each event
# --------------------------------------------------------------------------------------------

Kind = AgendaItem.Kind
PROJECT_2035 = "Project 2035"


@dataclass(frozen=True)
class Session:
    """One part of an event's day, as it goes on the agenda. In the agendas below, a name in
    braces is filled from that day's row."""

    starts_at: time
    ends_at: time
    kind: str
    title: str
    speaker: str = ""
    strand: str = ""


#: 9.00am to 7.30pm: a DCS keynote, the Project 2035 strand morning and afternoon, a guest
#: speaker, conversation with serving leaders, and a small-group tutorial to finish.
EXTENDED_DAY_AGENDA = [
    Session(EXTENDED_DAY_STARTS, time(9, 30), Kind.BREAK, "Arrival, coffee and welcome"),
    Session(time(9, 30), time(10, 30), Kind.KEYNOTE, "{keynote}", "{dcs}"),
    Session(
        time(10, 45),
        time(12, 45),
        Kind.WORKSHOP,
        f"{PROJECT_2035}: {{morning_workshop}}",
        strand=PROJECT_2035,
    ),
    Session(time(12, 45), time(13, 30), Kind.BREAK, "Lunch"),
    Session(time(13, 30), time(14, 30), Kind.KEYNOTE, "{guest_talk}", "{guest}"),
    Session(
        time(14, 45),
        time(16, 15),
        Kind.WORKSHOP,
        f"{PROJECT_2035}: {{afternoon_workshop}}",
        strand=PROJECT_2035,
    ),
    Session(
        time(16, 30),
        time(17, 30),
        Kind.PANEL,
        "In conversation: {conversation}",
        "{guests_in_conversation}",
    ),
    Session(time(17, 30), time(18, 15), Kind.BREAK, "Dinner"),
    Session(
        time(18, 15),
        EXTENDED_DAY_ENDS,
        Kind.TUTORIAL,
        "Small-group tutorials: {tutorial}",
        "Programme tutors",
    ),
]


@dataclass(frozen=True)
class ExtendedDay:
    """What is particular to one CSSSL extended day; it fills the placeholders of
    ``EXTENDED_DAY_AGENDA``, the shape every day shares."""

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
    """What is particular to one ALICSE event day; it fills the placeholders of
    ``EVENT_DAY_AGENDA``."""

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


#: 9.30am to 4.00pm: a DCS keynote, a workshop, seminar groups and a closing session.
EVENT_DAY_AGENDA = [
    Session(EVENT_DAY_STARTS, time(10, 0), Kind.BREAK, "Arrival and coffee"),
    Session(time(10, 0), time(11, 0), Kind.KEYNOTE, "{keynote}", "{dcs}"),
    Session(time(11, 15), time(12, 30), Kind.WORKSHOP, "{workshop}"),
    Session(time(12, 30), time(13, 15), Kind.BREAK, "Lunch"),
    Session(
        time(13, 15),
        time(14, 45),
        Kind.TUTORIAL,
        "Facilitated seminar groups",
        ALICSE_TUTORS,
    ),
    Session(time(15, 0), EVENT_DAY_ENDS, Kind.OTHER, "{closing}"),
]

#: Where each ALICSE cohort stays for its residential: the historic one at the National
#: College, the current one at the conference centre with the hotel next door.
HISTORIC_RESIDENTIAL_AT = NATIONAL_COLLEGE
CURRENT_RESIDENTIAL_AT = EMCC

# The hand-in of ALICSE's work-based project, a fortnight before the last event day.
PROJECT_HAND_IN_TITLE = "Work-based project hand-in"
PROJECT_HAND_IN_OPENS = time(9, 0)
PROJECT_HAND_IN = time(17, 0)
PROJECT_DUE_BEFORE_FINAL_EVENT = timedelta(weeks=2)
PROJECT_HAND_IN_TEXT = (
    "Send your work-based project report to your university tutor by 5.00pm. It is assessed "
    "towards the 30 CATS credits, and the register records whether it arrived on time."
)


# --------------------------------------------------------------------------------------------
# CSSSL Cohort 1: participants, registers and certificates
# --------------------------------------------------------------------------------------------

DEMO_COORDINATOR = "coordinator@example.org"
#: The coordinator takes each register twenty minutes after the event starts.
REGISTER_TAKEN_AFTER = timedelta(minutes=20)
#: Certificates for CSSSL Cohort 1 were awarded three weeks after its final event.
COHORT_1_AWARDED = at(date(2022, 4, 28), 11)

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
        return email_for(f"{self.first_name} {self.last_name}")


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


# --------------------------------------------------------------------------------------------
# The CSSSL cohort in the middle of its year
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Newcomer:
    """A participant of the running CSSSL cohort: present at every event held so far except
    where ``marks`` says otherwise; ``apology`` is for the next extended day, sent
    ``apology_days_ago`` days before the demo's day."""

    first_name: str
    last_name: str
    employer: str
    job_title: str
    marks: tuple[Mark, ...] = ()
    apology: str = ""
    apology_days_ago: int = 3

    @property
    def email(self) -> str:
        return email_for(f"{self.first_name} {self.last_name}")


#: Places were accepted in the fortnight after they were awarded, a day apart.
RUNNING_JOINED_AFTER_AWARD = timedelta(days=2)

RUNNING_COLLEAGUES = [
    Newcomer(
        "Aisha", "Rahman", "Nottingham City Council", "Head of Service, Children's Social Work"
    ),
    Newcomer(
        "Gareth",
        "Pryce",
        "Leicestershire County Council",
        "Head of Service, SEND and Inclusion",
        marks=(Mark("Event 1", Status.LATE, "Roadworks on the A46; arrived at 9.40."),),
    ),
    Newcomer(
        "Joanne",
        "Keller",
        "Rutland County Council",
        "Head of Early Help",
        marks=(
            Mark(
                "Event 2",
                Status.ABSENT,
                "No word beforehand; the programme team has asked how she is.",
            ),
        ),
    ),
    Newcomer(
        "Tomasz",
        "Nowak",
        "Lincolnshire Families Together",
        "Director of Family Services",
        marks=(Mark("Online seminar 2", Status.APOLOGIES, "Apologies sent on the day."),),
    ),
    Newcomer(
        "Chloe",
        "Ainsworth",
        "North Northamptonshire Council",
        "Head of Service, Children in Care",
        apology=(
            "I am giving evidence at a serious case review that day and cannot move it. I will "
            "catch up from the slides and with my tutorial group."
        ),
    ),
    Newcomer(
        "Marcus",
        "Bell",
        "West Northamptonshire Council",
        "Head of Safeguarding and Quality Assurance",
    ),
    Newcomer(
        "Nadia",
        "Hussain",
        "Derby City Council",
        "Head of Service, Youth Justice and Adolescent Services",
    ),
    Newcomer(
        "Owen",
        "Fairbairn",
        "Nottinghamshire Healthcare NHS Foundation Trust",
        "Designated Nurse, Safeguarding Children",
    ),
]
