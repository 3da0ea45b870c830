"""Work-based projects through their services: qualities of the programme only, milestones,
stale edits, and a hand-in that freezes the project."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.errors import MentoringError
from mentoring.models import Project
from mentoring.services import projects as services
from tests.factories import ParticipantFactory, QualityFactory, QualityFrameworkFactory
from tests.mentoring.factories import MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant():
    participant = ParticipantFactory()
    QualityFrameworkFactory(programme=participant.cohort.programme, is_current=True)
    return participant


def own_quality(participant):
    framework = participant.cohort.programme.frameworks.get(is_current=True)
    return QualityFactory(framework=framework)


def test_project_add_with_qualities_of_the_programme(participant):
    quality = own_quality(participant)
    project = services.project_add(
        participant=participant,
        title="  Faster   assessments ",
        problem="Long waits.",
        expected_impact="Children seen sooner.",
        quality_ids=[quality.pk],
        hand_in_due_on=timezone.localdate() + timedelta(days=90),
    )
    assert project.title == "Faster assessments"
    assert list(project.qualities.all()) == [quality]


def test_project_add_refuses_missing_text_and_other_programmes_qualities(participant):
    elsewhere = QualityFactory()
    with pytest.raises(MentoringError) as refused:
        services.project_add(
            participant=participant,
            title="",
            problem="",
            expected_impact="",
            quality_ids=[elsewhere.pk],
        )
    assert set(refused.value.errors) == {"title", "problem", "expected_impact", "qualities"}
    assert not Project.objects.exists()


def test_project_edit_stale_is_refused(participant):
    project = ProjectFactory(participant=participant)
    opened = services.project_revision(project)
    fields = {"problem": "P", "expected_impact": "I"}
    services.project_edit(
        participant=participant, project=project, revision=opened, title="First", **fields
    )
    with pytest.raises(services.StaleEditError) as stale:
        services.project_edit(
            participant=participant, project=project, revision=opened, title="Second", **fields
        )
    assert stale.value.current.title == "First"


def test_only_the_owner_changes_a_project(participant):
    project = ProjectFactory(participant=participant)
    milestone = MilestoneFactory(project=project)
    stranger = ParticipantFactory()
    with pytest.raises(MentoringError):
        services.milestone_add(
            participant=stranger, project=project, title="x", due_on=timezone.localdate()
        )
    with pytest.raises(MentoringError):
        services.milestone_tick(participant=stranger, milestone=milestone, done=True)
    with pytest.raises(MentoringError):
        services.project_report_save(
            participant=stranger, project=project, final_report="x", hand_in=True
        )
    project.refresh_from_db()
    assert project.handed_in_at is None


def test_milestones_added_and_ticked(participant):
    project = ProjectFactory(participant=participant)
    with pytest.raises(MentoringError) as refused:
        services.milestone_add(participant=participant, project=project, title=" ", due_on=None)
    assert set(refused.value.errors) == {"title", "due_on"}
    milestone = services.milestone_add(
        participant=participant,
        project=project,
        title="Map the front door",
        due_on=timezone.localdate() + timedelta(days=14),
    )
    assert services.milestone_tick(participant=participant, milestone=milestone, done=True)
    assert not services.milestone_tick(participant=participant, milestone=milestone, done=True)
    milestone.refresh_from_db()
    assert milestone.done_at is not None
    assert services.milestone_tick(participant=participant, milestone=milestone, done=False)
    milestone.refresh_from_db()
    assert milestone.done_at is None


def test_report_draft_then_hand_in_freezes_the_project(participant):
    project = ProjectFactory(participant=participant)
    milestone = MilestoneFactory(project=project)
    with pytest.raises(MentoringError) as empty:
        services.project_report_save(
            participant=participant, project=project, final_report=" ", hand_in=True
        )
    assert "final_report" in empty.value.errors
    services.project_report_save(
        participant=participant, project=project, final_report="Draft", hand_in=False
    )
    project.refresh_from_db()
    assert project.final_report == "Draft"
    assert project.handed_in_at is None
    assert services.project_report_save(
        participant=participant, project=project, final_report="Final", hand_in=True
    )
    project.refresh_from_db()
    handed_in_at = project.handed_in_at
    assert project.final_report == "Final"
    # A double click hands in nothing new; every other change is refused.
    assert not services.project_report_save(
        participant=participant, project=project, final_report="Changed", hand_in=True
    )
    for change in (
        lambda: services.project_report_save(
            participant=participant, project=project, final_report="Changed", hand_in=False
        ),
        lambda: services.project_edit(
            participant=participant,
            project=project,
            revision=services.project_revision(project),
            title="Changed",
            problem="P",
            expected_impact="I",
        ),
        lambda: services.milestone_add(
            participant=participant, project=project, title="New", due_on=timezone.localdate()
        ),
        lambda: services.milestone_tick(participant=participant, milestone=milestone, done=True),
    ):
        with pytest.raises(MentoringError, match="handed in"):
            change()
    project.refresh_from_db()
    assert (project.final_report, project.title) == ("Final", project.title)
    assert project.handed_in_at == handed_in_at
    assert project.milestones.count() == 1
