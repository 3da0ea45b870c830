"""The anonymity rules, proved over every combination of group sizes a round allows.

For a line manager (0 or 1) and 0 to 6 peers, direct reports and other stakeholders, under
every score threshold N from 3 to 5 with the comment threshold M at N and at N + 1, with seeded
random scores and some "not able to say":

(a) a group under the threshold that is not pooled is in no figure: changing its scores and
    comments leaves the report exactly as it was;
(b) pooled groups count only through their union: moving an answer from one pooled group to
    another changes nothing but the counts of who answered;
(c) every mean shown is over at least N scores, the line manager's apart, and is the mean of
    exactly the groups the rules include;
(d) no comment of a group (or pool) under M is shown, and every comment of one over it is;
(e) the order answers come in (the order they were given, say) changes nothing.

The expected arrangement is worked out here from the rules as written, not by calling
``anonymity.arrange``, so a mistake there cannot hide itself. All pure functions: no database.
"""

from __future__ import annotations

import itertools
import json
import random
from statistics import fmean

import pytest

from evaluations import anonymity
from evaluations.anonymity import ALL, POOLED, SELF, Answers, QualityRef

MANAGER, PEER, REPORT, OTHER = "manager", "peer", "report", "other"
POOLABLE = (PEER, REPORT, OTHER)
QUALITIES = (
    QualityRef(key="11", name="Listening", theme="Leading people"),
    QualityRef(key="12", name="Developing others", theme="Leading people"),
    QualityRef(key="13", name="Working with partners", theme="Leading the system"),
    QualityRef(key="14", name="Courage", theme="Leading the system"),
)
QUESTIONS = ("strengths", "develop")
SIZES = list(itertools.product(range(2), range(7), range(7), range(7)))
THRESHOLDS = [(n, m) for n in (3, 4, 5) for m in (n, n + 1)]


# --- Raters' answers, made up from a seed ------------------------------------------------------


def answers_for(sizes: tuple[int, int, int, int], rng: random.Random) -> list[Answers]:
    """``sizes`` raters per group (manager, peer, report, other): a score 1-4 or "not able to
    say" per quality, and a comment per question now and then, each with words of its own."""
    responses = []
    for group, size in zip((MANAGER, *POOLABLE), sizes, strict=True):
        for number in range(size):
            scores = {q.key: None if rng.random() < 0.2 else rng.randint(1, 4) for q in QUALITIES}
            comments = tuple(
                (question, f"{group} {number} on {question}: {rng.randint(0, 10**9)}")
                for question in QUESTIONS
                if rng.random() < 0.7
            ) + ((("develop", "   "),) if rng.random() < 0.1 else ())
            responses.append(Answers(relationship=group, scores=scores, comments=comments))
    return responses


SELF_SCORES = {"11": 3, "12": 2, "13": None, "14": 4}


def figures(responses: list[Answers], n: int, m: int) -> dict:
    return anonymity.report_figures(
        qualities=QUALITIES,
        self_scores=SELF_SCORES,
        responses=responses,
        threshold=n,
        comment_threshold=m,
    )


# --- The rules, written out again ------------------------------------------------------------


def expected(counts: dict[str, int], threshold: int) -> tuple[list[str], list[str], list[str]]:
    """(shown on their own, pooled, left out) of the poolable groups, from the rules."""
    shown = [g for g in POOLABLE if counts.get(g, 0) >= threshold]
    under = [g for g in POOLABLE if 0 < counts.get(g, 0) < threshold]
    if sum(counts[g] for g in under) >= threshold:
        return shown, under, []
    return shown, [], under


def score_counts(responses: list[Answers], key: str) -> dict[str, int]:
    counts = dict.fromkeys((MANAGER, *POOLABLE), 0)
    for answers in responses:
        if answers.scores.get(key) is not None:
            counts[answers.relationship] += 1
    return counts


def answer_counts(responses: list[Answers]) -> dict[str, int]:
    counts = dict.fromkeys((MANAGER, *POOLABLE), 0)
    for answers in responses:
        counts[answers.relationship] += 1
    return counts


def hidden_for_scores(responses: list[Answers], key: str, n: int) -> list[str]:
    return expected(score_counts(responses, key), n)[2]


