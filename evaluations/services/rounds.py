"""Setting up a round: which framework version it rates against.

A cohort's two rounds rate against one version, so the end-of-programme round can be set
beside the pre-programme one quality by quality. The first round set up takes the version of
the programme's current framework as it stands (``frameworks.version_for``); the second takes
the first's, whatever has been edited since. An end-of-programme round needs the
pre-programme round it is compared with. Once anyone has answered, a round keeps its version:
the answers point at its qualities.
"""

from __future__ import annotations

from django.db import transaction

from cohorts.models import Cohort, QualityFramework
from evaluations.errors import EvaluationError
from evaluations.models import (
    FrameworkVersion,
    RaterInvitation,
    RaterResponse,
    Round,
    SelfEvaluation,
)
from evaluations.services.frameworks import version_for


def round_has_answers(round: Round) -> bool:
    """Whether anyone has saved or submitted an answer in the round: a self evaluation, a
    rater's saved draft or a rater's submitted answers. Up to three queries."""
    return (
        SelfEvaluation.objects.filter(round=round).exists()
        or RaterResponse.objects.filter(round=round).exists()
        or RaterInvitation.objects.filter(round=round).exclude(draft={}).exists()
    )


@transaction.atomic
def round_version(
    *, cohort: Cohort, kind: str, round: Round | None = None, refresh: bool = False
) -> FrameworkVersion:
    """The version a round of ``cohort`` rates against: for a new round (``round`` None), the
    version of the cohort's other round if it has one, else the programme's current framework
    as it stands. ``refresh`` asks for an existing round to take the framework as it stands
    now, which is refused once it has answers or while the cohort's other round shares its
    version. Errors name the form field they belong beside."""
    sibling = (
        Round.objects.filter(cohort=cohort)
        .exclude(kind=kind)
        .exclude(pk=round.pk if round else None)
        .select_related("version")
        .first()
    )
    if round is not None and not refresh:
        return round.version
    if round is not None:
        if round_has_answers(round):
            raise EvaluationError(
                "The round already has answers, so it keeps the version they were given against.",
                errors={
                    "refresh_version": f"Answers were given against version "
                    f"{round.version.number}; the round keeps it."
                },
            )
        if sibling is not None:
            raise EvaluationError(
                "The cohort's two rounds rate against one version, so they can be compared.",
                errors={
                    "refresh_version": f"The {sibling.title.lower()} rates against version "
                    f"{sibling.version.number} too, so this round keeps it."
                },
            )
    elif sibling is not None:
        return sibling.version
    if kind == Round.Kind.POST:
        raise EvaluationError(
            "Set up the cohort's pre-programme round first.",
            errors={
                "kind": "An end-of-programme round is compared with the cohort's pre-programme "
                "round and rates against the same version of the qualities: set that round "
                "up first."
            },
        )
    framework = QualityFramework.objects.filter(
        programme_id=cohort.programme_id, is_current=True
    ).first()
    if framework is None:
        raise EvaluationError(
            "The programme has no current framework of qualities to rate against.",
            errors={
                "cohort": "This cohort's programme has no current framework of leadership "
                "qualities: publish one first."
            },
        )
    return version_for(framework)
