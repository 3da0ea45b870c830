"""Demo data for the programme pages and every role: run by ``manage.py load_demo``.

Everything is keyed on a natural key (programme slug, programme and cohort name, organisation
name, user email), and a row is written only when its values differ from what is stored, so
loading twice leaves the same rows and no extra history. Reloading also puts back anything a
person changed in the demo rows: the demo is meant to be reset, not kept.

The historic cohorts carry the dates and facts of the published programme descriptions; the
current cohorts are placed around ``today`` so that a newcomer can try every step, from an
expression of interest to the last event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import TextIOBase
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db.models import Model

from csssl import roles
from csssl.models import User

from .models import Cohort, LocalAuthority, Milestone, Organisation, Participant, Programme

LONDON = ZoneInfo("Europe/London")
DEMO_PASSWORD = "demo-password"

ModelT = TypeVar("ModelT", bound=Model)


def upsert(model: type[ModelT], *, lookup: dict[str, Any], values: dict[str, Any]) -> ModelT:
    """Create the row found by ``lookup``, or bring the one found up to ``values``."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        return instance
    return update(instance, values)


def update(instance: ModelT, values: dict[str, Any]) -> ModelT:
    """Set ``values`` on a stored row and save it, validated, only if something differs.

    Saving only on a difference keeps reloads from adding history records and from touching
    rows a page may be showing.
    """
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    if changed:
        instance.full_clean()
        instance.save()
    return instance


# --------------------------------------------------------------------------------------------
# Programmes
# --------------------------------------------------------------------------------------------

CSSSL = {
    "name": "Children's Services Strategic Senior Leadership",
    "short_name": "CSSSL",
    "strapline": "An East Midlands leadership development programme",
    "summary": (
        "A regional programme for senior leaders in East Midlands local-authority children's "
        "services who are preparing for strategic leadership. Between October and April a "
        "cohort of about 30 makes the move from senior management to system leadership, "
        "learning from Directors of Children's Services, guest speakers, tutors and mentors."
    ),
    "about": (
        "The East Midlands Directors of Children's Services set up CSSSL to build leadership "
        "capacity in the region and to support some of its strongest leaders on their way to "
        "the most senior roles.\n\n"
        "It is not a course in technical management. The programme concentrates on the "
        "strategic leadership qualities the region wants to grow in the people who are likely "
        "to lead its children's services over the coming decades.\n\n"
        "Participants learn alongside senior colleagues from different services, authorities "
        "and backgrounds, through a mix of inspiring and practical experiences. Each "
        "face-to-face day ends with a small-group tutorial that helps people make sense of "
        "what they have learned and decide how to use it; personal mentoring continues that "
        "reflection between events.\n\n"
        "The programme is built on a set of leadership qualities that the region's DCSs "
        "identified as the most important for current and future leaders, covering personal "
        "behaviours, the strategic leadership role and the wider system. Each participant "
        "evaluates themselves against the qualities, with feedback from colleagues, and uses "
        "the result to set their development priorities for the year."
    ),
    "who_for": (
        "CSSSL is for established senior leaders in local-authority children's services who "
        "already head a significant area of service and manage teams, and who are thinking "
        "about a move into a second-tier director role, the level just below the Director of "
        "Children's Services.\n\n"
        "A limited number of places are kept for senior colleagues from partner organisations, "
        "such as health, the police, schools and the voluntary sector, who are developing their "
        "strategic leadership of the system together with local-authority children's services."
    ),
    "key_features": "\n".join(
        [
            "A mixed cohort of up to 30 leaders from across children's services in the East "
            "Midlands",
            "A focus on the move from senior management to strategic leadership",
            "Development of the leadership qualities the region's DCSs see as crucial for the "
            "sector",
            "Contributions from serving Directors of Children's Services and notable external "
            "speakers",
            "Four face-to-face extended days between October and April, plus six online seminars",
            "Small-group tutorials and personal mentoring",
            "Practical, interactive sessions throughout",
        ]
    ),
    "structure": (
        "The whole cohort meets in person for four extended days (9.00am – 7.30pm), in early "
        "October, December, February and early April. Each day combines keynotes, practical "
        "interactive workshops and a closing small-group tutorial, with time to talk with "
        "serving strategic leaders. Directors of Children's Services speak about the challenges "
        "and privileges of the role; guest speakers bring views of leadership from other walks "
        "of life.\n\n"
        "The Project 2035 workshop strand runs through the face-to-face days: working in mixed "
        "groups, participants picture future leadership roles and scenarios and put their "
        "thinking to work on practical problems.\n\n"
        "Six online seminars of two hours each, led by serving colleagues from the region, take "
        "on cross-cutting topics. They support the shift from leading a specialist area, where "
        "a participant may be the expert, to broader roles where they no longer are.\n\n"
        "Group tutorials and personal mentoring sessions run alongside the events and seminars, "
        "so that participants can take stock of their learning and progress."
    ),
    "requirements": (
        "A fully funded place comes with a commitment to full engagement. Participants attend "
        "every face-to-face day, take part in their mentoring sessions and join all six online "
        "seminars.\n\n"
        "There are no gap tasks or written assignments. Before the first event each "
        "participant completes a self evaluation and asks colleagues for feedback against the "
        "leadership qualities."
    ),
    "accreditation": "ILM Level 7 certificate",
    "accreditation_detail": (
        "Awarded to participants who attend and engage fully with every element of the programme."
    ),
    "how_to_apply": (
        "The East Midlands DCS group allocates the places, as an investment in the region's "
        "future leaders. Apply by completing the expression of interest on this site before "
        "the deadline.\n\n"
        "Apply only if you have approval, or enough control over your own diary, to attend "
        "every element of the programme. Your line manager is asked to confirm this.\n\n"
        "The DCS group awards places so as to form a mixed, balanced cohort of about 30, and "
        "applicants hear the outcome by the date in the timeline, with full details of dates "
        "and venues.\n\n"
        "Places for local-authority colleagues are fully funded. Places for colleagues from "
        "external partner organisations carry a fee of £750."
    ),
    "contact_email": "csssl@sdsa.net",
    "delivered_by": (
        "SDSA, coordinating for the East Midlands Regional Improvement and Innovation Alliance "
        "(RIIA), led by the region's DCSs"
    ),
    "external_partner_fee": Decimal("750.00"),
    "is_published": True,
    "order": 1,
}

