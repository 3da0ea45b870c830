"""The demo's applications and allocation set-up, as data: read by
``applications/demo/load.py``.

Each sample application is what its applicant typed and when they sent it, and what their
endorser answered and when. Days are counted back from the day of loading, so the field of
applications moves with the current cohort.
"""

from __future__ import annotations

from dataclasses import dataclass

from applications.models import AllocationSettings, BalanceTarget, Endorsement, Sector
from csssl.demo import email_for

DEMO_APPLICANT = "applicant@example.org"
DEMO_DCS_MEMBER = "dcs@example.org"
Basis = Endorsement.Basis
State = Endorsement.State


# --------------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleApplication:
    """One expression of interest as the demo tells it. ``submitted`` is how many days before
    today it was sent, with the hour and minute; None leaves it a draft. ``answered`` is how
    many days after submission the endorser replied."""

    first_name: str
    last_name: str
    employer: str
    job_title: str = ""
    sector: str = ""
    service_area: str = ""
    service_led: str = ""
    team_size: int | None = None
    reports_to: str = ""
    phone: str = ""
    endorser: tuple[str, str] | None = None  # (name, job title)
    why_now: str = ""
    contribution: str = ""
    development: str = ""
    access_requirements: str = ""
    purchase_order_number: str = ""
    submitted: tuple[int, int, int] | None = None  # (days ago, hour, minute)
    endorsement: str = State.CONFIRMED
    basis: str = Basis.APPROVAL
    answered: int = 1
    endorser_comments: str = ""
    decline_reason: str = ""

    @property
    def email(self) -> str:
        return email_for(f"{self.first_name} {self.last_name}")

    @property
    def is_draft(self) -> bool:
        return self.submitted is None


# Who pays the fee for an external partner's place, by employer.
INVOICE_CONTACTS = {
    "Nottinghamshire Healthcare NHS Foundation Trust": (
        "Accounts Payable, Finance Shared Services",
        "accounts.payable@nottshc.example.org",
        "Finance Shared Services\nTrust Headquarters\nNottingham NG3 6AA",
    ),
    "Leicestershire Police": (
        "Learning and Development Business Partner",
        "learning.development@leics-police.example.org",
        "Finance Department\nForce Headquarters\nEnderby\nLeicester LE19 2BX",
    ),
    "Trent Vale Academy Trust": (
        "Trust Finance Manager",
        "finance@trentvale.example.org",
        "Trent Vale Academy Trust\nCentral Office, Station Road\nLong Eaton\nNottingham NG10 1AB",
    ),
    "Lincolnshire Families Together": (
        "Finance Officer",
        "finance@lincsfamilies.example.org",
        "Lincolnshire Families Together\n14 Newland\nLincoln LN1 1XG",
    ),
}

