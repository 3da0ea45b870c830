"""The balanced-cohort assistant at the size of a national cohort: a thousand applications and
forty-odd targets take a handful of solves, not one per application, and still keep every rule.
(Its answers are checked against exhaustive search on small cohorts in test_assistant.py.)"""

from __future__ import annotations

import random

import pytest

from applications import assistant
from applications.assistant import Candidate, Target, propose, rank_key

AUTHORITIES = [f"E0{n:07d}" for n in range(150)]
SECTORS = ["social_care", "early_help", "education", "send", "health", "youth", "police"]


def national(seed: int = 7) -> tuple[list[Candidate], list[Target]]:
    """1,000 applications from 150 authorities, one in six from an external partner; at most
    two places for each of the forty busiest authorities, and minimums for partners and
    sectors."""
    rng = random.Random(seed)
    candidates = [
        Candidate(
            id=n + 1,
            score=rng.choice([None, *[s / 3 for s in range(3, 16)]]),
            submitted_order=n,
            groups={
                "local_authority": rng.choice(AUTHORITIES),
                "sector": rng.choice(SECTORS),
                "partner": "external" if rng.random() < 1 / 6 else "la",
            },
        )
        for n in range(1000)
    ]
    busiest = sorted(
        AUTHORITIES,
        key=lambda code: -sum(1 for c in candidates if c.groups["local_authority"] == code),
    )[:40]
    targets = [
        Target("local_authority", code, None, 2, f"at most 2 from {code}") for code in busiest
    ]
    targets += [
        Target("partner", "external", 25, None, "at least 25 external partners"),
        Target("sector", "social_care", 15, None, "at least 15 in social care"),
        Target("sector", "education", 10, None, "at least 10 in education"),
        Target("sector", "health", 8, None, "at least 8 in health"),
        Target("sector", "police", 3, 6, "between 3 and 6 in policing"),
    ]
    return candidates, targets


@pytest.fixture
def solves(monkeypatch) -> list[int]:
    """Each call of the solver, counted."""
    calls: list[int] = []
    solver = assistant.milp

    def counted(*args, **kwargs):
        calls.append(1)
        return solver(*args, **kwargs)

    monkeypatch.setattr(assistant, "milp", counted)
    return calls


def test_propose_a_thousand_applications_in_a_handful_of_solves(solves):
    candidates, targets = national()

    proposal = propose(candidates=candidates, fixed=[], capacity=90, targets=targets)

    # Two phases, then phase 3 only where no exchange or count settles a step.
    assert len(solves) <= 12
    chosen = [c for c in candidates if c.id in set(proposal.offer_ids)]
    assert len(chosen) == 90
    assert proposal.unmet == ()
    for target in targets:
        count = sum(1 for c in chosen if target.includes(c))
        assert target.minimum is None or count >= target.minimum, target.label
        assert target.maximum is None or count <= target.maximum, target.label
    assert sorted(proposal.offer_ids + proposal.waiting_ids) == [c.id for c in candidates]


def test_propose_a_thousand_applications_takes_the_best_each_target_allows(solves):
    """Down the ranking, each application left out could not have come in instead of a
    lower-ranked one of the same groups: that exchange would keep every target."""
    candidates, targets = national(seed=11)

    proposal = propose(candidates=candidates, fixed=[], capacity=90, targets=targets)

    offered = set(proposal.offer_ids)
    ranked = sorted(candidates, key=rank_key)
    place = {c.id: index for index, c in enumerate(ranked)}

    def signature(candidate: Candidate) -> tuple[bool, ...]:
        return tuple(t.includes(candidate) for t in targets)

    for left_out in (c for c in ranked if c.id not in offered):
        for taken in (c for c in ranked if c.id in offered):
            if signature(taken) == signature(left_out):
                assert place[taken.id] < place[left_out.id]
