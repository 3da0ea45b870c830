"""The evaluations app's part of a participant's year (``cohorts.timeline``): the
pre-programme evaluation window of their cohort. Registered from ``EvaluationsConfig.ready``."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from cohorts import timeline
from cohorts.models import Participant


@timeline.register("evaluations.window")
def evaluation_window(*, participant: Participant, now: datetime) -> list[timeline.TimelineItem]:
    """The window in which the participant evaluates themselves against the leadership
    qualities and asks colleagues for feedback; owed until it closes. No queries."""
    cohort = participant.cohort
    if not (cohort.evaluation_opens and cohort.evaluation_closes):
        return []
    detail = (
        "Your self evaluation against the leadership qualities, and feedback "
        f"from colleagues, by {cohort.evaluation_closes:%-d %B %Y}."
    )
    is_past = cohort.evaluation_closes < timezone.localdate(now)
    return [
        timeline.TimelineItem(
            when=cohort.evaluation_opens,
            title="Pre-programme evaluation",
            kind="evaluation",
            detail=detail,
            is_past=is_past,
            owes="" if is_past else detail,
        )
    ]
