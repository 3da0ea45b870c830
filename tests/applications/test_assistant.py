"""The balanced-cohort assistant: checked against exhaustive search on small random cohorts, on
worked examples, and reading a cohort from the database."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.assistant import Candidate, Proposal, Target, propose, rank_key
from applications.models import BalanceTarget, Criterion, Decision, Endorsement, Offer, Score
from applications.selectors.proposal import cohort_proposal
from cohorts.models import Organisation
from tests.factories import CohortFactory, LocalAuthorityFactory, UserFactory, dcs_member

from .factories import EndorsementFactory, ExpressionOfInterestFactory

DERBY = "E06000015"
DERBYSHIRE = "E10000007"
LEICESTER = "E06000016"

# --- Small random cohorts, against exhaustive search ----------------------------------------


@dataclass(frozen=True)
class Instance:
    candidates: tuple[Candidate, ...]
    fixed: tuple[Candidate, ...]
    capacity: int
    targets: tuple[Target, ...]

    def run(self) -> Proposal:
        return propose(
            candidates=self.candidates,
            fixed=self.fixed,
            capacity=self.capacity,
            targets=self.targets,
        )


def random_instance(seed: int) -> Instance:
    """3–10 candidates, capacity 1–6, up to 2 holding a place, 0–3 targets over two dimensions
    with 2–3 values each. Scores and submission orders repeat, so every tie-break is used."""
    rng = random.Random(seed)
    values = {
        "local_authority": rng.sample([DERBY, DERBYSHIRE, LEICESTER], rng.randint(2, 3)),
        "partner": ["la", "external"],
    }

    def groups() -> dict[str, str]:
        return {dimension: rng.choice(options) for dimension, options in values.items()}

    ids = rng.sample(range(1, 100), 12)
    candidates = tuple(
        Candidate(
            id=ids.pop(),
            score=rng.choice([None, 2.0, 3.0, 3.5, 4.0, 4.5]),
            submitted_order=rng.randrange(5),
            groups=groups(),
        )
        for _ in range(rng.randint(3, 10))
    )
    fixed = tuple(
        Candidate(id=ids.pop(), score=4.0, submitted_order=0, groups=groups())
        for _ in range(rng.choice([0, 0, 1, 2]))
    )
    pairs = [(dimension, value) for dimension, options in values.items() for value in options]
    targets = []
    for dimension, value in rng.sample(pairs, rng.randint(0, 3)):
        minimum = rng.choice([None, 1, 2, 3])
        maximum = rng.choice([None, 0, 1, 2, 3]) if minimum is not None else rng.choice([0, 1, 2])
        if minimum is not None and maximum is not None and minimum > maximum:
            minimum, maximum = maximum, minimum
        targets.append(Target(dimension, value, minimum, maximum, f"{dimension} {value}"))
    return Instance(candidates, fixed, rng.randint(1, 6), tuple(targets))


def counts(instance: Instance, chosen: Sequence[Candidate]) -> list[int]:
    """How many of the fixed and the chosen fall in each target's group."""
    return [sum(1 for c in (*instance.fixed, *chosen) if t.includes(c)) for t in instance.targets]


def missed(instance: Instance, chosen: Sequence[Candidate]) -> int:
    """Total shortfall below every minimum and excess above every maximum."""
    total = 0
    for target, count in zip(instance.targets, counts(instance, chosen), strict=True):
        if target.minimum is not None:
            total += max(0, target.minimum - count)
        if target.maximum is not None:
            total += max(0, count - target.maximum)
    return total


@dataclass(frozen=True)
class Exhaustive:
    best: tuple[int, ...]  # ids of the best selection, by the rule, best first
    all_targets_met_possible: bool
    most_filled_meeting_targets: int


def exhaustive(instance: Instance) -> Exhaustive:
    """Every subset within capacity, judged by (least missed, most filled, best by rank)."""
    ranked = sorted(instance.candidates, key=rank_key)
    free = max(0, instance.capacity - len(instance.fixed))
    best_key = None
    best: tuple[Candidate, ...] = ()
    most_meeting = -1
    for size in range(min(free, len(ranked)) + 1):
        for chosen in combinations(ranked, size):
            shortfall = missed(instance, chosen)
            if shortfall == 0:
                most_meeting = max(most_meeting, size)
            indicator = tuple(c in chosen for c in ranked)
            key = (-shortfall, size, indicator)
            if best_key is None or key > best_key:
                best_key, best = key, chosen
    return Exhaustive(tuple(c.id for c in best), most_meeting >= 0, most_meeting)


