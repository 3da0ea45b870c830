"""Pools, proposals, confirmation and what comes after, through the services."""

from __future__ import annotations

import pytest
from django.core import mail

from applications.models import OfferState
from csssl.models import OutboxMessage
from mentoring.errors import MentoringError
from mentoring.models import ChangeRequest, Pairing, PoolPlace, Proposal
from mentoring.services import matching as services
from tests.applications.factories import ExpressionOfInterestFactory
from tests.factories import (
    CohortFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ParticipantFactory,
    QualityFactory,
    coordinator,
)
from tests.mentoring.factories import MentorFactory, PairingFactory, PoolPlaceFactory

pytestmark = pytest.mark.django_db


def derby_mentor(**kwargs):
    derby = LocalAuthorityFactory(code="E06000015", name="Derby")
    return MentorFactory(organisation=OrganisationFactory(local_authority=derby), **kwargs)


@pytest.fixture
def cohort():
    return CohortFactory()


def test_proposal_pairs_everyone_within_rules_and_capacity(cohort):
    people = ParticipantFactory.create_batch(3, cohort=cohort)
    wide = PoolPlaceFactory(cohort=cohort, mentor=derby_mentor(), capacity=2)
    narrow = PoolPlaceFactory(cohort=cohort, mentor=derby_mentor(), capacity=1)
    proposal = services.proposal_make(cohort=cohort, by=coordinator())
    pairs = {pair.participant_id: pair.mentor_id for pair in proposal.pairs.all()}
    assert set(pairs) == {p.pk for p in people}
    assert sorted(pairs.values()) == sorted([wide.mentor_id, wide.mentor_id, narrow.mentor_id])
    assert not Pairing.objects.exists(), "a proposal decides nothing"


def test_proposal_never_pairs_within_own_authority_and_says_why(cohort):
    participant = ParticipantFactory(cohort=cohort)  # Nottinghamshire
    PoolPlaceFactory(cohort=cohort, mentor=MentorFactory())  # Nottinghamshire too
    proposal = services.proposal_make(cohort=cohort, by=coordinator())
    (pair,) = proposal.pairs.all()
    assert pair.participant_id == participant.pk
    assert pair.mentor is None
    assert "their own authority" in pair.reasons


def test_proposal_never_pairs_with_line_manager(cohort):
    participant = ParticipantFactory(cohort=cohort)
    manager = derby_mentor()
    other = derby_mentor()
    application = ExpressionOfInterestFactory(
        cohort=cohort, applicant=participant.user, endorser_email=manager.user.email.upper()
    )
    application.offers.create(cohort=cohort, state=OfferState.ACCEPTED)
    PoolPlaceFactory(cohort=cohort, mentor=manager)
    PoolPlaceFactory(cohort=cohort, mentor=other)
    proposal = services.proposal_make(cohort=cohort, by=coordinator())
    assert proposal.pairs.get().mentor_id == other.pk


def test_proposal_follows_qualities_asked_for(cohort):
    quality = QualityFactory()
    participant = ParticipantFactory(cohort=cohort)
    plain = derby_mentor()
    expert = derby_mentor()
    expert.expertise.add(quality)
    PoolPlaceFactory(cohort=cohort, mentor=plain)
    PoolPlaceFactory(cohort=cohort, mentor=expert)
    services.preference_save(participant=participant, qualities=[quality], wishes="", avoid=[])
    proposal = services.proposal_make(cohort=cohort, by=coordinator())
    pair = proposal.pairs.get()
    assert pair.mentor_id == expert.pk
    assert "1 of the qualities" in pair.reasons


def test_same_input_gives_same_proposal(cohort):
    ParticipantFactory.create_batch(4, cohort=cohort)
    for _ in range(3):
        PoolPlaceFactory(cohort=cohort, mentor=derby_mentor(), capacity=2)
    by = coordinator()
    first = services.proposal_make(cohort=cohort, by=by)
    second = services.proposal_make(cohort=cohort, by=by)
    assert [(p.participant_id, p.mentor_id) for p in first.pairs.order_by("participant")] == [
        (p.participant_id, p.mentor_id) for p in second.pairs.order_by("participant")
    ]
    first.refresh_from_db()
    assert first.status == Proposal.Status.DISCARDED


def test_proposal_refused_without_pool_or_without_anyone_to_pair(cohort):
    with pytest.raises(MentoringError, match="already has a mentor"):
        services.proposal_make(cohort=cohort, by=coordinator())
    ParticipantFactory(cohort=cohort)
    with pytest.raises(MentoringError, match="Add mentors"):
        services.proposal_make(cohort=cohort, by=coordinator())


