"""Reads of a participant's development plan: the plan page, its history, the priorities the
released report suggests, and the plan as the participant's mentor may read it.

Suggestions are read from a released report's frozen figures alone (``Report.figures``, made
by ``evaluations.anonymity``): nothing here reads a rater's answer or works a figure out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from cohorts.models import Participant
from csssl.uktime import long_date
from evaluations.anonymity import ALL, SELF
from evaluations.models import DevelopmentPlan, Priority, Report, VersionQuality

#: How many of the qualities all raters rated lowest a report suggests, besides its gaps.
LOWEST_SUGGESTED = 3
#: The most changes the history page lists, newest first.
HISTORY_SHOWN = 200


# --- Suggestions from the report ----------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A quality the report suggests as a priority, with the frozen figures that say why."""

    key: str  # the version quality's id, as the figures key it
    name: str
    kind: str  # "blind_spot", "hidden_strength" or "lowest"
    self_score: float | None
    others: float | None

    LABELS = {
        "blind_spot": "Blind spot",
        "hidden_strength": "Hidden strength",
        "lowest": "Rated lowest",
    }

    @property
    def label(self) -> str:
        return self.LABELS[self.kind]


def suggestions_from(figures: dict[str, Any]) -> list[Suggestion]:
    """The report's blind spots, its hidden strengths, then up to ``LOWEST_SUGGESTED`` of the
    qualities all raters rated lowest, each quality once. From the frozen figures alone."""
    suggestions: list[Suggestion] = []
    seen: set[str] = set()

    def add(key: str, name: str, kind: str, mine, theirs) -> None:
        if key not in seen:
            seen.add(key)
            suggestions.append(Suggestion(str(key), name, kind, mine, theirs))

    for kind, entries in (
        ("blind_spot", figures.get("blind_spots", [])),
        ("hidden_strength", figures.get("hidden_strengths", [])),
    ):
        for entry in entries:
            add(entry["key"], entry["name"], kind, entry.get("self"), entry.get("others"))
    rated = [
        quality
        for theme in figures.get("themes", [])
        for quality in theme.get("qualities", [])
        if quality.get("means", {}).get(ALL) is not None and quality["key"] not in seen
    ]
    rated.sort(key=lambda quality: (quality["means"][ALL], quality["name"]))
    for quality in rated[:LOWEST_SUGGESTED]:
        means = quality["means"]
        add(quality["key"], quality["name"], "lowest", means.get(SELF), means[ALL])
    return suggestions


def latest_released_report(participant: Participant) -> Report | None:
    """The participant's most recent released report, with its round. One query."""
    return (
        Report.objects.filter(participant=participant, released_at__isnull=False)
        .select_related("round")
        .order_by("-round__closes_on", "-released_at")
        .first()
    )


# --- The plan page ------------------------------------------------------------------------------


def _priorities():
    return Priority.objects.select_related("quality").order_by("order", "pk")


@dataclass
class PlanPage:
    """Everything the plan page shows."""

    plan: DevelopmentPlan | None  # None until the first priority or the sharing choice
    priorities: list[Priority]
    report: Report | None  # the most recent released report
    suggestions: list[Suggestion]  # those not already in hand in the plan

    @property
    def shared(self) -> bool:
        return bool(self.plan and self.plan.shared_with_mentor)


def plan_page(participant: Participant) -> PlanPage:
    """The participant's plan, its priorities in order with their qualities, and what their
    released report suggests. Three queries, whatever the size of the plan."""
    plan = DevelopmentPlan.objects.filter(participant=participant).first()
    priorities = list(_priorities().filter(plan__participant=participant))
    report = latest_released_report(participant)
    in_hand = {str(p.quality_id) for p in priorities if p.status != Priority.Status.DROPPED}
    suggestions = [
        s for s in suggestions_from(report.figures if report else {}) if s.key not in in_hand
    ]
    return PlanPage(plan=plan, priorities=priorities, report=report, suggestions=suggestions)


def own_priority(participant: Participant, priority_id: int) -> Priority:
    """A priority of the participant's own plan, with its quality; 404 for any other. One
    query."""
    return get_object_or_404(_priorities(), pk=priority_id, plan__participant=participant)