ALICSE = {
    "name": "ALICSE Leadership Programme",
    "short_name": "ALICSE",
    "strapline": "Advanced leadership in an integrated children's service environment",
    "summary": (
        "An East Midlands programme, created by the region's Directors of Children's Services "
        "in 2010, for leaders from every part of the children's workforce who want to lead well "
        "in an integrated, multi-agency environment. Five event days in Nottingham sit within a "
        "personalised mix of work-based learning, and five of the region's universities offer "
        "postgraduate credit."
    ),
    "about": (
        "ALICSE is an extended development opportunity for leaders whose work is becoming more "
        "integrated or multi-agency. The region's DCSs created it in 2010 and back it directly: "
        "they sponsor it, speak at its events, help to arrange placements across agencies and "
        "bring the support of their Children's Trusts.\n\n"
        "Each participant shapes their own route through the programme around their learning "
        "needs and leadership profile. A self evaluation and 360-degree feedback against the "
        "National Leadership Qualities Framework (leadership skills, attributes and knowledge) "
        "set the starting point.\n\n"
        "The programme aims for results at three levels: the development of each leader, "
        "better services in their organisation, and succession planning for the region. Each "
        "cohort is built as a community of practice, so that participants keep a network of "
        "support and advice long after the programme ends.\n\n"
        "ALICSE is co-delivered with five East Midlands universities, whose tutors support "
        "participants towards 30 CATS credits in children's service leadership at postgraduate "
        "level."
    ),
    "who_for": (
        "ALICSE is for existing leaders who now want to lead effectively in a more integrated "
        "environment: people who head a service or an organisation, or who lead within one part "
        "of the children's workforce, such as schools, health, the police, youth services, the "
        "third sector or the local authority.\n\n"
        "Participants will usually have had some leadership training already, often within "
        "their own sector, and want to go further than existing programmes take them. Each "
        "cohort of around 90 is drawn from across the region and from every sector of the "
        "children's workforce.\n\n"
        "DCSs and Children's Trusts may also put particular people forward as part of their "
        "talent-spotting and succession planning."
    ),
    "key_features": "\n".join(
        [
            "A personalised programme that each participant fits to their learning needs and "
            "leadership profile",
            "Created and sponsored by the region's Directors of Children's Services, with the "
            "backing of their Children's Trusts",
            "A cohort of around 90 from every sector of the children's workforce across the "
            "East Midlands",
            "Self evaluation and 360-degree feedback against the National Leadership Qualities "
            "Framework",
            "Five event days in Nottingham, including an overnight residential",
            "Locality-based action learning and work-based projects that make a difference for "
            "children, young people and families",
            "Shadowing, placements or attachments in other agencies",
            "Facilitated seminar groups with tutors from five East Midlands universities",
            "30 CATS credits at postgraduate level",
            "Online registration, progress tracking and an e-portfolio",
        ]
    ),
    "structure": (
        "The formal programme runs over about nine months. Some introductory activities, "
        "including the self and 360-degree evaluation, are completed before the first event.\n\n"
        "The cohort meets for five event days in Nottingham, one of them with an overnight "
        "residential so that participants get to know one another well. The events bring "
        "keynotes from the region's DCSs and other notable speakers, sessions with leadership "
        "experts and corporate leaders, and practical problem-solving with fellow "
        "participants.\n\n"
        "Between events the learning is blended: a work-based project, action learning sets, "
        "shadowing or a placement in another agency, facilitated seminar groups supported by "
        "university tutors, online resources, and an e-portfolio to record progress. "
        "Participants can carry on with their learning after the formal programme ends."
    ),
    "requirements": (
        "Participants attend all five event days, including the residential, and complete the "
        "introductory activities and the pre-programme evaluation before the first event.\n\n"
        "Between events they take part in their action learning set and seminar group and carry "
        "out a work-based project in their own area."
    ),
    "accreditation": "30 CATS credits at postgraduate level",
    "accreditation_detail": (
        "In children's service leadership, supported by tutors from five East Midlands "
        "universities."
    ),
    "how_to_apply": (
        "Places are shared out across the region and across the sectors of the children's "
        "workforce. Within each Children's Trust partnership, the Director of Children's "
        "Services coordinates who is put forward.\n\n"
        "If you work in one local area, talk to your Children's Trust first: when you submit "
        "your expression of interest, the DCS or Children's Trust contact for your area is "
        "asked to endorse it. If your work is not based in one area, email the programme team "
        "before you apply.\n\n"
        "There is no fee: every place is fully funded."
    ),
    "contact_email": "alicse@sdsa.net",
    "delivered_by": (
        "Created by the East Midlands DCSs and co-delivered with five of the region's universities"
    ),
    "external_partner_fee": Decimal("0.00"),
    "is_published": True,
    "order": 2,
}


