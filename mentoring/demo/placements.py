"""The ALICSE participant's placements and work-based project.

``alicse.participant@example.org`` (Hannah Brooks, ALICSE 2012/13) has:

- a placement with Nottingham City Council's children's services in January 2013, its
  objectives agreed by her tutor (Helen Marsh), approved by the coordinator, and her
  reflection written the week after;
- a shadowing of a Director of Children's Services in May 2013, its objectives agreed and
  awaiting the coordinator's approval;
- a project on moving children into secondary school, tied to two of ALICSE's qualities, with
  three milestones (the first done) and its hand-in due in June 2013.

Rows are found by their natural keys, so loading twice leaves the same rows. Nothing here
sends an email: the demo's outbox is muted around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cohorts.models import Participant, Quality
from csssl.demo import at, upsert
from csssl.models import User
from mentoring.models import Milestone, Placement, Project

Status = Placement.Status

TUTOR = "helen.marsh@example.org"
COORDINATOR = "coordinator@example.org"
PARTICIPANT = "alicse.participant@example.org"

APPROVED_OBJECTIVES = (
    "See how a city authority's front door and early help teams decide together which "
    "families get which help.\n"
    "Learn how the authority's schools and social workers share information about children "
    "moving between schools.\n"
    "Bring back one practice to try in our own trust's transition work."
)
REFLECTION = (
    "A week in the city's front door showed me how much depends on the first conversation "
    "with a school. Their daily triage meeting, with a school nurse and an attendance officer "
    "at the table, decided in minutes what our trust takes weeks to agree by email.\n\n"
    "Against my objectives: I saw the front door and early help working as one team, and I "
    "understand far better what social workers need from us when a child changes school. "
    "I am bringing back a short weekly call between our heads of year and the early help hub."
)
AWAITING_OBJECTIVES = (
    "Shadow a Director of Children's Services through a week of strategic decisions.\n"
    "Understand how the Children's Trust board sets priorities across agencies.\n"
    "Test my project's proposal with a system leader outside education."
)


@dataclass(frozen=True)
class Loaded:
    approved: Placement
    awaiting: Placement
    project: Project


def load(*, today: date) -> Loaded:
    participant = Participant.objects.select_related("cohort__programme").get(
        user__email=PARTICIPANT, cohort__programme__slug="alicse"
    )
    tutor = User.objects.get(email=TUTOR)
    coordinator = User.objects.get(email=COORDINATOR)
    approved = upsert(
        Placement,
        lookup={"participant": participant, "host_organisation": "Nottingham City Council"},
        values={
            "kind": Placement.Kind.PLACEMENT,
            "host_contact_name": "Grace Whitfield",
            "host_contact_email": "grace.whitfield@example.org",
            "starts_on": date(2013, 1, 14),
            "ends_on": date(2013, 1, 18),
            "objectives": APPROVED_OBJECTIVES,
            "objectives_agreed_by": tutor,
            "objectives_agreed_at": at(date(2012, 12, 3), 15),
            "status": Status.APPROVED,
            "submitted_at": at(date(2012, 12, 4), 9),
            "decided_by": coordinator,
            "decided_at": at(date(2012, 12, 6), 11),
            "decision_note": "",
            "reflection": REFLECTION,
            "reflected_at": at(date(2013, 1, 24), 20),
            "created_at": at(date(2012, 11, 28), 19),
        },
    )
    awaiting = upsert(
        Placement,
        lookup={"participant": participant, "host_organisation": "Leicestershire County Council"},
        values={
            "kind": Placement.Kind.SHADOWING,
            "host_contact_name": "Martin Hale",
            "host_contact_email": "martin.hale@example.org",
            "starts_on": date(2013, 5, 13),
            "ends_on": date(2013, 5, 17),
            "objectives": AWAITING_OBJECTIVES,
            "objectives_agreed_by": tutor,
            "objectives_agreed_at": at(date(2013, 4, 15), 16),
            "status": Status.SUBMITTED,
            "submitted_at": at(date(2013, 4, 16), 8),
            "decided_by": None,
            "decided_at": None,
            "reflection": "",
            "reflected_at": None,
            "created_at": at(date(2013, 4, 10), 18),
        },
    )
    project = upsert(
        Project,
        lookup={"participant": participant, "title": "No child lost between schools"},
        values={
            "problem": (
                "Children known to early help move from our primary academies to secondary "
                "school with what is known about them left behind, and the first term is when "
                "they fall away."
            ),
            "expected_impact": (
                "Every child with an early help plan starts secondary school with a named adult "
                "who knows their story, and fewer are persistently absent by Christmas."
            ),
            "hand_in_due_on": date(2013, 6, 14),
            "final_report": "",
            "handed_in_at": None,
            "created_at": at(date(2012, 11, 1), 18),
        },
    )
    qualities = Quality.objects.filter(
        framework__programme=participant.cohort.programme, framework__is_current=True
    ).order_by("order", "pk")[:2]
    project.qualities.set(list(qualities))
    for title, due_on, done_at in (
        ("Map every transfer of information at Year 6 to 7", date(2013, 1, 31), date(2013, 1, 29)),
        ("Agree a shared transition record with the early help hub", date(2013, 3, 28), None),
        ("Pilot named adults in two secondary academies", date(2013, 5, 24), None),
    ):
        upsert(
            Milestone,
            lookup={"project": project, "title": title},
            values={"due_on": due_on, "done_at": at(done_at, 17) if done_at else None},
        )
    return Loaded(approved=approved, awaiting=awaiting, project=project)
