"""CSSSL Cohort 1's two evaluation rounds, as data: read by ``evaluations/demo/load.py``.

Each participant rated themselves against the nine sample CSSSL qualities before the programme
(August and September 2021) and again at its end (spring 2022), and asked their line manager,
peers, direct reports and other stakeholders to do the same. What each person's raters saw is
given here once per round, as a score per quality (``seen``); the loader spreads the raters'
own scores a point either side of it, so that each group's figures differ as real answers do.
Where a participant's own view sits well above or below what others saw, their report names a
blind spot or a hidden strength.

The participant account (Daniel Okafor) has the fullest feedback. Before the programme only
two other stakeholders answered for him, too few to be shown, so his report leaves them out;
Louise Crawford's two direct reports and two other stakeholders are pooled as "other raters";
Stephen Hollis's line manager declined at the end of the programme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from csssl.demo import at
from evaluations.models import Relationship, Round

MANAGER = str(Relationship.LINE_MANAGER)
PEER = str(Relationship.PEER)
REPORT = str(Relationship.DIRECT_REPORT)
OTHER = str(Relationship.OTHER)

#: How far a rater's score sits from what their group saw: rater ``j`` of a group gives quality
#: ``q`` the offset at ``(4j + q + the group's shift) mod 9``. Over the nine qualities every
#: rater's offsets add up to nothing, so a group's mean stays close to what it saw.
SPREAD = (0, 1, 0, -1, 0, 0, 1, -1, 0)
SHIFT = {MANAGER: 0, PEER: 2, REPORT: 5, OTHER: 7}


@dataclass(frozen=True)
class Said:
    """One rater's words; either may be left blank, as the form allows."""

    strengths: str = ""
    develop: str = ""


@dataclass(frozen=True)
class Group:
    """The raters of one relationship in a participant's round: how many answered, declined or
    never answered, the words of those who answered (the first ``len(said)`` of them), and the
    qualities (by index) that the last of them was not able to say."""

    answered: int
    declined: int = 0
    silent: int = 0
    said: tuple[Said, ...] = ()
    cannot_say: tuple[int, ...] = ()


@dataclass(frozen=True)
class Feedback:
    """One participant's round: their own scores, what their raters saw, the raters by
    relationship, the day they asked them, the day they submitted their self evaluation, their
    evidence (by quality index) and, where the round releases after a debrief, its day."""

    self_scores: tuple[int, ...]
    seen: tuple[int, ...]
    raters: dict[str, Group]
    invited_on: date
    submitted_at: datetime
    evidence: dict[int, str] = field(default_factory=dict)
    debrief_on: date | None = None


@dataclass(frozen=True)
class SampleRound:
    """A round of Cohort 1 and its rules: when it was open, how its reports were released, and
    when they were frozen (the morning after it closed, by the daily sweep)."""

    kind: str
    opens_on: date
    closes_on: date
    release: str
    frozen_at: datetime


PRE = SampleRound(
    kind=Round.Kind.PRE,
    opens_on=date(2021, 8, 1),
    closes_on=date(2021, 9, 30),
    release=Round.Release.ON_COMPLETION,
    frozen_at=at(date(2021, 10, 1), 6),
)
POST = SampleRound(
    kind=Round.Kind.POST,
    opens_on=date(2022, 3, 21),
    closes_on=date(2022, 4, 22),
    release=Round.Release.AFTER_DEBRIEF,
    frozen_at=at(date(2022, 4, 23), 6),
)
ROUNDS = (PRE, POST)

#: Who held the end-of-programme debriefs, and so released those reports.
DEBRIEFED_BY = "coordinator@example.org"

# The nine CSSSL sample qualities, in order:
#   0 Integrity and moral purpose          3 Setting direction
#   1 Resilience and self-awareness        4 Political and corporate awareness
#   2 Learning beyond their specialism     5 Accountability for performance and resources
#   6 Partnership and system leadership    7 Developing people and culture
#   8 Leading change and innovation

