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
    #: What each point of the rating scale looks like for this quality, from the lowest.
    descriptors: tuple[str, str, str, str]


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
            (
                (
                    "Speaks of children and families when prompted, but other pressures can still "
                    "decide."
                ),
                (
                    "Puts children and families first in familiar decisions, though values can slip "
                    "when the stakes rise."
                ),
                (
                    "Acts on clear values and keeps children at the centre of every decision, even "
                    "when challenged."
                ),
                (
                    "Sets the moral tone for the service, and helps colleagues to make and explain "
                    "decisions by their values."
                ),
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
            (
                (
                    "Is beginning to notice their effect on others, and needs support to stay steady "
                    "when things go wrong."
                ),
                (
                    "Knows their main strengths and limits, and stays composed under routine "
                    "pressure if less so in a crisis."
                ),
                (
                    "Seeks feedback, understands their effect on others and thinks clearly through "
                    "scrutiny and setbacks."
                ),
                (
                    "Models a steady, reflective response to pressure, and helps others to build "
                    "their own resilience."
                ),
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
            (
                (
                    "Stays mostly within their own specialism, and looks to others to lead in "
                    "unfamiliar areas."
                ),
                (
                    "Leads outside their specialism where the ground is familiar, but takes expert "
                    "advice without testing it."
                ),
                (
                    "Learns quickly in new territory, questions specialists well and leads with "
                    "confidence where they are not the expert."
                ),
                (
                    "Encourages colleagues to step beyond their own specialism, and makes chances "
                    "for them to learn across services."
                ),
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
            (
                "Concentrates on immediate demands, with little link yet to a longer-term plan.",
                (
                    "Can describe a direction for their own area, though its priorities are not "
                    "always shared or kept to."
                ),
                (
                    "Sets a clear long-term direction with a few priorities that staff and partners "
                    "understand and act on."
                ),
                (
                    "Involves others in shaping the direction, so that leaders across the service "
                    "own it and explain it themselves."
                ),
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
            (
                (
                    "Works with elected members and the wider council mainly when asked, and is "
                    "unsure of the democratic process."
                ),
                (
                    "Advises members well on familiar issues, though may miss wider council "
                    "priorities or political risk."
                ),
                (
                    "Gives members candid, timely advice, and weighs corporate and political "
                    "considerations in every major decision."
                ),
                (
                    "Is trusted across the council as a corporate leader, and coaches colleagues in "
                    "working with members."
                ),
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
            (
                (
                    "Reports on performance and budgets when required, and is still learning to act "
                    "on what the figures show."
                ),
                (
                    "Uses data and budgets well in their own area, but is less sure making hard "
                    "choices across a service."
                ),
                (
                    "Owns performance, risk and money across a whole service, acts early on problems "
                    "and explains hard choices."
                ),
                (
                    "Builds a culture of fair, shared accountability, and helps managers to use data "
                    "and resources well."
                ),
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
            (
                (
                    "Works with partner agencies case by case, relying mostly on their own "
                    "organisation's authority."
                ),
                (
                    "Has good working relationships with some partners, though shared goals falter "
                    "when interests conflict."
                ),
                (
                    "Builds trust across agencies, finds common ground in conflict and shares risk "
                    "as well as credit."
                ),
                (
                    "Is sought out to lead across the system, and helps others to build partnerships "
                    "beyond their own organisation."
                ),
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
            (
                (
                    "Attends to staff development when asked, and is seldom seen by frontline "
                    "practitioners."
                ),
                (
                    "Supports their own team's development and is approachable, though less visible "
                    "across the wider service."
                ),
                (
                    "Is visible to frontline staff, stretches people through delegation and tackles "
                    "behaviour that harms openness."
                ),
                (
                    "Shapes a learning culture across the service, and grows leaders who go on to "
                    "develop others."
                ),
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
            (
                (
                    "Takes part in change that others lead, and is cautious about trying new "
                    "approaches."
                ),
                (
                    "Leads change in familiar areas, though the case for it, the involvement of "
                    "others or the follow-through can be thin."
                ),
                (
                    "Makes an honest case for change, involves children, families and staff, and "
                    "checks that the change lasts."
                ),
                (
                    "Makes room for others to try new approaches, and spreads what works across the "
                    "service and the region."
                ),
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
            (
                "Sees the value of shared outcomes, but still plans mostly for their own service.",
                (
                    "Works towards shared outcomes with partners they know well, though joint plans "
                    "are not yet firm."
                ),
                (
                    "Brings agencies together around outcomes they own jointly, with plans that say "
                    "who does what."
                ),
                (
                    "Helps leaders in other agencies to build a shared vision and keep to it, long "
                    "after any one plan ends."
                ),
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
            (
                (
                    "Relies mostly on formal authority, and is still learning how other agencies "
                    "work and speak."
                ),
                (
                    "Influences well where relationships are established, but struggles when "
                    "disagreement is sharp."
                ),
                (
                    "Negotiates without formal authority, adapts to each agency's culture and "
                    "reaches workable agreements."
                ),
                (
                    "Builds lasting alliances across sectors, and helps colleagues to influence "
                    "beyond their own organisation."
                ),
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
            (
                (
                    "Leads staff of their own profession with confidence, but is less sure with "
                    "mixed teams."
                ),
                (
                    "Leads multi-agency teams on familiar work, though roles and information sharing "
                    "are not always clear."
                ),
                (
                    "Leads mixed teams as one team around the child, with clear roles and safe "
                    "sharing of information."
                ),
                (
                    "Helps other leaders to bring professions together and to resolve the tensions "
                    "between them."
                ),
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
            (
                (
                    "Speaks up for the child's interests, but can defer to their own agency's "
                    "loyalties under pressure."
                ),
                (
                    "Puts children first in most decisions, though may be slow to name their own "
                    "agency's shortcomings."
                ),
                (
                    "Puts the child before any organisational loyalty, is open about shortcomings "
                    "and challenges discrimination."
                ),
                (
                    "Is trusted in every agency as a champion for children, and encourages others to "
                    "narrow gaps in outcomes."
                ),
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
            (
                "Is beginning to reflect on their own leadership, usually when others prompt it.",
                (
                    "Reflects on practice and takes feedback on board, though their development "
                    "goals are still loose."
                ),
                (
                    "Uses feedback to set clear goals, reflects openly with peers and knows the "
                    "limits of their own viewpoint."
                ),
                (
                    "Makes reflection a habit in the groups they lead, and helps others to learn "
                    "from feedback."
                ),
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
            (
                (
                    "Finds change and uncertainty draining, and needs support to keep their "
                    "direction."
                ),
                (
                    "Adapts well to change they expected, though sudden shifts can unsettle their "
                    "plans or workload."
                ),
                (
                    "Stays positive and purposeful through uncertainty, adjusting plans without "
                    "losing sight of the aim."
                ),
                (
                    "Steadies others through change, and helps teams to work in a way they can "
                    "sustain."
                ),
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
            (
                "Knows their own agency's role well, with a partial picture of the others.",
                (
                    "Understands the main partner agencies' duties, though local partnership "
                    "arrangements are less clear to them."
                ),
                (
                    "Explains how the agencies' duties fit together locally and across the region, "
                    "and what national policy means for them."
                ),
                (
                    "Helps colleagues from every agency to understand the wider landscape and their "
                    "own place in it."
                ),
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
            (
                (
                    "Uses their own service's data when asked, with little reference to research or "
                    "to families' views."
                ),
                (
                    "Draws on data and research for some decisions, though evidence shared between "
                    "agencies is used less."
                ),
                (
                    "Bases priorities on research, shared data and the views of children and "
                    "families, and checks the impact."
                ),
                (
                    "Builds the habit of evidence and involvement across agencies, so that others "
                    "judge impact well too."
                ),
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
            (
                (
                    "Knows their own safeguarding duties, and is still learning how the local "
                    "arrangements fit together."
                ),
                (
                    "Plays their part in local safeguarding arrangements, though early help across "
                    "boundaries is less developed."
                ),
                (
                    "Works confidently within the safeguarding arrangements, promotes early help and "
                    "acts on learning from reviews."
                ),
                (
                    "Leads partners in helping families earlier, and makes sure lessons from case "
                    "reviews change practice."
                ),
            ),
        ),
    ),
)

SAMPLE_FRAMEWORKS = (CSSSL_QUALITIES, ALICSE_QUALITIES)