def load_programmes() -> tuple[Programme, Programme]:
    csssl = upsert(Programme, lookup={"slug": "csssl"}, values=CSSSL)
    alicse = upsert(Programme, lookup={"slug": "alicse"}, values=ALICSE)
    return csssl, alicse


# --------------------------------------------------------------------------------------------
# Cohorts and their timelines
# --------------------------------------------------------------------------------------------

CSSSL_SEMINAR_TOPICS = [
    "Understanding the political process",
    "Strategic commissioning",
    "Working with the school system",
    "Effective early intervention",
    "Supporting vulnerable children and families",
    "SEND and Inclusion",
]
EXTENDED_DAY = "9.00am – 7.30pm"
SEMINAR = "2 hours"
EVENT_DAY = "9.30am – 4.00pm"
THURSDAY = 3

CSSSL_EVENT_TEXT = (
    "Keynotes, the Project 2035 workshop strand and a small-group tutorial to end the day."
)
CSSSL_SEMINAR_TEXT = "Online, led by a serving colleague from the region."


@dataclass(frozen=True)
class Step:
    """One milestone as the demo describes it, before it belongs to a cohort."""

    kind: str
    title: str
    starts_on: date
    precision: str = Milestone.Precision.DAY
    duration: str = ""
    topic: str = ""
    description: str = ""
    ends_on: date | None = None

    def as_tuple(self) -> tuple:
        return (
            self.kind,
            self.title,
            self.topic,
            self.description,
            self.starts_on,
            self.ends_on,
            self.precision,
            self.duration,
        )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A London wall-clock moment, as deadlines are published."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def season(day: date) -> str:
    names = {12: "Winter", 1: "Winter", 2: "Winter", 3: "Spring", 4: "Spring", 5: "Spring"}
    names |= {6: "Summer", 7: "Summer", 8: "Summer", 9: "Autumn", 10: "Autumn", 11: "Autumn"}
    return f"{names[day.month]} {day.year}"


