"""The participant invites and removes their own raters from /me/evaluations/, within the
round's limits and without a coordinator; the list never says which rater answered."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from csssl.models import OutboxMessage
from csssl.uktime import uk_today
from evaluations.models import RaterInvitation, RaterResponse, Relationship, Report
from evaluations.services import answers
from tests.factories import ParticipantFactory

from .factories import RaterInvitationFactory, RoundFactory

pytestmark = pytest.mark.django_db

OVERVIEW = "/me/evaluations/"


@pytest.fixture
def round_():
    return RoundFactory(peers_min=2, peers_max=3, reports_max=0)


@pytest.fixture
def participant(round_):
    return ParticipantFactory(cohort=round_.cohort)


@pytest.fixture
def me(participant) -> Client:
    client = Client()
    client.force_login(participant.user)
    return client


def invite(client, round_, relationship="peer", name="Ann Peer", email="ann@example.org"):
    prefix = f"invite-{round_.pk}"
    return client.post(
        reverse("evaluations:invite", kwargs={"round_id": round_.pk}),
        {
            f"{prefix}-relationship": relationship,
            f"{prefix}-name": name,
            f"{prefix}-email": email,
        },
    )


def field_error(body: str, round_, field: str) -> str:
    """The message shown beside one of the invite form's fields."""
    match = re.search(
        rf'id="error_\d+_id_invite-{round_.pk}-{field}"[^>]*>\s*<strong>(.*?)</strong>',
        body,
        flags=re.DOTALL,
    )
    return match[1] if match else ""


def all_scores(round_, value=3) -> dict:
    return {str(q.pk): value for q in round_.version.qualities.all()}


# --- Inviting -------------------------------------------------------------------------------------


def test_invite_from_the_page_emails_the_rater_and_lists_them(me, participant, round_):
    response = invite(me, round_)

    assert response.status_code == 302
    assert response["Location"] == f"{OVERVIEW}#round-{round_.pk}"
    invitation = RaterInvitation.objects.get()
    assert (invitation.participant, invitation.relationship) == (participant, "peer")
    assert invitation.added_by == participant.user  # no coordinator needed
    message = OutboxMessage.objects.get(kind="rater_invitation")
    assert message.recipient == "ann@example.org"
    assert "/rate/" not in message.body_text  # the link is the rater's secret alone
    body = me.get(OVERVIEW).content.decode()
    assert "Ann Peer is invited" in body
    assert "ann@example.org" in body
    assert "Peers:</strong> 1 invited, 0 answered" in body
    assert "1 more needed" in body


def test_invite_refused_over_the_rounds_limit_beside_the_field(me, participant, round_):
    for n in range(3):
        RaterInvitationFactory(round=round_, participant=participant, email=f"p{n}@example.org")

    response = invite(me, round_, name="Fourth Peer", email="fourth@example.org")

    body = response.content.decode()
    assert response.status_code == 200
    assert field_error(body, round_, "relationship") == "No more than 3 can be invited."
    assert 'id="error-summary"' in body
    assert f'href="#id_invite-{round_.pk}-relationship"' in body
    assert 'value="Fourth Peer"' in body  # nothing typed is lost
    assert 'value="fourth@example.org"' in body
    assert RaterInvitation.objects.count() == 3


def test_invite_refused_for_a_second_line_manager(me, participant, round_):
    RaterInvitationFactory(
        round=round_, participant=participant, relationship=Relationship.LINE_MANAGER
    )

    body = invite(me, round_, relationship="manager").content.decode()

    assert field_error(body, round_, "relationship") == "No more than 1 can be invited."


def test_invite_refused_for_a_relationship_the_round_does_not_ask_for(me, round_):
    page = me.get(OVERVIEW).content.decode()
    assert '<option value="report"' not in page
    assert '<option value="other"' in page

    body = invite(me, round_, relationship="report").content.decode()

    assert field_error(body, round_, "relationship").startswith("Select a valid choice")
    assert not RaterInvitation.objects.exists()


def test_invite_refused_for_own_address(me, participant, round_):
    body = invite(me, round_, email=participant.user.email.upper()).content.decode()

    assert field_error(body, round_, "email") == "That is your own address: invite someone else."
    assert not RaterInvitation.objects.exists()


def test_invite_refused_for_someone_already_invited(me, participant, round_):
    RaterInvitationFactory(round=round_, participant=participant, email="ann@example.org")

    body = invite(me, round_, relationship="other", email=" Ann@Example.org ").content.decode()

    assert field_error(body, round_, "email") == "Already invited this round."
    assert RaterInvitation.objects.count() == 1


def test_invite_refused_without_name_or_a_real_address(me, round_):
    body = invite(me, round_, name="  ", email="not an address").content.decode()

    assert field_error(body, round_, "name") == "Give the rater&#x27;s name."
    assert field_error(body, round_, "email") == "Give an email address like name@example.org."


def test_invite_refused_before_the_round_opens(me, round_):
    round_.opens_on = uk_today() + timedelta(days=3)
    round_.save()
    assert "Send the invitation" not in me.get(OVERVIEW).content.decode()

    body = invite(me, round_).content.decode()

    assert "The round has not opened yet" in body
    assert not RaterInvitation.objects.exists()


def test_invite_refused_once_the_round_has_closed(me, round_):
    round_.opens_on = uk_today() - timedelta(days=20)
    round_.closes_on = uk_today() - timedelta(days=1)
    round_.save()
    assert "Send the invitation" not in me.get(OVERVIEW).content.decode()

    body = invite(me, round_).content.decode()

    assert "The round has closed" in body
    assert not RaterInvitation.objects.exists()


