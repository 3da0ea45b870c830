"""What the coordinators' workspace shows of mentoring in each cohort: counts only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from mentoring.models import FitAnswer, Pairing, PoolPlace


@dataclass
class MentoringCounts:
    mentors: int = 0
    places: int = 0
    paired: int = 0
    requests: int = 0
    concerns: int = 0


def mentoring_counts(*, cohort_ids: list[int]) -> dict[int, MentoringCounts]:
    """Pool, pairings, open change requests and "not working" answers per cohort. Three
    queries, whatever the number of cohorts. Counts have no order: dropping the models'
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
        )
    ):
        counts[row["participant__cohort_id"]].paired = row["paired"]
        counts[row["participant__cohort_id"]].requests = row["requests"]
    for cohort_id, concerns in (
        FitAnswer.objects.filter(
            pairing__participant__cohort_id__in=cohort_ids,
            pairing__status=Pairing.Status.ACTIVE,
            works=False,
        )
        .order_by()
        .values("pairing__participant__cohort_id")
        .annotate(concerns=Count("pairing_id", distinct=True))
        .values_list("pairing__participant__cohort_id", "concerns")
    ):
        counts[cohort_id].concerns = concerns
    return counts
