"""The balanced-cohort assistant: which endorsed applications to offer the remaining places to.

It proposes; it never offers. The DCS group reads the proposal beside the allocation board and
makes each offer through the allocation services. The rule, in strict priority order:

1. Never exceed the cohort's capacity (places already held count).
2. Meet every balance target if at all possible: the proposal minimises the total shortfall
   below every "at least" and excess above every "at most", so targets that can all be met
   together are met.
3. Then fill as many places as possible.
4. Then prefer the better applications: ranked by mean score (unscored last), then earlier
   submission, then id, the proposal takes the best-ranked application it can, then the next
   best it can, and so on.

Applications that already hold a place are fixed: they count towards capacity and every target
and are never proposed again. The same input always gives the same proposal, in whatever order
it is given.

This module is pure Python (plus scipy), with no database and no Django, so it can be reasoned
about and tested on its own; ``applications.selectors.proposal.cohort_proposal`` reads a cohort
from the database into it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from applications.errors import ProposalError


@dataclass(frozen=True)
class Candidate:
    """An endorsed application, as far as allocation is concerned."""

    id: int
    #: Mean of every score given to the application; None when nobody has scored it yet.
    score: float | None
    #: Earlier submissions rank first among equal scores (then the lower id).
    submitted_order: int
    #: Dimension -> value: "local_authority" (ONS code or ""), "sector", "organisation_type",
    #: "partner" ("la" or "external").
    groups: Mapping[str, str]


@dataclass(frozen=True)
class Target:
    """At least ``minimum`` and/or at most ``maximum`` places for one group."""

    dimension: str
    value: str
    minimum: int | None
    maximum: int | None
    #: How the target reads, e.g. "at least 3 external partners".
    label: str
    #: How the group reads after "applications are", e.g. "from external partners"; when blank
    #: it is worded from the dimension and value.
    group: str = ""

    def includes(self, candidate: Candidate) -> bool:
        return candidate.groups.get(self.dimension, "") == self.value


@dataclass(frozen=True)
class Proposal:
    """What the assistant suggests. Nothing here has been offered."""

    #: Proposed new offers, best first.
    offer_ids: tuple[int, ...]
    #: Every other candidate, best first: the suggested order of the waiting list.
    waiting_ids: tuple[int, ...]
    #: One sentence per target that cannot be met, saying why.
    unmet: tuple[str, ...]
    #: Anything else worth knowing: places left empty and why, unscored applications.
    notes: tuple[str, ...]


def rank_key(candidate: Candidate) -> tuple[bool, float, int, int]:
    """Best first: higher mean score, unscored last, then earlier submission, then lower id."""
    score = candidate.score
    return (
        score is None,
        -score if score is not None else 0.0,
        candidate.submitted_order,
        candidate.id,
    )


def propose(
    *,
    candidates: Sequence[Candidate],
    fixed: Sequence[Candidate],
    capacity: int,
    targets: Sequence[Target],
) -> Proposal:
    """Propose offers for the places ``fixed`` leaves free, by the rule in the module docstring.

    Solved exactly as integer programmes (HiGHS through ``scipy.optimize.milp``), in phases:
    the least total shortfall and excess over the targets; then, holding that, the most places
    filled; then, holding both, the best set by rank, decided greedily down the ranking with at
    most one feasibility test per application, and at most one that refuses per class of
    interchangeable applications. A candidate whose id is also in ``fixed`` already
    holds a place and is left out of the proposal.
    """
    fixed_ids = {c.id for c in fixed}
    ranked = sorted((c for c in candidates if c.id not in fixed_ids), key=rank_key)
    if len({c.id for c in ranked}) != len(ranked):
        raise ValueError("Each candidate must appear once.")
    free = max(0, capacity - len(fixed))
    fixed_counts = [sum(1 for c in fixed if t.includes(c)) for t in targets]

    chosen = _Model(ranked, targets, fixed_counts, free).solve() if ranked else []
    offers = [c for c, take in zip(ranked, chosen, strict=True) if take]
    waiting = [c for c, take in zip(ranked, chosen, strict=True) if not take]

    return Proposal(
        offer_ids=tuple(c.id for c in offers),
        waiting_ids=tuple(c.id for c in waiting),
        unmet=tuple(
            _unmet_reasons(
                ranked=ranked, fixed=fixed, offers=offers, capacity=capacity, targets=targets
            )
        ),
        notes=tuple(
            _notes(
                ranked=ranked,
                fixed=fixed,
                offers=offers,
                waiting=waiting,
                capacity=capacity,
                targets=targets,
            )
        ),
    )


class _Model:
    """The integer programme behind ``propose``.

    Candidates in the same groups of every target are interchangeable in every row, so the
    programme counts how many it takes from each such class rather than choosing each
    candidate: a cohort of a thousand applications falls into a few dozen classes, and the
    solver's work with them. Variables: one integer count per class (from none to all of it),
    then one integer slack for each "at least" and one for each "at most". Rows: each target's
    bound relaxed by its slack, the places filled, the total slack.
    """

    def __init__(
        self,
        ranked: Sequence[Candidate],
        targets: Sequence[Target],
        fixed_counts: Sequence[int],
        free: int,
    ) -> None:
        self.n = len(ranked)
        # Each candidate's class, numbered in order of first appearance down the ranking.
        classes: dict[tuple[bool, ...], int] = {}
        self.class_of = [
            classes.setdefault(tuple(t.includes(c) for t in targets), len(classes)) for c in ranked
        ]
        self.classes = m = len(classes)
        # Each class's candidates, as positions in the ranking, best first.
        self.members: list[list[int]] = [[] for _ in range(m)]
        for position, index in enumerate(self.class_of):
            self.members[index].append(position)
        sizes = np.zeros(m)
        for index in self.class_of:
            sizes[index] += 1
        membership = np.array(
            [[1.0 if signature[t] else 0.0 for signature in classes] for t in range(len(targets))]
        ).reshape(len(targets), m)

        # One row per bound, each relaxed by its own slack column: +1 for a shortfall below an
        # "at least", -1 for an excess above an "at most".
        bound_rows: list[tuple[int, float, float, float]] = []  # target, sign, lower, upper
        for index, target in enumerate(targets):
            held = fixed_counts[index]
            if target.minimum is not None:
                bound_rows.append((index, 1.0, target.minimum - held, np.inf))
            if target.maximum is not None:
                bound_rows.append((index, -1.0, -np.inf, target.maximum - held))
        self.slacks = k = len(bound_rows)
        width = m + k
        # The bounds again, in the form ``_cannot`` reads them: each "at most" as the places
        # left in its group, each "at least" as the places its group still needs.
        most = [(index, upper) for index, sign, _, upper in bound_rows if sign < 0]
        least = [(index, lower) for index, sign, lower, _ in bound_rows if sign > 0]
        self.most_rows = membership[[index for index, _ in most]].reshape(len(most), m)
        self.most_room = np.array([upper for _, upper in most])
        self.least_rows = membership[[index for index, _ in least]].reshape(len(least), m)
        self.least_need = np.array([lower for _, lower in least])
        # The "at least"s in sets of different groups of one dimension: a candidate is in one
        # group of a dimension, so one place lessens the shortfall of one "at least" of a set.
        sets: list[tuple[str, set[str], list[int]]] = []
        for row, (index, _) in enumerate(least):
            target = targets[index]
            home = next(
                (
                    rows
                    for dimension, values, rows in sets
                    if dimension == target.dimension and target.value not in values
                ),
                None,
            )
            if home is None:
                sets.append((target.dimension, {target.value}, [row]))
            else:
                home.append(row)
                next(values for _, values, rows in sets if rows is home).add(target.value)
        self.least_sets = [np.array(rows) for _, _, rows in sets]

        # Rows: the bounds, then places filled, then total slack.
        matrix = np.zeros((k + 2, width))
        for r, (index, sign, _, _) in enumerate(bound_rows):
            matrix[r, :m] = membership[index]
            matrix[r, m + r] = sign
        self.filled_row, self.slack_row = k, k + 1
        matrix[self.filled_row, :m] = 1.0
        matrix[self.slack_row, m:] = 1.0
        self.matrix = matrix
        # Places filled are bounded by the free places now, and from below after phase 2;
        # total slack is bounded after phase 1.
        self.lower = np.array([*(row[2] for row in bound_rows), 0.0, 0.0])
        self.upper = np.array([*(row[3] for row in bound_rows), float(free), np.inf])
        self.integrality = np.ones(width)
        self.var_lower = np.zeros(width)
        self.var_upper = np.concatenate([sizes, np.full(k, np.inf)])

    def _run(
        self,
        objective: np.ndarray,
        var_lower: np.ndarray,
        var_upper: np.ndarray,
        *,
        presolve: bool = True,
    ) -> OptimizeResult | None:
        """Solve; None when infeasible. (HiGHS's presolve pays for itself on an optimisation,
        not on phase 3's small feasibility tests, which it made three times slower.)"""
        result = milp(
            objective,
            integrality=self.integrality,
            bounds=Bounds(var_lower, var_upper),
            constraints=LinearConstraint(self.matrix, self.lower, self.upper),
            options={"mip_rel_gap": 0.0, "time_limit": 30.0, "presolve": presolve},
        )
        if result.status == 2:
            return None
        if result.status != 0 or result.x is None:
            raise ProposalError(f"The allocation model could not be solved: {result.message}")
        return result

    def _cannot(self, var_lower: np.ndarray, var_upper: np.ndarray) -> bool:
        """True when no choice within these bounds keeps the total missed within the least
        possible (phase 1): a quick proof, by counting, that spares a solve. False proves
        nothing either way.

        Every "at most" is passed by at least what the counts already taken put over it. The
        "at least"s of one set (``least_sets``) fall short together by at least what they
        still need less what the places still free can give them, each place one of them
        and each no more than the candidates of its group still undecided. Each "at most"
        and each set are different slacks."""
        m = self.classes
        taken, most = var_lower[:m], var_upper[:m]
        left = self.upper[self.filled_row] - taken.sum()
        if left < 0:
            return True
        missed = np.maximum(0.0, self.most_rows @ taken - self.most_room).sum()
        need = np.maximum(0.0, self.least_need - self.least_rows @ taken)
        useful = np.minimum(need, self.least_rows @ (most - taken))
        for rows in self.least_sets:
            missed += need[rows].sum() - min(left, useful[rows].sum())
        return missed > self.upper[self.slack_row] + 0.5

    def _swapped(self, witness: list[int], index: int, var_lower: np.ndarray) -> list[int] | None:
        """The witness taking one more of class ``index`` (whose lower bound ``var_lower``
        has just been raised) and one fewer of another class it takes more of than decided,
        if that still misses no more than the least possible: a proof by example, sparing a
        solve. The other class is the one whose worst-ranked candidate in the witness ranks
        lowest. None when no such exchange exists, which proves nothing either way."""
        m, k = self.classes, self.slacks
        counts = np.array(witness, dtype=float)
        counts[index] += 1.0
        spare = counts - var_lower[:m] >= 1.0
        spare[index] = False
        if not spare.any():
            return None
        rows = self.matrix[:k, :m]
        # Column d: each bound's group count with one fewer of class d.
        trial = (rows @ counts)[:, None] - rows
        low, high = self.lower[:k, None], self.upper[:k, None]
        missed = (np.maximum(0.0, low - trial) + np.maximum(0.0, trial - high)).sum(axis=0)
        fits = spare & (missed <= self.upper[self.slack_row] + 0.5)
        if not fits.any():
            return None
        worst = max((d for d in range(m) if fits[d]), key=lambda d: self.members[d][witness[d] - 1])
        counts[worst] -= 1.0
        return [round(v) for v in counts]

    def _counts(self, result: OptimizeResult) -> list[int]:
        return [round(v) for v in result.x[: self.classes]]

    def solve(self) -> list[bool]:
        m, k = self.classes, self.slacks
        # Phase 1: the least total shortfall and excess. Always feasible: choosing nobody
        # with large enough slacks meets every row.
        phase1 = self._run(
            np.concatenate([np.zeros(m), np.ones(k)]), self.var_lower, self.var_upper
        )
        if phase1 is None:
            raise ProposalError("The allocation model has no solution, which cannot happen.")
        self.upper[self.slack_row] = round(phase1.fun)

        # Phase 2: holding that, the most places filled. Phase 1's answer is still feasible.
        phase2 = self._run(
            np.concatenate([-np.ones(m), np.zeros(k)]), self.var_lower, self.var_upper
        )
        if phase2 is None:
            raise ProposalError("The allocation model lost its solution between phases.")
        filled = round(-phase2.fun)
        self.lower[self.filled_row] = filled

        return self._best_by_rank(self._counts(phase2), filled)

    def _best_by_rank(self, witness: list[int], filled: int) -> list[bool]:
        """Phase 3: go down the ranking and take each candidate if some optimal proposal still
        can, given the decisions above it.

        ``witness`` is always an optimal choice (a count per class) agreeing with every
        decision so far: at least as many from each class as taken, and no more than taken
        from a class once one of it is refused. Taking a candidate is taking one more of its
        class, the candidate being the best-ranked of the class still undecided. Two
        shortcuts spare a solve without changing any decision, each by an exchange argument:
        a class the witness takes more of than taken so far can give one more; a class one
        of which was refused gives no more (a way to take a later one would, swapped, have
        been a way to take the refused one). So there is at most one solve that refuses per
        class. Two proofs spare more: an exchange of one for one in the witness that still
        fits shows a class can give one more (``_swapped``), and counting can show it cannot
        (``_cannot``).
        """
        decided_lower = self.var_lower.copy()
        decided_upper = self.var_upper.copy()
        zero = np.zeros(self.classes + self.slacks)
        taken = 0
        chosen = []
        for index in self.class_of:
            take = False
            if taken < filled and decided_upper[index] > decided_lower[index]:
                decided_lower[index] += 1.0
                if witness[index] >= decided_lower[index]:
                    take = True
                elif not self._cannot(decided_lower, decided_upper):
                    found = self._swapped(witness, index, decided_lower)
                    if found is None:
                        result = self._run(zero, decided_lower, decided_upper, presolve=False)
                        found = self._counts(result) if result is not None else None
                    if found is not None:
                        witness, take = found, True
                if not take:
                    decided_lower[index] -= 1.0
                    decided_upper[index] = decided_lower[index]
            taken += take
            chosen.append(take)
        return chosen


# --- Explanations ---------------------------------------------------------------------------


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _and(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _group_phrase(target: Target) -> str:
    if target.group:
        return target.group
    if target.dimension == "partner":
        return "from external partners" if target.value == "external" else "from local authorities"
    return f"with {target.dimension.replace('_', ' ')} {target.value or '(none)'}"


def _sentence(label: str, reason: str) -> str:
    return f"{label[:1].upper()}{label[1:]}: {reason}."


def _unmet_reasons(
    *,
    ranked: Sequence[Candidate],
    fixed: Sequence[Candidate],
    offers: Sequence[Candidate],
    capacity: int,
    targets: Sequence[Target],
) -> list[str]:
    """One sentence per target the proposal misses. The total missed is the least possible (phase
    1), and is read off the proposal itself so the wording never depends on the solver's path."""
    reasons = []
    for target in targets:
        held = sum(1 for c in fixed if target.includes(c))
        held_elsewhere = len(fixed) - held
        available = sum(1 for c in ranked if target.includes(c))
        reached = held + sum(1 for c in offers if target.includes(c))
        group = _group_phrase(target)
        if target.minimum is not None and reached < target.minimum:
            if held + available < target.minimum:
                if held + available == 0:
                    reason = f"no endorsed applications are {group}"
                else:
                    verb = "is" if held + available == 1 else "are"
                    applications = _plural(
                        held + available, "endorsed application", "endorsed applications"
                    )
                    reason = f"only {applications} {verb} {group}"
                    if held:
                        reason += f", {held} of them already holding a place"
            elif capacity < target.minimum:
                reason = f"the cohort has only {_plural(capacity, 'place', 'places')}"
            elif capacity - held_elsewhere < target.minimum:
                reason = (
                    f"{held_elsewhere} of the {capacity} places are already held by people "
                    f"not {group}"
                )
            else:
                reason = f"meeting it would break other targets, so the proposal reaches {reached}"
            reasons.append(_sentence(target.label, reason))
        if target.maximum is not None and reached > target.maximum:
            if held > target.maximum:
                people = _plural(held, "person", "people")
                reason = f"{people} {group} already {'holds' if held == 1 else 'hold'} a place"
            else:
                reason = f"keeping to it would break other targets, so the proposal has {reached}"
            reasons.append(_sentence(target.label, reason))
    return reasons


def _notes(
    *,
    ranked: Sequence[Candidate],
    fixed: Sequence[Candidate],
    offers: Sequence[Candidate],
    waiting: Sequence[Candidate],
    capacity: int,
    targets: Sequence[Target],
) -> list[str]:
    notes = []
    if len(fixed) > capacity:
        notes.append(
            f"{len(fixed)} places are already held, more than the {capacity} the cohort has: "
            "no new offers can be made."
        )
    elif len(fixed) == capacity and ranked:
        held = "The one place is" if capacity == 1 else f"All {capacity} places are"
        notes.append(f"{held} already held: no new offers can be made.")
    empty = capacity - len(fixed) - len(offers)
    if empty > 0:
        places = _plural(empty, "place stays", "places stay")
        if not waiting:
            notes.append(f"{places} empty: there are no more endorsed applications.")
        else:
            # Adding anyone left waiting would raise the total missed (phase 2 filled all it
            # could), and only an "at most" can be pushed over by adding someone.
            blocking = [
                t
                for t in targets
                if t.maximum is not None
                and sum(1 for c in (*fixed, *offers) if t.includes(c)) >= t.maximum
                and any(t.includes(c) for c in waiting)
            ]
            quoted = _and([f"'{t.label}'" for t in blocking])
            pronoun = "it" if empty == 1 else "them"
            notes.append(f"{places} empty: filling {pronoun} would break {quoted}.")
    unscored = sum(1 for c in ranked if c.score is None)
    if unscored:
        notes.append(
            f"{_plural(unscored, 'application has', 'applications have')} no scores yet and "
            f"{'is' if unscored == 1 else 'are'} ranked last."
        )
    return notes