SEEDS = range(300)


@pytest.fixture(scope="module")
def solved() -> list[tuple[Instance, Proposal, Exhaustive]]:
    return [
        (instance, instance.run(), exhaustive(instance))
        for instance in (random_instance(seed) for seed in SEEDS)
    ]


def chosen_of(instance: Instance, proposal: Proposal) -> list[Candidate]:
    by_id = {c.id: c for c in instance.candidates}
    return [by_id[i] for i in proposal.offer_ids]


def test_random_instances_exercise_every_situation(solved):
    """Guards the properties below against a generator that stopped producing hard cases."""
    met = sum(1 for _, _, ex in solved if ex.all_targets_met_possible)
    assert 50 < met < len(solved)
    assert any(p.notes and "stay empty" in " ".join(p.notes) for _, p, _ in solved)
    assert any(i.fixed and i.targets for i, _, _ in solved)


def test_propose_never_exceeds_capacity_on_random_instances(solved):
    for instance, proposal, _ in solved:
        assert len(proposal.offer_ids) <= max(0, instance.capacity - len(instance.fixed))


def test_propose_meets_all_targets_whenever_some_selection_can(solved):
    for instance, proposal, ex in solved:
        if ex.all_targets_met_possible:
            assert missed(instance, chosen_of(instance, proposal)) == 0, instance
            assert proposal.unmet == (), instance


def test_propose_explains_each_missed_target_on_random_instances(solved):
    for instance, proposal, _ in solved:
        chosen = chosen_of(instance, proposal)
        violated = [
            t
            for t, count in zip(instance.targets, counts(instance, chosen), strict=True)
            if (t.minimum is not None and count < t.minimum)
            or (t.maximum is not None and count > t.maximum)
        ]
        assert [line.split(":")[0].lower() for line in proposal.unmet] == [
            t.label.lower() for t in violated
        ], instance


def test_propose_fills_as_many_places_as_the_targets_allow(solved):
    for instance, proposal, ex in solved:
        if ex.all_targets_met_possible:
            assert len(proposal.offer_ids) == ex.most_filled_meeting_targets, instance


def test_propose_matches_exhaustive_search_on_random_instances(solved):
    """Least missed, then most filled, then best by rank: exactly the exhaustive optimum."""
    for instance, proposal, ex in solved:
        assert proposal.offer_ids == ex.best, instance


def test_propose_is_the_same_for_the_same_input_in_any_order(solved):
    for seed, (instance, proposal, _) in enumerate(solved):
        rng = random.Random(seed)
        candidates = list(instance.candidates)
        fixed = list(instance.fixed)
        rng.shuffle(candidates)
        rng.shuffle(fixed)
        again = propose(
            candidates=candidates,
            fixed=fixed,
            capacity=instance.capacity,
            targets=instance.targets,
        )
        assert again == proposal, instance


def test_propose_keeps_fixed_out_of_the_output_and_lists_every_candidate_once(solved):
    for instance, proposal, _ in solved:
        fixed_ids = {c.id for c in instance.fixed}
        output = [*proposal.offer_ids, *proposal.waiting_ids]
        assert not fixed_ids & set(output)
        assert sorted(output) == sorted(c.id for c in instance.candidates)
        ranked_ids = [c.id for c in sorted(instance.candidates, key=rank_key)]
        assert list(proposal.waiting_ids) == [i for i in ranked_ids if i in proposal.waiting_ids]


# --- Worked examples ------------------------------------------------------------------------


def applicant(
    id: int, score: float | None, *, la: str = LEICESTER, external: bool = False
) -> Candidate:
    return Candidate(
        id=id,
        score=score,
        submitted_order=id,
        groups={
            "local_authority": la,
            "sector": "health" if external else "early_help",
            "organisation_type": "health" if external else "local_authority",
            "partner": "external" if external else "la",
        },
    )


AT_MOST_ONE_FROM_DERBY = Target(
    "local_authority", DERBY, None, 1, "at most 1 from Derby", group="from Derby"
)


def test_propose_fills_capacity_with_best_scores_without_targets():
    candidates = [applicant(1, 3.0), applicant(2, 4.5), applicant(3, 2.0), applicant(4, 4.0)]

    proposal = propose(candidates=candidates, fixed=[], capacity=3, targets=[])

    assert proposal == Proposal(offer_ids=(2, 4, 1), waiting_ids=(3,), unmet=(), notes=())


