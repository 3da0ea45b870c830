"""The evaluations app's part of a participant's year (``cohorts.timeline``): each evaluation
round of their cohort, owing the self evaluation until it is submitted; their report, once it
is released to them; and the review dates of the priorities in their development plan.
Registered from ``EvaluationsConfig.ready``.

A cohort from before rounds were set up keeps its evaluation window (``Cohort.evaluation_opens``
to ``evaluation_closes``) as one item instead.
"""

from __future__ import annotations

from datetime import datetime

from cohorts import timeline
from cohorts.models import Participant
from csssl.uktime import long_date, uk_today, weekday_date

from .completion import TIMELINE
from .models import Priority, Round
from .selectors.year import reviews_for_year, rounds_for_year


def _window(participant: Participant, *, today) -> list[timeline.TimelineItem]:
    """The cohort's evaluation window, for a cohort with no rounds. No queries."""
    cohort = participant.cohort
    if not (cohort.evaluation_opens and cohort.evaluation_closes):
        return []
    detail = (
        "Your self evaluation against the leadership qualities, and feedback "
        f"from colleagues, by {long_date(cohort.evaluation_closes)}."
    )
    is_past = cohort.evaluation_closes < today
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


def round_item(round: Round, *, today) -> timeline.TimelineItem:
    """A round, from the day it opens to the day it closes. The self evaluation is owed until
    it is submitted; once the round has closed nothing is."""
    closed = round.has_closed(today)
    owes = ""
    if round.submitted_at is None and not closed:
        owes = f"Submit your self evaluation by {weekday_date(round.closes_on)} ({round.title.lower()})."
    return timeline.TimelineItem(
        when=round.opens_on,
        title=round.title,
        kind="evaluation",
        detail=f"Open from {long_date(round.opens_on)} to {long_date(round.closes_on)}.",
        is_past=closed,
        template="evaluations/_timeline_round.html",
        next_template="evaluations/_next_round.html",
        context={
            "round": round,
            "submitted_at": round.submitted_at,
            "is_open": round.is_open(today),
            "closed": closed,
        },
        owes=owes,
    )


def report_item(round: Round) -> timeline.TimelineItem:
    """The participant's report of a round, on the day it was released to them."""
    return timeline.TimelineItem(
        when=round.released_at,
        title=f"Your {round.title.lower()} report",
        kind="report",
        detail="Released to you: choose priorities from it for your development plan.",
        is_past=True,
        template="evaluations/_timeline_report.html",
        context={"round": round},
    )


def review_item(priority: Priority, *, today) -> timeline.TimelineItem:
    """A review date the participant set for a priority they are working on; owes nothing."""
    return timeline.TimelineItem(
        when=priority.review_on,
        title=f"Review your priority: {priority.title}",
        kind="review",
        detail="A review date in your development plan.",
        is_past=priority.review_on < today,
        template="evaluations/_timeline_review.html",
        next_template="evaluations/_next_review.html",
        context={"priority": priority},
    )


@timeline.register(TIMELINE, in_calendar=False)  # rounds and reviews are not calendar entries
def evaluation_items(*, participant: Participant, now: datetime) -> list[timeline.TimelineItem]:
    """The rounds (or the cohort's window, with no rounds), released reports and review
    dates. Two queries: the rounds with the participant's submission and release, and the
    review dates."""
    today = uk_today(now=now)
    rounds = rounds_for_year(participant)
    items = [round_item(round, today=today) for round in rounds] or _window(
        participant, today=today
    )
    items += [report_item(round) for round in rounds if round.released_at is not None]
    items += [review_item(priority, today=today) for priority in reviews_for_year(participant)]
    return items
