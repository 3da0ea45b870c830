"""Factories for rounds and their answers: a cohort with a framework version of three
qualities in two themes, raters' invitations and their submitted answers."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from csssl.uktime import uk_today
from evaluations.models import (
    RaterComment,
    RaterInvitation,
    RaterResponse,
    Relationship,
    Round,
    SelfEvaluation,
)
from evaluations.services.frameworks import version_for
from tests.factories import (
    CohortFactory,
    ParticipantFactory,
    QualityFactory,
    QualityFrameworkFactory,
)


def framework_with_qualities(programme, *, count: int = 3):
    """A current framework for ``programme`` with ``count`` qualities over two themes."""
    framework = QualityFrameworkFactory(programme=programme, is_current=True)
    for index in range(count):
        QualityFactory(
            framework=framework,
            theme="Leading people" if index % 2 == 0 else "Leading the system",
            name=f"Quality {index + 1}",
            order=index,
        )
    return framework


class RoundFactory(factory.django.DjangoModelFactory):
    """An open pre-programme round: opened a week ago, closes in three weeks."""

    class Meta:
        model = Round

    cohort = factory.SubFactory(CohortFactory)
    kind = Round.Kind.PRE
    version = factory.LazyAttribute(
        lambda o: version_for(framework_with_qualities(o.cohort.programme))
    )
    opens_on = factory.LazyFunction(lambda: uk_today() - timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: uk_today() + timedelta(days=21))


class SelfEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfEvaluation

    round = factory.SubFactory(RoundFactory)
    participant = factory.SubFactory(
        ParticipantFactory, cohort=factory.SelfAttribute("..round.cohort")
    )


class RaterInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RaterInvitation

    round = factory.SubFactory(RoundFactory)
    participant = factory.SubFactory(
        ParticipantFactory, cohort=factory.SelfAttribute("..round.cohort")
    )
    relationship = Relationship.PEER
    name = factory.Sequence(lambda n: f"Rater {n}")
    email = factory.Sequence(lambda n: f"rater{n}@example.org")
    invited_at = factory.LazyFunction(timezone.now)


class RaterResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RaterResponse

    round = factory.SubFactory(RoundFactory)
    participant = factory.SubFactory(
        ParticipantFactory, cohort=factory.SelfAttribute("..round.cohort")
    )
    relationship = Relationship.PEER
    scores = factory.LazyAttribute(
        lambda o: {str(q.pk): 3 for q in o.round.version.qualities.all()}
    )


class RaterCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RaterComment

    response = factory.SubFactory(RaterResponseFactory)
    question = RaterComment.Question.STRENGTHS
    text = factory.Sequence(lambda n: f"Comment number {n}.")