def academic_year(day: date) -> int:
    """The calendar year an academic year starts in (September to August)."""
    return day.year if day.month >= 8 else day.year - 1


def replace_milestones(cohort: Cohort, steps: list[Step]) -> None:
    """Make the cohort's timeline exactly ``steps``; an unchanged timeline is left alone so its
    rows keep their ids."""
    stored = [
        (m.kind, m.title, m.topic, m.description, m.starts_on, m.ends_on, m.precision, m.duration)
        for m in cohort.milestones.order_by("starts_on", "pk")
    ]
    if stored == [step.as_tuple() for step in steps]:
        return
    cohort.milestones.all().delete()
    for step in steps:
        milestone = Milestone(
            cohort=cohort,
            kind=step.kind,
            title=step.title,
            topic=step.topic,
            description=step.description,
            starts_on=step.starts_on,
            ends_on=step.ends_on,
            precision=step.precision,
            duration=step.duration,
        )
        milestone.full_clean()
        milestone.save()


def csssl_steps(
    *,
    events: list[date],
    seminars: list[date],
    event_precisions: list[str],
    seminar_precision: str,
) -> list[Step]:
    """Four extended days and six seminars on the published topics, in date order."""
    event_titles = ["Event 1", "Event 2", "Event 3", "Final event"]
    steps = [
        Step(
            kind=Milestone.Kind.EXTENDED_DAY,
            title=title,
            starts_on=day,
            precision=precision,
            duration=EXTENDED_DAY,
            description=CSSSL_EVENT_TEXT,
        )
        for title, day, precision in zip(event_titles, events, event_precisions, strict=True)
    ]
    steps += [
        Step(
            kind=Milestone.Kind.SEMINAR,
            title=f"Online seminar {number}",
            starts_on=day,
            precision=seminar_precision,
            duration=SEMINAR,
            topic=topic,
            description=CSSSL_SEMINAR_TEXT,
        )
        for number, (day, topic) in enumerate(
            zip(seminars, CSSSL_SEMINAR_TOPICS, strict=True), start=1
        )
    ]
    return sorted(steps, key=lambda step: step.starts_on)


def alicse_steps(event_days: list[date]) -> list[Step]:
    """Five event days in Nottingham; the second is the overnight residential."""
    launch, residential, third, fourth, closing = event_days
    return [
        Step(
            kind=Milestone.Kind.EVENT_DAY,
            title="Event 1: launch",
            starts_on=launch,
            duration=EVENT_DAY,
            description="Introductions, keynote from a Director of Children's Services and "
            "the first meeting of action learning sets.",
        ),
        Step(
            kind=Milestone.Kind.RESIDENTIAL,
            title="Event 2: residential",
            starts_on=residential,
            ends_on=residential + timedelta(days=1),
            duration="Overnight, finishing at 4.00pm on the second day",
            description="Two days together in Nottingham with international leadership "
            "speakers and time to build working relationships across sectors.",
        ),
        Step(
            kind=Milestone.Kind.EVENT_DAY,
            title="Event 3",
            starts_on=third,
            duration=EVENT_DAY,
            description="Leading across agency boundaries: keynotes and facilitated seminar "
            "groups with university tutors.",
        ),
        Step(
            kind=Milestone.Kind.EVENT_DAY,
            title="Event 4",
            starts_on=fourth,
            duration=EVENT_DAY,
            description="Problem-solving with corporate leaders from around the region, and "
            "progress reviews of work-based projects.",
        ),
        Step(
            kind=Milestone.Kind.EVENT_DAY,
            title="Event 5: celebration and next steps",
            starts_on=closing,
            duration=EVENT_DAY,
            description="Participants share what their projects changed for children and "
            "families, and plan their learning beyond the programme.",
        ),
    ]