DANIEL = {
    Round.Kind.PRE: Feedback(
        self_scores=(4, 3, 2, 3, 2, 3, 3, 4, 3),
        seen=(4, 2, 2, 3, 2, 3, 4, 3, 2),
        invited_on=date(2021, 8, 4),
        submitted_at=at(date(2021, 9, 6), 21, 40),
        evidence={
            0: "Chaired the corporate parenting board's review of placement stability, and "
            "changed two commissioning decisions because of what young people told us.",
            7: "Started monthly practice forums in each locality and a shadowing scheme for "
            "aspiring team managers.",
        },
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Daniel's commitment to children in care shows in every decision he "
                        "brings to me, and the corporate parenting board trusts him.",
                        "I would like Daniel to step back from casework detail and set out a "
                        "longer-term plan for the service that others can carry forward.",
                    ),
                ),
            ),
            PEER: Group(
                4,
                declined=1,
                said=(
                    Said(
                        "Brings health and education colleagues round the table better than "
                        "anyone I know in the county.",
                        "Takes too much on himself; delegating more would protect his own time.",
                    ),
                    Said(
                        "Always clear about what a decision means for the young people involved.",
                        "Can come across as defensive when plans are challenged in management "
                        "meetings.",
                    ),
                    Said("Very good at building trust with the Virtual School and with CAMHS."),
                    Said(
                        develop="I'd like to see him take a bigger part in council-wide "
                        "discussions, not only those about children's services."
                    ),
                ),
                cannot_say=(4,),
            ),
            REPORT: Group(
                3,
                said=(
                    Said(
                        "He knows the teams and makes time to visit the localities.",
                        "The changes to the leaving care service felt rushed, and we were not "
                        "always told why.",
                    ),
                    Said(
                        "Supportive when a case goes wrong: you never feel left on your own.",
                        "Could tell us more about where the service is heading over the next "
                        "few years.",
                    ),
                    Said("Listens properly in supervision."),
                ),
            ),
            OTHER: Group(
                2,
                said=(
                    Said(
                        "A dependable partner on the multi-agency panel.",
                        "Could share performance information with partners earlier.",
                    ),
                    Said("Clear and honest with the independent reviewing service."),
                ),
                cannot_say=(1, 7),
            ),
        },
    ),
    Round.Kind.POST: Feedback(
        self_scores=(4, 3, 3, 3, 2, 3, 4, 3, 3),
        seen=(4, 3, 3, 3, 3, 3, 4, 3, 3),
        invited_on=date(2022, 3, 23),
        submitted_at=at(date(2022, 4, 11), 19, 15),
        debrief_on=date(2022, 5, 5),
        evidence={
            3: "Agreed a three-year plan for the service with staff, partners and the lead "
            "member, built on four priorities.",
            4: "Presented the sufficiency strategy to scrutiny and to cabinet.",
        },
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Daniel now leads the service to a clear three-year plan, and handled "
                        "the focused visit with real composure.",
                        "The next step is to take a visible lead on council-wide priorities "
                        "beyond children's services.",
                    ),
                ),
            ),
            PEER: Group(
                4,
                said=(
                    Said(
                        "Much more confident chairing the partnership sessions, and lets others "
                        "lead parts of the work now.",
                        "Keep pushing the sufficiency strategy with the same energy.",
                    ),
                    Said("His handling of this year's budget pressures was open and fair."),
                    Said(
                        "Has become someone others in the region ask for advice on care leavers.",
                        "Could write up what has worked, so that other authorities can learn "
                        "from it.",
                    ),
                    Said(develop="Still takes on a lot; the locality managers could carry more."),
                ),
            ),
            REPORT: Group(
                4,
                said=(
                    Said("We understand where the service is going now, and our part in it."),
                    Said(
                        "He has given team managers more room to make decisions.",
                        "More notice before a change would still help.",
                    ),
                    Said("Visible and approachable, even in a difficult year."),
                    Said(
                        "Champions the voice of young people in everything.",
                        "Could celebrate the teams' successes more widely.",
                    ),
                ),
            ),
            OTHER: Group(
                3,
                said=(
                    Said(
                        "Shares information with partners early now, which makes joint planning easier."
                    ),
                    Said("A constructive, honest voice on the safeguarding partnership."),
                    Said(develop="Could involve independent providers more in designing services."),
                ),
                cannot_say=(7,),
            ),
        },
    ),
}

