"""Read queries for a cohort's engagement dashboard: every participant against the cohort's
completion rule (``cohorts.completion``), with their required events and why they are at
risk. A fixed number of queries whatever the size of the cohort."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from cohorts import completion
from cohorts.models import Cohort, CompletionRule, Participant
from events.completion import ELEMENT, RequiredEvents
from events.models import Event
from events.selectors.registers import person_name

AT_RISK = "At risk"
ON_TRACK = "On track"


@dataclass
class EngagementRow:
    """One participant's engagement: where they stand against the rule, their required events
    (with their longest run of events missed in a row), and why they are at risk (none when
    they are on track)."""

    completion: completion.Completion
    reasons: list[str] = field(default_factory=list)

    @property
    def participant(self) -> Participant:
        return self.completion.participant

    @property
    def events(self) -> RequiredEvents:
        """Their standing on the required events."""
        return self.completion.standings[ELEMENT]

    @property
    def name(self) -> str:
        return person_name(self.participant.user)

    @property
    def at_risk(self) -> bool:
        return bool(self.reasons)

    @property
    def standing(self) -> str:
        return AT_RISK if self.at_risk else ON_TRACK

    @property
    def explanation(self) -> list[str]:
        """Why, in sentences: the reasons they are at risk, or where they stand."""
        return self.reasons or [f"{self.completion.outcome}."]


@dataclass
class EngagementBoard:
    cohort: Cohort
    rule: CompletionRule
    rows: list[EngagementRow]
    held: int  # required events held so far
    to_come: int  # required events still to come

    @property
    def at_risk(self) -> int:
        return sum(1 for row in self.rows if row.at_risk)


def _required_events(cohort: Cohort, now: datetime) -> tuple[int, int]:
    """How many of the cohort's required events have been held, and how many are to come."""
    ends = list(
        Event.objects.filter(
            cohort=cohort, counts_toward_completion=True, cancelled=False
        ).values_list("ends_at", flat=True)
    )
    held = sum(1 for ends_at in ends if ends_at <= now)
    return held, len(ends) - held


def engagement_board(*, cohort: Cohort, now: datetime | None = None) -> EngagementBoard:
    """Every participant of ``cohort`` who has not withdrawn, with where they stand against the
    rule (required events attended of those held so far, the ones missed and why, their
    longest run of absences) and whether and why they are at risk (the reasons
    ``cohorts.completion.at_risk`` gives); those at risk first, then by name. The cohort comes
    from ``coordinator_cohort`` (with its programme and rule).

    The queries of one ``cohort_completions`` (participants, then each registered element's:
    events, then marks with apologies, for the required events), whatever the size of the
    cohort; a cohort nobody is on yet takes one more to count its required events."""
    now = now or timezone.now()
    # One reading of the cohort: the reasons ``at_risk`` gives are each completion's own.
    rows = [
        EngagementRow(completion=each, reasons=each.reasons)
        for each in completion.cohort_completions(cohort, now=now)
    ]
    rows.sort(key=lambda row: not row.at_risk)  # stable: name order within each group
    if rows:
        held, to_come = rows[0].events.required, rows[0].events.still_to_come
    else:
        held, to_come = _required_events(cohort, now)
    return EngagementBoard(
        cohort=cohort, rule=completion.rule_for(cohort), rows=rows, held=held, to_come=to_come
    )
