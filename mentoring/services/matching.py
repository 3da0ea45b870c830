"""Building a cohort's pool of mentors, proposing pairs for the whole cohort at once, the
coordinator's changes and confirmation, and what happens to a pairing after: a participant's
wishes, a request for a change, and its end.

A proposal decides nothing. Pairs become pairings only when a coordinator confirms, and then
every rule is checked again against the pairings of that moment, under a lock on the cohort's
pool, so two coordinators confirming at once never overfill a mentor.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, Participant, Quality
from csssl.outbox import email_send
from mentoring import matching_solver as solver
from mentoring.errors import MentoringError
from mentoring.models import (
    ChangeRequest,
    CohortMentoring,
    Mentor,
    MentoringPreference,
    Pairing,
    PoolPlace,
    Proposal,
    ProposedPair,
)
from mentoring.selectors import matching as reads

INTRODUCTION = "mentoring.introduction"
CHANGE_ASKED = "mentoring.change_asked"
PAIRING_ENDED = "mentoring.pairing_ended"


# --- The pool -----------------------------------------------------------------------------------


def _lock_pool(cohort: Cohort) -> None:
    """Serialise every change to who mentors whom in a cohort: the cohort's row is the lock."""
    Cohort.objects.select_for_update().get(pk=cohort.pk)


def pool_add(*, cohort: Cohort, mentor: Mentor, capacity: int) -> PoolPlace:
    """Add a mentor to the cohort's pool, taking ``capacity`` of its participants."""
    if capacity < 1:
        raise MentoringError(
            "A mentor takes at least one mentee.", errors={"capacity": "Enter 1 or more."}
        )
    if not mentor.is_active:
        raise MentoringError(
            f"{mentor} is not taking new mentees.", errors={"mentor": "Choose another mentor."}
        )
    with transaction.atomic():
        _lock_pool(cohort)
        if PoolPlace.objects.filter(cohort=cohort, mentor=mentor).exists():
            raise MentoringError(
                f"{mentor} is already in the pool.", errors={"mentor": "Already in the pool."}
            )
        return PoolPlace.objects.create(cohort=cohort, mentor=mentor, capacity=capacity)


def _paired_in(cohort: Cohort, mentor_id: int) -> int:
    return Pairing.objects.filter(
        mentor_id=mentor_id, participant__cohort=cohort, status=Pairing.Status.ACTIVE
    ).count()


def pool_capacity_set(*, place: PoolPlace, capacity: int) -> PoolPlace:
    """Change how many mentees a mentor takes: never below the pairings they already have."""
    with transaction.atomic():
        _lock_pool(place.cohort)
        paired = _paired_in(place.cohort, place.mentor_id)
        if capacity < max(paired, 1):
            raise MentoringError(
                f"{place.mentor} already mentors {paired} in this cohort.",
                errors={"capacity": f"Enter {max(paired, 1)} or more."},
            )
        place.capacity = capacity
        place.save(update_fields=["capacity"])
        return place


def pool_remove(*, place: PoolPlace) -> None:
    """Take a mentor out of the pool; refused while they mentor someone in the cohort."""
    with transaction.atomic():
        _lock_pool(place.cohort)
        paired = _paired_in(place.cohort, place.mentor_id)
        if paired:
            raise MentoringError(
                f"{place.mentor} mentors {paired} in this cohort: end those pairings first."
            )
        place.delete()


def settings_save(*, cohort: Cohort, sessions_required: int, meetings_allowed_missed: int):
    """The cohort's mentoring part of its completion rule."""
    settings, _ = CohortMentoring.objects.get_or_create(cohort=cohort)
    settings.sessions_required = sessions_required
    settings.meetings_allowed_missed = meetings_allowed_missed
    settings.full_clean()
    settings.save()
    return settings


# --- Proposals ----------------------------------------------------------------------------------


