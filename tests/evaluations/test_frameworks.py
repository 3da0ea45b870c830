"""Framework versions: a round rates against a frozen copy of the qualities, so editing the
framework afterwards alters no answer, report or descriptor already given; and the round's own
rules (thresholds never below 3, dates and limits in order)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from cohorts.models import RATING_SCALE
from csssl.uktime import uk_today
from evaluations.models import FrameworkVersion, Relationship, Round
from evaluations.services.frameworks import version_for
from tests.evaluations.factories import RoundFactory, framework_with_qualities
from tests.factories import CohortFactory, ProgrammeFactory, QualityFactory

pytestmark = pytest.mark.django_db


def test_version_for_reuses_the_newest_version_while_nothing_changed():
    framework = framework_with_qualities(ProgrammeFactory())

    first = version_for(framework)
    again = version_for(framework)

    assert again.pk == first.pk
    assert first.number == 1
    assert [q.name for q in first.qualities.all()] == ["Quality 1", "Quality 2", "Quality 3"]


@pytest.mark.parametrize(
    "change",
    [
        lambda q: setattr(q, "name", "Renamed"),
        lambda q: setattr(q, "description", "Reworded."),
        lambda q: setattr(q, "theme", "Another theme"),
        lambda q: setattr(q, "order", 99),
    ],
    ids=["name", "description", "theme", "order"],
)
def test_editing_the_framework_makes_a_new_version_and_leaves_the_old_one_alone(change):
    framework = framework_with_qualities(ProgrammeFactory())
    first = version_for(framework)
    before = [(q.name, q.description, q.theme, q.order) for q in first.qualities.all()]
    quality = framework.qualities.get(name="Quality 1")
    change(quality)
    quality.save()

    second = version_for(framework)

    assert second.number == 2
    first.refresh_from_db()
    assert [(q.name, q.description, q.theme, q.order) for q in first.qualities.all()] == before


def test_removing_a_quality_keeps_it_in_the_version_that_had_it():
    framework = framework_with_qualities(ProgrammeFactory())
    first = version_for(framework)
    framework.qualities.get(name="Quality 2").delete()

    second = version_for(framework)

    assert first.qualities.filter(name="Quality 2", source__isnull=True).exists()
    assert not second.qualities.filter(name="Quality 2").exists()


def test_a_quality_s_own_descriptors_are_copied_and_the_scale_fills_in_for_one_without():
    framework = framework_with_qualities(ProgrammeFactory(), count=1)
    own = QualityFactory(
        framework=framework, name="With descriptors", descriptors="One\nTwo\nThree\nFour"
    )

    version = version_for(framework)

    copied = version.qualities.get(name="With descriptors")
    assert copied.source_id == own.pk
    assert [text for _, _, text in copied.scale_with_descriptors()] == [
        "One",
        "Two",
        "Three",
        "Four",
    ]
    plain = version.qualities.get(name="Quality 1")
    assert plain.descriptors == [meaning for _, _, meaning in RATING_SCALE]


def test_a_quality_with_the_wrong_number_of_descriptors_is_refused_beside_the_field():
    quality = QualityFactory.build(
        framework=framework_with_qualities(ProgrammeFactory(), count=0),
        descriptors="Only\nthree\nlines",
    )

    with pytest.raises(ValidationError) as refused:
        quality.full_clean()

    assert "4 points" in refused.value.message_dict["descriptors"][0]


def test_a_version_in_use_cannot_be_deleted():
    round = RoundFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        FrameworkVersion.objects.filter(pk=round.version_id).delete()

    assert FrameworkVersion.objects.filter(pk=round.version_id).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"score_threshold": 2}, "score_threshold"),
        ({"score_threshold": 4, "comment_threshold": 3}, "comment_threshold"),
        ({"peers_min": 5, "peers_max": 4}, "peers_min"),
    ],
)
def test_a_round_that_could_show_too_few_answers_is_refused(changes, field):
    round = RoundFactory.build(cohort=CohortFactory(), version=RoundFactory().version, **changes)

    with pytest.raises(ValidationError) as refused:
        round.clean()
    assert field in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        round.save()


def test_a_round_closing_before_it_opens_is_refused():
    today = uk_today()
    round = RoundFactory.build(
        cohort=CohortFactory(),
        version=RoundFactory().version,
        opens_on=today,
        closes_on=today - timedelta(days=1),
    )

    with pytest.raises(ValidationError) as refused:
        round.clean()
    assert "closes_on" in refused.value.message_dict


def test_limits_list_only_the_relationships_a_round_invites():
    round = Round(line_manager=False, peers_min=3, peers_max=6, reports_max=0, others_max=2)

    assert round.limits() == {Relationship.PEER: (3, 6), Relationship.OTHER: (0, 2)}
