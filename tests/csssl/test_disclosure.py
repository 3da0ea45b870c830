"""Small-number suppression: the one rule every figure about a small group goes through."""

from __future__ import annotations

import itertools

import pytest

from csssl.disclosure import (
    FEWER_THAN,
    NOT_SHOWN,
    SMALL_NUMBER,
    fewer_than,
    is_small,
    suppress_counts,
    suppress_small_numbers,
    suppressed_cells_are_safe,
    too_few_to_count,
)


def test_disclosure_threshold_and_labels():
    assert SMALL_NUMBER == 5
    assert FEWER_THAN == "fewer than 5"
    assert NOT_SHOWN == "not shown"
    assert fewer_than(10) == "fewer than 10"


@pytest.mark.parametrize(
    ("count", "small"), [(0, False), (1, True), (4, True), (5, False), (120, False)]
)
def test_disclosure_is_small_from_one_to_four(count, small):
    assert is_small(count) is small


def test_disclosure_is_small_at_another_threshold():
    assert is_small(9, threshold=10)
    assert not is_small(10, threshold=10)


@pytest.mark.parametrize(("total", "too_few"), [(0, True), (4, True), (5, False), (30, False)])
def test_disclosure_too_few_to_count_below_five(total, too_few):
    assert too_few_to_count(total) is too_few


@pytest.mark.parametrize(
    ("answered", "no_answer", "expected"),
    [
        ([12, 8, 0], 5, ["12", "8", "0", "5"]),
        ([5, 4, 0], 1, ["5", FEWER_THAN, "0", FEWER_THAN]),
        # 9 + 1 = 10 is known: the 9 is hidden so the 1 cannot be worked out.
        ([9, 1, 0], 0, [NOT_SHOWN, FEWER_THAN, "0", "0"]),
        # The smallest other count is hidden first: here the "no answer".
        ([9, 1, 0], 6, ["9", FEWER_THAN, "0", NOT_SHOWN]),
        # Hiding the 5 alone is not enough (5 + 1 = 6 and a hidden count is at least 5).
        ([5, 1, 20], 0, [NOT_SHOWN, FEWER_THAN, NOT_SHOWN, "0"]),
        # Two fours summing to 8 could only be four and four.
        ([4, 4, 10], 0, [FEWER_THAN, FEWER_THAN, NOT_SHOWN, "0"]),
        ([0, 7, 0], 3, None),
        ([0, 0, 0], 10, ["0", "0", "0", "10"]),
        # Two small counts whose sum leaves room for doubt need nothing else hidden.
        ([1, 2, 10], 0, [FEWER_THAN, FEWER_THAN, "10", "0"]),
        ([3, 2, 10], 0, [FEWER_THAN, FEWER_THAN, "10", "0"]),
        # 1 + 1 could only be one and one; hiding the 10 leaves 11 to share, which could be
        # split in several ways.
        ([1, 1, 10], 0, [FEWER_THAN, FEWER_THAN, NOT_SHOWN, "0"]),
        # Every count small: hiding more is impossible, and four small counts summing to 16
        # could only be four each.
        ([4, 4, 4], 4, None),
        ([1, 1, 1], 1, None),
        # A small "no answer" is protected like any other count.
        ([10, 10, 0], 2, [NOT_SHOWN, "10", "0", FEWER_THAN]),
        # Nobody answered at all, everybody left it blank: nothing to protect.
        ([0, 0], 5, ["0", "0", "5"]),
        # Everyone who answered gave the same answer: it would tell each of them.
        ([6, 0], 0, None),
        ([0, 30], 2, None),
    ],
)
def test_suppress_small_numbers_as_the_equality_summary_shows_them(answered, no_answer, expected):
    assert suppress_small_numbers(answered, no_answer) == expected


def test_suppress_small_numbers_at_another_threshold():
    assert suppress_small_numbers([9, 11], 0, threshold=10) == [
        "fewer than 10",
        NOT_SHOWN,
        "0",
    ]


def test_suppress_counts_without_a_no_answer_column():
    assert suppress_counts([9, 1]) == [NOT_SHOWN, FEWER_THAN]
    assert suppress_counts([6, 7, 8]) == ["6", "7", "8"]
    # A single count is the total: a small one cannot be hidden from it.
    assert suppress_counts([3]) is None
    assert suppress_counts([30]) == ["30"]


def test_suppress_counts_never_hides_a_zero():
    shown = suppress_counts([0, 9, 1, 0])

    assert shown == ["0", NOT_SHOWN, FEWER_THAN, "0"]


def test_suppressed_cells_are_safe_one_small_count_beside_the_total():
    # Counts 9 and 1, total 10: with only the 1 hidden it is 10 - 9.
    assert not suppressed_cells_are_safe([9, 1], {1}, {1})
    # With the 9 hidden too, the 1 could be 1 to 4 (the 9 being 6 to 9).
    assert suppressed_cells_are_safe([9, 1], {1}, {0, 1})


def possible_values(shown: list[str], total: int) -> list[tuple[int, ...]]:
    """Every set of counts someone could believe from what is shown and the total: a small
    count is 1 to 4, a count not shown is at least 5, the others are as shown."""
    ranges = [
        range(1, SMALL_NUMBER)
        if value == FEWER_THAN
        else range(SMALL_NUMBER, total + 1)
        if value == NOT_SHOWN
        else (int(value),)
        for value in shown
    ]
    return [cells for cells in itertools.product(*ranges) if sum(cells) == total]


@pytest.mark.parametrize(("answers", "largest"), [(2, 14), (3, 10), (4, 6)])
def test_suppress_small_numbers_no_small_count_can_be_worked_out(answers, largest):
    """For every question with two to four answers and every way of answering it, each count
    shown as "fewer than 5" still has at least two possible values to someone who knows the
    total and every count shown."""
    checked = 0
    for cells in itertools.product(range(largest), repeat=answers + 1):
        shown = suppress_small_numbers(list(cells[:-1]), cells[-1])
        if shown is None:
            continue
        assert [value for value in shown if value.isdigit()] == [
            str(count) for count, value in zip(cells, shown, strict=True) if value.isdigit()
        ]
        beliefs = possible_values(shown, sum(cells))
        assert cells in beliefs
        for position, value in enumerate(shown):
            if value == FEWER_THAN:
                assert len({belief[position] for belief in beliefs}) >= 2, (cells, shown)
                checked += 1
    assert checked > 0


@pytest.mark.parametrize("answers", [1, 2, 3])
def test_suppress_small_numbers_shows_every_count_when_none_is_small(answers):
    for cells in itertools.product((0, 5, 6, 17), repeat=answers + 1):
        if sum(1 for count in cells[:-1] if count) == 1:
            continue
        assert suppress_small_numbers(list(cells[:-1]), cells[-1]) == [str(c) for c in cells]


@pytest.mark.parametrize("answers", [1, 2, 3])
def test_suppress_small_numbers_one_answer_for_everybody_is_withheld(answers):
    for position, count, no_answer in itertools.product(range(answers), (1, 5, 40), (0, 3, 9)):
        answered = [0] * answers
        answered[position] = count
        assert suppress_small_numbers(answered, no_answer) is None
