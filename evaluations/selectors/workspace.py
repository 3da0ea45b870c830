"""Read queries for the evaluations app's part of the coordinators' workspace: each cohort's
rounds, with how many self evaluations are submitted and reports released. One query for every
cohort at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cohorts.models import Participant
from evaluations.models import Report, Round, SelfEvaluation


def _count(queryset: QuerySet, *, per: str) -> Coalesce:
    """How many rows of ``queryset`` (filtered on ``OuterRef``) there are per ``per``, as a
    subquery, so several counts on one list multiply no joins."""
    counted = queryset.order_by().values(per).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class RoundSummary:
    round: Round
    submitted: int  # self evaluations submitted by participants on the programme
    released: int  # reports released to them


def workspace_rounds(*, cohort_ids: Iterable[int]) -> dict[int, list[RoundSummary]]:
    """Each cohort's rounds in date order, with how many self evaluations are submitted and
    reports released. One query for every cohort."""
    by_cohort: dict[int, list[RoundSummary]] = {cohort_id: [] for cohort_id in cohort_ids}
    if not by_cohort:
        return by_cohort
    on_programme = Q(participant__status__in=Participant.ON_PROGRAMME)
    rounds = (
        Round.objects.filter(cohort_id__in=list(by_cohort))
        .annotate(
            submitted_count=_count(
                SelfEvaluation.objects.filter(
                    on_programme, round=OuterRef("pk"), submitted_at__isnull=False
                ),
                per="round",
            ),
            released_count=_count(
                Report.objects.filter(
                    on_programme, round=OuterRef("pk"), released_at__isnull=False
                ),
                per="round",
            ),
        )
        .order_by("opens_on", "pk")
    )
    for round in rounds:
        by_cohort[round.cohort_id].append(
            RoundSummary(
                round=round, submitted=round.submitted_count, released=round.released_count
            )
        )
    return by_cohort
