"""The matching solver over seeded random pools: the hard rules, capacity, stability."""

import random

import pytest

from mentoring.matching_solver import MentorData, ParticipantData, broken_rule, propose


def random_pool(seed: int) -> tuple[list[ParticipantData], list[MentorData]]:
    rng = random.Random(seed)
    mentors = [
        MentorData(
            id=100 + i,
            name=f"Mentor {i}",
            organisation_id=rng.randint(1, 6),
            authority_id=rng.randint(1, 4),
            authority_name=f"Authority {i}",
            email=f"m{i}@example.org",
            expertise=frozenset(rng.sample(range(10), 3)),
            free_places=rng.randint(0, 3),
        )
        for i in range(rng.randint(1, 8))
    ]
    participants = [
        ParticipantData(
            id=i,
            organisation_id=rng.randint(1, 6),
            authority_id=rng.randint(1, 4),
            qualities=frozenset(rng.sample(range(10), 2)),
            avoid=frozenset(m.id for m in mentors if rng.random() < 0.15),
            line_manager_email=rng.choice([m.email for m in mentors] + [""] * 4),
        )
        for i in range(rng.randint(1, 15))
    ]
    return participants, mentors


@pytest.mark.parametrize("seed", range(200))
def test_propose_keeps_hard_rules_capacity_and_stability(seed):
    participants, mentors = random_pool(seed)
    proposal = propose(participants=participants, mentors=mentors)
    by_id = {m.id: m for m in mentors}
    people = {p.id: p for p in participants}
    assert [a.participant_id for a in proposal] == sorted(people)
    taken: dict[int, int] = {}
    for assignment in proposal:
        assert assignment.reasons
        if assignment.mentor_id is not None:
            mentor = by_id[assignment.mentor_id]
            assert broken_rule(people[assignment.participant_id], mentor) is None
            taken[mentor.id] = taken.get(mentor.id, 0) + 1
    for mentor_id, count in taken.items():
        assert count <= by_id[mentor_id].free_places
    assert proposal == propose(participants=list(reversed(participants)), mentors=mentors)


@pytest.mark.parametrize("seed", range(100))
def test_propose_matches_everyone_when_any_mentor_is_allowed_and_room_is_ample(seed):
    participants, mentors = random_pool(seed)
    ample = [MentorData(**{**m.__dict__, "free_places": len(participants)}) for m in mentors]
    proposal = propose(participants=participants, mentors=ample)
    for assignment, participant in zip(
        proposal, sorted(participants, key=lambda p: p.id), strict=True
    ):
        allowed = any(broken_rule(participant, m) is None for m in ample)
        assert (assignment.mentor_id is not None) == allowed


def test_propose_explains_own_authority_and_lack_of_room():
    derby = MentorData(1, "Ann", 5, 7, "Derby", "ann@example.org", frozenset(), 1)
    alone = ParticipantData(1, 9, 7, frozenset())
    assert propose(participants=[alone], mentors=[derby])[0].reasons == [
        "Every mentor with room works in Derby, their own authority"
    ]
    others = [ParticipantData(i, 9, 8, frozenset()) for i in range(2, 4)]
    reasons = [a.reasons[0] for a in propose(participants=others, mentors=[derby])]
    assert "No mentor has room: 2 participants, 1 place" in reasons
