"""The demo's mentors and the people they work with, which every other part of the mentoring
demo builds on.

- ``mentor@example.org`` (Priya Sharma, Leicestershire) mentors two participants of CSSSL
  Cohort 1, the demo participant and Rebecca Thornton, and is in that cohort's pool with room
  for a third; two further mentors from other authorities are in the pool, so a coordinator
  can propose a match for the participants still without a mentor.
- The running CSSSL cohort has the same three mentors in its pool and nobody paired yet, and two
  of its participants have said what they would like from a mentor: a coordinator can ask for a
  proposal there and review it.
- ALICSE's 2012/13 cohort gets one participant, ``alicse.participant@example.org`` (Hannah
  Brooks, a school leader in a Derbyshire academy trust), for the action learning set,
  placement, project and portfolio of the ALICSE programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cohorts.demo import data as cohorts_data
from cohorts.demo.load import historic_cohort, place_on, running_cohort
from cohorts.models import Cohort, Organisation, Participant, Quality
from csssl import roles
from csssl.demo import DemoAccount, at, load_account, update, upsert
from csssl.models import User
from mentoring.models import Mentor, MentoringPreference, Pairing, PoolPlace


@dataclass(frozen=True)
class SampleMentor:
    account: DemoAccount
    role: str
    employer: str
    about: str
    availability: str
    capacity: int


MENTORS = [
    SampleMentor(
        next(a for a in cohorts_data.DEMO_ACCOUNTS if a.email == "mentor@example.org"),
        role="Assistant Director, Safeguarding and Quality Assurance",
        employer="Leicestershire County Council",
        about=(
            "Twenty years in children's social care, the last eight leading safeguarding and "
            "quality assurance across a county; an ILM Level 7 coach."
        ),
        availability="Tuesday and Thursday afternoons; online, or in person in Leicester.",
        capacity=3,
    ),
    SampleMentor(
        DemoAccount(
            "martin.ellis@example.org",
            "Martin",
            "Ellis",
            "Mentor: a former Director of Children's Services",
            group=roles.MENTORS,
        ),
        role="Director of Children's Services (retired)",
        employer="Rutland County Council",
        about="A former Director of Children's Services who has mentored senior leaders since.",
        availability="Most weekdays; prefers online sessions.",
        capacity=2,
    ),
    SampleMentor(
        DemoAccount(
            "helen.marsh@example.org",
            "Helen",
            "Marsh",
            "Mentor and tutor: leads tutorial groups and action learning sets",
            group=roles.MENTORS,
        ),
        role="Head of Leadership Development",
        employer="University of Derby",
        about="Teaches leadership and organisational change; facilitates action learning sets.",
        availability="Mondays and Fridays.",
        capacity=2,
    ),
]

#: Each mentor's areas of expertise, by the names of the CSSSL leadership qualities.
EXPERTISE = {
    "mentor@example.org": [
        "Integrity and moral purpose",
        "Developing people and culture",
        "Accountability for performance and resources",
    ],
    "martin.ellis@example.org": [
        "Political and corporate awareness",
        "Setting direction",
        "Partnership and system leadership",
    ],
    "helen.marsh@example.org": [
        "Leading change and innovation",
        "Resilience and self-awareness",
        "Learning beyond their specialism",
    ],
}

#: What two participants of the running cohort asked of a mentor (by surname order).
RUNNING_WISHES = [
    (["Political and corporate awareness", "Setting direction"], "Someone who has been a DCS."),
    (["Developing people and culture"], "Online sessions suit me best."),
]

#: Cohort 1's mentees of the demo mentor.
MENTEES = ["participant@example.org", "rebecca.thornton@example.org"]

ALICSE_PARTICIPANT = DemoAccount(
    "alicse.participant@example.org",
    "Hannah",
    "Brooks",
    "Participant: took part in ALICSE 2012/13: action learning, a placement, a project and "
    "a portfolio",
)
ALICSE_EMPLOYER = "Trent Vale Academy Trust"
ALICSE_JOB_TITLE = "Executive Headteacher"
ALICSE_JOINED = date(2012, 9, 3)


@dataclass(frozen=True)
class People:
    """What the other parts of the mentoring demo build on."""

    cohort_1: Cohort
    alicse_2012: Cohort
    mentors: dict[str, Mentor]  # by email
    pairings: list[Pairing]
    alicse_participant: Participant
    coordinator: User


def load_mentor(sample: SampleMentor) -> Mentor:
    user = load_account(sample.account)
    organisation = Organisation.objects.get(name=sample.employer)
    return upsert(
        Mentor,
        lookup={"user": user},
        values={
            "role": sample.role,
            "organisation": organisation,
            "local_authority": organisation.local_authority,
            "about": sample.about,
            "availability": sample.availability,
            "is_active": True,
        },
    )


def csssl_qualities(names: list[str]):
    return Quality.objects.filter(
        framework__programme__slug="csssl", framework__is_current=True, name__in=names
    )


def load_running_pool(mentors: dict[str, Mentor], *, today: date) -> Cohort:
    """The running cohort's pool, and the wishes of two of its participants."""
    cohort = running_cohort(today=today)
    for sample in MENTORS:
        upsert(
            PoolPlace,
            lookup={"cohort": cohort, "mentor": mentors[sample.account.email]},
            values={"capacity": sample.capacity},
        )
    participants = cohort.participants.order_by("user__last_name", "user__first_name", "pk")
    for participant, (qualities, wishes) in zip(participants, RUNNING_WISHES, strict=False):
        preference = upsert(
            MentoringPreference, lookup={"participant": participant}, values={"wishes": wishes}
        )
        preference.qualities.set(csssl_qualities(qualities))
    return cohort


def load_pairing(participant: Participant, mentor: Mentor, *, by: User, on: datetime) -> Pairing:
    pairing = Pairing.objects.filter(participant=participant, status=Pairing.Status.ACTIVE).first()
    values = {"mentor": mentor, "confirmed_by": by, "confirmed_at": on}
    if pairing is None:
        return Pairing.objects.create(participant=participant, **values)
    return update(pairing, values)


def load(*, today: date) -> People:
    coordinator = User.objects.get(email="coordinator@example.org")
    cohort_1 = historic_cohort("csssl", cohorts_data.CSSSL_COHORT_1)
    alicse_2012 = historic_cohort("alicse", cohorts_data.ALICSE_2012)
    mentors = {sample.account.email: load_mentor(sample) for sample in MENTORS}
    for email, names in EXPERTISE.items():
        mentors[email].expertise.set(csssl_qualities(names))
    load_running_pool(mentors, today=today)
    for sample in MENTORS:
        upsert(
            PoolPlace,
            lookup={"cohort": cohort_1, "mentor": mentors[sample.account.email]},
            values={"capacity": sample.capacity},
        )
    pairings = [
        load_pairing(
            Participant.objects.get(cohort=cohort_1, user__email=email),
            mentors["mentor@example.org"],
            by=coordinator,
            on=at(date(2021, 10, 8), 10),
        )
        for email in MENTEES
    ]
    user = load_account(ALICSE_PARTICIPANT)
    alicse_participant = place_on(
        user=user,
        cohort=alicse_2012,
        organisation=Organisation.objects.get(name=ALICSE_EMPLOYER),
        job_title=ALICSE_JOB_TITLE,
        joined_at=at(ALICSE_JOINED, 10),
    )
    return People(
        cohort_1=cohort_1,
        alicse_2012=alicse_2012,
        mentors=mentors,
        pairings=pairings,
        alicse_participant=alicse_participant,
        coordinator=coordinator,
    )