def test_invite_refused_once_the_report_is_frozen(me, participant, round_):
    Report.objects.create(round=round_, participant=participant, figures={})
    page = me.get(OVERVIEW).content.decode()
    assert "Your report for this round is complete" in page
    assert "Send the invitation" not in page

    body = invite(me, round_).content.decode()

    assert "The report is complete" in body
    assert not RaterInvitation.objects.exists()


def test_invite_someone_removed_earlier_again(me, participant, round_):
    removed = RaterInvitationFactory(round=round_, participant=participant, email="ann@example.org")
    me.post(reverse("evaluations:rater_remove", kwargs={"invitation_id": removed.pk}))

    assert invite(me, round_).status_code == 302

    assert RaterInvitation.objects.filter(state="invited").count() == 1


# --- Removing -------------------------------------------------------------------------------------


def remove(client, invitation):
    return client.post(
        reverse("evaluations:rater_remove", kwargs={"invitation_id": invitation.pk}),
        follow=True,
    )


def test_remove_takes_the_rater_off_and_stops_their_link(me, participant, round_):
    invitation = RaterInvitationFactory(round=round_, participant=participant, name="Bo Peer")
    nonce = invitation.nonce

    body = remove(me, invitation).content.decode()

    invitation.refresh_from_db()
    assert invitation.state == RaterInvitation.State.WITHDRAWN
    assert invitation.nonce != nonce
    assert "Bo Peer is no longer on your list" in body
    assert 'Remove<span class="visually-hidden"> Bo Peer' not in body


def test_remove_reads_the_same_whether_or_not_they_answered(participant, round_):
    answered = RaterInvitationFactory(round=round_, participant=participant, name="Same Name")
    waiting = RaterInvitationFactory(round=round_, participant=participant, name="Same Name")
    answers.rater_save(invitation=waiting, scores=all_scores(round_), comments={})
    answers.rater_submit(invitation=answered, scores=all_scores(round_), comments={})
    client = Client()
    client.force_login(participant.user)
    url = "evaluations:rater_remove"

    replies, said = [], []
    for invitation in (answered, waiting):
        replies.append(client.post(reverse(url, kwargs={"invitation_id": invitation.pk})))
        said.append([str(m) for m in client.get(OVERVIEW).context["messages"]])

    assert [(r.status_code, r["Location"]) for r in replies] == [
        (302, f"{OVERVIEW}#round-{round_.pk}")
    ] * 2
    assert said[0] == said[1]
    assert said[0] == ["Same Name is no longer on your list, and their link no longer works."]
    kept = RaterInvitation.objects.filter(pk__in=[answered.pk, waiting.pk])
    assert {(i.state, str(i.draft)) for i in kept} == {("withdrawn", "{}")}
    assert RaterResponse.objects.count() == 1  # the answer given stays, as the rater meant


def test_remove_twice_is_no_error(me, participant, round_):
    invitation = RaterInvitationFactory(round=round_, participant=participant)
    remove(me, invitation)

    assert remove(me, invitation).status_code == 200


# --- What the list says, and what it never says ---------------------------------------------------


def test_overview_shows_counts_per_group_and_no_state_per_rater(participant, round_):
    peers = [
        RaterInvitationFactory(round=round_, participant=participant, name=f"Peer {n}")
        for n in range(3)
    ]
    manager = RaterInvitationFactory(
        round=round_, participant=participant, relationship="manager", name="The Manager"
    )
    answers.rater_submit(invitation=peers[0], scores=all_scores(round_), comments={})
    answers.rater_decline(invitation=peers[1])
    answers.rater_submit(invitation=manager, scores=all_scores(round_), comments={})
    client = Client()
    client.force_login(participant.user)

    body = client.get(OVERVIEW).content.decode()

    assert "Peers:</strong> 3 invited, 1 answered" in body
    assert "Line manager:</strong> 1 invited, 1 answered" in body
    assert "Other stakeholders:</strong> 0 invited, 0 answered" in body
    rows = re.findall(r'<li class="d-flex.*?</li>', body, flags=re.DOTALL)
    assert len(rows) == 4
    for word in ("answered", "declined", "invited", "waiting", "submitted"):
        assert not any(word in row.lower() for row in rows), word
    # The three peers' rows differ only in their names and addresses.
    shapes = {re.sub(r"Peer \d|rater\d+@example\.org|/raters/\d+/", "", row) for row in rows[1:]}
    assert len(shapes) == 1
    assert "shown in your report as theirs" in body
    assert "never which of them" in body
    assert "Invite at least 2, and up to 3." in body


def test_whole_round_without_a_coordinator(me, participant, round_):
    """Invite, be rated, submit: the participant's report is frozen and released with no
    member of staff involved."""
    for n in range(2):
        invite(me, round_, name=f"Peer {n}", email=f"peer{n}@example.org")
    for invitation in RaterInvitation.objects.all():
        answers.rater_submit(invitation=invitation, scores=all_scores(round_, 4), comments={})
    url = reverse("evaluations:self", kwargs={"round_id": round_.pk})
    data = {"action": "submit", "revision": "0"}
    data.update({f"score_{key}": "3" for key in all_scores(round_)})

    me.post(url, data)

    report = Report.objects.get(participant=participant)
    assert report.is_released
    assert report.figures["answered"]["peer"] == 2
