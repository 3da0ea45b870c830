"""Small-number suppression: counts about people shown so that nobody can be picked out.

Every figure about a small group (equality monitoring across a cohort today; evaluation
summaries next) goes through here, so the rule is written once:

- a count from 1 up to ``SMALL_NUMBER`` - 1 is never shown: it reads "fewer than 5";
- where a suppressed count could be worked out by subtraction (from the total, which is known,
  and the counts still shown), the smallest other counts are hidden too ("not shown"), until
  no suppressed count can be told exactly;
- a set of counts where one answer holds everybody who answered is not shown at all, since it
  would tell each person's answer, and neither is one that hiding every count cannot protect;
- a group smaller than ``SMALL_NUMBER`` is too small to show any count of.

Zero is shown as it is: that nobody gave an answer says nothing about anyone.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

#: Counts from 1 up to (not including) this are shown as "fewer than 5"; a group with fewer
#: people than this is not counted at all.
SMALL_NUMBER = 5
#: A count hidden only so that a "fewer than" beside it cannot be worked out from the total.
NOT_SHOWN = "not shown"


def fewer_than(threshold: int = SMALL_NUMBER) -> str:
    """How a suppressed small count reads: "fewer than 5"."""
    return f"fewer than {threshold}"


#: How a small count reads at the usual threshold.
FEWER_THAN = fewer_than()


def is_small(count: int, *, threshold: int = SMALL_NUMBER) -> bool:
    """Whether a count would point at too few people to show: 1 up to ``threshold`` - 1."""
    return 0 < count < threshold


def too_few_to_count(total: int, *, threshold: int = SMALL_NUMBER) -> bool:
    """Whether a group is too small for any count about it to be shown."""
    return total < threshold


def suppressed_cells_are_safe(
    cells: Sequence[int],
    small: Collection[int],
    hidden: Collection[int],
    *,
    threshold: int = SMALL_NUMBER,
) -> bool:
    """Whether someone who knows the total, the counts shown and these rules can still not
    tell any suppressed small count exactly: each must have at least two possible values.

    ``cells`` are all the counts of one question, which add up to the known total; ``small``
    the positions of the small counts, ``hidden`` those of every count not shown (the small
    ones included). A small count lies in 1 to ``threshold`` - 1; a count hidden beside it is
    at least ``threshold`` and, being picked smallest first, at most the smallest count still
    shown."""
    primaries = len(small)
    secondaries = len(hidden) - primaries
    hidden_total = sum(cells[i] for i in hidden)
    others = primaries - 1
    if secondaries == 0:
        low = hidden_total - (threshold - 1) * others
        high = hidden_total - others
    else:
        shown = [cells[i] for i in range(len(cells)) if cells[i] and i not in hidden]
        low = hidden_total - (threshold - 1) * others - secondaries * min(shown) if shown else 1
        high = hidden_total - others - threshold * secondaries
    return min(high, threshold - 1) - max(low, 1) >= 1


def suppress_counts(cells: Sequence[int], *, threshold: int = SMALL_NUMBER) -> list[str] | None:
    """All the counts of one question, whose total is known, as they may be shown.

    Each small count reads "fewer than 5"; while any could still be worked out by
    subtraction, the smallest count still shown is hidden as well ("not shown"). None means
    no count can be shown safely even with every count hidden."""
    small = {i for i, count in enumerate(cells) if is_small(count, threshold=threshold)}
    hidden = set(small)
    while small and not suppressed_cells_are_safe(cells, small, hidden, threshold=threshold):
        candidates = sorted(
            (count, i) for i, count in enumerate(cells) if count and i not in hidden
        )
        if not candidates:
            return None
        hidden.add(candidates[0][1])
    label = fewer_than(threshold)
    return [
        label if i in small else NOT_SHOWN if i in hidden else str(count)
        for i, count in enumerate(cells)
    ]


def suppress_small_numbers(
    answered: Sequence[int], no_answer: int, *, threshold: int = SMALL_NUMBER
) -> list[str] | None:
    """The counts of one question as they may be shown: the answers', then "no answer" (the
    complement, which makes the total known).

    A count from 1 to 4 is shown as "fewer than 5". Where such a count could be worked out
    from the total and the other counts, the smallest other counts are hidden as well ("not
    shown") until it cannot. None means the question cannot be shown at all: when everyone who
    answered gave the same answer (the count would tell each person's answer), or when hiding
    every count would still not protect a small one."""
    if sum(1 for count in answered if count) == 1:
        return None
    return suppress_counts([*answered, no_answer], threshold=threshold)
