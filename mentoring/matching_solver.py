"""The matching of a whole cohort at once, as one assignment: plain data in, pairs and reasons
out, no queries, so the hard rules can be tested over many random pools.

Each mentor is repeated once per free place (capacity less their active pairings); a pair that
breaks a hard rule (own authority, own organisation, a mentor the participant asked to avoid,
their line manager) is forbidden; the rest cost less the more the participant's qualities meet
the mentor's expertise, and a little less the emptier the mentor is, so load is spread.
``scipy.optimize.linear_sum_assignment`` then finds the cheapest full assignment. Ties are
broken by id: the same input always gives the same proposal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

#: Weight of one shared quality; of one free place already taken (spreading load).
QUALITY_WEIGHT = 10.0
LOAD_WEIGHT = 1.0
#: A cost no allowed pair reaches: such a pair is never kept.
FORBIDDEN = 1e9


@dataclass(frozen=True)
class MentorData:
    id: int
    name: str
    organisation_id: int | None
    authority_id: int | None
    authority_name: str
    email: str
    expertise: frozenset[int]
    free_places: int


@dataclass(frozen=True)
class ParticipantData:
    id: int
    organisation_id: int | None
    authority_id: int | None
    qualities: frozenset[int]
    avoid: frozenset[int] = frozenset()
    line_manager_email: str = ""


@dataclass(frozen=True)
class Assignment:
    participant_id: int
    mentor_id: int | None
    score: float | None
    reasons: list[str] = field(default_factory=list)


def broken_rule(participant: ParticipantData, mentor: MentorData) -> str | None:
    """Why this pair may never be made, in words, or None when it may."""
    if participant.authority_id is not None and participant.authority_id == mentor.authority_id:
        return f"works in {mentor.authority_name}, their own authority"
    if (
        participant.organisation_id is not None
        and participant.organisation_id == mentor.organisation_id
    ):
        return "works in their own organisation"
    if mentor.id in participant.avoid:
        return "is someone they asked not to be paired with"
    if (
        participant.line_manager_email
        and participant.line_manager_email.lower() == mentor.email.lower()
    ):
        return "is their line manager"
    return None


def propose(*, participants: list[ParticipantData], mentors: list[MentorData]) -> list[Assignment]:
    """One assignment per participant, in id order: a mentor and why, or nobody and why."""
    participants = sorted(participants, key=lambda p: p.id)
    mentors = sorted((m for m in mentors if m.free_places > 0), key=lambda m: m.id)
    slots = [(mentor, taken) for mentor in mentors for taken in range(mentor.free_places)]
    cost = np.full((len(participants), max(len(slots), 1)), FORBIDDEN)
    for row, participant in enumerate(participants):
        for column, (mentor, taken) in enumerate(slots):
            if broken_rule(participant, mentor) is None:
                shared = len(participant.qualities & mentor.expertise)
                # A tiny tie-break by column keeps the answer stable across equal costs.
                cost[row, column] = -QUALITY_WEIGHT * shared + LOAD_WEIGHT * taken + column * 1e-6
    rows, columns = linear_sum_assignment(cost) if slots else ([], [])
    chosen = {
        row: column
        for row, column in zip(rows, columns, strict=True)
        if cost[row, column] < FORBIDDEN
    }
    total_places = len(slots)
    result = []
    for row, participant in enumerate(participants):
        if row in chosen:
            mentor, _ = slots[chosen[row]]
            shared = len(participant.qualities & mentor.expertise)
            reasons = [
                f"{shared} of the qualities to work on match {mentor.name}'s expertise"
                if shared
                else f"{mentor.name} had room; no quality in common"
            ]
            result.append(Assignment(participant.id, mentor.id, float(shared), reasons))
        else:
            result.append(
                Assignment(
                    participant.id,
                    None,
                    None,
                    [_why_unmatched(participant, mentors, len(participants), total_places)],
                )
            )
    return result


def _why_unmatched(
    participant: ParticipantData, mentors: list[MentorData], wanting: int, places: int
) -> str:
    if places == 0 or wanting > places:
        return (
            f"No mentor has room: {wanting} participant{'s' if wanting != 1 else ''}, "
            f"{places} place{'s' if places != 1 else ''}"
        )
    rules = [broken_rule(participant, mentor) for mentor in mentors]
    if rules and all(rules) and len(set(rules)) == 1:
        return f"Every mentor with room {rules[0]}"
    if rules and all(rules):
        return "Every mentor with room " + "; ".join(
            f"{mentor.name} {rule}" for mentor, rule in zip(mentors, rules, strict=True)
        )
    return "The mentors this participant may have are full with others who have no other choice"
