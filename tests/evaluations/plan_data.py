"""Data the development plan's tests share: a participant in a cohort with an open round, and
a report of that round, frozen from real figures (``evaluations.anonymity``) and released."""

from __future__ import annotations

from django.utils import timezone

from evaluations import anonymity
from evaluations.models import Report, Round
from evaluations.services.reports import quality_refs
from tests.evaluations.factories import RoundFactory
from tests.factories import ParticipantFactory

#: Self scores and three peers' scores, by quality position: the first is a blind spot (self
#: above raters), the second a hidden strength, the third the one left rated lowest.
SELF = (4, 1, 3)
PEERS = (2, 3, 3)


def participant_with_round(**round_kwargs):
    """A participant of a cohort with an open pre-programme round; returns both."""
    round = RoundFactory(**round_kwargs)
    return ParticipantFactory(cohort=round.cohort), round


def qualities(round: Round):
    return list(round.version.qualities.order_by("order", "pk"))


def released_report(participant, round: Round, *, released: bool = True) -> Report:
    """The participant's report of ``round``, frozen from three peers' answers."""
    keys = [str(q.pk) for q in qualities(round)]
    figures = anonymity.report_figures(
        qualities=quality_refs(round),
        self_scores=dict(zip(keys, SELF, strict=True)),
        responses=[
            anonymity.Answers("peer", dict(zip(keys, PEERS, strict=True))) for _ in range(3)
        ],
        threshold=round.score_threshold,
        comment_threshold=round.comment_threshold,
    )
    return Report.objects.create(
        round=round,
        participant=participant,
        figures=figures,
        released_at=timezone.now() if released else None,
    )
