"""Sample leadership qualities for each programme, as data: read by
``evaluations/demo/load.py``.

The qualities each programme is really built on are agreed by the East Midlands DCS group, and
coordinators enter them. These samples exist so that the self evaluation, rater forms, reports
and the qualities download can be tried before then.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SampleQuality:
    theme: str
    name: str
    description: str
    indicators: tuple[str, str, str]


@dataclass(frozen=True)
class SampleFramework:
    programme_slug: str
    name: str
    introduction: str
    qualities: tuple[SampleQuality, ...]


PERSONAL = "Personal behaviours and characteristics"
ROLE = "The strategic leadership role"
SYSTEM = "Leading in the system and environment"

CSSSL_QUALITIES = SampleFramework(
    programme_slug="csssl",
    name="CSSSL leadership qualities (sample)",
    introduction=(
        "These are sample qualities, provided so that the self evaluation, feedback from "
        "colleagues, reports and this download can be tried out. Coordinators should replace "
        "them with the qualities the East Midlands DCS group has agreed before a cohort's "
        "pre-programme evaluation opens.\n\n"
        "The qualities fall under three themes: personal behaviours and characteristics, the "
        "strategic leadership role, and leading in the wider system. Participants rate "
        "themselves against each one and invite colleagues to do the same; the results shape "
        "their development plan for the programme."
    ),
    qualities=(
        SampleQuality(
            PERSONAL,
            "Integrity and moral purpose",
            "Keeps the interests of children and families at the centre of every decision and "
            "acts consistently on clear values, especially under pressure.",
            (
                "Explains decisions by their likely effect on children and families",
                "Challenges poor practice, even when doing so is uncomfortable or unpopular",
                "Behaves the same way in public and in private, and owns their mistakes",
            ),
        ),
        SampleQuality(
            PERSONAL,
            "Resilience and self-awareness",
            "Knows their own strengths, limits and effect on others, and stays composed and "
            "effective through scrutiny, crises and setbacks.",
            (
                "Asks for feedback and visibly acts on it",
                "Thinks clearly and stays calm during a serious incident or public criticism",
                "Looks after their own wellbeing and encourages others to do the same",
            ),
        ),
        SampleQuality(
            PERSONAL,
            "Learning beyond their specialism",
            "Moves confidently beyond the area they know best, learns quickly in unfamiliar "
            "territory and is comfortable leading where they are not the expert.",
            (
                "Asks searching questions of specialists and weighs competing advice",
                "Draws on evidence and practice from other services, sectors and regions",
                "Reflects on experience and changes their approach as a result",
            ),
        ),
        SampleQuality(
            ROLE,
            "Setting direction",
            "Builds a clear, long-term vision for services and turns it into a small number of "
            "priorities that others understand and take as their own.",
            (
                "Links day-to-day decisions to a longer-term plan for children's services",
                "Explains priorities in terms that make sense to staff, partners and members",
                "Stops or changes work that no longer serves the agreed direction",
            ),
        ),
        SampleQuality(
            ROLE,
            "Political and corporate awareness",
            "Works well with elected members and the wider council, understanding the "
            "democratic process, corporate priorities and the pressure on public money.",
            (
                "Gives members advice that is candid, balanced and timely",
                "Contributes to council-wide priorities as well as to children's services",
                "Anticipates how a decision will be received publicly and politically",
            ),
        ),
        SampleQuality(
            ROLE,
            "Accountability for performance and resources",
            "Takes ownership of performance, risk and budgets across a whole area of service, "
            "and uses data and commissioning to get the best value for children.",
            (
                "Uses performance information to spot problems early and act on them",
                "Makes hard choices about resources and explains the reasons openly",
                "Holds others to account fairly and consistently",
            ),
        ),
        SampleQuality(
            SYSTEM,
            "Partnership and system leadership",
            "Leads across organisational boundaries with health, police, schools and the "
            "voluntary sector, building shared ownership of outcomes rather than relying on "
            "line authority.",
            (
                "Builds relationships of trust with leaders in partner organisations",
                "Finds common ground and shared goals when interests conflict",
                "Shares risk as well as credit with partners",
            ),
        ),
        SampleQuality(
            SYSTEM,
            "Developing people and culture",
            "Creates a culture in which practitioners can do their best work with children and "
            "families, and grows the next generation of leaders.",
            (
                "Is visible and approachable to frontline staff",
                "Spots talent and develops it through delegation and stretching work",
                "Tackles behaviour and practice that undermine learning and openness",
            ),
        ),
        SampleQuality(
            SYSTEM,
            "Leading change and innovation",
            "Anticipates future needs, tries new approaches and leads change that lasts, "
            "learning from what works elsewhere.",
            (
                "Makes a clear case for change and is honest about its risks",
                "Involves children, families and staff in designing new approaches",
                "Checks the impact of a change and adjusts the plan in the light of it",
            ),
        ),
    ),
)

SKILLS = "Leadership skills"
ATTRIBUTES = "Leadership attributes"
KNOWLEDGE = "Leadership knowledge"

ALICSE_QUALITIES = SampleFramework(
    programme_slug="alicse",
    name="ALICSE leadership qualities (sample)",
    introduction=(
        "These are sample qualities, provided so that the self evaluation, 360-degree "
        "feedback, reports and this download can be tried out. Coordinators should replace "
        "them with the qualities the East Midlands DCS group has agreed before a cohort's "
        "pre-programme evaluation opens.\n\n"
        "Following the National Leadership Qualities Framework, they are grouped as leadership "
        "skills, attributes and knowledge, as they apply to leading in an integrated, "
        "multi-agency children's service environment. Participants rate themselves and invite "
        "colleagues from their own and other agencies to rate them; the results set the "
        "starting point for each personalised programme."
    ),
    qualities=(
        SampleQuality(
            SKILLS,
            "Building a shared vision across agencies",
            "Brings leaders from different services together around common outcomes for "
            "children, young people and families.",
            (
                "Agrees shared outcomes that partners recognise as their own",
                "Turns a shared vision into joint plans with clear responsibilities",
                "Keeps partners focused on outcomes rather than on organisational boundaries",
            ),
        ),
        SampleQuality(
            SKILLS,
            "Influencing and collaborating",
            "Influences and negotiates without formal authority, and builds alliances across "
            "sectors to get things done.",
            (
                "Adapts their approach to the culture and language of each agency",
                "Handles disagreement constructively and reaches workable agreements",
                "Builds networks that last beyond a single project",
            ),
        ),
        SampleQuality(
            SKILLS,
            "Leading integrated teams",
            "Leads staff from different professions and employers so that they work as one "
            "team around the child.",
            (
                "Makes clear who does what when several agencies work with one family",
                "Values different professional perspectives and resolves tensions between them",
                "Helps staff share information safely and appropriately",
            ),
        ),
        SampleQuality(
            ATTRIBUTES,
            "Integrity and commitment to children",
            "Acts on a clear commitment to improving outcomes for every child, and earns the "
            "trust of colleagues in every agency.",
            (
                "Puts the child's interests before organisational or professional loyalties",
                "Is open and honest, including about their own agency's shortcomings",
                "Challenges discrimination and works to narrow gaps in outcomes",
            ),
        ),
        SampleQuality(
            ATTRIBUTES,
            "Self-awareness and reflection",
            "Understands their own leadership style and its effect on others, and keeps "
            "learning through reflection and feedback.",
            (
                "Uses 360-degree feedback to set clear development goals",
                "Reflects openly on practice in action learning and seminar groups",
                "Recognises the limits of their own professional viewpoint",
            ),
        ),
        SampleQuality(
            ATTRIBUTES,
            "Resilience and adaptability",
            "Stays effective in complex, changing and uncertain situations, and helps others "
            "to do the same.",
            (
                "Remains positive and purposeful through organisational change",
                "Adjusts plans in response to new information without losing direction",
                "Manages their own workload and wellbeing in a sustainable way",
            ),
        ),
        SampleQuality(
            KNOWLEDGE,
            "The integrated children's services landscape",
            "Knows the roles, duties and priorities of the agencies that make up the children's "
            "workforce, and how they fit together locally and across the region.",
            (
                "Explains the statutory responsibilities of the main partner agencies",
                "Understands how Children's Trust and local partnership arrangements work",
                "Keeps up to date with national policy and what it means locally",
            ),
        ),
        SampleQuality(
            KNOWLEDGE,
            "Evidence and outcomes",
            "Uses research, shared data and the views of children and families to decide "
            "priorities and judge impact.",
            (
                "Draws on research and evaluation when planning services",
                "Uses data shared between agencies to identify need",
                "Involves children, young people and families in reviewing services",
            ),
        ),
        SampleQuality(
            KNOWLEDGE,
            "Safeguarding and early help",
            "Understands how agencies work together to protect children and to help early, and "
            "leads so that support reaches families sooner.",
            (
                "Knows the local safeguarding arrangements and their own part in them",
                "Promotes early help across agency boundaries",
                "Learns from case reviews and makes sure their findings are acted on",
            ),
        ),
    ),
)

SAMPLE_FRAMEWORKS = (CSSSL_QUALITIES, ALICSE_QUALITIES)