CSSSL_APPLICATIONS = [
    SampleApplication(
        "Sarah",
        "Whitmore",
        "Nottinghamshire County Council",
        job_title="Head of Service, Children in Care",
        sector=Sector.SOCIAL_CARE,
        service_area="Children's social care",
        service_led="Children in care and care leavers: four locality teams, the leaving care "
        "service and the link with the Virtual School",
        team_size=86,
        reports_to="Service Director, Children's Social Care",
        phone="0115 496 0412",
        endorser=("Paul Hendry", "Service Director, Children's Social Care"),
        why_now="I have run our children in care service for four years and now deputise for "
        "the Service Director on corporate parenting. The next step is a second-tier role, "
        "and I want to be ready for it rather than learn it on the job.",
        contribution="Experience of bringing down placement costs without losing stability "
        "for children, and of working closely with our Children in Care Council. I can speak "
        "plainly about what an Ofsted monitoring visit is like from the inside.",
        development="Political awareness and influence with members, and leading services I "
        "have never worked in, such as SEND and education.",
        submitted=(12, 21, 14),
        answered=2,
        endorser_comments="Sarah is one of our strongest heads of service and has my full support.",
    ),
    SampleApplication(
        "James",
        "Kirkland",
        "Derby City Council",
        job_title="Head of Early Help and Prevention",
        sector=Sector.EARLY_HELP,
        service_area="Early help",
        service_led="Early help across the city: family hubs, targeted youth support and the "
        "Supporting Families programme",
        team_size=64,
        reports_to="Assistant Director, Children and Families",
        phone="07700 900318",
        endorser=("Yvonne Marsden", "Assistant Director, Children and Families"),
        why_now="We have just opened our last family hub, and my role is moving from building "
        "a service to leading a partnership across health, schools and the voluntary sector. "
        "I need the wider view this programme offers.",
        contribution="Practical knowledge of setting up family hubs with partners who all "
        "count success differently, and a strong network in the city's voluntary sector.",
        development="Confidence with budgets and commissioning at scale, and holding my own "
        "with senior partners when I am not the expert in the room.",
        submitted=(11, 13, 2),
        basis=Basis.AUTONOMY,
    ),
    SampleApplication(
        "Aisha",
        "Rahman",
        "Leicester City Council",
        job_title="Head of SEND and Inclusion",
        sector=Sector.SEND,
        service_area="SEND and inclusion",
        service_led="SEND assessment and review, the educational psychology service and "
        "inclusion support for schools",
        team_size=52,
        reports_to="Director of Education",
        phone="0116 496 0275",
        endorser=("Neil Chambers", "Director of Education"),
        why_now="SEND reform is asking every authority to lead differently with schools, "
        "health and families. I have turned round our assessment timeliness and now want to "
        "lead on the wider system, not just my own service.",
        contribution="A good grasp of the high needs budget and of working with parent carer "
        "forums when trust is low. I also chair the regional SEND heads group.",
        development="Strategic thinking beyond SEND, and the resilience to lead through "
        "public scrutiny and tribunal pressure without losing sight of children.",
        submitted=(10, 9, 47),
    ),
    SampleApplication(
        "Tom",
        "Hargreaves",
        "Lincolnshire County Council",
        job_title="Head of Youth Justice and Adolescent Services",
        sector=Sector.YOUTH_JUSTICE,
        service_area="Youth justice",
        service_led="The youth justice service, the adolescent exploitation team and "
        "edge-of-care support for teenagers",
        team_size=48,
        reports_to="Assistant Director, Children's Safeguarding",
        phone="07700 900542",
        endorser=("Diane Fowler", "Assistant Director, Children's Safeguarding"),
        why_now="Our work with adolescents now spans the police, health and community "
        "safety, and I am increasingly the person holding those partners together. I want to "
        "do that well and to prepare for a wider role.",
        contribution="A rural county's perspective on exploitation and county lines, and "
        "years of working alongside the police and courts.",
        development="Leading through other people at a larger scale, and setting direction "
        "for services I have not managed before.",
        submitted=(9, 16, 30),
        answered=3,
    ),
    SampleApplication(
        "Nicola",
        "Brennan",
        "Derbyshire County Council",
        job_title="Head of Safeguarding and Quality Assurance",
        sector=Sector.SOCIAL_CARE,
        service_area="Safeguarding and quality assurance",
        service_led="Independent reviewing officers, child protection chairs, the LADO and "
        "the quality assurance framework for children's services",
        team_size=35,
        reports_to="Service Director, Children's Social Care",
        phone="07700 900127",
        endorser=("Graham Ellis", "Service Director, Children's Social Care"),
        why_now="I have spent my career in safeguarding and now lead how the whole "
        "department learns from practice. I want to move from checking quality to shaping "
        "the services that deliver it.",
        contribution="A detailed view of practice across the county, and experience of "
        "leading the department's response to two child safeguarding practice reviews.",
        development="Operational leadership at scale, financial planning and the "
        "confidence to take decisions when the evidence is incomplete.",
        submitted=(8, 19, 55),
        answered=2,
    ),
    SampleApplication(
        "Rajesh",
        "Patel",
        "Leicestershire County Council",
        job_title="Head of Commissioning, Children and Families",
        sector=Sector.COMMISSIONING,
        service_area="Commissioning and partnerships",
        service_led="Commissioning of placements, short breaks and early help services, and "
        "the children's partnership with health",
        team_size=22,
        reports_to="Assistant Director, Commissioning and Planning",
        phone="0116 496 0833",
        endorser=("Catherine Moss", "Assistant Director, Commissioning and Planning"),
        why_now="Placement sufficiency is the biggest pressure on our budget, and I am now "
        "leading work across the region on it. I need to lead across organisations, not "
        "only within a contract.",
        contribution="Knowledge of the placement market and of joint commissioning with the "
        "integrated care board, and a habit of putting the numbers on the table early.",
        development="Leading people and practice directly, and building the relationships "
        "with frontline services that a commissioning background can lack.",
        submitted=(8, 11, 20),
        basis=Basis.AUTONOMY,
    ),
    SampleApplication(
        "Emma",
        "Fairbrother",
        "West Northamptonshire Council",
        job_title="Head of Education Access and Inclusion",
        sector=Sector.EDUCATION,
        service_area="Education",
        service_led="School admissions, attendance, children missing education and elective "
        "home education",
        team_size=40,
        reports_to="Assistant Director, Education",
        phone="07700 900664",
        endorser=("Simon Wragg", "Assistant Director, Education"),
        why_now="Working with schools on attendance has shown me how much depends on "
        "partnership across the whole children's system. I want to widen my leadership "
        "beyond education and learn from colleagues in other authorities.",
        contribution="Experience of building a new service after reorganisation, and strong "
        "links with academy trusts and headteachers.",
        development="Understanding social care and early help at a strategic level, and "
        "working with elected members.",
        submitted=(5, 10, 5),
        answered=4,
    ),
    SampleApplication(
        "Kate",
        "Ridley",
        "Nottinghamshire Healthcare NHS Foundation Trust",
        job_title="Associate Director of Nursing, Children and Families",
        sector=Sector.HEALTH,
        service_area="Community children's health",
        service_led="Health visiting, school nursing and the children's community mental "
        "health teams across the county",
        team_size=120,
        reports_to="Director of Nursing",
        phone="0115 496 0951",
        endorser=("Dr Alison Grey", "Director of Nursing"),
        why_now="So much of our work depends on local authority partners, and I want to "
        "understand their pressures from the inside. Leading across organisations is now "
        "most of my job.",
        contribution="A health perspective on safeguarding, early years and children's "
        "mental health, and experience of integrating teams across the NHS and councils.",
        development="Political awareness and understanding of local government, and "
        "influencing decisions outside my own organisation.",
        purchase_order_number="NHC-PO-208814",
        submitted=(7, 14, 40),
        answered=2,
    ),
    SampleApplication(
        "Mark",
        "Devlin",
        "Leicestershire Police",
        job_title="Detective Chief Inspector, Public Protection",
        sector=Sector.POLICE,
        service_area="Public protection",
        service_led="Child abuse investigation, the missing from home team and police "
        "officers in the multi-agency safeguarding hub",
        team_size=70,
        reports_to="Detective Superintendent, Public Protection",
        phone="07700 900871",
        endorser=("Carl Jennings", "Detective Superintendent, Public Protection"),
        why_now="The safeguarding partnership asks the police to share leadership with "
        "children's services and health. I want to understand children's services well "
        "enough to lead that partnership, not just attend it.",
        contribution="A police view of exploitation, missing children and joint "
        "investigations, and of decision-making under time pressure.",
        development="Strategic leadership in a multi-agency setting, and ways of leading "
        "that rely on influence rather than rank.",
        submitted=(6, 8, 15),
    ),
    SampleApplication(
        "Joanne",
        "Pritchard",
        "Trent Vale Academy Trust",
        job_title="Director of Inclusion and Safeguarding",
        sector=Sector.EDUCATION,
        service_area="Inclusion and safeguarding in schools",
        service_led="Safeguarding, SEND and alternative provision across the trust's eleven "
        "primary and secondary academies",
        team_size=30,
        reports_to="Chief Executive Officer",
        phone="07700 900209",
        endorser=("Richard Okoye", "Chief Executive Officer"),
        why_now="Our academies sit across two local authorities, and I spend more and more "
        "of my time working with their children's services. I want to lead that work as a "
        "partner in the system.",
        contribution="The school view of inclusion, exclusions and safeguarding, and of "
        "working with more than one authority's procedures at once.",
        development="Understanding local authority decision-making and finance, and "
        "building a regional network beyond education.",
        purchase_order_number="TVAT-4471",
        submitted=(4, 17, 25),
        answered=2,
        basis=Basis.AUTONOMY,
    ),
    SampleApplication(
        "Ben",
        "Atkinson",
        "North Northamptonshire Council",
        job_title="Head of Early Help",
        sector=Sector.EARLY_HELP,
        service_area="Early help",
        service_led="Early help assessment, family support workers and the children's "
        "centre network",
        team_size=58,
        reports_to="Assistant Director, Early Help and Prevention",
        phone="07700 900453",
        endorser=("Lorraine Tate", "Assistant Director, Early Help and Prevention"),
        why_now="Since the council was formed I have brought together two early help "
        "services with different histories. I want to build on that and prepare for a "
        "wider leadership role.",
        contribution="Experience of merging services and cultures after local government "
        "reorganisation, and of keeping staff with us through it.",
        development="Strategic planning over a longer horizon, and leading across "
        "partnerships with health and the police.",
        submitted=(3, 12, 10),
        endorsement=State.PENDING,
    ),
    SampleApplication(
        "Michael",
        "Grant",
        "Derby City Council",
        job_title="Head of Fostering and Residential Care",
        sector=Sector.SOCIAL_CARE,
        service_area="Children's social care",
        service_led="The fostering service, the council's five children's homes and "
        "support for kinship carers",
        team_size=140,
        reports_to="Assistant Director, Children in Care",
        phone="07700 900736",
        endorser=("Hannah Lowe", "Assistant Director, Children in Care"),
        why_now="We are opening two new homes and growing our own foster carers to bring "
        "children back to the city. I want the strategic skills to lead that change well.",
        contribution="Experience of running regulated services and of recruiting and keeping "
        "foster carers in a competitive market.",
        development="Working with members and partners on the case for long-term investment, "
        "and thinking beyond my own service.",
        submitted=(2, 20, 45),
        endorsement=State.PENDING,
    ),
    SampleApplication(
        "Rachel",
        "Stoddart",
        "Lincolnshire Families Together",
        job_title="Director of Services",
        sector=Sector.THIRD_SECTOR,
        service_area="Family support",
        service_led="Family support, young carers and parenting services across the county",
        team_size=45,
        reports_to="Chief Executive",
        phone="07700 900590",
        endorser=("Stephen Hale", "Chief Executive"),
        why_now="We deliver more and more of our work in partnership with the county "
        "council, and I want to lead as an equal partner in the system.",
        contribution="The voluntary sector's view, and what families tell us they do not "
        "say to statutory services.",
        development="Influencing at a strategic level, and understanding local authority "
        "priorities and funding.",
        submitted=(6, 15, 5),
        endorsement=State.DECLINED,
        answered=3,
        decline_reason="Rachel is leading our merger with a neighbouring charity between "
        "October and March, and I cannot release her for every date this year. I would be "
        "glad to support an application to the next cohort.",
    ),
    SampleApplication(
        "Sophie",
        "Tanner",
        "Rutland County Council",
        job_title="Service Manager, Fostering and Adoption",
        sector=Sector.SOCIAL_CARE,
        service_area="Children's social care",
        phone="07700 900188",
        why_now="As a small authority we rely on strong regional partnerships, and I want "
        "to build my own network across the East Midlands.",
    ),
]

