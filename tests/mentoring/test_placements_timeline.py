"""Placements and projects on the participant's year: approved placements on their first day,
owing the reflection from their last; milestones; a hand-in owed when it is near."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts import timeline
from csssl.uktime import uk_moment
from mentoring.models import Placement
from mentoring.registrations.placements import placement_year
from tests.factories import ParticipantFactory
from tests.mentoring.factories import MilestoneFactory, PlacementFactory, ProjectFactory

pytestmark = pytest.mark.django_db
Status = Placement.Status


def noon(day) -> datetime:
    return uk_moment(day, time(12))


@pytest.fixture
def participant():
    return ParticipantFactory()


def test_only_approved_placements_are_on_the_year(participant):
    approved = PlacementFactory(participant=participant, status=Status.APPROVED)
    for status in (Status.DRAFT, Status.SUBMITTED, Status.DECLINED, Status.WITHDRAWN):
        PlacementFactory(participant=participant, status=status)
    items = placement_year(participant=participant, now=noon(approved.starts_on))
    assert [(item.when, item.kind) for item in items] == [(approved.starts_on, "placement")]
    assert items[0].owes == ""
    assert not items[0].is_past


def test_reflection_owed_from_the_last_day_until_written(participant):
    placement = PlacementFactory(participant=participant, status=Status.APPROVED)
    (before,) = placement_year(
        participant=participant, now=noon(placement.ends_on - timedelta(days=1))
    )
    assert before.owes == ""
    (on_the_day,) = placement_year(participant=participant, now=noon(placement.ends_on))
    assert "reflection" in on_the_day.owes
    placement.reflection = "What I learned."
    placement.save()
    (written,) = placement_year(
        participant=participant, now=noon(placement.ends_on + timedelta(days=3))
    )
    assert written.owes == ""
    assert written.is_past


def test_milestones_and_hand_in_with_the_hand_in_owed_when_near(participant):
    today = noon(timezone.localdate())
    due = today.date() + timedelta(days=30)
    project = ProjectFactory(participant=participant, title="Faster help", hand_in_due_on=due)
    done = MilestoneFactory(project=project, due_on=due - timedelta(days=20))
    done.done_at = today
    done.save()
    MilestoneFactory(project=project, due_on=due - timedelta(days=10))

    items = placement_year(participant=participant, now=today)
    assert [item.kind for item in items] == ["milestone", "milestone", "project"]
    assert items[0].is_past  # done already
    assert not items[1].is_past
    assert all(item.owes == "" for item in items)

    near = placement_year(participant=participant, now=noon(due - timedelta(days=14)))
    assert "Hand in your project “Faster help”" in near[-1].owes
    overdue = placement_year(participant=participant, now=noon(due + timedelta(days=2)))
    assert overdue[-1].owes

    project.handed_in_at = noon(due)
    project.save()
    after = placement_year(participant=participant, now=noon(due + timedelta(days=2)))
    assert after[-1].owes == ""
    assert after[-1].is_past


def test_the_year_reads_in_fixed_queries(participant, django_assert_num_queries):
    for _ in range(3):
        PlacementFactory(participant=participant, status=Status.APPROVED)
        MilestoneFactory(project=ProjectFactory(participant=participant))
    with django_assert_num_queries(3):
        items = placement_year(participant=participant, now=noon(participant.cohort.starts_on))
    assert len(items) == 6


def test_me_shows_the_placement_and_what_is_owed(client, participant):
    placement = PlacementFactory(
        participant=participant, status=Status.APPROVED, host_organisation="Rutland Council"
    )
    items = timeline.timeline_for(participant=participant, now=noon(placement.ends_on))
    assert any("Rutland Council" in owed for owed in timeline.owed(items))
    client.force_login(participant.user)
    page = client.get(reverse("cohorts:dashboard")).content.decode()
    assert "Placement with Rutland Council" in page
    assert reverse("mentoring:placement_detail", args=[placement.pk]) in page


def test_nothing_is_owed_after_the_programme_ends(participant):
    placement = PlacementFactory(participant=participant, status=Status.APPROVED)
    ProjectFactory(participant=participant, hand_in_due_on=placement.ends_on)
    after = noon(participant.cohort.ends_on + timedelta(days=1))
    items = placement_year(participant=participant, now=after)
    assert len(items) == 2
    assert [item.owes for item in items] == ["", ""]


def test_an_approved_placement_is_in_the_calendar_feed(participant):
    placement = PlacementFactory(
        participant=participant, status=Status.APPROVED, host_organisation="Rutland Council"
    )
    items = timeline.timeline_for(participant=participant, now=noon(placement.starts_on))
    feed = timeline.feed_calendar(items, name="My year").decode()
    assert "SUMMARY:Placement with Rutland Council" in feed
    assert f"DTSTART;VALUE=DATE:{placement.starts_on:%Y%m%d}" in feed
    assert f"DTEND;VALUE=DATE:{placement.ends_on + timedelta(days=1):%Y%m%d}" in feed
