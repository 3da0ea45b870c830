"""The one place any figure about raters is made: what a report may show, and what it may not.

Every page, PDF, CSV and email that says anything about what raters answered reads it from
here, and nothing else reads raters' answers. The rules, each applied to every quality on its
own (a rater who is not able to say gives that quality no score):

* **Line manager.** Their scores and comments are shown as theirs: the invitation says so.
* **Threshold.** Any other group (peers, direct reports, other stakeholders) is shown only when
  at least the round's score threshold N of its raters gave a score (never below 3, whatever
  the caller asks); comments need the comment threshold M of the group to have answered
  (never below N).
* **Pooling.** Groups under the threshold are pooled into "other raters" when together they
  reach it; otherwise they are **left out of every figure**, "all raters" included, so that
  nothing can be found by subtracting one figure shown from another. The line manager is never
  pooled: their answers are known, so they could be taken back out of a pool. "All raters" is
  every group included, shown only when that is more than the line manager.
* **Themes** are the mean of the quality figures shown, never of the answers behind them, so a
  theme can never carry what a quality hides. So are a cohort's figures: they are made from
  participants' frozen reports alone.
* **Comments** are shown without names, in alphabetical order, which says nothing of who wrote
  them or when, and under the questions in the form's order; withheld comments are never given
  to this module.
* **Scores** count only when they are a point of the round's scale; anything else is treated
  as no answer, so a malformed answer can never tip a group over its threshold.

The figures come out as plain JSON-ready data: a released report keeps them as they were
(``Report.figures``), so later answers change nothing already shown. The counts of how many
answered in each group are not a figure about what anyone answered, and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from csssl.disclosure import SMALL_NUMBER, too_few_to_count
from evaluations.models.frameworks import RATING_SCALE
from evaluations.models.responses import RaterComment
from evaluations.models.rounds import LOWEST_THRESHOLD, RELATIONSHIPS, Relationship

#: Column keys beside the groups themselves.
SELF = "self"
POOLED = "pooled"
ALL = "all"

MANAGER = str(Relationship.LINE_MANAGER)
LABELS: dict[str, str] = {
    SELF: "Self",
    MANAGER: "Line manager",
    str(Relationship.PEER): "Peers",
    str(Relationship.DIRECT_REPORT): "Direct reports",
    str(Relationship.OTHER): "Other stakeholders",
    POOLED: "Other raters",
    ALL: "All raters",
}
#: The groups that are only ever shown pooled: everyone but the line manager.
POOLABLE = tuple(str(group) for group in RELATIONSHIPS if group != Relationship.LINE_MANAGER)
#: Columns in the order every report shows them.
COLUMNS = (SELF, MANAGER, *POOLABLE, POOLED, ALL)
#: What became of a group in a report, as the report says it.
OWN, SHOWN, POOLED_IN, LEFT_OUT, NONE = "own", "shown", "pooled", "left_out", "none"
#: The comment questions, in the order the rater's form asks them.
QUESTIONS = tuple((str(question), question.label) for question in RaterComment.Question)
#: The scale when a caller gives none: (score, label) from the lowest point.
DEFAULT_SCALE = tuple((score, label) for score, label, _ in RATING_SCALE)
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


def safe_threshold(threshold: int) -> int:
    """The threshold actually applied: never below ``LOWEST_THRESHOLD``, whatever a round or a
    caller says, so a mistaken setting can never show one rater's answer."""
    return max(int(threshold), LOWEST_THRESHOLD)


def arrange(counts: Mapping[str, int], *, threshold: int) -> Arrangement:
    """Arrange the groups by how many gave an answer (``counts``, by relationship).

    The line manager is shown whenever they answered. Any other group is shown when it reaches
    ``threshold`` (at least ``LOWEST_THRESHOLD``); those under it are pooled if together they
    reach it, else left out. A group nobody answered in is in none of the lists, and so is a
    key that is not a relationship."""
    threshold = safe_threshold(threshold)
    arrangement = Arrangement()
    under: list[str] = []
    if counts.get(MANAGER, 0) > 0:
        arrangement.shown.append(MANAGER)
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


def _points(scale: Sequence[Sequence[Any]] | None) -> frozenset[int]:
    return frozenset(int(point[0]) for point in (scale or DEFAULT_SCALE))


def _is_score(value: object, points: Collection[int]) -> bool:
    # bool is an int in Python: True must not pass for a 1.
    return isinstance(value, int) and not isinstance(value, bool) and value in points


def quality_figures(
    *,
    key: str,
    self_score: int | None,
    responses: Sequence[Answers],
    threshold: int,
    points: Collection[int] | None = None,
) -> dict[str, Any]:
    """One quality's figures: self, each group shown, "other raters" if pooled, and "all
    raters" over every group included; with how many scores each figure shown is of.

    ``points`` are the scores the scale allows (the default scale's if not given)."""
    points = _points(None) if points is None else points
    return _quality(key, self_score, responses, threshold, points)[0]


