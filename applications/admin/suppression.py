"""Small-number suppression for counts of people: the rule the equality monitoring summary
applies before it shows any count, kept in this one module so that the summary reads it from
one place."""

from __future__ import annotations

from collections.abc import Sequence

#: Counts from 1 up to (not including) this are shown as "fewer than 5"; so are cohorts with
#: fewer submitted applications than this, whose summary is not shown at all.
SMALL_NUMBER = 5
FEWER_THAN = f"fewer than {SMALL_NUMBER}"
#: A count hidden only so that a "fewer than 5" beside it cannot be worked out from the total.
NOT_SHOWN = "not shown"


def _suppressed_cells_are_safe(cells: Sequence[int], small: set[int], hidden: set[int]) -> bool:
    """Whether someone who knows the total, the shown counts and these rules can still not
    tell any suppressed small count exactly: each must have at least two possible values.

    A small count lies in 1–4; a count hidden beside it is at least 5 and, being picked
    smallest first, at most the smallest count still shown."""
    primaries = len(small)
    secondaries = len(hidden) - primaries
    hidden_total = sum(cells[i] for i in hidden)
    others = primaries - 1
    if secondaries == 0:
        low = hidden_total - (SMALL_NUMBER - 1) * others
        high = hidden_total - others
    else:
        shown = [cells[i] for i in range(len(cells)) if cells[i] and i not in hidden]
        low = hidden_total - (SMALL_NUMBER - 1) * others - secondaries * min(shown) if shown else 1
        high = hidden_total - others - SMALL_NUMBER * secondaries
    return min(high, SMALL_NUMBER - 1) - max(low, 1) >= 1


def suppress_small_numbers(answered: Sequence[int], no_answer: int) -> list[str] | None:
    """The counts of one question as they may be shown: the answers', then "no answer".

    A count from 1 to 4 is shown as "fewer than 5". Where such a count could be worked out
    from the total and the other counts, the smallest other counts are hidden as well ("not
    shown") until it cannot. None means the question cannot be shown at all: when everyone who
    answered gave the same answer (the count would tell each person's answer), or when hiding
    every count would still not protect a small one."""
    if sum(1 for count in answered if count) == 1:
        return None
    cells = [*answered, no_answer]
    small = {i for i, count in enumerate(cells) if 0 < count < SMALL_NUMBER}
    hidden = set(small)
    while small and not _suppressed_cells_are_safe(cells, small, hidden):
        candidates = sorted(
            (count, i) for i, count in enumerate(cells) if count and i not in hidden
        )
        if not candidates:
            return None
        hidden.add(candidates[0][1])
    return [
        FEWER_THAN if i in small else NOT_SHOWN if i in hidden else str(count)
        for i, count in enumerate(cells)
    ]