REBECCA = {
    Round.Kind.PRE: Feedback(
        self_scores=(3, 2, 3, 3, 3, 3, 4, 3, 3),
        seen=(3, 3, 3, 3, 2, 3, 4, 3, 3),
        invited_on=date(2021, 8, 5),
        submitted_at=at(date(2021, 8, 27), 12, 5),
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Rebecca has made the family hubs a service partners want to be part of.",
                        "She should grow her confidence with elected members: her advice is "
                        "sound, but she holds it back.",
                    ),
                ),
            ),
            PEER: Group(
                5,
                said=(
                    Said(
                        "Outstanding at bringing partners together around families.",
                        "Could be more assertive in corporate meetings.",
                    ),
                    Said("Calm and kind under pressure."),
                    Said(develop="Needs to speak up when scrutiny asks the hard questions."),
                ),
            ),
            REPORT: Group(
                4,
                said=(
                    Said("Really invests in our development."),
                    Said(develop="Sometimes takes on too much, and then decisions wait."),
                ),
            ),
        },
    ),
    Round.Kind.POST: Feedback(
        self_scores=(3, 3, 3, 3, 3, 3, 4, 3, 3),
        seen=(4, 3, 3, 3, 3, 3, 4, 4, 3),
        invited_on=date(2022, 3, 22),
        submitted_at=at(date(2022, 4, 4), 8, 50),
        debrief_on=date(2022, 5, 9),
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Her briefings to the lead member this year were clear and well judged.",
                        "Keep building the corporate relationships she has started.",
                    ),
                ),
            ),
            PEER: Group(
                4,
                silent=1,
                said=(
                    Said("She now holds her own in scrutiny and with finance colleagues."),
                    Said(develop="Could share the early help model with other authorities."),
                ),
            ),
            REPORT: Group(
                4,
                said=(
                    Said(
                        "Great at growing leaders in the team: two of us have stepped up this year."
                    ),
                ),
            ),
        },
    ),
}

IMRAN = {
    Round.Kind.PRE: Feedback(
        self_scores=(3, 2, 2, 2, 2, 2, 2, 3, 2),
        seen=(3, 3, 2, 3, 2, 3, 3, 3, 3),
        invited_on=date(2021, 8, 3),
        submitted_at=at(date(2021, 9, 14), 17, 30),
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Imran runs a stable, well-regarded service, and his teams trust him.",
                        "He underestimates himself: he should lead the regional adoption "
                        "conversations, not only attend them.",
                    ),
                ),
            ),
            PEER: Group(
                3,
                said=(
                    Said(
                        "Thoughtful and reliable; his advice on placements is always good.",
                        "Could put his ideas forward with more confidence.",
                    ),
                    Said(
                        develop="I'd like to see him lead more of the change, not only deliver it."
                    ),
                ),
            ),
            REPORT: Group(
                3,
                said=(
                    Said("Clear about what matters and why."),
                    Said("Very fair and consistent.", "Could be more visible in the teams."),
                ),
            ),
            OTHER: Group(3, said=(Said("A trusted partner to the regional adoption agency."),)),
        },
    ),
    Round.Kind.POST: Feedback(
        self_scores=(3, 3, 3, 3, 2, 3, 3, 3, 3),
        seen=(4, 3, 3, 3, 3, 3, 3, 4, 3),
        invited_on=date(2022, 3, 24),
        submitted_at=at(date(2022, 4, 19), 16, 0),
        debrief_on=date(2022, 5, 10),
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Imran has grown into a confident regional voice on fostering sufficiency.",
                        "The next step is a broader corporate role.",
                    ),
                ),
            ),
            PEER: Group(
                3,
                said=(
                    Said("Led the foster carer recruitment campaign brilliantly."),
                    Said(develop="Keep delegating: the team can take more."),
                ),
            ),
            REPORT: Group(3, said=(Said("He explains the direction and brings us with him."),)),
            OTHER: Group(3),
        },
    ),
}

LOUISE = {
    Round.Kind.PRE: Feedback(
        self_scores=(3, 3, 2, 4, 3, 3, 3, 3, 4),
        seen=(3, 3, 2, 3, 3, 3, 2, 3, 3),
        invited_on=date(2021, 8, 9),
        submitted_at=at(date(2021, 9, 29), 22, 10),
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Louise has a clear vision for inclusion, and she communicates it with "
                        "energy.",
                        "She needs to bring headteachers and partners with her rather than "
                        "running ahead of them.",
                    ),
                ),
            ),
            PEER: Group(
                4,
                said=(
                    Said(
                        "Full of ideas and not afraid to try them.",
                        "Plans can change faster than partners can follow.",
                    ),
                    Said(develop="Could listen more before deciding."),
                    Said("An excellent grasp of the data."),
                ),
            ),
            REPORT: Group(
                2,
                said=(
                    Said(
                        "Inspiring to work for.",
                        "We would welcome more say in how changes are introduced.",
                    ),
                ),
            ),
            OTHER: Group(
                2,
                said=(
                    Said(
                        develop="Schools would value more consultation before a new approach "
                        "begins."
                    ),
                ),
            ),
        },
    ),
    Round.Kind.POST: Feedback(
        self_scores=(3, 3, 3, 4, 3, 3, 3, 3, 4),
        seen=(3, 3, 3, 3, 3, 4, 3, 3, 3),
        invited_on=date(2022, 3, 21),
        submitted_at=at(date(2022, 4, 8), 7, 45),
        debrief_on=date(2022, 5, 4),
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Louise has built a much stronger alliance with schools this year.",
                        "Keep testing the impact of the inclusion strategy with partners.",
                    ),
                ),
            ),
            PEER: Group(3, said=(Said("Listens more, and the inclusion plan is better for it."),)),
            REPORT: Group(
                3,
                said=(
                    Said("Brings us into decisions early now."),
                    Said(develop="Could give one change time to settle before the next."),
                ),
            ),
            OTHER: Group(1),
        },
    ),
}

