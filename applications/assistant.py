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
    most one feasibility test per application. A candidate whose id is also in ``fixed`` already
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

    Variables: one 0/1 choice per candidate (in rank order), then one integer slack for each
    "at least" and one for each "at most". Rows: each target's bound relaxed by its slack, the
    places filled, the total slack.
    """

    def __init__(
        self,
        ranked: Sequence[Candidate],
        targets: Sequence[Target],
        fixed_counts: Sequence[int],
        free: int,
    ) -> None:
        self.n = n = len(ranked)
        membership = np.array(
            [[1.0 if t.includes(c) else 0.0 for c in ranked] for t in targets]
        ).reshape(len(targets), n)
        # Candidates with the same memberships are interchangeable in every row: the exchange
        # arguments in ``_best_by_rank`` rest on this.
        self.signatures = [tuple(membership[:, i].astype(int)) for i in range(n)]

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
        width = n + k

        # Rows: the bounds, then places filled, then total slack.
        matrix = np.zeros((k + 2, width))
        for r, (index, sign, _, _) in enumerate(bound_rows):
            matrix[r, :n] = membership[index]
            matrix[r, n + r] = sign
        self.filled_row, self.slack_row = k, k + 1
        matrix[self.filled_row, :n] = 1.0
        matrix[self.slack_row, n:] = 1.0
        self.matrix = matrix
        # Places filled are bounded by the free places now, and from below after phase 2;
        # total slack is bounded after phase 1.
        self.lower = np.array([*(row[2] for row in bound_rows), 0.0, 0.0])
        self.upper = np.array([*(row[3] for row in bound_rows), float(free), np.inf])
        self.integrality = np.ones(width)
        self.var_lower = np.zeros(width)
        self.var_upper = np.concatenate([np.ones(n), np.full(k, np.inf)])

    def _run(
        self, objective: np.ndarray, var_lower: np.ndarray, var_upper: np.ndarray
    ) -> OptimizeResult | None:
        """Solve; None when infeasible."""
        result = milp(
            objective,
            integrality=self.integrality,
            bounds=Bounds(var_lower, var_upper),
            constraints=LinearConstraint(self.matrix, self.lower, self.upper),
            options={"mip_rel_gap": 0.0, "time_limit": 30.0},
        )
        if result.status == 2:
            return None
        if result.status != 0 or result.x is None:
            raise ProposalError(f"The allocation model could not be solved: {result.message}")
        return result

    def solve(self) -> list[bool]:
        n, k = self.n, self.slacks
        # Phase 1: the least total shortfall and excess. Always feasible: choosing nobody
        # with large enough slacks meets every row.
        phase1 = self._run(
            np.concatenate([np.zeros(n), np.ones(k)]), self.var_lower, self.var_upper
        )
        if phase1 is None:
            raise ProposalError("The allocation model has no solution, which cannot happen.")
        self.upper[self.slack_row] = round(phase1.fun)

        # Phase 2: holding that, the most places filled. Phase 1's answer is still feasible.
        phase2 = self._run(
            np.concatenate([-np.ones(n), np.zeros(k)]), self.var_lower, self.var_upper
        )
        if phase2 is None:
            raise ProposalError("The allocation model lost its solution between phases.")
        filled = round(-phase2.fun)
        self.lower[self.filled_row] = filled

        witness = [round(v) == 1 for v in phase2.x[:n]]
        return self._best_by_rank(witness, filled)

    def _best_by_rank(self, witness: list[bool], filled: int) -> list[bool]:
        """Phase 3: go down the ranking and take each candidate if some optimal proposal still
        can, given the decisions above it.

        ``witness`` is always an optimal choice agreeing with every decision so far. Three
        shortcuts spare a solve without changing any decision, each by an exchange argument:
        a candidate in the witness can be taken; a candidate interchangeable with a lower-ranked
        one in the witness can be taken by swapping the two; a candidate interchangeable with
        one already refused must be refused too (a way to take it would, swapped, have been a
        way to take the refused one).
        """
        n = self.n
        decided_lower = self.var_lower.copy()
        decided_upper = self.var_upper.copy()
        refused_signatures: set[tuple[int, ...]] = set()
        taken = 0
        zero = np.zeros(n + self.slacks)
        for i in range(n):
            if taken == filled:
                decided_upper[i] = 0.0
                continue
            signature = self.signatures[i]
            take = False
            if witness[i]:
                take = True
            elif signature not in refused_signatures:
                swap = next(
                    (j for j in range(i + 1, n) if witness[j] and self.signatures[j] == signature),
                    None,
                )
                if swap is not None:
                    witness[i], witness[swap] = True, False
                    take = True
                else:
                    decided_lower[i] = 1.0
                    result = self._run(zero, decided_lower, decided_upper)
                    if result is not None:
                        witness = [round(v) == 1 for v in result.x[:n]]
                        take = True
            if take:
                decided_lower[i] = 1.0
                taken += 1
            else:
                decided_lower[i] = 0.0
                decided_upper[i] = 0.0
                refused_signatures.add(signature)
        return [decided_lower[i] == 1.0 for i in range(n)]


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