def _quality(
    key: str,
    self_score: int | None,
    responses: Sequence[Answers],
    threshold: int,
    points: Collection[int],
) -> tuple[dict[str, Any], Arrangement]:
    scores: dict[str, list[int]] = {}
    for answers in responses:
        score = answers.scores.get(key)
        if _is_score(score, points):
            scores.setdefault(answers.relationship, []).append(int(score))
    arrangement = arrange(
        {group: len(values) for group, values in scores.items()}, threshold=threshold
    )
    means: dict[str, float | None] = {
        SELF: float(self_score) if _is_score(self_score, points) else None
    }
    counts: dict[str, int] = {}
    for group in arrangement.shown:
        means[group] = _mean(scores[group])
        counts[group] = len(scores[group])
    if arrangement.pooled:
        pooled = [score for group in arrangement.pooled for score in scores[group]]
        means[POOLED] = _mean(pooled)
        counts[POOLED] = len(pooled)
    # "All raters" only when it holds more than the line manager: their figure alone is
    # already shown as theirs, and is no one else's.
    if set(arrangement.included) - {MANAGER}:
        included = [score for group in arrangement.included for score in scores[group]]
        means[ALL] = _mean(included)
        counts[ALL] = len(included)
    return {"means": means, "counts": counts}, arrangement


