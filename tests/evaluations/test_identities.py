"""Raters' names and addresses are kept only while the round needs them: once it has closed,
every invitation is blanked, its unsent answers dropped and its link stopped, once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from csssl.uktime import uk_today
from evaluations.errors import EvaluationError, RaterLinkError
from evaluations.models import RaterInvitation
from evaluations.services.identities import identities_remove_due, round_identities_remove
from evaluations.services.raters import invitation_from_token, rater_token
from tests.evaluations.factories import RaterInvitationFactory, RoundFactory
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

State = RaterInvitation.State


def closed_round(**kwargs):
    return RoundFactory(
        opens_on=uk_today() - timedelta(days=30), closes_on=uk_today() - timedelta(days=1), **kwargs
    )


def invitations_of(round, **kwargs) -> list[RaterInvitation]:
    participant = ParticipantFactory(cohort=round.cohort)
    return [
        RaterInvitationFactory(
            round=round, participant=participant, state=state, draft={"scores": {"1": 3}}, **kwargs
        )
        for state in (State.INVITED, State.SUBMITTED, State.DECLINED, State.WITHDRAWN)
    ]


def test_identities_removed_once_the_round_has_closed():
    round = closed_round()
    invitations = invitations_of(round)
    nonces = {i.pk: i.nonce for i in invitations}

    assert round_identities_remove(round=round) == 4

    for invitation in RaterInvitation.objects.filter(round=round):
        assert (invitation.name, invitation.email, invitation.draft) == ("", "", {})
        assert invitation.nonce != nonces[invitation.pk]
    states = sorted(RaterInvitation.objects.values_list("state", flat=True))
    assert states == sorted(State.values)  # the counts per relationship and state stay
    round.refresh_from_db()
    assert round.identities_removed_at is not None


def test_identities_removed_stop_every_link():
    round = RoundFactory()
    (invitation, *_) = invitations_of(round)
    token = rater_token(invitation)
    round.closes_on = uk_today() - timedelta(days=1)
    round.opens_on = round.closes_on - timedelta(days=20)
    round.save()
    round_identities_remove(round=round)
    with pytest.raises(RaterLinkError):
        invitation_from_token(token)
    # Even were the round to open again, the old link would not.
    round.closes_on = uk_today() + timedelta(days=5)
    round.save()
    with pytest.raises(RaterLinkError) as raised:
        invitation_from_token(token)
    assert raised.value.reason == "invalid"


def test_identities_kept_while_the_round_is_open_or_closes_today():
    round = RoundFactory(closes_on=uk_today())
    (invitation, *_) = invitations_of(round)
    with pytest.raises(EvaluationError):
        round_identities_remove(round=round)
    assert identities_remove_due() == 0
    invitation.refresh_from_db()
    assert invitation.email


def test_identities_remove_due_does_each_round_once():
    first, second = closed_round(), closed_round()
    invitations_of(first)
    invitations_of(second)
    RoundFactory()  # open: untouched

    assert identities_remove_due() == 8
    assert identities_remove_due() == 0
    removed_at = {r.identities_removed_at for r in (first, second) if r.refresh_from_db() is None}
    assert None not in removed_at


def test_identities_remove_counts_the_uk_day():
    round = RoundFactory(opens_on=date(2025, 9, 1), closes_on=date(2025, 9, 26))
    invitations_of(round)
    # 22:30 UTC on the last day is still 23:30 of it in British Summer Time; 23:30 UTC is not.
    assert identities_remove_due(now=datetime(2025, 9, 26, 22, 30, tzinfo=UTC)) == 0
    assert identities_remove_due(now=datetime(2025, 9, 26, 23, 30, tzinfo=UTC)) == 4