def hidden_for_comments(responses: list[Answers], m: int) -> list[str]:
    return expected(answer_counts(responses), m)[2]


def perturbed(responses: list[Answers], n: int, m: int) -> list[Answers]:
    """The same answers, except every score of a group left out of that quality and every
    comment of a group left out of the comments, each changed to something else."""
    hidden_scores = {q.key: set(hidden_for_scores(responses, q.key, n)) for q in QUALITIES}
    hidden_comments = set(hidden_for_comments(responses, m))
    changed = []
    for answers in responses:
        scores = {
            key: (score % 4) + 1
            if score is not None and answers.relationship in hidden_scores[key]
            else score
            for key, score in answers.scores.items()
        }
        comments = answers.comments
        if answers.relationship in hidden_comments:
            comments = tuple((q, f"something else entirely: {t[::-1]}") for q, t in comments)
            comments += (("strengths", "a comment that was not there"),)
        changed.append(Answers(relationship=answers.relationship, scores=scores, comments=comments))
    return changed


WHO_ANSWERED = ("answered", "groups", "pooled_groups", "left_out_groups")


def without_answered(report: dict) -> dict:
    """The report less who answered in each group (and so which groups had any score to pool),
    which is shown as it is by design: it says how many answered, not what they said."""
    return {key: value for key, value in report.items() if key not in WHO_ANSWERED}


# --- (a) to (d), over every combination --------------------------------------------------------


@pytest.mark.parametrize(("n", "m"), THRESHOLDS, ids=lambda value: str(value))
def test_report_figures_every_group_size_keeps_the_rules(n, m):
    checked = {"hidden": 0, "moved": 0, "pooled": 0, "comments hidden": 0}
    for sizes in SIZES:
        rng = random.Random(f"{sizes} {n} {m}")
        responses = answers_for(sizes, rng)
        report = figures(responses, n, m)
        shown_text = json.dumps(report)

        # (a) A group left out changes nothing, whatever it said.
        if any(hidden_for_scores(responses, q.key, n) for q in QUALITIES) or hidden_for_comments(
            responses, m
        ):
            checked["hidden"] += 1
            assert figures(perturbed(responses, n, m), n, m) == report, sizes

        # (b) An answer moved between two pooled groups changes nothing but who answered.
        counts = answer_counts(responses)
        _, pooled, _ = expected(counts, n)
        for source, target in itertools.permutations(pooled, 2):
            if counts[source] >= 2 and counts[target] + 1 < n:
                moving = rng.choice([a for a in responses if a.relationship == source])
                moved = [
                    Answers(relationship=target, scores=a.scores, comments=a.comments)
                    if a is moving
                    else a
                    for a in responses
                ]
                checked["moved"] += 1
                assert without_answered(figures(moved, n, m)) == without_answered(report), (
                    sizes,
                    source,
                    target,
                )

        # (c) Each mean shown is over enough scores, and of exactly the groups included.
        for theme in report["themes"]:
            for quality in theme["qualities"]:
                check_quality(quality, responses, n)
            check_theme(theme)

        # (d) No comment of a group under M; every comment of a group over it.
        hidden = set(hidden_for_comments(responses, m))
        checked["comments hidden"] += bool(hidden)
        for answers in responses:
            for _, text in answers.comments:
                if not text.strip():
                    continue
                if answers.relationship in hidden:
                    assert text not in shown_text, (sizes, text)
                else:
                    assert text in shown_text, (sizes, text)
        manager_texts = [t for s in report["comments"]["manager"] for t in s["texts"]]
        assert all(t.startswith("manager ") for t in manager_texts)
        assert not any(
            t.startswith("manager ") for s in report["comments"]["others"] for t in s["texts"]
        )
        checked["pooled"] += bool(report["pooled_groups"])

        # (e) Nothing in the report follows the order the answers came in.
        shuffled = list(responses)
        rng.shuffle(shuffled)
        assert figures(shuffled, n, m) == report, sizes
    # The combinations really reach every case the rules distinguish.
    assert all(checked.values()), checked


