"""The one place any figure about raters is made: what a report may show, and what it may not.

Every page, PDF, CSV and email that says anything about what raters answered reads it from
here, and nothing else reads raters' answers. The rules, each applied to every quality on its
own (a rater who is not able to say gives that quality no score):

* **Line manager.** Their scores and comments are shown as theirs: the invitation says so.
* **Threshold.** Any other group (peers, direct reports, other stakeholders) is shown only when
  at least the round's score threshold N of its raters gave a score (never below 3);
  comments need the comment threshold M of the group to have answered (M ≥ N).
* **Pooling.** Groups under the threshold are pooled into "other raters" when together they
  reach it; otherwise they are **left out of every figure**, "all raters" included, so that
  nothing can be found by subtracting one figure shown from another.
* **Themes** are the mean of the quality figures shown, never of the answers behind them, so a
  theme can never carry what a quality hides.
* **Comments** are shown without names, in alphabetical order, which says nothing of who wrote
  them or when; withheld comments are never given to this module.

The figures come out as plain JSON-ready data: a released report keeps them as they were
(``Report.figures``), so later answers change nothing already shown. The counts of how many
answered in each group are not a figure about what anyone answered, and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from csssl.disclosure import SMALL_NUMBER, too_few_to_count
from evaluations.models.rounds import RELATIONSHIPS, Relationship

#: Column keys beside the groups themselves.
SELF = "self"
POOLED = "pooled"
ALL = "all"

LABELS: dict[str, str] = {
    SELF: "Self",
    Relationship.LINE_MANAGER: "Line manager",
    Relationship.PEER: "Peers",
    Relationship.DIRECT_REPORT: "Direct reports",
    Relationship.OTHER: "Other stakeholders",
    POOLED: "Other raters",
    ALL: "All raters",
}
#: The groups that are only ever shown pooled: everyone but the line manager.
POOLABLE = tuple(str(group) for group in RELATIONSHIPS if group != Relationship.LINE_MANAGER)
#: Columns in the order every report shows them.
COLUMNS = (SELF, str(Relationship.LINE_MANAGER), *POOLABLE, POOLED, ALL)
#: A gap between self and all raters worth naming, in points of the scale.
NOTABLE_GAP = 0.5
#: How many blind spots and hidden strengths a report names at most.
GAPS_NAMED = 3
#: Participants a cohort figure needs before it is shown.
COHORT_MINIMUM = SMALL_NUMBER


@dataclass(frozen=True)
class Answers:
    """One rater's submitted answers, as this module sees them: their group, a score or None
    (not able to say) per quality key, and their comments as (question, text)."""

    relationship: str
    scores: Mapping[str, int | None]
    comments: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class QualityRef:
    """A quality of the round's framework version: its key in the answers, name and theme."""

    key: str
    name: str
    theme: str


@dataclass
class Arrangement:
    """Which groups are shown on their own, which pooled into "other raters", and which left
    out of every figure, for one quality (or for comments)."""

    shown: list[str] = field(default_factory=list)
    pooled: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    @property
    def included(self) -> list[str]:
        """Every group whose answers go into "all raters"."""
        return [*self.shown, *self.pooled]


def arrange(counts: Mapping[str, int], *, threshold: int) -> Arrangement:
    """Arrange the groups by how many gave an answer (``counts``, by relationship).

    The line manager is shown whenever they answered. Any other group is shown when it reaches
    ``threshold``; those under it are pooled if together they reach it, else left out. A
    group nobody answered in is in none of the lists."""
    arrangement = Arrangement()
    under: list[str] = []
    if counts.get(Relationship.LINE_MANAGER, 0) > 0:
        arrangement.shown.append(str(Relationship.LINE_MANAGER))
    for group in POOLABLE:
        count = counts.get(group, 0)
        if count <= 0:
            continue
        if too_few_to_count(count, threshold=threshold):
            under.append(group)
        else:
            arrangement.shown.append(group)
    if under:
        pool = sum(counts[group] for group in under)
        if too_few_to_count(pool, threshold=threshold):
            arrangement.left_out = under
        else:
            arrangement.pooled = under
    return arrangement


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(fmean(values), 2) if values else None


