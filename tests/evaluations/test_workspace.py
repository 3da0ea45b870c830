"""Each cohort's evaluation rounds on the coordinators' workspace: dates, self evaluations
submitted, reports released and a link to each round's progress, in one query for every
cohort."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts import workspace as registry
from cohorts.models import Cohort, Participant
from evaluations.models import Report
from evaluations.selectors.workspace import workspace_rounds
from evaluations.workspace import cohort_rounds
from tests.evaluations.factories import RoundFactory, SelfEvaluationFactory
from tests.factories import CohortFactory, ParticipantFactory, coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    client.force_login(coordinator())
    return client


def round_with_answers(*, submitted: int, released: int, withdrawn: int = 0):
    round = RoundFactory(cohort=CohortFactory(status=Cohort.Status.RUNNING))
    people = [ParticipantFactory(cohort=round.cohort) for _ in range(submitted + 1)]
    for participant in people[:submitted]:
        SelfEvaluationFactory(round=round, participant=participant, submitted_at=timezone.now())
    for participant in people[:released]:
        Report.objects.create(round=round, participant=participant, released_at=timezone.now())
    for _ in range(withdrawn):
        gone = ParticipantFactory(cohort=round.cohort, status=Participant.Status.WITHDRAWN)
        SelfEvaluationFactory(round=round, participant=gone, submitted_at=timezone.now())
    Report.objects.create(round=round, participant=people[-1])  # frozen, not released
    return round


def test_workspace_is_registered():
    assert registry._providers["evaluations.rounds"] is cohort_rounds


def test_workspace_shows_each_round_with_its_counts_and_progress_link(signed_in):
    round = round_with_answers(submitted=3, released=2, withdrawn=1)

    body = signed_in.get(reverse("cohorts:workspace")).content.decode()

    assert "Evaluation rounds" in body
    assert "3 of 4 self evaluations submitted · 2 reports released" in body
    assert reverse("evaluations:coordinator_progress", kwargs={"round_id": round.pk}) in body


def test_workspace_offers_to_set_up_a_round_where_there_is_none(signed_in):
    cohort = CohortFactory(status=Cohort.Status.RUNNING)

    body = signed_in.get(reverse("cohorts:workspace")).content.decode()

    assert "No evaluation round is set up yet." in body
    assert f"{reverse('admin:evaluations_round_add')}?cohort={cohort.pk}" in body


@pytest.mark.parametrize("size", [1, 4])
def test_workspace_rounds_are_one_query_for_every_cohort(size):
    rounds = [round_with_answers(submitted=size, released=1) for _ in range(size)]

    with CaptureQueriesContext(connection) as queries:
        found = workspace_rounds(cohort_ids=[round.cohort_id for round in rounds])

    assert len(queries) == 1
    assert [[(s.submitted, s.released) for s in found[r.cohort_id]] for r in rounds] == [
        [(size, 1)]
    ] * size