def check_quality(quality: dict, responses: list[Answers], n: int) -> None:
    key = quality["key"]
    scores: dict[str, list[int]] = {}
    for answers in responses:
        if answers.scores.get(key) is not None:
            scores.setdefault(answers.relationship, []).append(answers.scores[key])
    counts = {group: len(values) for group, values in scores.items()}
    shown, pooled, _ = expected({g: counts.get(g, 0) for g in POOLABLE}, n)
    wanted: dict[str, list[int]] = {group: scores[group] for group in shown}
    if MANAGER in scores:
        wanted[MANAGER] = scores[MANAGER]
    if pooled:
        wanted[POOLED] = [s for group in pooled for s in scores[group]]
    if shown or pooled:
        wanted[ALL] = [s for group in (MANAGER, *shown, *pooled) for s in scores.get(group, [])]
    means = {column: mean for column, mean in quality["means"].items() if column != SELF}
    assert set(means) == set(wanted), (key, means, wanted)
    assert set(quality["counts"]) == set(wanted)
    for column, values in wanted.items():
        assert quality["counts"][column] == len(values)
        assert quality["means"][column] == round(fmean(values), 2)
        if column != MANAGER:
            assert len(values) >= n, (key, column, values)
    assert quality["means"][SELF] == SELF_SCORES[key]


def check_theme(theme: dict) -> None:
    for column in anonymity.COLUMNS:
        shown = [q["means"][column] for q in theme["qualities"] if column in q["means"]]
        shown = [value for value in shown if value is not None]
        if shown:
            assert theme["means"][column] == round(fmean(shown), 2)
        else:
            assert column not in theme["means"]


def test_property_check_catches_a_left_out_group_in_all_raters(monkeypatch):
    """The checks above can fail: with "all raters" taking in the groups left out, (a) and
    (c) find it."""
    real = anonymity.Arrangement.included
    monkeypatch.setattr(
        anonymity.Arrangement,
        "included",
        property(lambda self: [*real.fget(self), *self.left_out]),
    )
    with pytest.raises(AssertionError):
        test_report_figures_every_group_size_keeps_the_rules(3, 3)


def test_property_check_catches_a_pool_with_the_line_manager(monkeypatch):
    """And a pool that lets the line manager make up the numbers (their answers are known, so
    they could be taken back out) is caught as well."""
    real = anonymity.arrange

    def arrange_with_manager(counts, *, threshold):
        arrangement = real(counts, threshold=threshold)
        if arrangement.left_out and counts.get(MANAGER):
            pool = sum(counts[g] for g in arrangement.left_out) + counts[MANAGER]
            if pool >= threshold:
                arrangement.pooled, arrangement.left_out = arrangement.left_out, []
        return arrangement

    monkeypatch.setattr(anonymity, "arrange", arrange_with_manager)
    with pytest.raises(AssertionError):
        test_report_figures_every_group_size_keeps_the_rules(4, 4)


def test_perturbing_a_shown_group_changes_the_report():
    """The comparison in (a) is sensitive: a change to a group that is shown is seen."""
    responses = [Answers(PEER, {"11": 2, "12": 2, "13": 2, "14": 2}) for _ in range(3)]
    before = figures(responses, 3, 3)
    responses[0] = Answers(PEER, {"11": 4, "12": 2, "13": 2, "14": 2})

    assert figures(responses, 3, 3) != before


# --- arrange -------------------------------------------------------------------------------


def test_arrange_line_manager_alone_is_shown():
    arrangement = anonymity.arrange({MANAGER: 1}, threshold=3)

    assert (arrangement.shown, arrangement.pooled, arrangement.left_out) == ([MANAGER], [], [])


def test_arrange_groups_at_threshold_shown_under_it_pooled_when_together_they_reach_it():
    arrangement = anonymity.arrange({PEER: 3, REPORT: 2, OTHER: 1}, threshold=3)

    assert arrangement.shown == [PEER]
    assert arrangement.pooled == [REPORT, OTHER]
    assert arrangement.left_out == []
    assert arrangement.included == [PEER, REPORT, OTHER]


def test_arrange_groups_under_threshold_that_cannot_pool_are_left_out():
    arrangement = anonymity.arrange({MANAGER: 1, PEER: 2, OTHER: 1}, threshold=4)

    assert arrangement.shown == [MANAGER]
    assert arrangement.pooled == []
    assert arrangement.left_out == [PEER, OTHER]
    assert arrangement.included == [MANAGER]