def quality_figures(
    *, key: str, self_score: int | None, responses: Sequence[Answers], threshold: int
) -> dict[str, Any]:
    """One quality's figures: self, each group shown, "other raters" if pooled, and "all
    raters" over every group included; with how many scores each figure shown is of."""
    scores: dict[str, list[int]] = {}
    for answers in responses:
        score = answers.scores.get(key)
        if score is not None:
            scores.setdefault(answers.relationship, []).append(int(score))
    arrangement = arrange(
        {group: len(values) for group, values in scores.items()}, threshold=threshold
    )
    means: dict[str, float | None] = {SELF: float(self_score) if self_score is not None else None}
    counts: dict[str, int] = {}
    for group in arrangement.shown:
        means[group] = _mean(scores[group])
        counts[group] = len(scores[group])
    if arrangement.pooled:
        pooled = [score for group in arrangement.pooled for score in scores[group]]
        means[POOLED] = _mean(pooled)
        counts[POOLED] = len(pooled)
    included = [score for group in arrangement.included for score in scores[group]]
    if included:
        means[ALL] = _mean(included)
        counts[ALL] = len(included)
    return {"means": means, "counts": counts}


def _theme_means(qualities: Sequence[dict[str, Any]]) -> dict[str, float | None]:
    """A theme's figure per column: the mean of the quality figures shown in that column."""
    means: dict[str, float | None] = {}
    for column in COLUMNS:
        shown = [q["means"][column] for q in qualities if q["means"].get(column) is not None]
        if shown:
            means[column] = round(fmean(shown), 2)
    return means


