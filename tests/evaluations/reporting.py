"""Rounds with answers in, for the report tests: a participant's self evaluation, raters of
each group who answered (with seeded scores, some "not able to say", and comments), and the
report frozen from them by the service."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from evaluations.models import (
    RaterComment,
    RaterInvitation,
    RaterResponse,
    Relationship,
    Report,
    Round,
    SelfEvaluation,
)
from evaluations.services.reports import freeze_if_complete
from tests.evaluations.factories import (
    RaterCommentFactory,
    RaterInvitationFactory,
    RaterResponseFactory,
    RoundFactory,
    SelfEvaluationFactory,
)
from tests.factories import ParticipantFactory, UserFactory

GROUPS = (
    Relationship.LINE_MANAGER,
    Relationship.PEER,
    Relationship.DIRECT_REPORT,
    Relationship.OTHER,
)


def open_round(**kwargs) -> Round:
    """An open round that asks for no fewest of any group, so answers alone complete it."""
    return RoundFactory(
        **{"peers_min": 0, "reports_min": 0, "others_min": 0, "comment_threshold": 3, **kwargs}
    )


def participant_of(round: Round, **user):
    return ParticipantFactory(cohort=round.cohort, user=UserFactory(**user))


def qualities(round: Round) -> list:
    return list(round.version.qualities.order_by("order", "pk"))


def self_submit(round: Round, participant, *, scores: dict | None = None) -> SelfEvaluation:
    keys = [str(q.pk) for q in qualities(round)]
    return SelfEvaluationFactory(
        round=round,
        participant=participant,
        scores=scores if scores is not None else dict(zip(keys, [3, 2, 4, 1, 2, 3], strict=False)),
        submitted_at=timezone.now(),
    )


def answer(
    round: Round,
    participant,
    relationship: str,
    *,
    scores: dict | None = None,
    comments: Sequence[tuple[str, str]] = (),
    rng: random.Random | None = None,
) -> RaterResponse:
    """One rater's answer, given as the rater's submit leaves it: the invitation answered,
    and a response and its comments that do not point back at it."""
    RaterInvitationFactory(
        round=round,
        participant=participant,
        relationship=relationship,
        state=RaterInvitation.State.SUBMITTED,
    )
    if scores is None:
        rng = rng or random.Random(0)
        scores = {
            str(q.pk): None if rng.random() < 0.15 else rng.randint(1, 4) for q in qualities(round)
        }
    response = RaterResponseFactory(
        round=round, participant=participant, relationship=relationship, scores=scores
    )
    for question, text in comments:
        RaterCommentFactory(response=response, question=question, text=text)
    return response


def answers_in(
    round: Round, participant, sizes: Sequence[int], *, seed: object = 0, comment: bool = True
) -> list[RaterResponse]:
    """``sizes`` raters of each group (manager, peers, direct reports, others) answered."""
    rng = random.Random(str(seed))
    responses = []
    for group, size in zip(GROUPS, sizes, strict=True):
        for number in range(size):
            comments = (
                [
                    (RaterComment.Question.STRENGTHS, f"{group.label} {number} says: strong."),
                    (RaterComment.Question.DEVELOP, f"{group.label} {number} says: delegate."),
                ]
                if comment
                else []
            )
            responses.append(answer(round, participant, group, comments=comments, rng=rng))
    return responses


def frozen(
    *,
    sizes: Sequence[int] = (1, 3, 0, 0),
    round: Round | None = None,
    participant=None,
    seed: object = 0,
    now: datetime | None = None,
    **round_kwargs,
) -> Report:
    """A participant's report frozen (and released, if the round says so) with ``sizes``
    raters of each group in."""
    round = round or open_round(**round_kwargs)
    participant = participant or participant_of(round)
    self_submit(round, participant)
    answers_in(round, participant, sizes, seed=seed)
    report = freeze_if_complete(round=round, participant=participant, now=now)
    assert report is not None
    return report