def theme_means(qualities: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """A theme's figure per column: the mean of the quality figures shown in that column (so
    over the qualities that column shows), never of the answers behind them."""
    means: dict[str, float] = {}
    for column in COLUMNS:
        shown = [q["means"][column] for q in qualities if q["means"].get(column) is not None]
        if shown:
            means[column] = round(fmean(shown), 2)
    return means


def gaps(qualities: Sequence[Mapping[str, Any]]) -> tuple[list[dict], list[dict]]:
    """Blind spots (self above all raters) and hidden strengths (all raters above self), the
    largest first, at most ``GAPS_NAMED`` of each and only gaps of at least ``NOTABLE_GAP``;
    from the quality figures shown alone."""
    found = []
    for quality in qualities:
        mine, theirs = quality["means"].get(SELF), quality["means"].get(ALL)
        if mine is None or theirs is None:
            continue
        found.append(
            {
                "key": quality["key"],
                "name": quality["name"],
                "self": mine,
                "others": theirs,
                "gap": round(mine - theirs, 2),
            }
        )
    blind = sorted(
        (g for g in found if g["gap"] >= NOTABLE_GAP), key=lambda g: (-g["gap"], g["name"])
    )
    hidden = sorted(
        (g for g in found if -g["gap"] >= NOTABLE_GAP), key=lambda g: (g["gap"], g["name"])
    )
    return blind[:GAPS_NAMED], hidden[:GAPS_NAMED]


def _by_question(texts: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """Comments under each question in the form's order, each list in alphabetical order."""
    sections = []
    for question, label in QUESTIONS:
        found = sorted(texts.get(question, []), key=lambda text: (text.casefold(), text))
        if found:
            sections.append({"question": question, "label": label, "texts": found})
    return sections


def comment_figures(responses: Sequence[Answers], *, threshold: int) -> dict[str, Any]:
    """The line manager's comments, as theirs; everyone else's from the groups that reach the
    comment threshold (or pool up to it) in one unnamed list per question, alphabetical."""
    answered: dict[str, int] = {}
    for answers in responses:
        answered[answers.relationship] = answered.get(answers.relationship, 0) + 1
    arrangement = arrange(answered, threshold=threshold)
    included = set(arrangement.included) - {MANAGER}
    manager: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for answers in responses:
        if answers.relationship == MANAGER:
            target = manager
        elif answers.relationship in included:
            target = others
        else:
            continue
        for question, text in answers.comments:
            if text.strip():
                target.setdefault(question, []).append(text.strip())
    return {
        "manager": _by_question(manager),
        "others": _by_question(others),
        "pooled": bool(arrangement.pooled),
        "some_left_out": bool(arrangement.left_out),
    }


def _groups(
    answered: Mapping[str, int], arrangements: Sequence[Arrangement]
) -> list[dict[str, Any]]:
    """Who answered, group by group, and what the report does with each: shown as a group
    where it is shown on its own for any quality; else pooled where it is pooled for any;
    else left out of every figure (which is the only way a group that answered is said to be
    left out)."""
    shown = {group for a in arrangements for group in a.shown}
    pooled = {group for a in arrangements for group in a.pooled}
    rows = []
    for group in (str(relationship) for relationship in RELATIONSHIPS):
        if not answered[group]:
            status = NONE
        elif group == MANAGER:
            status = OWN
        elif group in shown:
            status = SHOWN
        elif group in pooled:
            status = POOLED_IN
        else:
            status = LEFT_OUT
        rows.append(
            {"key": group, "label": LABELS[group], "answered": answered[group], "status": status}
        )
    return rows


def report_figures(
    *,
    qualities: Sequence[QualityRef],
    self_scores: Mapping[str, int | None],
    responses: Sequence[Answers],
    threshold: int,
    comment_threshold: int,
    scale: Sequence[Sequence[Any]] | None = None,
) -> dict[str, Any]:
    """Everything a participant's report shows, worked out under the rules above: JSON-ready,
    so a released report can keep it exactly as it was shown.

    ``qualities`` in the framework's order; ``self_scores`` the participant's own; ``responses``
    every submitted rater's (withheld comments already taken out); ``scale`` the version's
    points as (score, label, ...) from the lowest. The thresholds applied are at least
    ``LOWEST_THRESHOLD``, the comments' at least the scores'."""
    threshold = safe_threshold(threshold)
    comment_threshold = max(safe_threshold(comment_threshold), threshold)
    scale_points = [[int(point[0]), str(point[1])] for point in (scale or DEFAULT_SCALE)]
    points = _points(scale_points)
    known = [str(group) for group in RELATIONSHIPS]
    responses = [answers for answers in responses if answers.relationship in known]
    answered = dict.fromkeys(known, 0)
    for answers in responses:
        answered[answers.relationship] += 1
    themes: list[dict[str, Any]] = []
    by_theme: dict[str, dict[str, Any]] = {}
    all_qualities: list[dict[str, Any]] = []
    arrangements: list[Arrangement] = []
    for quality in qualities:
        figures, arrangement = _quality(
            quality.key, self_scores.get(quality.key), responses, threshold, points
        )
        arrangements.append(arrangement)
        entry = {"key": quality.key, "name": quality.name, **figures}
        theme = by_theme.get(quality.theme)
        if theme is None:
            theme = by_theme[quality.theme] = {"name": quality.theme, "qualities": []}
            themes.append(theme)
        theme["qualities"].append(entry)
        all_qualities.append(entry)
    for theme in themes:
        theme["means"] = theme_means(theme["qualities"])
    used = [
        column
        for column in COLUMNS
        if any(q["means"].get(column) is not None for q in all_qualities)
    ]
    blind_spots, hidden_strengths = gaps(all_qualities)
    groups = _groups(answered, arrangements)
    return {
        "threshold": threshold,
        "comment_threshold": comment_threshold,
        "scale": scale_points,
        "columns": [{"key": column, "label": LABELS[column]} for column in used],
        "answered": answered,
        "groups": groups,
        "pooled_groups": [g["label"] for g in groups if g["status"] == POOLED_IN],
        "left_out_groups": [g["label"] for g in groups if g["status"] == LEFT_OUT],
        "themes": themes,
        "blind_spots": blind_spots,
        "hidden_strengths": hidden_strengths,
        "comments": comment_figures(responses, threshold=comment_threshold),
    }


def _change(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 2)


def compare(pre: Mapping[str, Any], post: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Pre against post, per quality of the later report, from two released reports' figures
    alone (so nothing either report hid can appear): self and all raters at each round, where
    shown, and the change. A quality is matched by its key, else (if the framework was
    versioned between the rounds) by its name."""
    before_by_key: dict[str, Mapping[str, Any]] = {}
    before_by_name: dict[str, Mapping[str, Any]] = {}
    for theme in pre.get("themes", []):
        for quality in theme["qualities"]:
            before_by_key[quality["key"]] = quality["means"]
            before_by_name.setdefault(quality["name"], quality["means"])
    rows = []
    for theme in post.get("themes", []):
        for quality in theme["qualities"]:
            then = before_by_key.get(quality["key"]) or before_by_name.get(quality["name"], {})
            now = quality["means"]
            rows.append(
                {
                    "key": quality["key"],
                    "theme": theme["name"],
                    "name": quality["name"],
                    "self_before": then.get(SELF),
                    "self_after": now.get(SELF),
                    "self_change": _change(then.get(SELF), now.get(SELF)),
                    "others_before": then.get(ALL),
                    "others_after": now.get(ALL),
                    "others_change": _change(then.get(ALL), now.get(ALL)),
                }
            )
    return rows


def cohort_figures(
    *, qualities: Sequence[QualityRef], reports: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """A cohort's figure per quality, for coordinators, from its participants' frozen reports
    (``Report.figures``) alone: the mean of their self scores, and the mean of their "all
    raters" figures, each over the participants whose report shows one and only when at least
    ``COHORT_MINIMUM`` do.

    Built from what the reports show rather than from raters' answers, a cohort figure can
    never carry a group a report left out, and it changes only when a whole report is frozen
    (which its coordinators can read anyway), never as one rater answers."""
    per_report = [
        {
            quality["key"]: quality["means"]
            for theme in figures.get("themes", [])
            for quality in theme["qualities"]
        }
        for figures in reports
    ]
    rows = []
    for quality in qualities:
        found = [shown[quality.key] for shown in per_report if quality.key in shown]
        mine = [means[SELF] for means in found if means.get(SELF) is not None]
        theirs = [means[ALL] for means in found if means.get(ALL) is not None]
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
                if too_few_to_count(len(theirs), threshold=COHORT_MINIMUM)
                else _mean(theirs),
                "others_participants": len(theirs),
            }
        )
    return rows