def load_history(csssl: Programme, alicse: Programme) -> list[Cohort]:
    """The two cohorts the published descriptions tell of, with their own dates."""
    cohort_1 = upsert(
        Cohort,
        lookup={"programme": csssl, "name": "Cohort 1: Autumn 2021 – Spring 2022"},
        values={
            "status": Cohort.Status.COMPLETED,
            "capacity": 30,
            "applications_open": at(date(2021, 6, 1), 9),
            "application_deadline": at(date(2021, 7, 2), 23, 59),
            "places_awarded_by": date(2021, 7, 31),
            "evaluation_opens": date(2021, 8, 1),
            "evaluation_closes": date(2021, 9, 30),
            "starts_on": date(2021, 10, 7),
            "ends_on": date(2022, 4, 7),
            "external_partner_fee": None,
            "venue_summary": "Venues across the East Midlands",
        },
    )
    early, month = Milestone.Precision.EARLY_MONTH, Milestone.Precision.MONTH
    replace_milestones(
        cohort_1,
        csssl_steps(
            events=[date(2021, 10, 7), date(2021, 12, 2), date(2022, 2, 3), date(2022, 4, 7)],
            seminars=[
                date(2021, 11, 16),
                date(2021, 12, 14),
                date(2022, 1, 18),
                date(2022, 2, 22),
                date(2022, 3, 8),
                date(2022, 3, 22),
            ],
            event_precisions=[early, month, month, early],
            seminar_precision=month,
        ),
    )

    alicse_2012 = upsert(
        Cohort,
        lookup={"programme": alicse, "name": "2012/13 cohort"},
        values={
            "status": Cohort.Status.COMPLETED,
            "capacity": 90,
            "applications_open": at(date(2012, 5, 14), 9),
            "application_deadline": at(date(2012, 7, 13), 23, 59),
            "places_awarded_by": date(2012, 7, 31),
            "evaluation_opens": date(2012, 9, 3),
            "evaluation_closes": date(2012, 10, 12),
            "starts_on": date(2012, 10, 18),
            "ends_on": date(2013, 6, 20),
            "external_partner_fee": None,
            "venue_summary": "Nottingham, with one overnight residential",
        },
    )
    replace_milestones(
        alicse_2012,
        alicse_steps(
            [
                date(2012, 10, 18),
                date(2012, 11, 28),
                date(2013, 1, 24),
                date(2013, 3, 21),
                date(2013, 6, 20),
            ]
        ),
    )
    return [cohort_1, alicse_2012]


@dataclass(frozen=True)
class Window:
    """An application window and evaluation window placed around a given day."""

    applications_open: datetime
    application_deadline: datetime
    places_awarded_by: date
    evaluation_opens: date
    evaluation_closes: date
    first_event: date

    @classmethod
    def around(cls, today: date) -> Window:
        """Open two weeks ago, close four weeks ahead at 23:59, places three weeks later, a
        six-week evaluation window, then the first event on a Thursday a fortnight after."""
        deadline_day = today + timedelta(weeks=4)
        awarded = deadline_day + timedelta(weeks=3)
        evaluation_opens = awarded + timedelta(weeks=1)
        evaluation_closes = evaluation_opens + timedelta(weeks=6)
        return cls(
            applications_open=at(today - timedelta(weeks=2), 9),
            application_deadline=at(deadline_day, 23, 59),
            places_awarded_by=awarded,
            evaluation_opens=evaluation_opens,
            evaluation_closes=evaluation_closes,
            first_event=on_or_after(evaluation_closes + timedelta(weeks=2), THURSDAY),
        )

    def values(self, *, capacity: int, starts_on: date, ends_on: date, venue: str) -> dict:
        return {
            "status": Cohort.Status.OPEN,
            "capacity": capacity,
            "applications_open": self.applications_open,
            "application_deadline": self.application_deadline,
            "places_awarded_by": self.places_awarded_by,
            "evaluation_opens": self.evaluation_opens,
            "evaluation_closes": self.evaluation_closes,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "external_partner_fee": None,
            "venue_summary": venue,
        }


