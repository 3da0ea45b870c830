"""Read queries for a participant's report: their own once released, a coordinator's reading of
any frozen one before a debrief, and everything the page and the PDF show.

Every figure comes from the frozen ``Report.figures`` (and pre against post from the two
frozen reports' figures, through ``anonymity.compare``): nothing here reads a rater's answer,
so nothing on the page can differ from what the anonymity rules let into the report when it
was frozen. Finding a report is one query; the page's other content one more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from evaluations import anonymity
from evaluations.chart import ThemeChart, format_score, theme_charts
from evaluations.models import Report, Round

RELATED = ("round__cohort__programme", "participant__user")

#: What the report did with a group, in the participant's words.
GROUP_STATUS = {
    anonymity.OWN: "Shown as your line manager's own",
    anonymity.SHOWN: "Shown as a group",
    anonymity.POOLED_IN: "Combined with other small groups as “other raters”",
    anonymity.LEFT_OUT: "Left out of every figure, to protect their anonymity",
    anonymity.NONE: "Nobody answered",
}


def released_report(*, user, round_id: int) -> Report:
    """The person's own report for the round, once it is released; 404 for anything else
    (no report, not released yet, or someone else's). One query."""
    report = (
        Report.objects.select_related(*RELATED)
        .filter(round_id=round_id, participant__user=user, released_at__isnull=False)
        .order_by("pk")
        .first()
    )
    if report is None:
        raise Http404
    return report


def frozen_report(*, report_id: int) -> Report:
    """Any frozen report, released or not, for a coordinator preparing a debrief. One query."""
    report = Report.objects.select_related(*RELATED).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


@dataclass(frozen=True)
class GroupRow:
    label: str
    answered: int
    status: str
    says: str


@dataclass(frozen=True)
class Gap:
    name: str
    self_score: str
    others: str
    difference: str


@dataclass(frozen=True)
class ChangeRow:
    theme: str
    name: str
    self_before: str
    self_after: str
    self_change: str
    others_before: str
    others_after: str
    others_change: str


@dataclass(frozen=True)
class ReportPage:
    """What a report's page and PDF show, all of it read from frozen figures."""

    report: Report
    round: Round
    person: str
    title: str
    threshold: int
    comment_threshold: int
    scale: list[tuple[int, str]]
    groups: list[GroupRow]
    some_left_out: bool
    some_pooled: bool
    has_rater_figures: bool
    charts: list[ThemeChart]
    blind_spots: list[Gap]
    hidden_strengths: list[Gap]
    manager_comments: list[dict[str, Any]]
    other_comments: list[dict[str, Any]]
    comments_left_out: bool
    comparison: list[ChangeRow]
    compared_with: Round | None


def _change(value: float | None) -> str:
    if value is None:
        return format_score(None)
    if value == 0:
        return "no change"
    return f"{'+' if value > 0 else '−'}{abs(value):.2f}"


def _gap(entry: dict[str, Any]) -> Gap:
    return Gap(
        name=entry["name"],
        self_score=format_score(entry["self"], column=anonymity.SELF),
        others=format_score(entry["others"]),
        difference=f"{abs(entry['gap']):.2f}",
    )


def _groups(figures: dict[str, Any], round: Round) -> list[GroupRow]:
    """The groups the round asked for, and any other that answered, with what became of
    each."""
    asked = round.limits()
    return [
        GroupRow(
            label=group["label"],
            answered=group["answered"],
            status=group["status"],
            says=GROUP_STATUS[group["status"]],
        )
        for group in figures.get("groups", [])
        if group["key"] in asked or group["answered"]
    ]


def _other_report(report: Report, *, released_only: bool) -> Report | None:
    """The participant's report for the cohort's other round (pre for post, post for pre),
    when frozen (and released, for the participant's own reading). One query."""
    other_kind = Round.Kind.POST if report.round.kind == Round.Kind.PRE else Round.Kind.PRE
    others = Report.objects.select_related("round").filter(
        participant_id=report.participant_id,
        round__cohort_id=report.round.cohort_id,
        round__kind=other_kind,
    )
    if released_only:
        others = others.filter(released_at__isnull=False)
    return others.first()


def _comparison(report: Report, other: Report | None) -> list[ChangeRow]:
    if other is None:
        return []
    if report.round.kind == Round.Kind.PRE:
        pre, post = report.figures, other.figures
    else:
        pre, post = other.figures, report.figures
    self_ = anonymity.SELF
    return [
        ChangeRow(
            theme=row["theme"],
            name=row["name"],
            self_before=format_score(row["self_before"], column=self_),
            self_after=format_score(row["self_after"], column=self_),
            self_change=_change(row["self_change"]),
            others_before=format_score(row["others_before"]),
            others_after=format_score(row["others_after"]),
            others_change=_change(row["others_change"]),
        )
        for row in anonymity.compare(pre, post)
    ]


def report_page(*, report: Report, for_coordinator: bool = False) -> ReportPage:
    """Everything the report's page shows, from its frozen figures (and, pre against post,
    from the other round's frozen report: released, unless a coordinator is reading). One
    query, on a report found by ``released_report`` or ``frozen_report``."""
    figures = report.figures or {}
    round = report.round
    cohort = round.cohort
    person = report.participant.user.display_name
    other = _other_report(report, released_only=not for_coordinator)
    comments = figures.get("comments", {})
    groups = _groups(figures, round)
    return ReportPage(
        report=report,
        round=round,
        person=person,
        title=(
            f"Feedback report: {person}, {cohort.programme.short_name} {cohort.name}, "
            f"{round.title.lower()}"
        ),
        threshold=figures.get("threshold", round.score_threshold),
        comment_threshold=figures.get("comment_threshold", round.comment_threshold),
        scale=[(int(score), label) for score, label in figures.get("scale", [])]
        or list(anonymity.DEFAULT_SCALE),
        groups=groups,
        some_left_out=any(g.status == anonymity.LEFT_OUT for g in groups),
        some_pooled=any(g.status == anonymity.POOLED_IN for g in groups),
        has_rater_figures=any(
            column["key"] != anonymity.SELF for column in figures.get("columns", [])
        ),
        charts=theme_charts(figures),
        blind_spots=[_gap(entry) for entry in figures.get("blind_spots", [])],
        hidden_strengths=[_gap(entry) for entry in figures.get("hidden_strengths", [])],
        manager_comments=comments.get("manager", []),
        other_comments=comments.get("others", []),
        comments_left_out=bool(comments.get("some_left_out")),
        comparison=_comparison(report, other),
        compared_with=other.round if other else None,
    )
