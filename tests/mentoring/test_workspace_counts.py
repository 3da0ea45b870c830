"""The numbers each cohort shows on the coordinators' workspace, read for every cohort at
once: rows joined from more than one relation are each counted once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mentoring.models import ChangeRequest, FitAnswer, Pairing, Placement, PoolPlace
from mentoring.selectors.placements import workspace_counts
from mentoring.selectors.portfolio import cohort_counts
from mentoring.selectors.workspace import mentoring_counts
from tests.factories import CohortFactory, ParticipantFactory
from tests.mentoring.factories import (
    EvidenceFactory,
    PairingFactory,
    PlacementFactory,
    PoolPlaceFactory,
    PortfolioEntryFactory,
    ProjectFactory,
    private_media,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.django_db


def test_pairings_count_each_request_and_concern_once(django_assert_num_queries):
    cohort, other = CohortFactory(), CohortFactory()
    PoolPlaceFactory(cohort=cohort, capacity=3)
    PoolPlaceFactory(cohort=cohort, capacity=2)
    worried, asked, quiet = (
        PairingFactory(participant=ParticipantFactory(cohort=cohort)) for _ in range(3)
    )
    for side in FitAnswer.Side.values:
        FitAnswer.objects.create(pairing=worried, side=side, works=False)
    FitAnswer.objects.create(pairing=quiet, side=FitAnswer.Side.values[0], works=True)
    ChangeRequest.objects.create(pairing=asked, reason="Diaries never meet")
    ChangeRequest.objects.create(pairing=worried, reason="Settled", resolved_at=timezone.now())
    ended = PairingFactory(participant=ParticipantFactory(cohort=cohort))
    FitAnswer.objects.create(pairing=ended, side=FitAnswer.Side.values[0], works=False)
    Pairing.objects.filter(pk=ended.pk).update(status=Pairing.Status.ENDED)

    with django_assert_num_queries(2):
        counts = mentoring_counts(cohort_ids=[cohort.pk, other.pk])

    found = counts[cohort.pk]
    pool = PoolPlace.objects.filter(cohort=cohort)
    assert (found.mentors, found.places) == (pool.count(), sum(p.capacity for p in pool))
    assert found.paired == 3
    assert (found.requests, found.concerns) == (1, 1)
    assert counts[other.pk].paired == 0


def test_placements_and_projects_are_counted_apart(django_assert_num_queries):
    cohort, empty = CohortFactory(), CohortFactory()
    person = ParticipantFactory(cohort=cohort)
    for status in (
        Placement.Status.SUBMITTED,
        Placement.Status.APPROVED,
        Placement.Status.WITHDRAWN,
    ):
        PlacementFactory(participant=person, status=status)
    PlacementFactory(participant=person)
    ProjectFactory(participant=person, handed_in_at=timezone.now())
    ProjectFactory(participant=person)
    ProjectFactory(participant=ParticipantFactory(cohort=cohort))
    ParticipantFactory(cohort=empty)

    with django_assert_num_queries(1):
        counts = workspace_counts([cohort.pk, empty.pk])

    assert empty.pk not in counts
    found = counts[cohort.pk]
    assert (found.placements, found.awaiting, found.approved) == (3, 1, 1)
    assert (found.projects, found.handed_in) == (3, 1)


def test_portfolio_entries_and_files_are_counted_apart(private_media):  # noqa: F811
    cohort = CohortFactory()
    entry = PortfolioEntryFactory(
        participant=ParticipantFactory(cohort=cohort), shared_with_mentor=True
    )
    EvidenceFactory(entry=entry)
    EvidenceFactory(entry=entry)
    PortfolioEntryFactory(participant=entry.participant)

    found = cohort_counts(cohort_ids=[cohort.pk])[cohort.pk]

    assert (found.entries, found.shared, found.files) == (2, 1, 2)
