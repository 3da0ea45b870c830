"""The participant's self evaluation: saved as they go, refused kindly from a stale page or
outside the round, submitted once with every quality answered, and read back afterwards."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from csssl.uktime import uk_today
from evaluations.errors import EvaluationError
from evaluations.models import Report, Round, SelfEvaluation
from evaluations.services import answers
from evaluations.services.answers import STALE, evidence_field, score_field
from tests.factories import ParticipantFactory

from .factories import RaterInvitationFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return RoundFactory()


@pytest.fixture
def participant(round_):
    return ParticipantFactory(cohort=round_.cohort)


def keys(round_) -> list[str]:
    return [str(q.pk) for q in round_.version.qualities.order_by("order", "pk")]


def save(participant, round_, scores, *, evidence=None, revision=0, **kwargs):
    return answers.self_evaluation_save(
        participant=participant,
        round=round_,
        scores=scores,
        evidence=evidence or {},
        revision=revision,
        **kwargs,
    )


def submit(participant, round_, scores, *, evidence=None, revision=0, **kwargs):
    return answers.self_evaluation_submit(
        participant=participant,
        round=round_,
        scores=scores,
        evidence=evidence or {},
        revision=revision,
        **kwargs,
    )


# --- Saving ---------------------------------------------------------------------------------------


def test_self_evaluation_save_keeps_answers_and_counts_revisions(participant, round_):
    first, second, _ = keys(round_)

    saved = save(participant, round_, {first: 2, second: None}, evidence={first: "  I chair  "})

    assert saved.scores == {first: 2, second: None}
    assert saved.evidence == {first: "I chair"}
    assert saved.revision == 1
    assert not saved.is_submitted
    again = save(participant, round_, {first: 3}, revision=1)
    assert again.pk == saved.pk
    assert again.revision == 2
    assert SelfEvaluation.objects.get().scores == {first: 3}


def test_self_evaluation_save_from_a_stale_page_is_refused_kindly(participant, round_):
    first = keys(round_)[0]
    save(participant, round_, {first: 2})  # another window saved: revision 1 now

    with pytest.raises(EvaluationError) as refused:
        save(participant, round_, {first: 4}, revision=0)

    assert refused.value.message == STALE
    assert "another window" in STALE
    assert SelfEvaluation.objects.get().scores == {first: 2}


def test_self_evaluation_save_refused_before_the_round_opens(participant, round_):
    round_.opens_on = uk_today() + timedelta(days=2)
    round_.save()

    with pytest.raises(EvaluationError, match="opens on"):
        save(participant, round_, {keys(round_)[0]: 2})

    assert not SelfEvaluation.objects.exists()


def test_self_evaluation_save_refused_once_the_round_has_closed(participant, round_):
    later = timezone.now() + timedelta(days=30)
    with time_machine.travel(later), pytest.raises(EvaluationError, match="closed on"):
        save(participant, round_, {keys(round_)[0]: 2})

    assert not SelfEvaluation.objects.exists()


def test_self_evaluation_save_on_the_last_day_is_taken(participant, round_):
    round_.closes_on = uk_today()
    round_.save()

    assert save(participant, round_, {keys(round_)[0]: 2}).revision == 1


def test_self_evaluation_save_refused_after_submitting(participant, round_):
    RaterInvitationFactory(round=round_, participant=participant)  # keeps the report open
    submit(participant, round_, dict.fromkeys(keys(round_), 3))

    with pytest.raises(EvaluationError, match="already submitted"):
        save(participant, round_, dict.fromkeys(keys(round_), 1), revision=1)

    assert set(SelfEvaluation.objects.get().scores.values()) == {3}


@pytest.mark.parametrize("bad", [0, 5, "3", True, 2.5])
def test_self_evaluation_save_refuses_a_score_off_the_scale(participant, round_, bad):
    first = keys(round_)[0]

    with pytest.raises(EvaluationError) as refused:
        save(participant, round_, {first: bad})

    assert score_field(first) in refused.value.errors
    assert "Quality 1" in refused.value.errors[score_field(first)]
    assert not SelfEvaluation.objects.exists()


def test_self_evaluation_save_refuses_a_quality_of_another_version(participant, round_):
    other = RoundFactory()

    with pytest.raises(EvaluationError, match="does not ask about"):
        save(participant, round_, {keys(other)[0]: 2})
    with pytest.raises(EvaluationError, match="does not ask about"):
        save(participant, round_, {}, evidence={keys(other)[0]: "Elsewhere"})


def test_self_evaluation_save_refuses_evidence_too_long(participant, round_):
    first = keys(round_)[0]

    with pytest.raises(EvaluationError) as refused:
        save(participant, round_, {}, evidence={first: "x" * (answers.EVIDENCE_LENGTH + 1)})

    assert "characters or fewer" in refused.value.errors[evidence_field(first)]


def test_self_evaluation_save_refused_for_another_cohorts_round(participant):
    other = RoundFactory()

    with pytest.raises(EvaluationError, match="not one of your cohort"):
        save(participant, other, {keys(other)[0]: 2})


# --- Submitting -----------------------------------------------------------------------------------


def test_self_evaluation_submit_needs_every_quality_naming_each(participant, round_):
    first, second, third = keys(round_)

    with pytest.raises(EvaluationError) as refused:
        submit(participant, round_, {first: 2})

    assert refused.value.errors == {
        score_field(second): "Choose a rating for “Quality 2”, or Not able to say.",
        score_field(third): "Choose a rating for “Quality 3”, or Not able to say.",
    }
    assert "2 qualities still need an answer" in refused.value.message
    assert not SelfEvaluation.objects.exists()


def test_self_evaluation_submit_takes_not_able_to_say_for_every_quality(participant, round_):
    RaterInvitationFactory(round=round_, participant=participant)

    submitted = submit(participant, round_, dict.fromkeys(keys(round_)))

    assert submitted.is_submitted
    assert submitted.scores == dict.fromkeys(keys(round_))


def test_self_evaluation_submit_twice_is_one_submission(participant, round_):
    RaterInvitationFactory(round=round_, participant=participant)
    first = submit(participant, round_, dict.fromkeys(keys(round_), 3))

    # A double click: the second request carries the page's revision and other answers.
    second = submit(participant, round_, dict.fromkeys(keys(round_), 1), revision=0)

    assert second.pk == first.pk
    assert second.submitted_at == first.submitted_at
    assert set(SelfEvaluation.objects.get().scores.values()) == {3}


def test_self_evaluation_submit_from_a_stale_page_is_refused(participant, round_):
    save(participant, round_, {keys(round_)[0]: 2})

    with pytest.raises(EvaluationError, match="another window"):
        submit(participant, round_, dict.fromkeys(keys(round_), 3), revision=0)

    assert not SelfEvaluation.objects.get().is_submitted


def test_self_evaluation_submit_freezes_the_report_when_nobody_is_left_to_answer(
    participant, round_
):
    Round.objects.filter(pk=round_.pk).update(peers_min=1)
    round_.refresh_from_db()
    answering, declining = (
        RaterInvitationFactory(round=round_, participant=participant) for _ in range(2)
    )
    answers.rater_submit(invitation=answering, scores=dict.fromkeys(keys(round_), 3), comments={})
    submit(participant, round_, dict.fromkeys(keys(round_), 3))
    assert not Report.objects.exists()  # a rater has still to answer

    answers.rater_decline(invitation=declining)

    report = Report.objects.get()
    assert report.participant == participant
    assert report.is_released


def test_self_evaluation_submitted_before_anyone_answers_leaves_the_round_open(participant, round_):
    submit(participant, round_, dict.fromkeys(keys(round_), 3))

    assert not Report.objects.exists()


def test_self_evaluation_submit_refused_once_the_report_is_frozen(participant, round_):
    Report.objects.create(round=round_, participant=participant, figures={})

    with pytest.raises(EvaluationError, match="report is complete"):
        submit(participant, round_, dict.fromkeys(keys(round_), 3))


# --- The page -------------------------------------------------------------------------------------


@pytest.fixture
def me(participant) -> Client:
    client = Client()
    client.force_login(participant.user)
    return client


def checked(body: str, name: str) -> str | None:
    """The value of the radio button ``name`` that the page shows chosen."""
    for tag in re.findall(r"<input[^>]*>", body, flags=re.DOTALL):
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag):
            return re.search(r'value="([^"]*)"', tag)[1]
    return None


def page(round_) -> str:
    return reverse("evaluations:self", kwargs={"round_id": round_.pk})


def posted(round_, scores: dict, *, action="save", revision=0, **extra) -> dict:
    data = {"action": action, "revision": str(revision), **extra}
    for key, value in scores.items():
        data[score_field(key)] = "na" if value is None else str(value)
    return data


def test_self_evaluation_page_shows_each_quality_with_its_descriptors(me, round_):
    body = me.get(page(round_)).content.decode()

    for quality in round_.version.qualities.all():
        assert quality.name in body
        for descriptor in quality.descriptors:
            assert descriptor in body
    assert "Not able to say" in body
    assert "0 of 3 qualities answered" in body
    assert "Save and come back later" in body
    assert body.count("<legend") == 4  # one group per quality, and the form's


def test_self_evaluation_page_saves_and_shows_progress(me, participant, round_):
    first, second, _ = keys(round_)

    response = me.post(
        page(round_),
        posted(round_, {first: 4, second: None}, **{evidence_field(first): "Led the review"}),
        follow=True,
    )

    body = response.content.decode()
    assert "Your answers are saved" in body
    assert "2 of 3 qualities answered" in body
    assert "Led the review" in body
    evaluation = SelfEvaluation.objects.get(participant=participant)
    assert evaluation.scores == {first: 4, second: None}
    assert 'name="revision" value="1"' in body


def test_self_evaluation_page_refused_submit_keeps_what_was_typed(me, round_):
    first, second, third = keys(round_)

    response = me.post(
        page(round_),
        posted(round_, {first: 4}, action="submit", **{evidence_field(second): "My words"}),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in body
    assert f'href="#id_{score_field(second)}_0"' in body
    assert "Choose a rating for “Quality 3”, or Not able to say." in body
    assert checked(body, score_field(first)) == "4"
    assert "My words" in body
    assert not SelfEvaluation.objects.exists()


def test_self_evaluation_page_stale_save_keeps_typing_and_takes_the_next_save(
    me, participant, round_
):
    first = keys(round_)[0]
    save(participant, round_, {first: 1})  # saved in another window

    refused = me.post(page(round_), posted(round_, {first: 4}, revision=0))

    body = refused.content.decode()
    assert "changed in another window" in body
    assert SelfEvaluation.objects.get().scores == {first: 1}
    assert 'name="revision" value="1"' in body  # checked and sent again, it goes through
    me.post(page(round_), posted(round_, {first: 4}, revision=1))
    assert SelfEvaluation.objects.get().scores == {first: 4}


def test_self_evaluation_page_submit_then_reads_back(me, participant, round_):
    RaterInvitationFactory(round=round_, participant=participant)
    scores = dict(zip(keys(round_), (4, None, 2), strict=True))

    response = me.post(page(round_), posted(round_, scores, action="submit"), follow=True)

    body = response.content.decode()
    assert "Your self evaluation is submitted" in body
    assert "4: Leading others" in body
    assert "Not able to say" in body
    assert '<form method="post" novalidate id="evaluation-form"' not in body
    assert f'data-clear-backup="self-{round_.pk}-{participant.user.pk}"' in body
    assert SelfEvaluation.objects.get().is_submitted
    # A second click lands on the same read-only page.
    again = me.post(page(round_), posted(round_, scores, action="submit"), follow=True)
    assert again.status_code == 200
    assert "You submitted your self evaluation" in again.content.decode()


def test_self_evaluation_page_closed_round_is_read_only(me, participant, round_):
    save(participant, round_, {keys(round_)[0]: 3})
    round_.closes_on = uk_today() - timedelta(days=1)
    round_.save()

    body = me.get(page(round_)).content.decode()
    refused = me.post(page(round_), posted(round_, {keys(round_)[0]: 1}, revision=1))

    assert "closed on" in body
    assert "<fieldset disabled>" in body
    assert "Save and come back later</button>" not in body
    assert "closed on" in refused.content.decode()
    assert SelfEvaluation.objects.get().scores == {keys(round_)[0]: 3}