def test_arrange_line_manager_never_makes_up_a_pool():
    arrangement = anonymity.arrange({MANAGER: 1, PEER: 1, REPORT: 1}, threshold=3)

    assert arrangement.left_out == [PEER, REPORT]


def test_arrange_threshold_below_three_is_raised_to_three():
    arrangement = anonymity.arrange({PEER: 2, REPORT: 1}, threshold=1)

    assert arrangement.shown == []
    assert arrangement.pooled == [PEER, REPORT]


def test_arrange_groups_nobody_answered_in_and_unknown_keys_are_nowhere():
    arrangement = anonymity.arrange({PEER: 0, "friend": 5, MANAGER: 0}, threshold=3)

    assert arrangement.shown == arrangement.pooled == arrangement.left_out == []


def test_report_figures_low_thresholds_are_raised():
    responses = [Answers(PEER, {"11": 4}), Answers(PEER, {"11": 2})]

    report = anonymity.report_figures(
        qualities=QUALITIES[:1],
        self_scores={},
        responses=responses,
        threshold=2,
        comment_threshold=1,
    )

    assert (report["threshold"], report["comment_threshold"]) == (3, 3)
    assert report["themes"][0]["qualities"][0]["means"] == {SELF: None}
    assert report["left_out_groups"] == ["Peers"]


def test_report_figures_scores_off_the_scale_are_not_answers():
    """A malformed score (0, 5, True, "3") never counts, so cannot lift a group over N."""
    responses = [
        Answers(PEER, {"11": 3}),
        Answers(PEER, {"11": 4}),
        Answers(PEER, {"11": True}),
        Answers(PEER, {"11": 5}),
        Answers(PEER, {"11": "3"}),
    ]

    quality = figures(responses, 3, 3)["themes"][0]["qualities"][0]

    assert quality["means"] == {SELF: 3.0}
    assert quality["counts"] == {}


def test_report_figures_groups_say_what_became_of_each():
    scored = {"11": 3, "12": 2}
    responses = [Answers(MANAGER, {}), *[Answers(PEER, scored) for _ in range(3)]]
    responses += [Answers(REPORT, scored), Answers(REPORT, scored), Answers(OTHER, {})]

    report = figures(responses, 3, 3)

    assert [(g["key"], g["answered"], g["status"]) for g in report["groups"]] == [
        (MANAGER, 1, "own"),
        (PEER, 3, "shown"),
        (REPORT, 2, "left_out"),
        (OTHER, 1, "left_out"),
    ]
    assert report["answered"] == {MANAGER: 1, PEER: 3, REPORT: 2, OTHER: 1}
    assert report["left_out_groups"] == ["Direct reports", "Other stakeholders"]
    assert report["pooled_groups"] == []


def test_report_figures_group_is_left_out_only_if_no_quality_shows_it():
    """Two direct reports are too few on their own; but where one peer was not able to say,
    the two peers left and the direct reports pool to four, and are shown as other raters."""
    responses = [Answers(PEER, {"11": 3, "12": 3}) for _ in range(3)]
    responses += [Answers(PEER, {"11": 3, "12": None})]
    responses += [Answers(REPORT, {"11": 1, "12": 1}) for _ in range(2)]

    report = figures(responses, 4, 4)

    assert [g["status"] for g in report["groups"]] == ["none", "shown", "pooled", "none"]
    assert report["pooled_groups"] == ["Direct reports"]
    assert report["left_out_groups"] == []
    quality_12 = report["themes"][0]["qualities"][1]
    assert (quality_12["means"][POOLED], quality_12["counts"][POOLED]) == (2.2, 5)


def test_report_figures_columns_in_report_order_only_those_used():
    responses = [Answers(MANAGER, {"11": 2})] + [Answers(OTHER, {"11": 4}) for _ in range(3)]

    report = figures(responses, 3, 3)

    assert [c["key"] for c in report["columns"]] == [SELF, MANAGER, OTHER, ALL]
    assert [c["label"] for c in report["columns"]] == [
        "Self",
        "Line manager",
        "Other stakeholders",
        "All raters",
    ]
    assert report["scale"][0] == [1, "Emerging"]


# --- comments ------------------------------------------------------------------------------


