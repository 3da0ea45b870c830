"""Rounds in the admin: set up by coordinators on a framework version chosen for them, the
two rounds of a cohort on one version; framework versions to read only; and nothing anyone
answered, nor who was asked, anywhere in the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from csssl.uktime import uk_today
from evaluations.models import (
    FrameworkVersion,
    RaterComment,
    RaterInvitation,
    RaterResponse,
    Round,
    SelfEvaluation,
)
from evaluations.services.frameworks import version_for
from tests.evaluations.factories import (
    RoundFactory,
    SelfEvaluationFactory,
    framework_with_qualities,
)
from tests.factories import CohortFactory, QualityFactory, coordinator, dcs_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    client.force_login(coordinator())
    return client


@pytest.fixture
def cohort():
    cohort = CohortFactory()
    framework_with_qualities(cohort.programme)
    return cohort


def settings_for(cohort, **changes) -> dict:
    """What the add form posts for a round of ``cohort``."""
    data = {
        "cohort": cohort.pk,
        "kind": Round.Kind.PRE,
        "opens_on": uk_today().isoformat(),
        "closes_on": (uk_today() + timedelta(days=28)).isoformat(),
        "line_manager": "on",
        "peers_min": 3,
        "peers_max": 6,
        "reports_min": 0,
        "reports_max": 6,
        "others_min": 0,
        "others_max": 4,
        "score_threshold": 3,
        "comment_threshold": 4,
        "release": Round.Release.ON_COMPLETION,
    }
    return {**data, **changes}


def add(client, cohort, **changes):
    return client.post(reverse("admin:evaluations_round_add"), settings_for(cohort, **changes))


def errors_of(response) -> dict:
    return response.context["adminform"].form.errors


def test_round_created_in_the_admin_rates_against_the_framework_as_it_stands(signed_in, cohort):
    response = add(signed_in, cohort)

    assert response.status_code == 302
    round = Round.objects.get(cohort=cohort)
    framework = cohort.programme.frameworks.get(is_current=True)
    assert round.version == version_for(framework)
    assert round.version.qualities.count() == 3


def test_post_round_rates_against_the_pre_rounds_version_after_the_framework_changes(
    signed_in, cohort
):
    add(signed_in, cohort)
    pre = Round.objects.get(cohort=cohort)
    framework = cohort.programme.frameworks.get(is_current=True)
    QualityFactory(framework=framework, name="A quality added later", order=9)
    assert version_for(framework) != pre.version

    response = add(signed_in, cohort, kind=Round.Kind.POST)

    assert response.status_code == 302
    post = Round.objects.get(cohort=cohort, kind=Round.Kind.POST)
    assert post.version == pre.version


def test_post_round_without_a_pre_round_is_refused_beside_the_kind(signed_in, cohort):
    response = add(signed_in, cohort, kind=Round.Kind.POST)

    assert response.status_code == 200
    assert "set that round up first" in errors_of(response)["kind"][0]
    assert not Round.objects.exists()


@pytest.mark.parametrize("threshold", [0, 1, 2])
def test_thresholds_below_three_are_refused(signed_in, cohort, threshold):
    response = add(signed_in, cohort, score_threshold=threshold, comment_threshold=threshold)

    assert response.status_code == 200
    assert errors_of(response)["score_threshold"]
    assert errors_of(response)["comment_threshold"]
    assert not Round.objects.exists()


def test_comment_threshold_below_the_scores_is_refused_beside_it(signed_in, cohort):
    response = add(signed_in, cohort, score_threshold=5, comment_threshold=4)

    assert errors_of(response)["comment_threshold"] == ["At least as many as the scores need."]
    assert not Round.objects.exists()


def test_programme_without_a_current_framework_is_refused_beside_the_cohort(signed_in):
    response = add(signed_in, CohortFactory())

    assert "no current framework" in errors_of(response)["cohort"][0]


def change(client, round: Round, **changes):
    data = settings_for(round.cohort, **changes)
    del data["cohort"], data["kind"]  # fixed once the round is set up
    return client.post(reverse("admin:evaluations_round_change", args=[round.pk]), data)


def test_round_takes_the_edited_framework_only_when_asked_and_before_any_answer(signed_in):
    round = RoundFactory()
    before = round.version
    QualityFactory(framework=before.framework, name="Reworded", order=9)

    change(signed_in, round, closes_on=(uk_today() + timedelta(days=30)).isoformat())
    round.refresh_from_db()
    assert round.version == before

    change(signed_in, round, refresh_version="on")
    round.refresh_from_db()
    assert round.version.number == before.number + 1


def test_round_with_answers_keeps_its_version(signed_in):
    round = RoundFactory()
    before = round.version
    SelfEvaluationFactory(round=round)
    QualityFactory(framework=before.framework, name="Reworded", order=9)

    response = change(signed_in, round, refresh_version="on")

    assert response.status_code == 200
    assert "keeps it" in errors_of(response)["refresh_version"][0]
    round.refresh_from_db()
    assert round.version == before


def test_round_sharing_its_version_with_the_other_round_keeps_it(signed_in):
    pre = RoundFactory()
    Round.objects.create(
        cohort=pre.cohort,
        kind=Round.Kind.POST,
        version=pre.version,
        opens_on=pre.closes_on + timedelta(days=100),
        closes_on=pre.closes_on + timedelta(days=130),
    )
    QualityFactory(framework=pre.version.framework, name="Reworded", order=9)

    response = change(signed_in, pre, refresh_version="on")

    assert "rates against version 1 too" in errors_of(response)["refresh_version"][0]


def test_round_change_page_shows_version_and_a_link_to_progress(signed_in):
    round = RoundFactory()

    assert (
        signed_in.get(reverse("admin:evaluations_round_change", args=[round.pk])).status_code == 200
    )
    listing = signed_in.get(reverse("admin:evaluations_round_changelist")).content.decode()
    assert reverse("evaluations:coordinator_progress", kwargs={"round_id": round.pk}) in listing


def test_dcs_member_reads_rounds_but_changes_nothing(client):
    round = RoundFactory()
    client.force_login(dcs_member())

    page = client.get(reverse("admin:evaluations_round_change", args=[round.pk]))
    assert page.status_code == 200
    assert "refresh_version" not in page.content.decode()
    assert client.post(reverse("admin:evaluations_round_add"), {}).status_code == 403


def test_framework_versions_are_read_only_with_their_qualities(signed_in):
    version = RoundFactory().version

    page = signed_in.get(reverse("admin:evaluations_frameworkversion_change", args=[version.pk]))

    body = page.content.decode()
    assert page.status_code == 200
    assert "Quality 1" in body
    assert "Leading others" in body  # the scale, with each quality's descriptors
    assert signed_in.get(reverse("admin:evaluations_frameworkversion_add")).status_code == 403
    url = reverse("admin:evaluations_frameworkversion_change", args=[version.pk])
    assert signed_in.post(url, {"name": "Changed"}).status_code == 403
    assert FrameworkVersion.objects.get(pk=version.pk).name == version.name


@pytest.mark.parametrize("model", [SelfEvaluation, RaterInvitation, RaterResponse, RaterComment])
def test_no_admin_page_lists_answers_or_who_was_asked(model):
    assert model not in admin.site._registry
    for page in ("changelist", "add"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:evaluations_{model._meta.model_name}_{page}")


def test_quality_descriptors_are_edited_with_the_framework(signed_in):
    quality = QualityFactory()
    framework = quality.framework
    url = reverse("admin:cohorts_qualityframework_change", args=[framework.pk])

    page = signed_in.get(url).content.decode()
    assert 'name="qualities-0-descriptors"' in page

    data = {
        "programme": framework.programme_id,
        "name": framework.name,
        "introduction": "",
        "is_current": "on",
        "qualities-TOTAL_FORMS": 1,
        "qualities-INITIAL_FORMS": 1,
        "qualities-0-id": quality.pk,
        "qualities-0-framework": framework.pk,
        "qualities-0-order": 1,
        "qualities-0-theme": quality.theme,
        "qualities-0-name": quality.name,
        "qualities-0-description": quality.description,
        "qualities-0-indicators": "",
        "qualities-0-descriptors": "Only one line",
    }
    refused = signed_in.post(url, data)
    assert refused.status_code == 200
    assert "Give one line for each of the 4 points" in refused.content.decode()

    data["qualities-0-descriptors"] = "Rarely\nSometimes\nUsually\nAlways, and helps others"
    assert signed_in.post(url, data).status_code == 302
    quality.refresh_from_db()
    assert quality.descriptor_list[-1] == "Always, and helps others"
