"""The self evaluation: the evaluations app's element of a cohort's completion rule.

Registered with ``cohorts.completion`` from ``EvaluationsConfig.ready``:

* It asks for something only in a cohort with a round whose self evaluation "counts toward
  completion"; elsewhere it is finished and met from the start, and shows nothing.
* It is *finished* once every such round has closed, and a participant is *within its
  allowance* while no such round has closed without their self evaluation submitted (a round
  still open is not yet short of anything).
* A participant is *at risk* on it when their self evaluation is not submitted and the round
  closes within a week, or has closed.

A whole cohort is read in one query (its counting rounds with their submitted self
evaluations), whatever its size; a participant's timeline carries the same, so /me/ reads none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

from django.db.models import F, FilteredRelation, Q

from cohorts.completion import Element
from cohorts.models import Cohort, CompletionRule, Participant
from csssl.uktime import long_date, uk_today, weekday_date

from .models import Round

#: The element's name in the registry, and the timeline provider whose items it reads.
ELEMENT = "evaluations.self_evaluation"
TIMELINE = "evaluations.rounds"
#: A self evaluation not submitted this close to the round's end is a reason to talk.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class RoundDue:
    """One counting round, as it stands for one participant."""

    title: str
    closes_on: date
    submitted_at: datetime | None
    closed: bool
    days_left: int  # days from today to the round's last day (negative once closed)

    @property
    def missed(self) -> bool:
        return self.closed and self.submitted_at is None

    @property
    def due(self) -> bool:
        return not self.closed and self.submitted_at is None


@dataclass
class SelfEvaluationStanding:
    """Where one participant stands on the self evaluation. Its own attributes are named for
    evaluations, since a ``Completion`` reads unknown names through every element."""

    evaluation_rounds: list[RoundDue] = field(default_factory=list)

    @property
    def evaluations_missed(self) -> list[RoundDue]:
        return [r for r in self.evaluation_rounds if r.missed]

    @property
    def evaluations_due(self) -> list[RoundDue]:
        return [r for r in self.evaluation_rounds if r.due]

    @property
    def finished(self) -> bool:
        return all(r.closed for r in self.evaluation_rounds)

    @property
    def within_allowance(self) -> bool:
        return not self.evaluations_missed

    @property
    def shortfall(self) -> str:
        return "self evaluation not submitted for the " + ", ".join(
            r.title.lower() for r in self.evaluations_missed
        )

    @property
    def to_come(self) -> str:
        due = self.evaluations_due
        if due:
            return f"self evaluation due by {weekday_date(due[0].closes_on)}"
        waiting = next(r for r in self.evaluation_rounds if not r.closed)
        return f"the {waiting.title.lower()} closes on {weekday_date(waiting.closes_on)}"

    @property
    def reasons(self) -> list[str]:
        reasons = []
        for r in self.evaluation_rounds:
            if r.missed:
                reasons.append(
                    f"Self evaluation not submitted for the {r.title.lower()}, which closed on "
                    f"{weekday_date(r.closes_on)}."
                )
            elif r.due and r.days_left <= DUE_SOON_DAYS:
                reasons.append(
                    f"Self evaluation not submitted yet for the {r.title.lower()}, which closes "
                    f"on {weekday_date(r.closes_on)}."
                )
        return reasons


def standing_from(
    *, rounds: Iterable[tuple[Round, datetime | None]], today: date
) -> SelfEvaluationStanding:
    """The element applied to data already read: each counting round with when the
    participant submitted its self evaluation (or None). No queries."""
    return SelfEvaluationStanding(
        evaluation_rounds=[
            RoundDue(
                title=round.title,
                closes_on=round.closes_on,
                submitted_at=submitted_at,
                closed=round.has_closed(today),
                days_left=(round.closes_on - today).days,
            )
            for round, submitted_at in rounds
        ]
    )


def count(
    *,
    cohort: Cohort,
    rule: CompletionRule,
    participants: list[Participant],
    whole_cohort: bool,
    now: datetime,
) -> dict[int, SelfEvaluationStanding]:
    """Every participant's standing. One query: the cohort's counting rounds, each joined to
    its submitted self evaluations (of ``participants`` only, unless they are the
    ``whole_cohort``)."""
    condition = Q(self_evaluations__submitted_at__isnull=False)
    if not whole_cohort:
        condition &= Q(self_evaluations__participant_id__in=[p.pk for p in participants])
    rows = (
        Round.objects.filter(cohort=cohort, counts_toward_completion=True)
        .alias(submitted=FilteredRelation("self_evaluations", condition=condition))
        .annotate(
            by_participant=F("submitted__participant_id"),
            submitted_on=F("submitted__submitted_at"),
        )
        .order_by("opens_on", "pk")
    )
    rounds: dict[int, Round] = {}
    submitted: dict[tuple[int, int], datetime] = {}
    for row in rows:
        rounds.setdefault(row.pk, row)
        if row.by_participant is not None:
            submitted[(row.pk, row.by_participant)] = row.submitted_on
    today = uk_today(now=now)
    return {
        participant.pk: standing_from(
            rounds=[(r, submitted.get((r.pk, participant.pk))) for r in rounds.values()],
            today=today,
        )
        for participant in participants
    }


def from_timeline(
    *, participant: Participant, rule: CompletionRule, items, now: datetime
) -> SelfEvaluationStanding:
    """The same standing from the participant's timeline, whose round items (from
    ``evaluations.timeline``) carry each round with the participant's submission: no
    queries."""
    rounds = [
        (item.context["round"], item.context["submitted_at"])
        for item in items
        if item.source == TIMELINE
        and "round" in item.context
        and item.kind == "evaluation"
        and item.context["round"].counts_toward_completion
    ]
    return standing_from(rounds=rounds, today=uk_today(now=now))


def _round_cell(due: RoundDue) -> str:
    if due.submitted_at:
        where = "submitted"
    elif due.closed:
        where = "not submitted"
    else:
        where = f"due by {long_date(due.closes_on)}"
    return f"{escape(due.title)}: {escape(where)}"


def cells(standing: SelfEvaluationStanding) -> str:
    """The coordinators' certificates page's cell: each counting round, and whether the self
    evaluation was submitted, not submitted, or is due by its last day."""
    rounds = "<br>".join(_round_cell(due) for due in standing.evaluation_rounds)
    return f"<td>{rounds or 'Not asked'}</td>\n"


SELF_EVALUATION = Element(
    name=ELEMENT,
    count=count,
    from_timeline=from_timeline,
    card_template="evaluations/_me_engagement.html",
    needed_template="evaluations/_me_needed.html",
    cells=cells,
    headers=("Self evaluation",),
    order=20,
)