def proposal_make(*, cohort: Cohort, by, now: datetime | None = None) -> Proposal:
    """Propose a mentor for every active participant of the cohort not yet paired, solved as
    one assignment (``matching_solver``), with why for each, and nobody with why not. An
    earlier draft of the cohort is discarded: there is one proposal under review at a time."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_pool(cohort)
        participants = reads.unpaired_participants(cohort)
        if not participants:
            raise MentoringError("Every participant of this cohort already has a mentor.")
        places = reads.pool(cohort)
        if not places:
            raise MentoringError("Add mentors to the cohort's pool before asking for a proposal.")
        Proposal.objects.filter(cohort=cohort, status=Proposal.Status.DRAFT).update(
            status=Proposal.Status.DISCARDED
        )
        proposal = Proposal.objects.create(cohort=cohort, created_by=by, created_at=now)
        assignments = solver.propose(
            participants=reads.participant_data(participants),
            mentors=[reads.mentor_data(place) for place in places],
        )
        ProposedPair.objects.bulk_create(
            ProposedPair(
                proposal=proposal,
                participant_id=assignment.participant_id,
                mentor_id=assignment.mentor_id,
                score=assignment.score,
                reasons="; ".join(assignment.reasons),
            )
            for assignment in assignments
        )
        return proposal


def _place(cohort: Cohort, mentor_id: int) -> PoolPlace | None:
    return next((place for place in reads.pool(cohort) if place.mentor_id == mentor_id), None)


def _check_pair(
    *, participant: Participant, place: PoolPlace | None, taken: int, data=None
) -> None:
    """The hard rules for one pair the coordinator chose: in the pool, allowed, with room."""
    if place is None:
        raise MentoringError(
            "That mentor is not in this cohort's pool.", errors={"mentor": "Choose a mentor."}
        )
    (person,) = data or reads.participant_data([participant])
    rule = solver.broken_rule(person, reads.mentor_data(place))
    if rule:
        raise MentoringError(
            f"{place.mentor} {rule}.", errors={"mentor": f"{place.mentor} {rule}."}
        )
    if taken >= place.capacity:
        raise MentoringError(
            f"{place.mentor} has no room: {place.capacity} mentee"
            f"{'s' if place.capacity != 1 else ''} at most.",
            errors={"mentor": "Choose a mentor with room."},
        )


def proposal_pair_change(*, pair: ProposedPair, mentor: Mentor | None) -> ProposedPair:
    """The coordinator's own choice for one participant of a draft proposal (or nobody), held
    to the hard rules and to the mentor's room, counting the proposal's other pairs."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=pair.proposal_id)
        if proposal.status != Proposal.Status.DRAFT:
            raise MentoringError("This proposal has been confirmed or replaced: open the new one.")
        if mentor is not None and mentor.pk != pair.mentor_id:
            place = _place(proposal.cohort, mentor.pk)
            in_proposal = (
                ProposedPair.objects.filter(proposal=proposal, mentor=mentor)
                .exclude(pk=pair.pk)
                .count()
            )
            taken = in_proposal + (place.paired if place else 0)
            _check_pair(participant=pair.participant, place=place, taken=taken)
        changed = (mentor.pk if mentor else None) != pair.mentor_id
        pair.mentor = mentor
        if changed:
            pair.changed_by_coordinator = True
            pair.score = None
            pair.reasons = "Chosen by the programme team" if mentor else "Left unpaired for now"
        pair.save()
        return pair


def proposal_discard(*, proposal: Proposal) -> None:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status == Proposal.Status.DRAFT:
            proposal.status = Proposal.Status.DISCARDED
            proposal.save(update_fields=["status"])


def proposal_confirm(*, proposal: Proposal, by, now: datetime | None = None) -> list[Pairing]:
    """Make the proposal's pairs pairings, and introduce each pair by email. Every pair is
    checked again against the pairings of this moment: a participant paired meanwhile is left
    as they are, and a pair that now breaks a rule or overfills a mentor stops the whole
    confirmation with the reason, so nothing is half-confirmed."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_pool(proposal.cohort)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Proposal.Status.DRAFT:
            raise MentoringError("This proposal has already been confirmed or replaced.")
        pairs = list(
            proposal.pairs.filter(mentor__isnull=False).select_related(
                "participant__user", "participant__cohort__programme", "mentor__user"
            )
        )
        unpaired = {p.pk for p in reads.unpaired_participants(proposal.cohort)}
        pairs = [pair for pair in pairs if pair.participant_id in unpaired]
        places = {place.mentor_id: place for place in reads.pool(proposal.cohort)}
        people = {
            person.id: person
            for person in reads.participant_data([pair.participant for pair in pairs])
        }
        taken = Counter({mentor_id: place.paired for mentor_id, place in places.items()})
        for pair in pairs:
            try:
                _check_pair(
                    participant=pair.participant,
                    place=places.get(pair.mentor_id),
                    taken=taken[pair.mentor_id],
                    data=[people[pair.participant_id]],
                )
            except MentoringError as error:
                raise MentoringError(
                    f"{pair.participant.user.get_full_name()}: {error.message}"
                ) from None
            taken[pair.mentor_id] += 1
        pairings = Pairing.objects.bulk_create(
            Pairing(
                participant=pair.participant,
                mentor=pair.mentor,
                confirmed_by=by,
                confirmed_at=now,
            )
            for pair in pairs
        )
        proposal.status = Proposal.Status.CONFIRMED
        proposal.confirmed_by = by
        proposal.confirmed_at = now
        proposal.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        for pairing in pairings:
            introduce(pairing=pairing)
        return pairings


def pairing_make(*, participant: Participant, mentor: Mentor, by, now=None) -> Pairing:
    """Pair one participant directly (after a change, or a latecomer), with the same rules."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_pool(participant.cohort)
        if Pairing.objects.filter(participant=participant, status=Pairing.Status.ACTIVE).exists():
            raise MentoringError(
                f"{participant.user.get_full_name()} already has a mentor: end that pairing first."
            )
        place = _place(participant.cohort, mentor.pk)
        _check_pair(participant=participant, place=place, taken=place.paired if place else 0)
        pairing = Pairing.objects.create(
            participant=participant, mentor=mentor, confirmed_by=by, confirmed_at=now
        )
        introduce(pairing=pairing)
        return pairing


