"""Reads for matching a cohort: what the solver needs (participants not yet paired, the pool
with its free places), and the coordinator's pages of the pool, a proposal and the pairings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404

from applications.models import ExpressionOfInterest, OfferState
from cohorts.models import Cohort, Participant
from csssl.uktime import long_date, uk_day
from evaluations.models import Priority
from mentoring import matching_solver as solver
from mentoring.models import (
    ChangeRequest,
    CohortMentoring,
    FitAnswer,
    MentoringPreference,
    MentoringSession,
    Pairing,
    PoolPlace,
    Proposal,
    ProposedPair,
)


def coordinator_cohort(*, cohort_id: int) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_id)


def settings_for(cohort: Cohort) -> CohortMentoring:
    """The cohort's mentoring settings, unsaved defaults when none are kept. One query."""
    return CohortMentoring.objects.filter(cohort=cohort).first() or CohortMentoring(cohort=cohort)


# --- What the solver reads ----------------------------------------------------------------------


def unpaired_participants(cohort: Cohort) -> list[Participant]:
    """The cohort's active participants without an active pairing, by surname. One query."""
    return list(
        Participant.objects.filter(cohort=cohort, status=Participant.Status.ACTIVE)
        .exclude(pairings__status=Pairing.Status.ACTIVE)
        .select_related("user", "organisation", "local_authority")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def pool(cohort: Cohort) -> list[PoolPlace]:
    """The cohort's pool, each place with ``paired``: its mentor's active pairings in this
    cohort, and the mentor's expertise prefetched. Two queries."""
    return list(
        PoolPlace.objects.filter(cohort=cohort)
        .select_related("mentor__user", "mentor__organisation", "mentor__local_authority")
        .prefetch_related("mentor__expertise")
        .annotate(
            paired=Count(
                "mentor__pairings",
                filter=Q(
                    mentor__pairings__status=Pairing.Status.ACTIVE,
                    mentor__pairings__participant__cohort=cohort,
                ),
            )
        )
        .order_by("mentor__user__last_name", "mentor__user__first_name", "pk")
    )


def mentor_data(place: PoolPlace) -> solver.MentorData:
    mentor = place.mentor
    return solver.MentorData(
        id=mentor.pk,
        name=str(mentor),
        organisation_id=mentor.organisation_id,
        authority_id=mentor.local_authority_id,
        authority_name=mentor.local_authority.name if mentor.local_authority else "",
        email=mentor.user.email,
        expertise=frozenset(quality.pk for quality in mentor.expertise.all()),
        free_places=max(place.capacity - place.paired, 0),
    )


def participant_data(participants: list[Participant]) -> list[solver.ParticipantData]:
    """Each participant as the solver reads them: where they work, the qualities they asked
    for and those of the priorities in the plan they share, the mentors they asked to avoid,
    and their line manager (who endorsed the application that won their place). Four
    queries, whatever the number of participants."""
    ids = [p.pk for p in participants]
    qualities: dict[int, set[int]] = defaultdict(set)
    avoid: dict[int, set[int]] = defaultdict(set)
    preferences = MentoringPreference.objects.filter(participant_id__in=ids).prefetch_related(
        "qualities", "avoid"
    )
    for preference in preferences:
        qualities[preference.participant_id].update(q.pk for q in preference.qualities.all())
        avoid[preference.participant_id].update(m.pk for m in preference.avoid.all())
    priorities = (
        Priority.objects.filter(
            plan__participant_id__in=ids,
            plan__shared_with_mentor=True,
            quality__source_id__isnull=False,
        )
        .exclude(status=Priority.Status.DROPPED)
        .values_list("plan__participant_id", "quality__source_id")
    )
    for participant_id, quality_id in priorities:
        qualities[participant_id].add(quality_id)
    managers = line_managers(participants)
    return [
        solver.ParticipantData(
            id=p.pk,
            organisation_id=p.organisation_id,
            authority_id=p.local_authority_id,
            qualities=frozenset(qualities[p.pk]),
            avoid=frozenset(avoid[p.pk]),
            line_manager_email=managers.get(p.pk, ""),
        )
        for p in participants
    ]


def line_managers(participants: list[Participant]) -> dict[int, str]:
    """Each participant's line manager's email: the endorser of the application whose offer
    they accepted for this cohort. One query."""
    by_key = {(p.user_id, p.cohort_id): p.pk for p in participants}
    rows = ExpressionOfInterest.objects.filter(
        applicant_id__in={p.user_id for p in participants},
        cohort_id__in={p.cohort_id for p in participants},
        offers__state=OfferState.ACCEPTED,
    ).values_list("applicant_id", "cohort_id", "endorser_email")
    return {
        by_key[(user_id, cohort_id)]: email
        for user_id, cohort_id, email in rows
        if (user_id, cohort_id) in by_key and email
    }


# --- The coordinator's pages --------------------------------------------------------------------


def draft_proposal(cohort: Cohort) -> Proposal | None:
    return Proposal.objects.filter(cohort=cohort, status=Proposal.Status.DRAFT).first()


def proposal_page(*, cohort: Cohort, proposal_id: int) -> Proposal:
    """A draft proposal of the cohort with its pairs in surname order (participant and mentor
    read with them); 404 for any other. Two queries."""
    pairs = ProposedPair.objects.select_related(
        "participant__user",
        "participant__organisation",
        "participant__local_authority",
        "mentor__user",
        "mentor__organisation",
    ).order_by("participant__user__last_name", "participant__user__first_name", "pk")
    return get_object_or_404(
        Proposal.objects.filter(cohort=cohort, status=Proposal.Status.DRAFT).prefetch_related(
            Prefetch("pairs", queryset=pairs)
        ),
        pk=proposal_id,
    )


@dataclass(frozen=True)
class PairingRow:
    """One pairing as the coordinator follows it: never a record's content or a private note."""

    pairing: Pairing
    sessions_held: int
    sessions_ahead: int
    last_contact: datetime | None
    participant_fit: bool | None  # None: not answered
    mentor_fit: bool | None
    open_request: ChangeRequest | None

    @property
    def fit_concern(self) -> bool:
        return self.participant_fit is False or self.mentor_fit is False


def pairing_rows(cohort: Cohort) -> list[PairingRow]:
    """The cohort's active pairings with their sessions counted, their fit answers and any
    open change request. Three queries, whatever the size of the cohort."""
    pairings = list(
        Pairing.objects.filter(participant__cohort=cohort, status=Pairing.Status.ACTIVE)
        .select_related("participant__user", "participant__organisation", "mentor__user")
        .annotate(
            held=Count("sessions", filter=Q(sessions__status=MentoringSession.Status.HELD)),
            ahead=Count(
                "sessions",
                filter=Q(
                    sessions__status__in=[
                        MentoringSession.Status.PROPOSED,
                        MentoringSession.Status.AGREED,
                    ]
                ),
            ),
            last_held=Max(
                "sessions__starts_at", filter=Q(sessions__status=MentoringSession.Status.HELD)
            ),
        )
        .order_by("participant__user__last_name", "participant__user__first_name", "pk")
    )
    ids = [pairing.pk for pairing in pairings]
    fits = {
        (answer.pairing_id, answer.side): answer.works
        for answer in FitAnswer.objects.filter(pairing_id__in=ids)
    }
    requests = {
        request.pairing_id: request
        for request in ChangeRequest.objects.filter(pairing_id__in=ids, resolved_at__isnull=True)
    }
    return [
        PairingRow(
            pairing=pairing,
            sessions_held=pairing.held,
            sessions_ahead=pairing.ahead,
            last_contact=pairing.last_held,
            participant_fit=fits.get((pairing.pk, FitAnswer.Side.PARTICIPANT)),
            mentor_fit=fits.get((pairing.pk, FitAnswer.Side.MENTOR)),
            open_request=requests.get(pairing.pk),
        )
        for pairing in pairings
    ]


PAIRINGS_HEADER = [
    "Participant",
    "Organisation",
    "Mentor",
    "Confirmed on",
    "Sessions held",
    "Sessions ahead",
    "Last session held",
    "Participant says it works",
    "Mentor says it works",
    "Change asked for",
]


def _answer(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def pairing_csv_rows(rows: list[PairingRow]) -> list[list[str]]:
    return [
        [
            row.pairing.participant.user.get_full_name(),
            row.pairing.participant.organisation.name,
            str(row.pairing.mentor),
            long_date(uk_day(row.pairing.confirmed_at)),
            str(row.sessions_held),
            str(row.sessions_ahead),
            long_date(uk_day(row.last_contact)) if row.last_contact else "",
            _answer(row.participant_fit),
            _answer(row.mentor_fit),
            "Yes" if row.open_request else "",
        ]
        for row in rows
    ]
