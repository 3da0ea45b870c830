"""The demo's programmes, cohorts, organisations and logins, as data: read by
``cohorts/demo/load.py``.

The programme texts and the historic cohorts' dates are the published facts of the two
programme descriptions; the current cohorts' dates are worked out from the day of loading by
the loader, so only their shape is here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cohorts.models import Milestone, Organisation
from csssl import roles
from csssl.demo import DemoAccount

# --------------------------------------------------------------------------------------------
# Programmes, by slug
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

PROGRAMMES = {"csssl": CSSSL, "alicse": ALICSE}


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

CSSSL_EVENT_TITLES = ["Event 1", "Event 2", "Event 3", "Final event"]
CSSSL_EVENT_TEXT = (
    "Keynotes, the Project 2035 workshop strand and a small-group tutorial to end the day."
)
CSSSL_SEMINAR_TEXT = "Online, led by a serving colleague from the region."

# ALICSE's five event days in Nottingham, in order: (kind, title, duration, description). The
# residential lasts from its day to the next.
ALICSE_STEPS = [
    (
        Milestone.Kind.EVENT_DAY,
        "Event 1: launch",
        EVENT_DAY,
        "Introductions, keynote from a Director of Children's Services and the first meeting "
        "of action learning sets.",
    ),
    (
        Milestone.Kind.RESIDENTIAL,
        "Event 2: residential",
        "Overnight, finishing at 4.00pm on the second day",
        "Two days together in Nottingham with international leadership speakers and time to "
        "build working relationships across sectors.",
    ),
    (
        Milestone.Kind.EVENT_DAY,
        "Event 3",
        EVENT_DAY,
        "Leading across agency boundaries: keynotes and facilitated seminar groups with "
        "university tutors.",
    ),
    (
        Milestone.Kind.EVENT_DAY,
        "Event 4",
        EVENT_DAY,
        "Problem-solving with corporate leaders from around the region, and progress reviews "
        "of work-based projects.",
    ),
    (
        Milestone.Kind.EVENT_DAY,
        "Event 5: celebration and next steps",
        EVENT_DAY,
        "Participants share what their projects changed for children and families, and plan "
        "their learning beyond the programme.",
    ),
]

CSSSL_COHORT_1 = "Cohort 1: Autumn 2021 – Spring 2022"
ALICSE_2012 = "2012/13 cohort"
CSSSL_VENUES = "Venues across the East Midlands"
ALICSE_VENUES = "Nottingham, with one overnight residential"

# The two cohorts the published descriptions tell of, with their own dates. Times are London
# wall-clock times: (day, hour, minute).
CSSSL_HISTORY = {
    "name": CSSSL_COHORT_1,
    "capacity": 30,
    "applications_open": (date(2021, 6, 1), 9, 0),
    "application_deadline": (date(2021, 7, 2), 23, 59),
    "places_awarded_by": date(2021, 7, 31),
    "evaluation_opens": date(2021, 8, 1),
    "evaluation_closes": date(2021, 9, 30),
    "starts_on": date(2021, 10, 7),
    "ends_on": date(2022, 4, 7),
    "venue_summary": CSSSL_VENUES,
    "events": [date(2021, 10, 7), date(2021, 12, 2), date(2022, 2, 3), date(2022, 4, 7)],
    # Published as "early October", "December", "February" and "early April".
    "event_precisions": [
        Milestone.Precision.EARLY_MONTH,
        Milestone.Precision.MONTH,
        Milestone.Precision.MONTH,
        Milestone.Precision.EARLY_MONTH,
    ],
    "seminars": [
        date(2021, 11, 16),
        date(2021, 12, 14),
        date(2022, 1, 18),
        date(2022, 2, 22),
        date(2022, 3, 8),
        date(2022, 3, 22),
    ],
    "seminar_precision": Milestone.Precision.MONTH,
}
ALICSE_HISTORY = {
    "name": ALICSE_2012,
    "capacity": 90,
    "applications_open": (date(2012, 5, 14), 9, 0),
    "application_deadline": (date(2012, 7, 13), 23, 59),
    "places_awarded_by": date(2012, 7, 31),
    "evaluation_opens": date(2012, 9, 3),
    "evaluation_closes": date(2012, 10, 12),
    "starts_on": date(2012, 10, 18),
    "ends_on": date(2013, 6, 20),
    "venue_summary": ALICSE_VENUES,
    "event_days": [
        date(2012, 10, 18),
        date(2012, 11, 28),
        date(2013, 1, 24),
        date(2013, 3, 21),
        date(2013, 6, 20),
    ],
}

# The current cohorts' shape, counted from their first event (a Thursday): weeks after it.
CSSSL_CURRENT = {
    "capacity": 30,
    "venue_summary": CSSSL_VENUES,
    "event_weeks": [0, 9, 18, 26],
    # Each seminar is on the Tuesday of its week.
    "seminar_weeks": [5, 10, 14, 19, 22, 24],
}
#: A CSSSL cohort in the middle of its year: its first extended day ten weeks ago, two held and
#: two ahead, so a register, apologies, engagement and reminders can be tried with people in.
CSSSL_RUNNING = {
    "capacity": 30,
    "venue_summary": CSSSL_VENUES,
    "first_event_weeks_ago": 10,
    "event_weeks": [0, 8, 16, 24],
    # Each seminar is on the Tuesday of its week.
    "seminar_weeks": [3, 6, 11, 14, 19, 22],
    # Before the first event: applications, places and the pre-programme evaluation.
    "applications_open_weeks_before": 24,
    "deadline_weeks_before": 18,
    "places_weeks_before": 14,
    "evaluation_weeks_before": (12, 4),
}
ALICSE_CURRENT = {
    "capacity": 90,
    "venue_summary": ALICSE_VENUES,
    # (weeks, days): the residential starts on a Wednesday, staying overnight into Thursday.
    "event_days": [(0, 0), (8, -1), (17, 0), (26, 0), (36, 0)],
}


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------

# Local authority (as migrated) → the council whose children's services apply.
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

# External partners, one of each kind that applies for places: (name, type, the area it
# mainly serves).
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


# --------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------

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

# The participant account's place. It sits on a completed cohort: a place on a cohort that is
# still taking applications would skip the allocation the demo is there to show.
DEMO_PARTICIPANT = {
    "email": "participant@example.org",
    "cohort": CSSSL_COHORT_1,
    "employer": "Nottinghamshire County Council",
    "job_title": "Head of Service, Children in Care",
    "joined_at": (date(2021, 8, 2), 10, 0),
}