def test_propose_breaks_equal_scores_by_submission_then_id():
    early = replace(applicant(9, 4.0), submitted_order=1)
    late = replace(applicant(2, 4.0), submitted_order=5)
    same_time = replace(applicant(7, 4.0), submitted_order=5)

    proposal = propose(candidates=[late, same_time, early], fixed=[], capacity=2, targets=[])

    assert proposal.offer_ids == (9, 2)
    assert proposal.waiting_ids == (7,)


def test_propose_at_most_one_from_derby_keeps_the_second_out_despite_its_score():
    candidates = [applicant(1, 5.0, la=DERBY), applicant(2, 4.8, la=DERBY), applicant(3, 3.0)]

    proposal = propose(
        candidates=candidates, fixed=[], capacity=3, targets=[AT_MOST_ONE_FROM_DERBY]
    )

    assert proposal.offer_ids == (1, 3)
    assert proposal.waiting_ids == (2,)
    assert proposal.unmet == ()
    assert proposal.notes == (
        "1 place stays empty: filling it would break 'at most 1 from Derby'.",
    )


def test_propose_at_most_one_from_derby_fills_with_others_when_it_can():
    candidates = [
        applicant(1, 5.0, la=DERBY),
        applicant(2, 4.8, la=DERBY),
        applicant(3, 3.0),
        applicant(4, 2.0, la=DERBYSHIRE),
    ]

    proposal = propose(
        candidates=candidates, fixed=[], capacity=3, targets=[AT_MOST_ONE_FROM_DERBY]
    )

    assert proposal.offer_ids == (1, 3, 4)
    assert proposal.waiting_ids == (2,)
    assert proposal.notes == ()


def test_propose_at_least_two_external_partners_brings_in_lower_scored_partners():
    candidates = [
        applicant(1, 5.0),
        applicant(2, 4.5),
        applicant(3, 4.0),
        applicant(4, 2.0, external=True),
        applicant(5, 1.5, external=True),
        applicant(6, 1.0, external=True),
    ]
    at_least_two = Target("partner", "external", 2, None, "at least 2 external partners")

    proposal = propose(candidates=candidates, fixed=[], capacity=3, targets=[at_least_two])

    assert proposal.offer_ids == (1, 4, 5)
    assert proposal.waiting_ids == (2, 3, 6)
    assert proposal.unmet == ()


def test_propose_explains_a_minimum_there_are_not_enough_applicants_for():
    candidates = [
        applicant(1, 5.0),
        applicant(2, 4.0),
        applicant(3, 2.0, external=True),
        applicant(4, 1.0, external=True),
    ]
    at_least_three = Target("partner", "external", 3, None, "at least 3 external partners")

    proposal = propose(candidates=candidates, fixed=[], capacity=3, targets=[at_least_three])

    assert proposal.offer_ids == (1, 3, 4)
    assert proposal.unmet == (
        "At least 3 external partners: only 2 endorsed applications are from external partners.",
    )


def test_propose_explains_a_maximum_already_passed_by_those_holding_places():
    holders = [applicant(10, 4.0, la=DERBY), applicant(11, 4.0, la=DERBY)]

    proposal = propose(
        candidates=[applicant(1, 5.0, la=DERBY), applicant(2, 1.0)],
        fixed=holders,
        capacity=5,
        targets=[AT_MOST_ONE_FROM_DERBY],
    )

    assert proposal.offer_ids == (2,)
    assert proposal.unmet == ("At most 1 from Derby: 2 people from Derby already hold a place.",)


def test_propose_counts_those_holding_places_toward_capacity_and_targets():
    holder = applicant(10, 1.0, la=DERBY)
    candidates = [applicant(1, 5.0, la=DERBY), applicant(2, 3.0), applicant(3, 2.0)]

    proposal = propose(
        candidates=[*candidates, holder],
        fixed=[holder],
        capacity=2,
        targets=[AT_MOST_ONE_FROM_DERBY],
    )

    assert proposal.offer_ids == (2,)
    assert proposal.waiting_ids == (1, 3)


def test_propose_ranks_unscored_applications_last_and_says_so():
    candidates = [applicant(1, None), applicant(2, 1.0), applicant(3, None), applicant(4, 2.0)]

    proposal = propose(candidates=candidates, fixed=[], capacity=3, targets=[])

    assert proposal.offer_ids == (4, 2, 1)
    assert proposal.waiting_ids == (3,)
    assert proposal.notes == ("2 applications have no scores yet and are ranked last.",)


def test_propose_notes_places_left_for_want_of_applications():
    proposal = propose(candidates=[applicant(1, 3.0)], fixed=[], capacity=4, targets=[])

    assert proposal.offer_ids == (1,)
    assert proposal.notes == ("3 places stay empty: there are no more endorsed applications.",)


