"""The rater's page at /rate/<token>/: it opens only with a true, current link, answers each
way a link can fail with its own page and status, takes one submission however often it is
sent, and keeps nothing that ties the answers to the rater who gave them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from csssl.uktime import uk_today
from evaluations.errors import EvaluationError, RaterLinkError
from evaluations.models import (
    RaterComment,
    RaterInvitation,
    RaterResponse,
    Relationship,
    Report,
    Round,
)
from evaluations.services import answers, raters
from evaluations.services.answers import score_field
from tests.concurrency import at_once

from .factories import RaterInvitationFactory, RoundFactory

pytestmark = pytest.mark.django_db

State = RaterInvitation.State


@pytest.fixture
def invitation():
    return RaterInvitationFactory(round=RoundFactory(), name="Sam Rater")


def url(invitation) -> str:
    return reverse("evaluations:rate", kwargs={"token": raters.rater_token(invitation)})


def keys(invitation) -> list[str]:
    return [str(q.pk) for q in invitation.round.version.qualities.order_by("order", "pk")]


def filled(invitation, *, action="submit", value="3", **extra) -> dict:
    data = {"action": action, **extra}
    data.update({score_field(key): value for key in keys(invitation)})
    return data


# --- A link that works ----------------------------------------------------------------------------


def test_rate_page_opens_with_the_link_and_says_who_sees_what(client, invitation):
    response = client.get(url(invitation))

    body = response.content.decode()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    person = invitation.participant.user.display_name
    assert f"Feedback for {person}" in body
    assert "as their peer" in body
    assert "Nobody, programme staff included, can see which answers were yours." in body
    assert "shown in their report as yours" not in body
    assert "0 of 3 qualities answered" in body
    assert "What they do well (optional)" in body
    assert "What they could develop (optional)" in body
    assert 'value="decline"' in body
    assert raters.rater_token(invitation) not in body  # not even in the copy kept on the device


def test_rate_page_tells_the_line_manager_they_are_shown_as_theirs(client):
    invitation = RaterInvitationFactory(relationship=Relationship.LINE_MANAGER)

    body = client.get(url(invitation)).content.decode()

    assert "your ratings and comments are shown in their report as yours" in body
    assert "Nobody, programme staff included" not in body


def test_rate_page_saves_and_comes_back_with_the_same_link(client, invitation):
    first = keys(invitation)[0]

    response = client.post(
        url(invitation),
        {"action": "save", score_field(first): "na", "strengths": "Listens well"},
        follow=True,
    )

    body = response.content.decode()
    assert "Your answers are saved" in body
    assert "1 of 3 qualities answered" in body
    assert "Listens well" in body
    invitation.refresh_from_db()
    assert invitation.draft == {
        "scores": {first: None},
        "comments": {"strengths": "Listens well", "develop": ""},
    }
    assert invitation.state == State.INVITED
    assert not RaterResponse.objects.exists()


def test_rate_page_refused_submit_keeps_what_was_typed(client, invitation):
    first, second, third = keys(invitation)

    response = client.post(
        url(invitation),
        {"action": "submit", score_field(first): "2", "develop": "More delegation"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in body
    assert f'href="#id_{score_field(second)}_0"' in body
    assert "Choose a rating for “Quality 3”, or Not able to say." in body
    assert "More delegation" in body
    assert re.search(rf'name="{score_field(first)}"[^>]*value="2"\s+checked', body)
    assert not RaterResponse.objects.exists()
    invitation.refresh_from_db()
    assert invitation.state == State.INVITED


def test_rate_page_refuses_a_comment_too_long_beside_it(client, invitation):
    body = client.post(url(invitation), filled(invitation, strengths="x" * 2001)).content.decode()

    assert "Use 2,000 characters or fewer: this has 2,001." in body
    assert not RaterResponse.objects.exists()


def test_rate_page_submit_stores_answers_apart_from_the_rater(client, invitation):
    nonce = invitation.nonce
    answers.rater_save(invitation=invitation, scores={}, comments={"develop": "Draft words"})

    response = client.post(
        url(invitation),
        filled(invitation, value="4", strengths="  Clear and fair  ", develop=""),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Your answers are in" in body
    assert f'data-clear-backup="rate-{invitation.pk}"' in body
    invitation.refresh_from_db()
    assert (invitation.state, invitation.draft) == (State.SUBMITTED, {})
    assert invitation.nonce != nonce
    response_row = RaterResponse.objects.get()
    assert response_row.scores == dict.fromkeys(keys(invitation), 4)
    assert (response_row.participant_id, response_row.relationship) == (
        invitation.participant_id,
        "peer",
    )
    assert [(c.question, c.text) for c in RaterComment.objects.all()] == [
        ("strengths", "Clear and fair")
    ]


def test_rater_response_holds_nothing_that_leads_to_the_invitation(invitation):
    answers.rater_submit(
        invitation=invitation,
        scores=dict.fromkeys(keys(invitation), 2),
        comments={"strengths": "Calm", "develop": "Pace"},
    )
    invitation.refresh_from_db()

    assert {f.name for f in RaterResponse._meta.get_fields()} == {
        "id",
        "round",
        "participant",
        "relationship",
        "scores",
        "comments",
    }
    assert {f.name for f in RaterComment._meta.concrete_fields} == {
        "id",
        "response",
        "question",
        "text",
        "withheld_at",
        "withheld_by",
        "withheld_reason",
    }
    assert not any(
        f.related_model is RaterInvitation
        for model in (RaterResponse, RaterComment)
        for f in model._meta.get_fields()
    )
    # The rows as the database holds them: no time, no number that follows the invitation's.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {RaterResponse._meta.db_table}")
        rows = [*cursor.fetchall()]
        cursor.execute(f"SELECT * FROM {RaterComment._meta.db_table}")
        rows += cursor.fetchall()
    held = " ".join(str(value) for row in rows for value in row)
    for secret in (invitation.name, invitation.email, invitation.nonce):
        assert secret not in held
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}", held)


# --- Links that cannot be used --------------------------------------------------------------------


def test_rate_link_expired(client, invitation, settings):
    settings.RATER_LINK_DAYS = 2
    link = url(invitation)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        response = client.get(link)

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_rate_link_tampered(client, invitation):
    token = raters.rater_token(invitation)
    tampered = token[:-3] + ("aaa" if token[-3:] != "aaa" else "bbb")

    response = client.get(reverse("evaluations:rate", kwargs={"token": tampered}))

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_rate_link_signed_for_another_kind(client, invitation):
    token = signing.dumps(
        {"r": invitation.pk, "n": invitation.nonce}, salt="applications.endorsement"
    )

    response = client.get(reverse("evaluations:rate", kwargs={"token": token}))

    assert response.status_code == 404


def test_rate_link_reused_after_submitting_thanks_and_takes_nothing(client, invitation):
    link = url(invitation)
    client.post(link, filled(invitation))

    again = client.get(link)
    resent = client.post(link, filled(invitation, value="1"))

    assert again.status_code == resent.status_code == 200
    assert "Your answers are in" in again.content.decode()
    assert "Your answers are in" in resent.content.decode()
    assert RaterResponse.objects.count() == 1
    assert set(RaterResponse.objects.get().scores.values()) == {3}


def test_two_submits_in_a_row_give_one_response(invitation):
    stale = RaterInvitation.objects.get(pk=invitation.pk)  # the page both clicks came from
    scores = dict.fromkeys(keys(invitation), 3)
    answers.rater_submit(invitation=stale, scores=scores, comments={"strengths": "Once"})

    with pytest.raises(RaterLinkError) as second:
        answers.rater_submit(invitation=stale, scores=scores, comments={"strengths": "Twice"})

    assert second.value.reason == "answered"
    assert RaterResponse.objects.count() == 1
    assert RaterComment.objects.get().text == "Once"


def test_rate_decline_is_one_click_and_uses_the_link(client, invitation):
    nonce = invitation.nonce
    link = url(invitation)
    answers.rater_save(invitation=invitation, scores={}, comments={"develop": "Half written"})

    response = client.post(link, {"action": "decline"})

    assert response.status_code == 200
    assert "You have declined" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.state, invitation.draft) == (State.DECLINED, {})
    assert invitation.nonce != nonce
    again = client.get(link)
    assert again.status_code == 200
    assert "You have declined" in again.content.decode()
    assert client.post(link, filled(invitation)).status_code == 200
    assert not RaterResponse.objects.exists()


def test_rate_link_withdrawn(client, invitation):
    link = url(invitation)
    raters.rater_withdraw(invitation=invitation)

    response = client.get(link)

    assert response.status_code == 410
    assert "no longer needed" in response.content.decode()


def test_rate_link_withdrawn_while_the_page_was_open(client, invitation):
    link = url(invitation)
    client.get(link)
    raters.rater_withdraw(invitation=invitation)

    response = client.post(link, filled(invitation))

    assert response.status_code == 410
    assert not RaterResponse.objects.exists()


def test_rate_link_round_closed(client, invitation):
    round_ = invitation.round
    round_.closes_on = uk_today() - timedelta(days=1)
    round_.save()

    response = client.get(url(invitation))

    assert response.status_code == 410
    assert "Feedback has closed" in response.content.decode()


def test_rate_submit_refused_once_the_round_closed_under_the_open_page(invitation):
    page_copy = RaterInvitation.objects.get(pk=invitation.pk)
    tomorrow = timezone.now() + timedelta(days=30)

    with time_machine.travel(tomorrow), pytest.raises(RaterLinkError) as refused:
        answers.rater_submit(
            invitation=page_copy, scores=dict.fromkeys(keys(invitation), 3), comments={}
        )

    assert refused.value.reason == "closed"
    assert not RaterResponse.objects.exists()


def test_rate_link_report_complete(client, invitation):
    Report.objects.create(round=invitation.round, participant=invitation.participant, figures={})

    response = client.get(url(invitation))

    assert response.status_code == 410
    assert "Feedback is complete" in response.content.decode()


def test_rate_submit_refused_once_the_report_froze_under_the_open_page(invitation):
    page_copy = RaterInvitation.objects.get(pk=invitation.pk)
    Report.objects.create(round=invitation.round, participant=invitation.participant, figures={})

    for send in (
        lambda: answers.rater_submit(
            invitation=page_copy, scores=dict.fromkeys(keys(invitation), 3), comments={}
        ),
        lambda: answers.rater_decline(invitation=page_copy),
    ):
        with pytest.raises(RaterLinkError) as refused:
            send()
        assert refused.value.reason == "complete"
    assert not RaterResponse.objects.exists()
    invitation.refresh_from_db()
    assert invitation.state == State.INVITED


def test_rate_link_corrected_while_the_page_was_open_is_refused(invitation):
    page_copy = RaterInvitation.objects.get(pk=invitation.pk)
    raters.rater_correct(
        invitation=invitation, name="Sam Rater", email="sam.new@example.org", relationship="peer"
    )

    with pytest.raises(RaterLinkError) as refused:
        answers.rater_save(invitation=page_copy, scores={}, comments={})

    assert refused.value.reason == "invalid"


def test_rate_last_answer_freezes_the_report(invitation):
    participant = invitation.participant
    round_ = invitation.round
    Round.objects.filter(pk=round_.pk).update(peers_min=1)  # one peer is the round's fewest
    round_.refresh_from_db()
    answers.self_evaluation_submit(
        participant=participant,
        round=round_,
        scores=dict.fromkeys(keys(invitation), 2),
        evidence={},
        revision=0,
    )
    assert not Report.objects.exists()

    answers.rater_submit(
        invitation=invitation, scores=dict.fromkeys(keys(invitation), 3), comments={}
    )

    assert Report.objects.filter(participant=participant, round=round_).exists()


def test_rate_scores_must_be_on_the_rounds_scale(invitation):
    with pytest.raises(EvaluationError, match="point of the scale") as refused:
        answers.rater_save(invitation=invitation, scores={keys(invitation)[0]: 9}, comments={})

    assert score_field(keys(invitation)[0]) in refused.value.errors


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_rate_two_submits_at_the_same_moment_give_one_response(postgresql):
    invitation = RaterInvitationFactory(round=RoundFactory())
    link = url(invitation)
    data = filled(invitation)
    browsers = [Client(raise_request_exception=False) for _ in range(2)]

    replies = at_once(*(lambda b=b: b.post(link, data) for b in browsers))

    assert [r.status_code for r in replies] == [200, 200]
    assert all("Your answers are in" in r.content.decode() for r in replies)
    assert RaterResponse.objects.count() == 1