# The demo applicant's ALICSE application: started, saved, not finished.
ALICSE_DRAFT = SampleApplication(
    "Gemma",
    "Holloway",
    "Leicestershire County Council",
    job_title="Locality Manager, Early Help",
    sector=Sector.EARLY_HELP,
    service_area="Early help",
    service_led="An early help locality team of family workers and a parenting team, working "
    "with twelve primary schools",
    team_size=18,
    reports_to="Head of Early Help",
    phone="0116 496 0519",
    why_now="My team now works every day alongside health visitors, schools and the police. "
    "I want to lead that joined-up work with more confidence and a stronger grasp of how "
    "each partner makes decisions.",
    contribution="Hands-on experience of building a team around the family with schools.",
)


# --------------------------------------------------------------------------------------------
# Allocation
# --------------------------------------------------------------------------------------------

#: Scoring closes a week before places are awarded; an offer is answered within a fortnight.
SCORING_CLOSES_BEFORE_AWARD_DAYS = 7
OFFER_RESPONSE_DAYS = 14
#: A freed place waits for a coordinator to offer it to the next on the waiting list.
REFILL = AllocationSettings.Refill.ON_CLICK

CRITERIA = [
    (
        "Readiness for strategic leadership",
        "1: leads a service well but has yet to lead beyond it. 5: already shapes direction "
        "across services or organisations and is ready for a second-tier role within a year "
        "or two.",
    ),
    (
        "What they will bring to the cohort",
        "1: little experience others could learn from. 5: experience, a perspective or a "
        "network that would clearly strengthen the cohort's learning.",
    ),
    (
        "Fit with the programme now",
        "1: another year in post, or another programme, would serve them better. 5: this "
        "cohort comes at the right moment for them and for their organisation.",
    ),
]