def test_propose_offers_nothing_when_every_place_is_held():
    proposal = propose(
        candidates=[applicant(1, 5.0)], fixed=[applicant(10, 1.0)], capacity=1, targets=[]
    )

    assert proposal.offer_ids == ()
    assert proposal.waiting_ids == (1,)
    assert proposal.notes == ("The one place is already held: no new offers can be made.",)


# --- Reading a cohort from the database -----------------------------------------------------


def endorsed(cohort, **kwargs):
    application = ExpressionOfInterestFactory(cohort=cohort, submitted=True, **kwargs)
    EndorsementFactory(application=application, confirmed=True)
    return application


def score(application, *values: int) -> None:
    criterion, _ = Criterion.objects.get_or_create(cohort=application.cohort, name="Impact")
    for value in values:
        Score.objects.create(
            application=application, scorer=UserFactory(), criterion=criterion, value=value
        )


def hold_place(application) -> Offer:
    return Offer.objects.create(
        application=application, cohort=application.cohort, state=Offer.State.PENDING
    )


@pytest.mark.django_db
def test_cohort_proposal_counts_only_submitted_applications_with_a_confirmed_endorsement():
    cohort = CohortFactory(capacity=30)
    counted = endorsed(cohort)
    awaiting = ExpressionOfInterestFactory(cohort=cohort, submitted=True)
    EndorsementFactory(application=awaiting)
    refused = ExpressionOfInterestFactory(cohort=cohort, submitted=True)
    EndorsementFactory(application=refused, declined=True)
    draft = ExpressionOfInterestFactory(cohort=cohort)
    EndorsementFactory(application=draft, confirmed=True)
    withdrawn = endorsed(cohort)
    withdrawn.status = withdrawn.Status.WITHDRAWN
    withdrawn.save()
    replaced = ExpressionOfInterestFactory(cohort=cohort, submitted=True)
    EndorsementFactory(application=replaced, confirmed=True, state=Endorsement.State.SUPERSEDED)
    EndorsementFactory(application=replaced)
    endorsed(CohortFactory())

    proposal = cohort_proposal(cohort)

    assert proposal.offer_ids == (counted.pk,)
    assert proposal.waiting_ids == ()


@pytest.mark.django_db
def test_cohort_proposal_leaves_out_applications_decided_not_offered():
    cohort = CohortFactory(capacity=30)
    refused = endorsed(cohort)
    waiting = endorsed(cohort)
    member = dcs_member()
    Decision.objects.create(
        application=refused,
        cohort=cohort,
        outcome=Decision.Outcome.NOT_OFFERED,
        reason="Another year would suit the service better.",
        decided_by=member,
    )
    Decision.objects.create(
        application=waiting,
        cohort=cohort,
        outcome=Decision.Outcome.WAITING_LIST,
        waiting_rank=1,
        reason="Strong, but the authority already has a place.",
        decided_by=member,
    )

    proposal = cohort_proposal(cohort)

    assert proposal.offer_ids == (waiting.pk,)
    assert refused.pk not in proposal.waiting_ids


@pytest.mark.django_db
def test_cohort_proposal_fixes_those_holding_a_place():
    cohort = CohortFactory(capacity=3)
    derby = LocalAuthorityFactory(code=DERBY)
    holder = endorsed(cohort, local_authority=derby)
    hold_place(holder)
    declined_offer = endorsed(cohort)
    Offer.objects.create(application=declined_offer, cohort=cohort, state=Offer.State.DECLINED)
    second_derby = endorsed(cohort, local_authority=derby)
    others = [endorsed(cohort), endorsed(cohort)]
    score(second_derby, 5)
    score(declined_offer, 4)
    for other in others:
        score(other, 2)
    BalanceTarget.objects.create(
        cohort=cohort, dimension=BalanceTarget.Dimension.LOCAL_AUTHORITY, value=DERBY, maximum=1
    )

    proposal = cohort_proposal(cohort)

    assert proposal.offer_ids == (declined_offer.pk, others[0].pk)
    assert proposal.waiting_ids == (second_derby.pk, others[1].pk)