SAMUEL = {
    Round.Kind.PRE: Feedback(
        self_scores=(4, 3, 3, 2, 1, 2, 3, 3, 2),
        seen=(4, 3, 3, 2, 2, 3, 3, 3, 2),
        invited_on=date(2021, 8, 11),
        submitted_at=at(date(2021, 9, 20), 13, 20),
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Samuel is a principled safeguarding leader whom every agency respects.",
                        "He should get closer to the trust board and the commissioners, and "
                        "know the money better.",
                    ),
                ),
            ),
            PEER: Group(
                3,
                said=(
                    Said(
                        "His integrity is never in doubt.",
                        "Could engage more with the council's political context.",
                    ),
                    Said(develop="Would benefit from taking a stronger lead on budgets."),
                ),
            ),
            REPORT: Group(
                4,
                declined=1,
                said=(
                    Said("Always there when a case is worrying us."),
                    Said(
                        "A strong role model for safeguarding practice.",
                        "Could share more about the decisions made at board level.",
                    ),
                ),
                cannot_say=(4,),
            ),
            OTHER: Group(1, said=(Said("A great partner to the police."),)),
        },
    ),
    Round.Kind.POST: Feedback(
        self_scores=(4, 3, 3, 3, 2, 3, 4, 3, 3),
        seen=(4, 3, 3, 3, 2, 3, 4, 3, 3),
        invited_on=date(2022, 3, 28),
        submitted_at=at(date(2022, 4, 20), 10, 35),
        debrief_on=date(2022, 5, 12),
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Samuel now speaks for safeguarding at the trust board with real "
                        "authority.",
                        "Keep building the relationships with commissioners.",
                    ),
                ),
            ),
            PEER: Group(3, said=(Said("Much more confident with budgets and business cases."),)),
            REPORT: Group(
                4,
                said=(
                    Said("Keeps us informed about the bigger picture now."),
                    Said(develop="The new supervision model needs more time to settle."),
                ),
            ),
        },
    ),
}

STEPHEN = {
    Round.Kind.PRE: Feedback(
        self_scores=(3, 3, 2, 3, 2, 3, 3, 2, 3),
        seen=(3, 2, 2, 3, 2, 3, 3, 2, 2),
        invited_on=date(2021, 8, 6),
        submitted_at=at(date(2021, 9, 24), 18, 0),
        raters={
            MANAGER: Group(
                1,
                said=(
                    Said(
                        "Stephen knows youth justice inside out, and the partnership respects him.",
                        "He needs to look after himself through inspections, and to lead change "
                        "more openly.",
                    ),
                ),
            ),
            PEER: Group(
                3,
                said=(
                    Said(
                        "Deep expertise and a steady hand.",
                        "Could be more open to new ways of working.",
                    ),
                    Said(develop="Sometimes stretched too thin."),
                ),
            ),
            REPORT: Group(
                3,
                said=(
                    Said(
                        "Knows every young person's story.",
                        "Changes arrive without much explanation.",
                    ),
                ),
            ),
        },
    ),
    Round.Kind.POST: Feedback(
        self_scores=(3, 3, 3, 3, 2, 3, 3, 3, 3),
        seen=(3, 3, 2, 3, 2, 3, 3, 3, 3),
        invited_on=date(2022, 3, 25),
        submitted_at=at(date(2022, 4, 21), 20, 25),
        debrief_on=date(2022, 5, 13),
        raters={
            MANAGER: Group(0, declined=1),
            PEER: Group(
                3,
                silent=1,
                said=(
                    Said("Handled the inspection well, and shared what he learned from it."),
                    Said(develop="Could delegate more to his deputies."),
                ),
            ),
            REPORT: Group(3, said=(Said("More open with us about what is coming."),)),
        },
    ),
}

#: Each Cohort 1 participant's feedback, by their demo email, then by round.
FEEDBACK: dict[str, dict[str, Feedback]] = {
    "participant@example.org": DANIEL,
    "rebecca.thornton@example.org": REBECCA,
    "imran.siddiqui@example.org": IMRAN,
    "louise.crawford@example.org": LOUISE,
    "samuel.adeyemi@example.org": SAMUEL,
    "stephen.hollis@example.org": STEPHEN,
}