def qualities_for(participant: Participant):
    """The qualities a priority may be tied to, in the framework's order: those of the versions
    the participant's cohort's rounds rate against."""
    return (
        VersionQuality.objects.filter(version__rounds__cohort_id=participant.cohort_id)
        .distinct()
        .order_by("version_id", "order", "pk")
    )


# --- For the mentoring app ----------------------------------------------------------------------


def _with_priorities(plans):
    return plans.prefetch_related(Prefetch("priorities", queryset=_priorities()))


def plan_for_participant(participant: Participant) -> DevelopmentPlan | None:
    """The participant's plan with its priorities (``plan.priorities.all()``, in order, with
    their qualities), or None before they start one. Two queries (one when there is none).
    For the participant's own reading: a mentor reads ``plan_shared_with_mentor``."""
    return _with_priorities(DevelopmentPlan.objects.filter(participant=participant)).first()


def plan_shared_with_mentor(participant: Participant) -> DevelopmentPlan | None:
    """The plan as the participant's mentor may read it: only while the participant shares it,
    else None. Two queries (one when it is not shared)."""
    return _with_priorities(
        DevelopmentPlan.objects.filter(participant=participant, shared_with_mentor=True)
    ).first()


# --- What changed, and when ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change to the plan: when, by whom, what, and each field's before and after."""

    when: datetime
    by: str  # "You", "The programme team", or "" when no person made it
    what: str
    details: list[tuple[str, str, str]] = field(default_factory=list)


FIELD_LABELS = {
    "title": "Priority",
    "quality_id": "Quality",
    "actions": "Actions",
    "support": "Support needed",
    "review_on": "Review date",
    "status": "Status",
}


def _shown(name: str, value, qualities: dict[int, str]) -> str:
    if value in (None, ""):
        return "(none)"
    if name == "quality_id":
        return qualities.get(value, "a quality no longer in the framework")
    if name == "status":
        return str(Priority.Status(value).label)
    if isinstance(value, date):
        return long_date(value)
    return str(value)


def _by(record, participant: Participant) -> str:
    if record.history_user_id is None:
        return ""
    return "You" if record.history_user_id == participant.user_id else "The programme team"


def plan_history(participant: Participant) -> list[Change]:
    """Every change to the participant's plan and its priorities, newest first (at most
    ``HISTORY_SHOWN``). Three queries: the plan's history, its priorities' and the names of
    the qualities they name."""
    changes: list[Change] = []
    plan_records = list(
        DevelopmentPlan.history.filter(participant_id=participant.pk).order_by(
            "history_date", "history_id"
        )
    )
    before = None
    for record in plan_records:
        if record.history_type == "+":
            changes.append(
                Change(record.history_date, _by(record, participant), "Started the plan")
            )
        if record.shared_with_mentor != (before.shared_with_mentor if before else False):
            what = (
                "Shared the plan with your mentor"
                if record.shared_with_mentor
                else "Stopped sharing the plan with your mentor"
            )
            changes.append(Change(record.history_date, _by(record, participant), what))
        before = record
    plan_ids = {record.id for record in plan_records}
    records = list(
        Priority.history.filter(plan_id__in=plan_ids).order_by("id", "history_date", "history_id")
    )
    quality_ids = {r.quality_id for r in records if r.quality_id is not None}
    qualities = dict(VersionQuality.objects.filter(pk__in=quality_ids).values_list("pk", "name"))
    previous: dict[int, Any] = {}
    for record in records:
        earlier = previous.get(record.id)
        previous[record.id] = record
        by = _by(record, participant)
        if record.history_type == "+":
            changes.append(Change(record.history_date, by, f"Added the priority “{record.title}”"))
        elif record.history_type == "-":
            changes.append(
                Change(record.history_date, by, f"Removed the priority “{record.title}”")
            )
        elif earlier is not None:
            details = [
                (
                    label,
                    _shown(name, getattr(earlier, name), qualities),
                    _shown(name, getattr(record, name), qualities),
                )
                for name, label in FIELD_LABELS.items()
                if getattr(earlier, name) != getattr(record, name)
            ]
            if details:
                changes.append(
                    Change(record.history_date, by, f"Changed “{earlier.title}”", details)
                )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:HISTORY_SHOWN]
