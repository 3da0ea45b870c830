"""Work-based projects: a problem in the participant's own work, the change solving it should
make for children, young people and families, the leadership qualities it develops, its
milestones and the final hand-in.

A project, its milestones and its final report change until it is handed in; handing in
freezes the report as it was handed in. Qualities come from the participant's programme's
current framework. An edit carries the project's ``revision`` as the page showed it; a save
over newer content is refused with :class:`StaleEditError`. Handing in twice, or ticking a
milestone already ticked, changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from cohorts.models import Participant, Quality
from csssl.limits import length_problems
from csssl.uktime import time_on_date
from mentoring.errors import MentoringError
from mentoring.models import Milestone, Project


class StaleEditError(MentoringError):
    """The project changed after the page was opened; ``current`` is it as it is now."""

    def __init__(self, message: str, *, current: Project) -> None:
        super().__init__(message)
        self.current = current


def allowed_qualities(participant: Participant):
    """The qualities a project may develop: those of the programme's current framework."""
    return Quality.objects.filter(
        framework__programme_id=participant.cohort.programme_id, framework__is_current=True
    )


def project_revision(project: Project) -> str:
    """A digest of what the project says (its qualities included)."""
    content = {
        "title": project.title,
        "problem": project.problem,
        "expected_impact": project.expected_impact,
        "hand_in_due_on": project.hand_in_due_on.isoformat() if project.hand_in_due_on else None,
        "qualities": sorted(project.qualities.values_list("pk", flat=True)),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:20]


def _clean(
    participant: Participant,
    *,
    title: str,
    problem: str,
    expected_impact: str,
    quality_ids: list[int],
    hand_in_due_on: date | None,
) -> tuple[dict, list[int]]:
    values = {
        "title": " ".join((title or "").split()),
        "problem": (problem or "").strip(),
        "expected_impact": (expected_impact or "").strip(),
        "hand_in_due_on": hand_in_due_on,
    }
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = "Give the project a title."
    if not values["problem"]:
        errors["problem"] = "Describe the problem the project takes on."
    if not values["expected_impact"]:
        errors["expected_impact"] = (
            "Say what solving it should change for children, young people and families."
        )
    errors.update(length_problems(Project, values))
    quality_ids = sorted(set(quality_ids or []))
    allowed = set(
        allowed_qualities(participant).filter(pk__in=quality_ids).values_list("pk", flat=True)
    )
    if set(quality_ids) - allowed:
        errors["qualities"] = "Choose from the qualities of your programme."
    if errors:
        raise MentoringError(
            "The project was not saved: please check what is marked.", errors=errors
        )
    return values, quality_ids


def _own(participant: Participant, project: Project | int) -> Project:
    pk = project.pk if isinstance(project, Project) else project
    found = Project.objects.select_for_update().filter(pk=pk, participant=participant).first()
    if found is None:
        raise MentoringError("That project is not one of yours.")
    return found


def _still_open(project: Project) -> None:
    if project.handed_in_at is not None:
        raise MentoringError(
            f"This project was handed in at {time_on_date(project.handed_in_at)}, so it can no "
            "longer be changed."
        )


@transaction.atomic
def project_add(
    *,
    participant: Participant,
    title: str,
    problem: str,
    expected_impact: str,
    quality_ids: list[int] | None = None,
    hand_in_due_on: date | None = None,
    now: datetime | None = None,
) -> Project:
    """Start a project: it needs a title, the problem and the expected impact; its qualities
    are of the programme's current framework."""
    now = now or timezone.now()
    values, quality_ids = _clean(
        participant,
        title=title,
        problem=problem,
        expected_impact=expected_impact,
        quality_ids=quality_ids or [],
        hand_in_due_on=hand_in_due_on,
    )
    project = Project(participant=participant, created_at=now, **values)
    project._history_user = participant.user
    project.save()
    project.qualities.set(quality_ids)
    return project


@transaction.atomic
def project_edit(
    *,
    participant: Participant,
    project: Project | int,
    revision: str,
    title: str,
    problem: str,
    expected_impact: str,
    quality_ids: list[int] | None = None,
    hand_in_due_on: date | None = None,
    now: datetime | None = None,
) -> Project:
    """Change a project until it is handed in; a save over newer content is refused."""
    project = _own(participant, project)
    _still_open(project)
    if revision != project_revision(project):
        raise StaleEditError(
            "This project was changed in another window after you opened it. Your changes are "
            "below, with the project as it is now saved.",
            current=project,
        )
    values, quality_ids = _clean(
        participant,
        title=title,
        problem=problem,
        expected_impact=expected_impact,
        quality_ids=quality_ids or [],
        hand_in_due_on=hand_in_due_on,
    )
    for name, value in values.items():
        setattr(project, name, value)
    project._history_user = participant.user
    project.save()
    project.qualities.set(quality_ids)
    return project


@transaction.atomic
def milestone_add(
    *,
    participant: Participant,
    project: Project | int,
    title: str,
    due_on: date | None,
    now: datetime | None = None,
) -> Milestone:
    """Add a milestone to a project still open: a title and the date it is due."""
    project = _own(participant, project)
    _still_open(project)
    values = {"title": " ".join((title or "").split())}
    errors = {}
    if not values["title"]:
        errors["title"] = "Say what the milestone is."
    if due_on is None:
        errors["due_on"] = "Give the date it is due."
    errors.update(length_problems(Milestone, values))
    if errors:
        raise MentoringError(
            "The milestone was not added: please check what is marked.", errors=errors
        )
    return Milestone.objects.create(project=project, title=values["title"], due_on=due_on)


@transaction.atomic
def milestone_tick(
    *,
    participant: Participant,
    milestone: Milestone | int,
    done: bool,
    now: datetime | None = None,
) -> bool:
    """Mark a milestone of a project still open as done (or not done after all). Asking for
    what it already is changes nothing: False."""
    now = now or timezone.now()
    pk = milestone.pk if isinstance(milestone, Milestone) else milestone
    found = (
        Milestone.objects.select_for_update()
        .filter(pk=pk, project__participant=participant)
        .first()
    )
    if found is None:
        raise MentoringError("That milestone is not in one of your projects.")
    _still_open(_own(participant, found.project_id))
    if (found.done_at is not None) == done:
        return False
    found.done_at = now if done else None
    found.save(update_fields=["done_at"])
    return True


@transaction.atomic
def project_report_save(
    *,
    participant: Participant,
    project: Project | int,
    final_report: str,
    hand_in: bool,
    now: datetime | None = None,
) -> bool:
    """Save the final report as a draft, or hand it in, which freezes the project. A report
    to hand in cannot be empty. A second hand-in (a double click) changes nothing: False."""
    now = now or timezone.now()
    project = _own(participant, project)
    if project.handed_in_at is not None and hand_in:
        return False
    _still_open(project)
    final_report = (final_report or "").strip()
    errors = length_problems(Project, {"final_report": final_report})
    if hand_in and not final_report:
        errors["final_report"] = "Write your final report before handing it in."
    if errors:
        raise MentoringError(
            "The report was not saved: please check what is marked.", errors=errors
        )
    project.final_report = final_report
    if hand_in:
        project.handed_in_at = now
    project._history_user = participant.user
    project.save(update_fields=["final_report", "handed_in_at", "updated_at"])
    return True