def test_coordinator_change_held_to_hard_rules_and_room(cohort):
    a, b = ParticipantFactory.create_batch(2, cohort=cohort)
    first = PoolPlaceFactory(cohort=cohort, mentor=derby_mentor(), capacity=1)
    second = PoolPlaceFactory(cohort=cohort, mentor=derby_mentor(), capacity=1)
    local = PoolPlaceFactory(cohort=cohort, mentor=MentorFactory(), capacity=1)
    proposal = services.proposal_make(cohort=cohort, by=coordinator())
    pair_a = proposal.pairs.get(participant=a)
    with pytest.raises(MentoringError, match="their own authority") as refused:
        services.proposal_pair_change(pair=pair_a, mentor=local.mentor)
    assert "mentor" in refused.value.errors
    taken_by_b = proposal.pairs.get(participant=b).mentor
    with pytest.raises(MentoringError, match="no room"):
        services.proposal_pair_change(pair=pair_a, mentor=taken_by_b)
    services.proposal_pair_change(pair=pair_a, mentor=None)
    pair_a.refresh_from_db()
    assert pair_a.mentor is None
    assert pair_a.changed_by_coordinator
    assert {first.mentor_id, second.mentor_id} >= {taken_by_b.pk}


def test_confirm_makes_pairings_and_introduces_both(cohort, django_capture_on_commit_callbacks):
    participant = ParticipantFactory(cohort=cohort)
    mentor = derby_mentor()
    PoolPlaceFactory(cohort=cohort, mentor=mentor)
    proposal = services.proposal_make(cohort=cohort, by=coordinator())
    with django_capture_on_commit_callbacks(execute=True):
        (pairing,) = services.proposal_confirm(proposal=proposal, by=coordinator())
    assert pairing.participant == participant
    assert pairing.mentor == mentor
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [participant.user.email, mentor.user.email]
    )
    to_participant = next(m for m in mail.outbox if m.to == [participant.user.email])
    assert mentor.user.email in to_participant.body
    assert to_participant.reply_to == [mentor.user.email]
    with pytest.raises(MentoringError, match="already been confirmed"):
        services.proposal_confirm(proposal=proposal, by=coordinator())


def test_confirm_rechecks_room_taken_meanwhile(cohort):
    participant = ParticipantFactory(cohort=cohort)
    place = PoolPlaceFactory(cohort=cohort, mentor=derby_mentor(), capacity=1)
    proposal = services.proposal_make(cohort=cohort, by=coordinator())
    # Meanwhile the mentor's one place is given to a latecomer.
    latecomer = ParticipantFactory(cohort=cohort)
    services.pairing_make(participant=latecomer, mentor=place.mentor, by=coordinator())
    with pytest.raises(MentoringError, match="no room"):
        services.proposal_confirm(proposal=proposal, by=coordinator())
    assert not Pairing.objects.filter(participant=participant).exists()


def test_capacity_cannot_fall_below_pairings_and_paired_mentor_stays(cohort):
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
    place = PoolPlace.objects.get(cohort=cohort, mentor=pairing.mentor)
    place.capacity = 1
    place.save()
    with pytest.raises(MentoringError):
        services.pool_capacity_set(place=place, capacity=0)
    with pytest.raises(MentoringError, match="end those pairings"):
        services.pool_remove(place=place)
    with pytest.raises(MentoringError, match="already in the pool"):
        services.pool_add(cohort=cohort, mentor=pairing.mentor, capacity=1)


def test_change_request_reason_reaches_only_the_team(cohort, django_capture_on_commit_callbacks):
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
    with pytest.raises(MentoringError) as empty:
        services.change_request_make(participant=pairing.participant, reason="  ")
    assert "reason" in empty.value.errors
    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_make(
            participant=pairing.participant, reason="We clash on every call."
        )
    (email,) = mail.outbox
    assert email.to == [cohort.programme.contact_email]
    assert "clash" not in email.body
    with pytest.raises(MentoringError, match="already asked"):
        services.change_request_make(participant=pairing.participant, reason="Again")
    request = ChangeRequest.objects.get()
    services.change_request_resolve(request=request, by=coordinator(), outcome="", end_pairing=True)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ENDED
    request.refresh_from_db()
    assert request.outcome == "Pairing ended"
    kinds = set(OutboxMessage.objects.values_list("kind", flat=True))
    assert kinds == {services.CHANGE_ASKED, services.PAIRING_ENDED}
    assert all("Change asked for" not in m.body for m in mail.outbox[1:])


def test_participant_without_pairing_cannot_ask_for_change(cohort):
    with pytest.raises(MentoringError, match="no mentor"):
        services.change_request_make(participant=ParticipantFactory(cohort=cohort), reason="x")


def test_user_of_another_cohort_is_never_proposed(cohort):
    ParticipantFactory(cohort=CohortFactory())
    mine = ParticipantFactory(cohort=cohort)
    PoolPlaceFactory(cohort=cohort, mentor=derby_mentor())
    proposal = services.proposal_make(cohort=cohort, by=coordinator())
    assert [pair.participant_id for pair in proposal.pairs.all()] == [mine.pk]
