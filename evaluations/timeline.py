"""The evaluations app's part of a participant's year (``cohorts.timeline``): the
pre-programme evaluation window of their cohort. Registered from ``EvaluationsConfig.ready``."""

from __future__ import annotations

from datetime import datetime

from cohorts import timeline
from cohorts.models import Participant
from csssl.uktime import long_date, uk_today


@timeline.register("evaluations.window")
def evaluation_window(*, participant: Participant, now: datetime) -> list[timeline.TimelineItem]:
    """The window in which the participant evaluates themselves against the leadership
    qualities and asks colleagues for feedback; owed until it closes. No queries."""
    cohort = participant.cohort
    if not (cohort.evaluation_opens and cohort.evaluation_closes):
        return []
    detail = (
        "Your self evaluation against the leadership qualities, and feedback "
        f"from colleagues, by {long_date(cohort.evaluation_closes)}."
    )
    is_past = cohort.evaluation_closes < uk_today(now=now)
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