def introduce(*, pairing: Pairing) -> None:
    """Email the participant and the mentor an introduction to each other."""
    participant, mentor = pairing.participant, pairing.mentor
    context = {
        "participant": participant,
        "mentor": mentor,
        "cohort": participant.cohort,
        "programme": participant.cohort.programme,
    }
    email_send(
        kind=INTRODUCTION,
        to=participant.user.email,
        about=pairing,
        template="mentoring/introduction_participant",
        context=context,
        reply_to=mentor.user.email,
    )
    email_send(
        kind=INTRODUCTION,
        to=mentor.user.email,
        about=pairing,
        template="mentoring/introduction_mentor",
        context=context,
        reply_to=participant.user.email,
    )


# --- After the pairing --------------------------------------------------------------------------


def pairing_end(*, pairing: Pairing, by, reason: str, now: datetime | None = None) -> Pairing:
    """End a pairing: both are told it has ended (never the reason, which is the programme
    team's), and the participant can be paired again."""
    now = now or timezone.now()
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if not pairing.is_active:
            raise MentoringError("This pairing has already ended.")
        pairing.status = Pairing.Status.ENDED
        pairing.ended_at = now
        pairing.end_reason = reason.strip()[:300]
        pairing.save(update_fields=["status", "ended_at", "end_reason"])
        ChangeRequest.objects.filter(pairing=pairing, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=by, outcome="Pairing ended"
        )
        context = {"pairing": pairing, "programme": pairing.participant.cohort.programme}
        for to, template in (
            (pairing.participant.user.email, "mentoring/pairing_ended_participant"),
            (pairing.mentor.user.email, "mentoring/pairing_ended_mentor"),
        ):
            email_send(kind=PAIRING_ENDED, to=to, about=pairing, template=template, context=context)
        return pairing


def preference_save(
    *,
    participant: Participant,
    qualities: list[Quality],
    wishes: str,
    avoid: list[Mentor],
    now: datetime | None = None,
) -> MentoringPreference:
    """What the participant asks of a mentor: read by the next proposal for their cohort."""
    now = now or timezone.now()
    with transaction.atomic():
        preference, _ = MentoringPreference.objects.select_for_update().get_or_create(
            participant=participant
        )
        preference.wishes = wishes.strip()
        preference.updated_at = now
        preference.full_clean()
        preference.save()
        preference.qualities.set(qualities)
        preference.avoid.set(avoid)
        return preference


def change_request_make(
    *, participant: Participant, reason: str, now: datetime | None = None
) -> ChangeRequest:
    """A participant asks for another mentor. The reason is for the programme team alone: the
    mentor is not told, and the email to the team says only that a request is waiting."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise MentoringError(
            "Say why you would like a change.",
            errors={"reason": "Say why: only the programme team reads it."},
        )
    with transaction.atomic():
        pairing = (
            Pairing.objects.select_for_update()
            .filter(participant=participant, status=Pairing.Status.ACTIVE)
            .select_related("participant__cohort__programme", "participant__user")
            .first()
        )
        if pairing is None:
            raise MentoringError("You have no mentor to change.")
        if ChangeRequest.objects.filter(pairing=pairing, resolved_at__isnull=True).exists():
            raise MentoringError(
                "You have already asked for a change: the programme team will be in touch."
            )
        request = ChangeRequest(pairing=pairing, reason=reason, created_at=now)
        request.full_clean()
        request.save()
        programme = pairing.participant.cohort.programme
        email_send(
            kind=CHANGE_ASKED,
            to=programme.contact_email,
            about=request,
            template="mentoring/change_asked",
            context={"pairing": pairing, "cohort": pairing.participant.cohort},
        )
        return request


def change_request_resolve(
    *, request: ChangeRequest, by, outcome: str, end_pairing: bool, now: datetime | None = None
) -> ChangeRequest:
    """The programme team closes a request: keeping the pairing, or ending it so that the
    participant can be paired with someone else."""
    now = now or timezone.now()
    with transaction.atomic():
        request = ChangeRequest.objects.select_for_update().get(pk=request.pk)
        if request.resolved_at is not None:
            raise MentoringError("This request has already been answered.")
        request.resolved_at = now
        request.resolved_by = by
        request.outcome = (outcome.strip() or ("Pairing ended" if end_pairing else "Kept"))[:300]
        request.save(update_fields=["resolved_at", "resolved_by", "outcome"])
        if end_pairing:
            pairing_end(pairing=request.pairing, by=by, reason="Change asked for", now=now)
        return request