def load_current(csssl: Programme, alicse: Programme, *, today: date) -> list[Cohort]:
    """One cohort of each programme open for applications today, with every event ahead.

    The CSSSL cohort is found by its number and the ALICSE one by its academic year, not by the
    whole name, so that reloading on a later day moves the same cohort rather than adding one.
    """
    window = Window.around(today)
    first = window.first_event

    csssl_events = [first + timedelta(weeks=w) for w in (0, 9, 18, 26)]
    csssl_seminars = [first + timedelta(weeks=w, days=-2) for w in (5, 10, 14, 19, 22, 24)]
    number = max(academic_year(first) - 2021 + 1, 2)
    name = f"Cohort {number}: {season(csssl_events[0])} – {season(csssl_events[-1])}"
    csssl_values = window.values(
        capacity=30,
        starts_on=csssl_events[0],
        ends_on=csssl_events[-1],
        venue="Venues across the East Midlands",
    )
    existing = Cohort.objects.filter(programme=csssl, name__startswith=f"Cohort {number}:").first()
    if existing is None:
        csssl_cohort = upsert(
            Cohort, lookup={"programme": csssl, "name": name}, values=csssl_values
        )
    else:
        csssl_cohort = update(existing, {"name": name, **csssl_values})
    replace_milestones(
        csssl_cohort,
        csssl_steps(
            events=csssl_events,
            seminars=csssl_seminars,
            event_precisions=[Milestone.Precision.DAY] * 4,
            seminar_precision=Milestone.Precision.DAY,
        ),
    )

    alicse_days = [
        first,
        first + timedelta(weeks=8, days=-1),  # a Wednesday, staying overnight into Thursday
        first + timedelta(weeks=17),
        first + timedelta(weeks=26),
        first + timedelta(weeks=36),
    ]
    year = max(academic_year(first), 2013)
    alicse_cohort = upsert(
        Cohort,
        lookup={"programme": alicse, "name": f"{year}/{(year + 1) % 100:02d} cohort"},
        values=window.values(
            capacity=90,
            starts_on=alicse_days[0],
            ends_on=alicse_days[-1],
            venue="Nottingham, with one overnight residential",
        ),
    )
    replace_milestones(alicse_cohort, alicse_steps(alicse_days))
    return [csssl_cohort, alicse_cohort]


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------

COUNCILS = {
    "Derby": "Derby City Council",
    "Derbyshire": "Derbyshire County Council",
    "Leicester": "Leicester City Council",
    "Leicestershire": "Leicestershire County Council",
    "Lincolnshire": "Lincolnshire County Council",
    "North Northamptonshire": "North Northamptonshire Council",
    "West Northamptonshire": "West Northamptonshire Council",
    "Nottingham": "Nottingham City Council",
    "Nottinghamshire": "Nottinghamshire County Council",
    "Rutland": "Rutland County Council",
}

# (name, type, the area it mainly serves)
PARTNERS = [
    (
        "Nottinghamshire Healthcare NHS Foundation Trust",
        Organisation.Type.HEALTH,
        "Nottinghamshire",
    ),
    ("Leicestershire Police", Organisation.Type.POLICE, "Leicestershire"),
    ("Trent Vale Academy Trust", Organisation.Type.SCHOOL, "Derbyshire"),
    ("Lincolnshire Families Together", Organisation.Type.THIRD_SECTOR, "Lincolnshire"),
    ("University of Derby", Organisation.Type.HIGHER_EDUCATION, "Derby"),
]


def load_organisations() -> dict[str, Organisation]:
    """Each council's children's services, linked to its authority, and a few external
    partners, one of each kind that applies for places."""
    authorities = {la.name: la for la in LocalAuthority.objects.filter(name__in=COUNCILS)}
    missing = set(COUNCILS) - set(authorities)
    if missing:
        raise LocalAuthority.DoesNotExist(
            f"Local authorities missing (run migrate first): {', '.join(sorted(missing))}"
        )
    organisations: dict[str, Organisation] = {}
    for authority_name, name in COUNCILS.items():
        organisations[name] = upsert(
            Organisation,
            lookup={"name": name},
            values={
                "type": Organisation.Type.LOCAL_AUTHORITY,
                "local_authority": authorities[authority_name],
            },
        )
    for name, kind, area in PARTNERS:
        organisations[name] = upsert(
            Organisation,
            lookup={"name": name},
            values={"type": kind, "local_authority": authorities[area]},
        )
    return organisations