def test_comment_figures_questions_in_form_order_texts_alphabetical():
    responses = [
        Answers(PEER, {}, (("develop", "delegate more"), ("strengths", "Calm"))),
        Answers(PEER, {}, (("strengths", "an excellent listener"),)),
        Answers(PEER, {}, (("strengths", "  Brave  "), ("develop", " "))),
        Answers(MANAGER, {}, (("develop", "Zeal"), ("strengths", "Trusted"))),
    ]

    comments = anonymity.comment_figures(responses, threshold=3)

    assert comments["others"] == [
        {
            "question": "strengths",
            "label": "What they do well",
            "texts": ["an excellent listener", "Brave", "Calm"],
        },
        {"question": "develop", "label": "What they could develop", "texts": ["delegate more"]},
    ]
    assert [s["texts"] for s in comments["manager"]] == [["Trusted"], ["Zeal"]]
    assert (comments["pooled"], comments["some_left_out"]) == (False, False)


def test_comment_figures_pooled_and_left_out():
    pooled = [Answers(PEER, {}, (("strengths", "p"),))] * 2 + [
        Answers(OTHER, {}, (("strengths", "o"),))
    ]
    left_out = [Answers(PEER, {}, (("strengths", "p"),))] * 2

    assert anonymity.comment_figures(pooled, threshold=3)["others"][0]["texts"] == ["o", "p", "p"]
    assert anonymity.comment_figures(pooled, threshold=3)["pooled"] is True
    shown = anonymity.comment_figures(left_out, threshold=3)
    assert (shown["others"], shown["some_left_out"]) == ([], True)


# --- themes, gaps ----------------------------------------------------------------------------


def test_theme_means_are_of_the_quality_figures_shown():
    qualities = [
        {"means": {SELF: 4.0, ALL: 3.0, PEER: 3.0}},
        {"means": {SELF: 2.0, ALL: 2.5}},
        {"means": {SELF: None, ALL: 2.0}},
    ]

    assert anonymity.theme_means(qualities) == {SELF: 3.0, PEER: 3.0, ALL: 2.5}


def test_theme_means_never_carry_what_a_quality_hides():
    """Two qualities, peers shown on one only: the theme's peer figure is that one quality's,
    not a mean over every peer score behind the theme."""
    responses = [Answers(PEER, {"11": 4, "12": 1}) for _ in range(3)]
    responses += [Answers(PEER, {"11": None, "12": 1})]
    responses[0] = Answers(PEER, {"11": 4, "12": None})
    responses[1] = Answers(PEER, {"11": 4, "12": None})

    theme = figures(responses, 3, 3)["themes"][0]

    assert [q["means"].get(PEER) for q in theme["qualities"]] == [4.0, None]
    assert theme["means"][PEER] == 4.0


def gap_quality(key: str, mine: float | None, theirs: float | None) -> dict:
    return {"key": key, "name": f"Quality {key}", "means": {SELF: mine, ALL: theirs}}


def test_gaps_blind_spots_and_hidden_strengths_largest_first_at_most_three():
    qualities = [
        gap_quality("a", 4.0, 3.0),
        gap_quality("b", 4.0, 2.0),
        gap_quality("c", 3.0, 2.5),
        gap_quality("d", 4.0, 3.1),
        gap_quality("e", 4.0, 3.2),
        gap_quality("f", 1.0, 3.0),
        gap_quality("g", 3.0, 3.4),
        gap_quality("h", None, 4.0),
        gap_quality("i", 1.0, None),
    ]

    blind, hidden = anonymity.gaps(qualities)

    assert [g["key"] for g in blind] == ["b", "a", "d"]
    assert blind[0] == {"key": "b", "name": "Quality b", "self": 4.0, "others": 2.0, "gap": 2.0}
    assert [g["key"] for g in hidden] == ["f"]
    assert hidden[0]["gap"] == -2.0


def test_gaps_exactly_the_notable_gap_counts_and_ties_go_by_name():
    qualities = [gap_quality("z", 3.0, 2.5), gap_quality("y", 3.0, 2.5), gap_quality("x", 3, 2.6)]

    blind, hidden = anonymity.gaps(qualities)

    assert [g["key"] for g in blind] == ["y", "z"]
    assert hidden == []


