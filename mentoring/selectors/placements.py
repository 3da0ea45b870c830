"""Reads for placements and projects, scoped to whoever asks: a participant reads their own
(404 for anyone else's), a mentor their active mentee's, a coordinator a cohort's. Each states
its number of queries, which does not grow with the data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404

from cohorts.models import Cohort, Participant, Quality
from mentoring.models import Milestone, Placement, Project
from mentoring.services.projects import allowed_qualities

Status = Placement.Status


def _placements():
    return Placement.objects.select_related("objectives_agreed_by", "decided_by")


def _projects():
    return Project.objects.prefetch_related(
        Prefetch("qualities", queryset=Quality.objects.order_by("order", "pk")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
    )


# --- The participant's own --------------------------------------------------------------------


def own_placements(participant: Participant) -> list[Placement]:
    """The participant's placements, in date order. One query."""
    return list(_placements().filter(participant=participant).order_by("starts_on", "pk"))


def own_placement(participant: Participant, placement_id: int) -> Placement:
    """One of the participant's placements; 404 for anyone else's. One query."""
    return get_object_or_404(_placements(), pk=placement_id, participant=participant)


def _counted(project: Project) -> Project:
    """``milestones_done``: how many of its (prefetched) milestones are done."""
    project.milestones_done = sum(1 for m in project.milestones.all() if m.done_at is not None)
    return project


def own_projects(participant: Participant) -> list[Project]:
    """The participant's projects with their qualities and milestones (and
    ``milestones_done``). Three queries."""
    return [
        _counted(project)
        for project in _projects().filter(participant=participant).order_by("created_at", "pk")
    ]


def own_project(participant: Participant, project_id: int) -> Project:
    """One of the participant's projects with its qualities and milestones; 404 for anyone
    else's. Three queries."""
    return _counted(get_object_or_404(_projects(), pk=project_id, participant=participant))


def own_milestone(participant: Participant, milestone_id: int) -> Milestone:
    """A milestone of one of the participant's projects; 404 for anyone else's. One query."""
    return get_object_or_404(
        Milestone.objects.select_related("project"),
        pk=milestone_id,
        project__participant=participant,
    )


def project_qualities(participant: Participant):
    """The qualities a project may develop, in the framework's order."""
    return allowed_qualities(participant).order_by("order", "pk")


# --- The mentor's, of one mentee --------------------------------------------------------------


def mentee_placements(participant: Participant) -> list[Placement]:
    """The mentee's placements as their mentor sees them: all but those withdrawn, objectives
    still to agree first. One query."""
    return list(
        _placements()
        .filter(participant=participant)
        .exclude(status=Status.WITHDRAWN)
        .annotate(
            waiting=Case(
                When(
                    status__in=(Status.DRAFT, Status.DECLINED),
                    objectives_agreed_at__isnull=True,
                    then=Value(0),
                ),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "starts_on", "pk")
    )


def mentee_placement(participant: Participant, placement_id: int) -> Placement:
    """One of the mentee's placements (not withdrawn); 404 otherwise. One query."""
    return get_object_or_404(
        _placements().exclude(status=Status.WITHDRAWN),
        pk=placement_id,
        participant=participant,
    )


# --- The coordinators' ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectRow:
    project: Project
    milestones: int
    milestones_done: int


@dataclass(frozen=True)
class CohortPlacements:
    cohort: Cohort
    awaiting: list[Placement]
    others: list[Placement]
    projects: list[ProjectRow]


def coordinator_cohort(cohort_id: int) -> Cohort:
    """The cohort, with its programme; 404 when there is none. One query."""
    return get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_id)


def cohort_placements(cohort: Cohort) -> CohortPlacements:
    """A cohort's placements, those awaiting approval first (oldest request first), then the
    rest by date, and its projects with their milestone counts. Two queries."""
    placements = list(
        Placement.objects.filter(participant__cohort=cohort)
        .select_related("participant__user", "objectives_agreed_by", "decided_by")
        .order_by("submitted_at", "starts_on", "pk")
    )
    awaiting = [p for p in placements if p.status == Status.SUBMITTED]
    others = sorted(
        (p for p in placements if p.status != Status.SUBMITTED),
        key=lambda p: (p.starts_on, p.pk),
    )
    projects = (
        Project.objects.filter(participant__cohort=cohort)
        .select_related("participant__user")
        .annotate(
            milestone_count=Count("milestones"),
            done_count=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
        )
        .order_by("participant__user__last_name", "created_at", "pk")
    )
    return CohortPlacements(
        cohort=cohort,
        awaiting=awaiting,
        others=others,
        projects=[ProjectRow(p, p.milestone_count, p.done_count) for p in projects],
    )


def cohort_placement(cohort: Cohort, placement_id: int) -> Placement:
    """A placement of the cohort, with its participant; 404 otherwise. One query."""
    return get_object_or_404(
        Placement.objects.select_related("participant__user", "objectives_agreed_by"),
        pk=placement_id,
        participant__cohort=cohort,
    )


@dataclass
class CohortCounts:
    awaiting: int = 0
    approved: int = 0
    projects: int = 0
    handed_in: int = 0
    placements: int = 0

    @property
    def any(self) -> bool:
        return bool(self.placements or self.projects)


def workspace_counts(cohort_ids: list[int]) -> dict[int, CohortCounts]:
    """For every cohort at once: placements awaiting approval and approved, projects and
    those handed in, and only the cohorts with any. One query over their participants: both
    relations are joined, so each count is of distinct rows."""
    counts: dict[int, CohortCounts] = defaultdict(CohortCounts)
    placed = Q(placements__status__in=[s for s in Status.values if s != Status.WITHDRAWN])
    for row in (
        Participant.objects.filter(cohort_id__in=cohort_ids)
        .order_by()
        .values("cohort_id")
        .annotate(
            placement_count=Count("placements", filter=placed, distinct=True),
            awaiting=Count(
                "placements", filter=Q(placements__status=Status.SUBMITTED), distinct=True
            ),
            approved=Count(
                "placements", filter=Q(placements__status=Status.APPROVED), distinct=True
            ),
            project_count=Count("projects", distinct=True),
            handed_in=Count(
                "projects", filter=Q(projects__handed_in_at__isnull=False), distinct=True
            ),
        )
    ):
        found = counts[row["cohort_id"]]
        found.placements = row["placement_count"]
        found.awaiting = row["awaiting"]
        found.approved = row["approved"]
        found.projects = row["project_count"]
        found.handed_in = row["handed_in"]
    return {cohort_id: found for cohort_id, found in counts.items() if found.any}


# --- The participant's year -------------------------------------------------------------------


def year_placements(participant: Participant) -> list[Placement]:
    """The participant's approved placements. One query."""
    return list(
        Placement.objects.filter(participant=participant, status=Status.APPROVED).order_by(
            "starts_on", "pk"
        )
    )


def year_projects(participant: Participant) -> list[Project]:
    """The participant's projects with their milestones. Two queries."""
    return list(
        Project.objects.filter(participant=participant)
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_on")))
        .order_by("created_at", "pk")
    )
