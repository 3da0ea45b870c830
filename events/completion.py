"""The required events: the events app's element of a cohort's completion rule.

Registered with ``cohorts.completion`` from ``EventsConfig.ready``:

* The required events are the cohort's events marked "counts towards completion" that are not
  cancelled. An event is *held* once it has ended.
* A held required event is *attended* when the register says present, late or left early.
  Anything else is *missed*: absent, apologies (sent beforehand or marked on the register)
  or not marked at all. Apologies are a courtesy, not an exemption.
* The element is *finished* once every required event has ended (and there was one), and a
  participant is *within its allowance* while they missed no more required events than the
  rule's ``allowed_absences``. With the programme's end (``cohorts.completion``), that says
  whether they meet the rule.
* A participant is *at risk* on it when they have missed a required event, even one the rule
  allows (a second may cost them the certificate), or were away from two or more events in a
  row, required or not.

A whole cohort is read in two queries (events, then register marks with apologies), whatever
its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from django.db.models import CharField, Value

from cohorts.completion import Element
from cohorts.models import Cohort, CompletionRule, Participant

from .models import Apology, AttendanceRecord, Event

#: The element's name in the registry, and the timeline provider whose items it reads.
ELEMENT = "events.required_events"
TIMELINE = "events.events"

#: Register marks that say the participant was not there.
ABSENCE_MARKS = (AttendanceRecord.Status.ABSENT, AttendanceRecord.Status.APOLOGIES)

#: The status of an apology's row among the register marks read with it.
APOLOGY_ROW = ""

#: Why a held required event counts as missed, when the register does not say.
APOLOGIES_SENT = "Apologies sent"
NOT_MARKED = "Not marked on the register"


@dataclass(frozen=True)
class Miss:
    """One required event a participant missed, and what the register says about it."""

    event: Event
    why: str  # "Absent", "Apologies", "Apologies sent" or "Not marked on the register"

    def __str__(self) -> str:
        return f"{self.event.title} ({self.why.lower()})"


def _events(count: int) -> str:
    return f"{count} required event{'s' if count != 1 else ''}"


@dataclass
class RequiredEvents:
    """Where one participant stands on the required events."""

    allowed: int  # required events the rule lets them miss
    required: int  # required events held so far
    attended: int  # of those, attended
    missed: list[Miss] = field(default_factory=list)
    still_to_come: int = 0  # required events not yet ended
    away: list[Event] = field(default_factory=list)  # the longest run of events away in a row

    @property
    def finished(self) -> bool:
        return self.still_to_come == 0 and self.required > 0

    @property
    def within_allowance(self) -> bool:
        return len(self.missed) <= self.allowed

    @property
    def away_in_a_row(self) -> int:
        return len(self.away)

    @property
    def shortfall(self) -> str:
        return f"missed {_events(len(self.missed))}, {self.allowed} allowed"

    @property
    def to_come(self) -> str:
        if self.still_to_come:
            return f"{_events(self.still_to_come)} to come"
        return "no required event is on the calendar yet"

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.missed:
            reasons.append(
                "Missed "
                + ", ".join(str(miss) for miss in self.missed)
                + ("; this is more than the rule allows." if not self.within_allowance else ".")
            )
        if len(self.away) >= 2:
            reasons.append(
                f"Away from {len(self.away)} events in a row: "
                + ", ".join(event.title for event in self.away)
                + "."
            )
        return reasons


def _why_missed(status: str | None, apologised: bool) -> str:
    if status:
        return str(AttendanceRecord.Status(status).label)
    return APOLOGIES_SENT if apologised else NOT_MARKED


#: Register marks as plain strings, for the membership tests made for every person and event.
_ATTENDED = frozenset(str(status) for status in AttendanceRecord.ATTENDED)
_AWAY = frozenset(str(status) for status in ABSENCE_MARKS)


def _held(events: Iterable[Event], now: datetime) -> tuple[list[tuple[Event, int, bool]], int]:
    """The held, uncancelled events in date order, each with its id and whether it is
    required; and how many required events are still to come. The same for every person."""
    held: list[tuple[Event, int, bool]] = []
    still = 0
    for event in events:
        if event.cancelled:
            continue
        if event.ends_at > now:
            still += event.counts_toward_completion
            continue
        held.append((event, event.pk, event.counts_toward_completion))
    return held, still


def _away_in_a_row(
    held: list[tuple[Event, int, bool]], marks: dict[int, str], apologies: set[int]
) -> list[Event]:
    longest: list[Event] = []
    run: list[Event] = []
    for event, pk, _ in held:
        status = marks.get(pk)
        if status in _ATTENDED:
            run = []
        elif status in _AWAY or (status is None and pk in apologies):
            run.append(event)
            if len(run) > len(longest):
                longest = list(run)
    return longest


def consecutive_absences(
    *, events: Iterable[Event], marks: dict[int, str], apologies: set[int], now: datetime
) -> list[Event]:
    """The longest run of events in a row the participant was away from, among every held,
    uncancelled event of the cohort (required or not). Away means marked absent or apologies,
    or apologies sent with no mark; attending ends a run; an event nobody marked says nothing
    and neither ends nor lengthens one."""
    return _away_in_a_row(_held(events, now)[0], marks, apologies)


def _standing(
    *,
    rule: CompletionRule,
    held: list[tuple[Event, int, bool]],
    still: int,
    marks: dict[int, str],
    apologies: set[int],
) -> RequiredEvents:
    required = attended = 0
    missed: list[Miss] = []
    for event, pk, counts in held:
        if not counts:
            continue
        required += 1
        status = marks.get(pk)
        if status in _ATTENDED:
            attended += 1
        else:
            missed.append(Miss(event, _why_missed(status, pk in apologies)))
    return RequiredEvents(
        allowed=rule.allowed_absences,
        required=required,
        attended=attended,
        missed=missed,
        still_to_come=still,
        away=_away_in_a_row(held, marks, apologies),
    )


def completion_from(
    *,
    rule: CompletionRule,
    events: Iterable[Event],
    marks: dict[int, str],
    apologies: set[int],
    now: datetime,
) -> RequiredEvents:
    """The element applied to data already read: ``events`` are the cohort's in date order,
    ``marks`` maps event id to register status and ``apologies`` holds the ids of events the
    participant sent apologies for. No queries."""
    held, still = _held(events, now)
    return _standing(rule=rule, held=held, still=still, marks=marks, apologies=apologies)


def count(
    *,
    cohort: Cohort,
    rule: CompletionRule,
    participants: list[Participant],
    whole_cohort: bool,
    now: datetime,
) -> dict[int, RequiredEvents]:
    """Every participant's standing on the required events. Two queries: the cohort's events,
    then their register marks with their apologies (of ``participants`` only, unless they are
    the ``whole_cohort``); none of the second for a cohort without events."""
    events = list(Event.objects.filter(cohort=cohort).order_by("starts_at", "pk"))
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    apologies: dict[int, set[int]] = defaultdict(set)
    event_ids = [event.pk for event in events]
    if event_ids:
        # Unordered: the rows go into dictionaries, and the models' own orderings would join
        # and sort the events, participants, cohorts and people of every mark for nothing.
        mark_rows = AttendanceRecord.objects.filter(event_id__in=event_ids).order_by()
        apology_rows = Apology.objects.filter(event_id__in=event_ids).order_by()
        if not whole_cohort:
            ids = [participant.pk for participant in participants]
            mark_rows = mark_rows.filter(participant_id__in=ids)
            apology_rows = apology_rows.filter(participant_id__in=ids)
        # One query for both: an apology is a row whose status is empty, which no mark has.
        rows = mark_rows.values_list("participant_id", "event_id", "status").union(
            apology_rows.values_list(
                "participant_id", "event_id", Value(APOLOGY_ROW, output_field=CharField())
            ),
            all=True,
        )
        for participant_id, event_id, status in rows:
            if status == APOLOGY_ROW:
                apologies[participant_id].add(event_id)
            else:
                marks[participant_id][event_id] = status
    # Which events are held is the same for everyone: worked out once, not once a person.
    held, still = _held(events, now)
    return {
        participant.pk: _standing(
            rule=rule,
            held=held,
            still=still,
            marks=marks.get(participant.pk, {}),
            apologies=apologies.get(participant.pk, set()),
        )
        for participant in participants
    }


def from_timeline(
    *, participant: Participant, rule: CompletionRule, items, now: datetime
) -> RequiredEvents:
    """The same standing from the participant's timeline, whose event items (from
    ``events.timeline``) carry each event with the participant's mark and apology: no queries."""
    own = [item.context for item in items if item.source == TIMELINE]
    return completion_from(
        rule=rule,
        events=[context["event"] for context in own],
        marks={c["event"].pk: c["attendance"].status for c in own if c["attendance"]},
        apologies={c["event"].pk for c in own if c["apology"]},
        now=now,
    )


def cells(standing: RequiredEvents) -> str:
    """The coordinators' certificates page's cells: the required events attended of those
    held (and how many are to come), and each one missed with why."""
    to_come = standing.still_to_come
    more = f'<br><span class="small">{int(to_come)} to come</span>' if to_come else ""
    missed = "<br>".join(escape(str(miss)) for miss in standing.missed) or "None"
    return (
        f"<td>{int(standing.attended)} of {int(standing.required)}{more}</td>\n<td>{missed}</td>\n"
    )


REQUIRED_EVENTS = Element(
    name=ELEMENT,
    count=count,
    from_timeline=from_timeline,
    card_template="events/_me_engagement.html",
    needed_template="events/_me_needed.html",
    cells=cells,
    headers=("Attended", "Missed"),
    order=10,
)