# --- compare ---------------------------------------------------------------------------------


def report_with(means_by_key: dict[str, dict], names: dict[str, str] | None = None) -> dict:
    names = names or {}
    return {
        "themes": [
            {
                "name": "Leading people",
                "qualities": [
                    {"key": key, "name": names.get(key, f"Quality {key}"), "means": means}
                    for key, means in means_by_key.items()
                ],
            }
        ]
    }


def test_compare_pre_against_post_per_quality_of_the_later_report():
    pre = report_with({"1": {SELF: 2.0, ALL: 3.0}, "2": {SELF: 3.0}})
    post = report_with({"1": {SELF: 3.0, ALL: 3.5}, "2": {SELF: 3.0, ALL: 2.0}, "3": {SELF: 1}})

    rows = anonymity.compare(pre, post)

    assert rows[0] == {
        "key": "1",
        "theme": "Leading people",
        "name": "Quality 1",
        "self_before": 2.0,
        "self_after": 3.0,
        "self_change": 1.0,
        "others_before": 3.0,
        "others_after": 3.5,
        "others_change": 0.5,
    }
    assert (rows[1]["others_before"], rows[1]["others_after"], rows[1]["others_change"]) == (
        None,
        2.0,
        None,
    )
    assert rows[1]["self_change"] == 0.0
    assert rows[2]["self_before"] is None
    assert rows[2]["self_change"] is None


def test_compare_quality_of_a_new_version_matched_by_name():
    pre = report_with({"1": {SELF: 2.0, ALL: 2.0}}, names={"1": "Courage"})
    post = report_with({"9": {SELF: 3.0, ALL: 3.0}}, names={"9": "Courage"})

    assert anonymity.compare(pre, post)[0]["others_change"] == 1.0


def test_compare_shows_only_what_both_reports_showed():
    """Made from the reports' figures, pre against post can show nothing either left out."""
    hidden = [Answers(PEER, {"11": 1}), Answers(PEER, {"11": 1})]
    pre = figures(hidden, 3, 3)
    post = figures([Answers(PEER, {"11": 4}) for _ in range(3)], 3, 3)

    row = anonymity.compare(pre, post)[0]

    assert (row["others_before"], row["others_after"]) == (None, 4.0)


# --- cohort figures --------------------------------------------------------------------------


def cohort_report(mine: int | None, theirs: float | None) -> dict:
    means = {SELF: mine}
    if theirs is not None:
        means[ALL] = theirs
    return report_with({"11": means, "12": {SELF: None}})


def test_cohort_figures_need_five_participants_and_read_only_the_reports():
    qualities = QUALITIES[:2]
    reports = [cohort_report(score, 3.0) for score in (1, 2, 3, 4)]

    rows = anonymity.cohort_figures(qualities=qualities, reports=reports)

    assert rows[0]["self"] is None
    assert rows[0]["others"] is None
    assert (rows[0]["self_participants"], rows[0]["others_participants"]) == (4, 4)

    rows = anonymity.cohort_figures(qualities=qualities, reports=[*reports, cohort_report(4, None)])

    assert rows[0]["self"] == 2.8
    assert rows[0]["self_participants"] == 5
    assert rows[0]["others"] is None
    assert rows[1] == {
        "key": "12",
        "theme": "Leading people",
        "name": "Developing others",
        "self": None,
        "self_participants": 0,
        "others": None,
        "others_participants": 0,
    }

    rows = anonymity.cohort_figures(
        qualities=qualities, reports=[*reports, cohort_report(4, 1.0), cohort_report(None, 2.0)]
    )

    assert (rows[0]["others"], rows[0]["others_participants"]) == (2.5, 6)


def test_cohort_figures_carry_no_group_a_report_left_out():
    """Two peers were left out of each participant's report: the cohort's figure has no
    raters' figure to show, however many participants there are."""
    left_out = [Answers(PEER, {"11": 1}), Answers(PEER, {"11": 1})]
    reports = [figures(left_out, 3, 3) for _ in range(8)]

    row = anonymity.cohort_figures(qualities=QUALITIES, reports=reports)[0]

    assert row["others"] is None
    assert row["others_participants"] == 0
    assert row["self"] == 3.0
