"""What the coordinators' workspace shows of mentoring in each cohort: counts only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from mentoring.models import Pairing, PoolPlace


@dataclass
class MentoringCounts:
    mentors: int = 0
    places: int = 0
    paired: int = 0
    requests: int = 0
    concerns: int = 0


def mentoring_counts(*, cohort_ids: list[int]) -> dict[int, MentoringCounts]:
    """Pool, pairings, open change requests and pairings with a "not working" answer per
    cohort. Two queries, whatever the number of cohorts: the pool, then the active pairings
    with their requests and answers. Counts have no order: dropping the models'
    orderings keeps their joins out of the queries."""
    counts: dict[int, MentoringCounts] = defaultdict(MentoringCounts)
    for row in (
        PoolPlace.objects.filter(cohort_id__in=cohort_ids)
        .order_by()
        .values("cohort_id")
        .annotate(mentors=Count("pk"), places=Sum("capacity"))
    ):
        counts[row["cohort_id"]].mentors = row["mentors"]
        counts[row["cohort_id"]].places = row["places"] or 0
    for row in (
        Pairing.objects.filter(participant__cohort_id__in=cohort_ids, status=Pairing.Status.ACTIVE)
        .order_by()
        .values("participant__cohort_id")
        .annotate(
            paired=Count("pk", distinct=True),
            requests=Count(
                "change_requests",
                filter=Q(change_requests__resolved_at__isnull=True),
                distinct=True,
            ),
            concerns=Count("pk", filter=Q(fit_answers__works=False), distinct=True),
        )
    ):
        found = counts[row["participant__cohort_id"]]
        found.paired = row["paired"]
        found.requests = row["requests"]
        found.concerns = row["concerns"]
    return counts