@pytest.mark.django_db
def test_cohort_proposal_ranks_by_mean_score_and_groups_by_the_application():
    cohort = CohortFactory(capacity=2)
    steady = endorsed(cohort)
    mixed = endorsed(cohort)
    partner = endorsed(cohort, external=True, local_authority=None)
    unscored = endorsed(cohort)
    score(steady, 4, 4)
    score(mixed, 5, 2, 2)  # the best single score and the highest total, but a mean of 3
    score(partner, 1, 2)
    BalanceTarget.objects.create(
        cohort=cohort, dimension=BalanceTarget.Dimension.PARTNER, value="external", minimum=1
    )

    proposal = cohort_proposal(cohort)

    assert proposal.offer_ids == (steady.pk, partner.pk)
    assert proposal.waiting_ids == (mixed.pk, unscored.pk)
    assert proposal.notes == ("1 application has no scores yet and is ranked last.",)


@pytest.mark.django_db
def test_cohort_proposal_words_targets_with_the_authority_name():
    cohort = CohortFactory(capacity=5)
    derby = LocalAuthorityFactory(code=DERBY)
    endorsed(cohort, local_authority=derby)
    endorsed(cohort, local_authority=derby)
    BalanceTarget.objects.create(
        cohort=cohort, dimension=BalanceTarget.Dimension.LOCAL_AUTHORITY, value=DERBY, maximum=1
    )
    BalanceTarget.objects.create(
        cohort=cohort,
        dimension=BalanceTarget.Dimension.ORGANISATION_TYPE,
        value=Organisation.Type.POLICE,
        minimum=1,
    )

    proposal = cohort_proposal(cohort)

    assert proposal.unmet == (
        "At least 1 from police organisations: no endorsed applications are from police "
        "organisations.",
    )
    assert proposal.notes == (
        "4 places stay empty: filling them would break 'at most 1 from Derby'.",
        "2 applications have no scores yet and are ranked last.",
    )


def build_cohort(size: int):
    """A cohort with ``size`` endorsed, scored applications, one holding a place, one decided
    not to be offered, and targets on every dimension."""
    cohort = CohortFactory(capacity=10)
    derby = LocalAuthorityFactory(code=DERBY)
    member = dcs_member()
    applications = [
        endorsed(cohort, local_authority=derby if n % 2 else None, external=n % 3 == 0)
        for n in range(size)
    ]
    for n, application in enumerate(applications):
        score(application, 1 + n % 5, 5 - n % 5)
    hold_place(applications[0])
    Decision.objects.create(
        application=applications[1],
        cohort=cohort,
        outcome=Decision.Outcome.NOT_OFFERED,
        reason="Another year would suit the service better.",
        decided_by=member,
    )
    Dimension = BalanceTarget.Dimension
    for dimension, value in [
        (Dimension.LOCAL_AUTHORITY, DERBY),
        (Dimension.SECTOR, "health"),
        (Dimension.ORGANISATION_TYPE, "health"),
        (Dimension.PARTNER, "external"),
    ]:
        BalanceTarget.objects.create(cohort=cohort, dimension=dimension, value=value, minimum=1)
    return cohort


@pytest.mark.django_db
def test_cohort_proposal_query_count_does_not_grow_with_applications():
    small, large = build_cohort(3), build_cohort(12)

    with CaptureQueriesContext(connection) as few:
        small_proposal = cohort_proposal(small)
    with CaptureQueriesContext(connection) as many:
        large_proposal = cohort_proposal(large)

    assert len(small_proposal.offer_ids) + len(small_proposal.waiting_ids) == 1
    assert len(large_proposal.offer_ids) + len(large_proposal.waiting_ids) == 10
    assert len(many) == len(few)


@pytest.mark.django_db
def test_cohort_proposal_reopened_unchanged_is_not_solved_again_but_any_change_is(monkeypatch):
    from applications.selectors import proposal as selector

    solved = []
    monkeypatch.setattr(selector, "propose", lambda **given: solved.append(1) or propose(**given))
    cohort = CohortFactory(capacity=1)
    first, second = endorsed(cohort), endorsed(cohort)

    assert cohort_proposal(cohort).offer_ids == (first.pk,)  # unscored: the earlier first
    assert cohort_proposal(cohort).offer_ids == (first.pk,)
    assert len(solved) == 1
    score(second, 5)
    assert cohort_proposal(cohort).offer_ids == (second.pk,)
    BalanceTarget.objects.create(
        cohort=cohort, dimension=BalanceTarget.Dimension.SECTOR, value=first.sector, minimum=1
    )
    assert cohort_proposal(cohort).offer_ids == (
        (first.pk,) if first.sector != second.sector else (second.pk,)
    )
    cohort.capacity = 2
    cohort.save()
    assert set(cohort_proposal(cohort).offer_ids) == {first.pk, second.pk}
    assert len(solved) == 4