# --------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    """A login for one role, with the words the README and the command use to describe it."""

    email: str
    first_name: str
    last_name: str
    role: str
    group: str | None = None
    is_staff: bool = False
    is_superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "coordinator@example.org",
        "Helen",
        "Marsh",
        "Coordinator (SDSA): sets up programmes and cohorts in the admin panel at /admin/",
        group=roles.COORDINATORS,
        is_staff=True,
    ),
    DemoAccount(
        "dcs@example.org",
        "Andrew",
        "Whitfield",
        "DCS group member: scores and allocates places on the allocation board at /admin/",
        group=roles.DCS_GROUP,
        is_staff=True,
    ),
    DemoAccount(
        "mentor@example.org",
        "Priya",
        "Sharma",
        "Mentor: a member of the Mentors group",
        group=roles.MENTORS,
    ),
    DemoAccount(
        "applicant@example.org",
        "Gemma",
        "Holloway",
        "Applicant: has an ALICSE draft to finish and can start a CSSSL application",
    ),
    DemoAccount(
        "participant@example.org",
        "Daniel",
        "Okafor",
        "Participant: took part in CSSSL Cohort 1 and can download their certificate",
    ),
    DemoAccount(
        "admin@example.org",
        "Claire",
        "Bennett",
        "Administrator: a superuser who may do everything",
        is_staff=True,
        is_superuser=True,
    ),
]
DEMO_LOGINS: list[tuple[str, str]] = [(account.email, account.role) for account in DEMO_ACCOUNTS]


def load_account(account: DemoAccount) -> User:
    """A demo account with the published password, its role and a verified email address.

    The password is only hashed again when it no longer matches, so sessions of people already
    signed in to the demo survive a reload.
    """
    user = User.objects.filter(email=account.email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(account.email, DEMO_PASSWORD)
    wanted = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "is_staff": account.is_staff,
        "is_superuser": account.is_superuser,
        "is_active": True,
    }
    changed = [field for field, value in wanted.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, wanted[field])
    if not created and not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)

    groups = [Group.objects.get_or_create(name=account.group)[0]] if account.group else []
    if set(user.groups.all()) != set(groups):
        user.groups.set(groups)

    EmailAddress.objects.filter(user=user).exclude(email=account.email).delete()
    upsert(
        EmailAddress,
        lookup={"user": user, "email": account.email},
        values={"verified": True, "primary": True},
    )
    return user


def load_participant(user: User, cohort: Cohort, organisation: Organisation) -> Participant:
    return upsert(
        Participant,
        lookup={"user": user, "cohort": cohort},
        values={
            "organisation": organisation,
            "local_authority": organisation.local_authority,
            "job_title": "Head of Service, Children in Care",
            "status": Participant.Status.COMPLETED,
            "joined_at": at(date(2021, 8, 2), 10),
        },
    )


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def load(*, today: date, stdout: TextIOBase) -> None:
    """Load the programmes, cohorts, organisations and demo accounts."""
    csssl, alicse = load_programmes()
    history = load_history(csssl, alicse)
    current = load_current(csssl, alicse, today=today)
    organisations = load_organisations()
    users = {account.email: load_account(account) for account in DEMO_ACCOUNTS}
    # The participant account sits on a completed cohort: a place on a cohort that is still
    # taking applications would skip the allocation the demo is there to show.
    load_participant(
        users["participant@example.org"],
        history[0],
        organisations["Nottinghamshire County Council"],
    )

    def say(text: str) -> None:
        stdout.write(text + "\n")

    say(f"Programmes: {csssl.short_name} ({csssl.slug}), {alicse.short_name} ({alicse.slug})")
    say("Cohorts:")
    for cohort in history + current:
        deadline = cohort.application_deadline.astimezone(LONDON)
        state = (
            f"open until {deadline:%H:%M on %-d %B %Y}"
            if cohort.status == Cohort.Status.OPEN
            else cohort.get_status_display().lower()
        )
        say(f"  {cohort} – {state}, {cohort.milestones.count()} dates on the timeline")
    partners = sum(1 for o in organisations.values() if o.is_external_partner)
    say(f"Organisations: {len(organisations) - partners} councils, {partners} external partners")
    say(f'Demo logins (password "{DEMO_PASSWORD}"):')
    width = max(len(email) for email, _ in DEMO_LOGINS)
    for email, role in DEMO_LOGINS:
        say(f"  {email:<{width}}  {role}")