def _gaps(qualities: Sequence[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """Blind spots (self above all raters) and hidden strengths (all raters above self), the
    largest first, at most ``GAPS_NAMED`` of each and only gaps of at least ``NOTABLE_GAP``."""
    gaps = []
    for quality in qualities:
        mine, theirs = quality["means"].get(SELF), quality["means"].get(ALL)
        if mine is None or theirs is None:
            continue
        gaps.append(
            {
                "key": quality["key"],
                "name": quality["name"],
                "self": mine,
                "others": theirs,
                "gap": round(mine - theirs, 2),
            }
        )
    blind = sorted(
        (g for g in gaps if g["gap"] >= NOTABLE_GAP), key=lambda g: (-g["gap"], g["name"])
    )
    hidden = sorted(
        (g for g in gaps if -g["gap"] >= NOTABLE_GAP), key=lambda g: (g["gap"], g["name"])
    )
    return blind[:GAPS_NAMED], hidden[:GAPS_NAMED]


def _comments(responses: Sequence[Answers], *, threshold: int) -> dict[str, Any]:
    """The line manager's comments, as theirs; everyone else's from the groups that reach the
    comment threshold (or pool up to it), in one list per question in alphabetical order."""
    answered: dict[str, int] = {}
    for answers in responses:
        answered[answers.relationship] = answered.get(answers.relationship, 0) + 1
    arrangement = arrange(answered, threshold=threshold)
    manager: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for answers in responses:
        if answers.relationship == Relationship.LINE_MANAGER:
            target = manager
        elif answers.relationship in arrangement.included:
            target = others
        else:
            continue
        for question, text in answers.comments:
            if text.strip():
                target.setdefault(question, []).append(text.strip())
    for lists in (manager, others):
        for texts in lists.values():
            texts.sort(key=lambda text: (text.casefold(), text))
    left_out = bool(arrangement.left_out)
    return {"manager": manager, "others": others, "some_left_out": left_out}


def report_figures(
    *,
    qualities: Sequence[QualityRef],
    self_scores: Mapping[str, int | None],
    responses: Sequence[Answers],
    threshold: int,
    comment_threshold: int,
) -> dict[str, Any]:
    """Everything a participant's report shows, worked out under the rules above: JSON-ready,
    so a released report can keep it exactly as it was shown.

    ``qualities`` in the framework's order; ``self_scores`` the participant's own; ``responses``
    every submitted rater's (withheld comments already taken out)."""
    answered = dict.fromkeys((str(group) for group in RELATIONSHIPS), 0)
    for answers in responses:
        answered[answers.relationship] = answered.get(answers.relationship, 0) + 1
    themes: list[dict[str, Any]] = []
    by_theme: dict[str, dict[str, Any]] = {}
    all_qualities: list[dict[str, Any]] = []
    for quality in qualities:
        figures = quality_figures(
            key=quality.key,
            self_score=self_scores.get(quality.key),
            responses=responses,
            threshold=threshold,
        )
        entry = {"key": quality.key, "name": quality.name, **figures}
        theme = by_theme.get(quality.theme)
        if theme is None:
            theme = by_theme[quality.theme] = {"name": quality.theme, "qualities": []}
            themes.append(theme)
        theme["qualities"].append(entry)
        all_qualities.append(entry)
    for theme in themes:
        theme["means"] = _theme_means(theme["qualities"])
    used = [
        column
        for column in COLUMNS
        if any(q["means"].get(column) is not None for q in all_qualities)
    ]
    blind_spots, hidden_strengths = _gaps(all_qualities)
    group_arrangement = arrange(answered, threshold=threshold)
    return {
        "threshold": threshold,
        "comment_threshold": comment_threshold,
        "columns": [{"key": column, "label": LABELS[column]} for column in used],
        "answered": answered,
        "pooled_groups": [LABELS[group] for group in group_arrangement.pooled],
        "left_out_groups": [LABELS[group] for group in group_arrangement.left_out],
        "themes": themes,
        "blind_spots": blind_spots,
        "hidden_strengths": hidden_strengths,
        "comments": _comments(responses, threshold=comment_threshold),
    }


def compare(pre: Mapping[str, Any], post: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Pre against post, per quality, from two released reports' figures alone (so nothing
    either report hid can appear): self and all raters at each round, where shown."""
    before = {
        quality["key"]: quality["means"]
        for theme in pre.get("themes", [])
        for quality in theme["qualities"]
    }
    rows = []
    for theme in post.get("themes", []):
        for quality in theme["qualities"]:
            then = before.get(quality["key"], {})
            rows.append(
                {
                    "theme": theme["name"],
                    "name": quality["name"],
                    "self_before": then.get(SELF),
                    "self_after": quality["means"].get(SELF),
                    "others_before": then.get(ALL),
                    "others_after": quality["means"].get(ALL),
                }
            )
    return rows


def cohort_figures(
    *,
    qualities: Sequence[QualityRef],
    self_scores: Sequence[Mapping[str, int | None]],
    rater_scores: Mapping[int, Sequence[Mapping[str, int | None]]],
) -> list[dict[str, Any]]:
    """A cohort's figure per quality, for coordinators: the mean self score over the
    participants who gave one, and the mean of raters' scores over the participants whose
    raters gave any; each shown only when at least ``COHORT_MINIMUM`` participants are in it.

    ``self_scores`` holds one mapping per submitted self evaluation; ``rater_scores`` the
    submitted raters' scores by participant id."""
    rows = []
    for quality in qualities:
        mine = [s[quality.key] for s in self_scores if s.get(quality.key) is not None]
        theirs_by_participant = {
            participant: [s[quality.key] for s in scores if s.get(quality.key) is not None]
            for participant, scores in rater_scores.items()
        }
        theirs = [score for scores in theirs_by_participant.values() for score in scores]
        rated = sum(1 for scores in theirs_by_participant.values() if scores)
        rows.append(
            {
                "key": quality.key,
                "theme": quality.theme,
                "name": quality.name,
                "self": None
                if too_few_to_count(len(mine), threshold=COHORT_MINIMUM)
                else _mean(mine),
                "self_participants": len(mine),
                "others": None
                if too_few_to_count(rated, threshold=COHORT_MINIMUM)
                else _mean(theirs),
                "others_participants": rated,
            }
        )
    return rows
