"""Reads for the evaluations app's part of a participant's year (``evaluations.timeline``)
and its element of the completion rule: a fixed number of queries whatever the year holds."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from cohorts.models import Participant
from evaluations.models import Priority, Report, Round, SelfEvaluation


def rounds_for_year(participant: Participant) -> list[Round]:
    """The rounds of the participant's cohort in date order, each with ``submitted_at`` (when
    the participant submitted their self evaluation, or None) and ``released_at`` (when their
    report was released to them, or None). One query; its subqueries read one row each (a
    self evaluation and a report per round), so they drop the models' orderings and the joins
    those bring."""
    own = {"round": OuterRef("pk"), "participant_id": participant.pk}
    return list(
        Round.objects.filter(cohort_id=participant.cohort_id)
        .annotate(
            submitted_at=Subquery(
                SelfEvaluation.objects.filter(**own).order_by().values("submitted_at")[:1]
            ),
            released_at=Subquery(Report.objects.filter(**own).order_by().values("released_at")[:1]),
        )
        .order_by("opens_on", "pk")
    )


def reviews_for_year(participant: Participant) -> list[Priority]:
    """The review dates the participant set in their development plan, for the priorities
    they are still working on, in date order. One query."""
    return list(
        Priority.objects.filter(
            plan__participant=participant,
            status=Priority.Status.ACTIVE,
            review_on__isnull=False,
        ).order_by("review_on", "order", "pk")
    )