@dataclass(frozen=True)
class SampleMember:
    """A member of the DCS group who scores, and the authority they lead."""

    first_name: str
    last_name: str
    job_title: str
    authority: str

    @property
    def email(self) -> str:
        return email_for(f"{self.first_name} {self.last_name}")


OTHER_MEMBERS = [
    SampleMember("Fiona", "Drummond", "Director of Children and Family Services", "Leicestershire"),
    SampleMember("Martin", "Ashby", "Executive Director, Children's Services", "Lincolnshire"),
]
DEMO_MEMBER_AUTHORITY = "Derby"


@dataclass(frozen=True)
class Marks:
    """One member's scores of one application, criterion by criterion, with any comments."""

    applicant: str  # email of the sample applicant
    values: tuple[int, int, int]
    comments: tuple[str, str, str] = ("", "", "")


def marks(name: str, values: tuple[int, int, int], *comments: str) -> Marks:
    """``name``'s scores, with comments on the first criteria given, in order."""
    padded = (*comments, "", "", "")[:3]
    return Marks(email_for(name), values, padded)


# Each member scores only applicants from outside their own authority; two endorsed
# applications (Emma Fairbrother and Joanne Pritchard) are left for the group to score.
SCORES = {
    DEMO_DCS_MEMBER: [
        marks("Sarah Whitmore", (4, 4, 5)),
        marks(
            "Aisha Rahman",
            (4, 5, 4),
            "",
            "Chairs the regional SEND heads group: others would learn a lot from her.",
        ),
        marks("Tom Hargreaves", (3, 4, 4)),
        marks("Nicola Brennan", (5, 4, 4)),
        marks("Kate Ridley", (4, 5, 3)),
    ],
    email_for("Fiona Drummond"): [
        marks("Sarah Whitmore", (5, 4, 4), "Already deputises for her Service Director."),
        marks(
            "James Kirkland",
            (3, 3, 4),
            "Strong on early help; less evidence yet of leading beyond his own service.",
        ),
        marks("Aisha Rahman", (4, 4, 4)),
        marks("Tom Hargreaves", (3, 4, 3)),
        marks("Nicola Brennan", (4, 4, 5)),
        marks("Kate Ridley", (3, 5, 4), "", "A health voice the cohort needs."),
    ],
    email_for("Martin Ashby"): [
        marks("James Kirkland", (3, 4, 3)),
        marks("Aisha Rahman", (5, 4, 4)),
        marks("Nicola Brennan", (4, 4, 4)),
        marks(
            "Rajesh Patel",
            (4, 3, 4),
            "",
            "",
            "Would gain from the operational leadership side of the programme.",
        ),
        marks("Mark Devlin", (3, 5, 4)),
        marks("Kate Ridley", (4, 4, 3)),
    ],
}


# Balance targets for the cohort: (dimension, value, minimum, maximum). A local authority is
# named here and stored by its code.
BALANCE_TARGETS = [
    (BalanceTarget.Dimension.PARTNER, "external", 3, None),
    (BalanceTarget.Dimension.LOCAL_AUTHORITY, "Nottinghamshire", None, 5),
    (BalanceTarget.Dimension.SECTOR, Sector.SOCIAL_CARE, None, 10),
]
