"""The DCS group's work on a cohort's places: conflicts of interest, scores, decisions, the
waiting list (and refilling a freed place from it), telling applicants their outcomes, and the
reminders of scores still owed. Every rule that matters is kept here, in a transaction.

Every change that could take a place locks the cohort first (``places.cohort_lock``) and counts
the places held, so no more offers hold places than the cohort has.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet, Subquery
from django.utils import timezone

from applications import rules
from applications.errors import AllocationError, DecisionConflict
from applications.models import (
    AllocationSettings,
    Allocator,
    ConflictOfInterest,
    Criterion,
    Decision,
    ExpressionOfInterest,
    Offer,
    Score,
)
from applications.rules import can_allocate
from applications.services.offers import offer_send
from applications.services.places import (
    cohort_lock,
    places_held,
    settings_for,
    waiting_list_renumber,
    waiting_order,
)
from cohorts.models import Cohort
from csssl import roles
from csssl.limits import length_problems
from csssl.outbox import email_send

PARKED_RANK = 1_000_000
Outcome = Decision.Outcome
OfferState = Offer.State


def check_length(model, field: str, value: str, what: str) -> None:
    """Refuse a text longer than its field holds, saying which it is (``what``)."""
    problem = length_problems(model, {field: value}).get(field)
    if problem:
        raise AllocationError(f"{what}: {problem}")


# --- Who may score what ----------------------------------------------------------------------


def eligible_applications(cohort: Cohort) -> QuerySet[ExpressionOfInterest]:
    """Applications the group may score and offer places to: submitted and endorsed."""
    return ExpressionOfInterest.objects.filter(cohort=cohort).submitted_and_endorsed()


def conflict_reason(member, application: ExpressionOfInterest) -> str | None:
    """Why ``member`` may not score ``application``, or None."""
    allocator = Allocator.objects.filter(user=member).select_related("local_authority").first()
    if (
        allocator
        and allocator.local_authority_id
        and allocator.local_authority_id == application.local_authority_id
    ):
        return f"the applicant works in {allocator.local_authority}, the authority you lead"
    return None


def conflicts_record(*, member, cohort: Cohort) -> int:
    """Put on the record every application of the cohort that ``member`` may not score
    because it comes from their own authority. Returns how many were found missing a record
    (another visit at the same moment may have written some of them first: the one record
    each stands).

    Run on every visit to the board, so it costs one query once all are on record: the
    applications from the member's authority still missing a record are found in one (the
    authority read inside it), and the authority's name and the records written in two more."""
    authority = Subquery(
        Allocator.objects.filter(user=member).order_by("pk").values("local_authority_id")[:1]
    )
    missing = list(
        eligible_applications(cohort)
        .filter(local_authority_id=authority)
        .exclude(conflicts__member=member)
        .order_by()
        .values_list("pk", flat=True)
    )
    if not missing:
        return 0
    allocator = Allocator.objects.filter(user=member).select_related("local_authority").first()
    reason = f"Applicant works in {allocator.local_authority}, led by this member."
    created = ConflictOfInterest.objects.bulk_create(
        [ConflictOfInterest(application_id=pk, member=member, reason=reason) for pk in missing],
        ignore_conflicts=True,
    )
    return len(created)


# --- Scores ----------------------------------------------------------------------------------


def score_record(
    *,
    application: ExpressionOfInterest,
    scorer,
    criterion: Criterion,
    value: int,
    comment: str = "",
) -> Score:
    """A member of the DCS group scores an endorsed application against one criterion, 1 to 5.
    A member is kept from scoring applicants from their own authority, and the attempt is
    recorded as a conflict of interest."""
    if not rules.can_score(scorer):
        raise AllocationError("Only members of the DCS group score applications.")
    if criterion.cohort_id != application.cohort_id:
        raise AllocationError("That criterion belongs to another cohort.")
    if not rules.scoring_open(application.cohort):
        raise AllocationError("Scoring for this cohort has closed.")
    if not eligible_applications(application.cohort).filter(pk=application.pk).exists():
        raise AllocationError("Only submitted, endorsed applications are scored.")
    reason = conflict_reason(scorer, application)
    if reason:
        ConflictOfInterest.objects.get_or_create(
            application=application,
            member=scorer,
            defaults={"reason": reason[0].upper() + reason[1:]},
        )
        raise AllocationError(f"You cannot score this application: {reason}. This is recorded.")
    if not 1 <= int(value) <= 5:
        raise AllocationError("A score is a whole number from 1 to 5.")
    value, comment = int(value), comment.strip()
    check_length(Score, "comment", comment, f"The comment on {criterion}")
    with transaction.atomic():
        # Sent twice at once (a double click), the second waits for the first's row and
        # finds nothing to change, so the score is written, and its history kept, once.
        score, created = Score.objects.select_for_update().get_or_create(
            application=application,
            scorer=scorer,
            criterion=criterion,
            defaults={"value": value, "comment": comment},
        )
        if not created and (score.value, score.comment) != (value, comment):
            score.value, score.comment = value, comment
            score.save()
    return score


# --- Decisions and the waiting list ---------------------------------------------------------


def _already_recorded(
    decision: Decision | None,
    live: Offer | None,
    *,
    outcome: str,
    reason: str,
    waiting_rank: int | None,
) -> bool:
    """Whether recording ``outcome`` would change nothing: the same outcome and reason, the
    same place on the waiting list (a place past the end is the last), and for an offer, an
    offer still holding the place."""
    if decision is None or (decision.outcome, decision.reason) != (outcome, reason):
        return False
    if outcome == Outcome.OFFER:
        return live is not None
    if outcome == Outcome.WAITING_LIST and waiting_rank is not None:
        on_list = Decision.objects.filter(cohort_id=decision.cohort_id, outcome=outcome).count()
        return min(max(waiting_rank, 1), on_list) == decision.waiting_rank
    return live is None


def decision_record(
    *,
    application: ExpressionOfInterest,
    outcome: str,
    reason: str,
    by,
    waiting_rank: int | None = None,
    seen_version: int | None = None,
) -> Decision:
    """Record the group's decision, with its reason. An offer takes a place and is refused
    when every place is held; an offer already sent can no longer be changed here (the
    applicant declines, or it lapses).

    ``seen_version`` is the version of the decision on the page it was made on (0 when the
    page showed none). When someone has changed the decision since, it is refused with
    what they recorded (``DecisionConflict``) instead of silently replacing theirs. Pages
    always pass it; None is for callers that show nothing first. Recording exactly what is
    recorded already (a double click) changes nothing, and is no conflict."""
    if not can_allocate(by):
        raise AllocationError("Only the DCS group and coordinators decide on places.")
    if outcome not in Outcome.values:
        raise AllocationError("Choose offer, waiting list or not offered.")
    if not reason.strip():
        raise AllocationError("Give the reason for the decision: it is kept on the record.")
    check_length(Decision, "reason", reason.strip(), "The reason")
    if application.status != ExpressionOfInterest.Status.SUBMITTED:
        raise AllocationError("Only a submitted application can be decided on.")
    reason = reason.strip()
    with transaction.atomic():
        cohort = cohort_lock(application.cohort_id)
        if not rules.deciding_open(cohort):
            raise AllocationError("Places on this cohort are not being allocated.")
        if (
            outcome == Outcome.OFFER
            and not eligible_applications(cohort).filter(pk=application.pk).exists()
        ):
            raise AllocationError("A place can only be offered on an endorsed application.")
        live = Offer.objects.select_for_update().filter(application=application).holding().first()
        # Compared under the cohort's lock, so two people deciding at once are taken in turn.
        decision = Decision.objects.select_for_update().filter(application=application).first()
        if _already_recorded(
            decision, live, outcome=outcome, reason=reason, waiting_rank=waiting_rank
        ):
            return decision
        if seen_version is not None and decision is not None and decision.version != seen_version:
            raise DecisionConflict(decision)
        if live and live.state != OfferState.PENDING and outcome != Outcome.OFFER:
            raise AllocationError(
                "The offer has been sent to the applicant, so it stands until they decline or "
                "it lapses."
            )
        if outcome == Outcome.OFFER and live is None:
            if places_held(cohort) >= cohort.capacity:
                raise AllocationError(
                    f"All {cohort.capacity} places are held. Free a place first, or put this "
                    "applicant on the waiting list."
                )
            Offer.objects.create(application=application, cohort=cohort)
        if outcome != Outcome.OFFER and live is not None:
            live.state = OfferState.WITHDRAWN
            live.save(update_fields=["state"])

        order = [pk for pk in waiting_order(cohort) if decision is None or pk != decision.pk]
        if decision is None:
            decision = Decision(application=application, cohort=cohort)
        else:
            decision.version += 1
            if decision.outcome != outcome:
                decision.letter_sent_at = None
        decision.outcome = outcome
        decision.reason = reason
        decision.decided_by = by
        decision.decided_at = timezone.now()
        # A rank out of the way while saving; the list is then numbered 1, 2, 3... again,
        # and the history records the real rank, not this one.
        on_list = outcome == Outcome.WAITING_LIST
        decision.waiting_rank = PARKED_RANK if on_list else None
        decision._history_user = by
        if on_list:
            decision.save_without_historical_record()
        else:
            decision.save()
        if on_list:
            position = (
                len(order)
                if waiting_rank is None
                else min(max(waiting_rank, 1), len(order) + 1) - 1
            )
            order.insert(position, decision.pk)
        waiting_list_renumber(cohort, order, by=by, placed=decision.pk if on_list else None)
        decision.refresh_from_db(fields=["waiting_rank", "version"])
    return decision


def waiting_list_move(
    *, application: ExpressionOfInterest, rank: int, by, seen_version: int | None = None
) -> Decision:
    """Move an applicant to another place on the waiting list (kept in the decision's
    history, with who moved it). A move made on a page showing an older version of the
    decision is refused, as in ``decision_record``."""
    decision = Decision.objects.filter(application=application).first()
    if decision is None or decision.outcome != Outcome.WAITING_LIST:
        raise AllocationError("This applicant is not on the waiting list.")
    return decision_record(
        application=application,
        outcome=Outcome.WAITING_LIST,
        reason=decision.reason,
        by=by,
        waiting_rank=rank,
        seen_version=decision.version if seen_version is None else seen_version,
    )


# --- Telling applicants ----------------------------------------------------------------------


def outcomes_send(*, cohort: Cohort, now: datetime | None = None) -> dict[str, int]:
    """Tell every applicant with a decision its outcome: offers (with a link to accept or
    decline by a date), waiting-list and not-offered letters. Each goes once, however often
    this runs."""
    now = now or timezone.now()
    counts = {"offers": 0, "letters": 0}
    with transaction.atomic():
        cohort = cohort_lock(cohort.pk)
        pending = Offer.objects.filter(cohort=cohort, state=OfferState.PENDING).select_related(
            "application__applicant", "cohort__programme"
        )
        for offer in pending:
            offer_send(offer, now=now)
            counts["offers"] += 1
        letters = (
            Decision.objects.filter(cohort=cohort)
            .letters_due()
            .select_related("application__applicant", "cohort__programme")
        )
        for decision in letters:
            email_send(
                kind="outcome_letter",
                to=decision.application.applicant.email,
                about=decision.application,
                occasion=decision.outcome,
                template="applications/outcome_letter",
                context={
                    "decision": decision,
                    "application": decision.application,
                    "cohort": cohort,
                },
            )
            decision.letter_sent_at = now
            decision.save(update_fields=["letter_sent_at"])
            counts["letters"] += 1
    return counts


def outcomes_unsent(cohort: Cohort) -> dict[str, int]:
    """What pressing 'send outcomes' would send now."""
    return {
        "offers": Offer.objects.filter(cohort=cohort, state=OfferState.PENDING).count(),
        "letters": Decision.objects.filter(cohort=cohort).letters_due().count(),
    }


# --- A freed place ---------------------------------------------------------------------------


def place_freed(cohort: Cohort, *, now: datetime) -> None:
    """A held place was given up: refill it from the waiting list if the cohort says so."""
    if settings_for(cohort).refill == AllocationSettings.Refill.AUTOMATIC:
        offer_next_from_waiting_list(cohort=cohort, by=None, now=now)


def offer_next_from_waiting_list(
    *, cohort: Cohort, by, now: datetime | None = None
) -> Offer | None:
    """Offer a free place to the first on the waiting list, and send the offer at once.
    Returns None when there is no free place or nobody waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort = cohort_lock(cohort.pk)
        if places_held(cohort) >= cohort.capacity:
            return None
        decision = (
            # The applicant's account is read, not locked (an anonymised application has none).
            Decision.objects.select_for_update(of=("self", "application"))
            .filter(
                cohort=cohort,
                outcome=Outcome.WAITING_LIST,
                application__status=ExpressionOfInterest.Status.SUBMITTED,
            )
            .order_by("waiting_rank")
            .select_related("application__applicant")
            .first()
        )
        if decision is None:
            return None
        rank = decision.waiting_rank
        order = waiting_order(cohort)
        order.remove(decision.pk)
        decision.outcome = Outcome.OFFER
        decision.waiting_rank = None
        decision.reason = f"Offered a freed place from the waiting list (was number {rank})."
        decision.decided_by = by
        decision.decided_at = now
        decision.letter_sent_at = None
        decision.version += 1
        decision._history_user = by
        decision.save()
        waiting_list_renumber(cohort, order, by=by)
        offer = Offer.objects.create(application=decision.application, cohort=cohort)
        offer_send(offer, now=now)
    return offer


# --- Reminders -------------------------------------------------------------------------------


def scoring_gaps(cohort: Cohort) -> dict[int, int]:
    """For each DCS group member: how many scores they still owe on the cohort's endorsed
    applications (leaving out applications they have a conflict of interest on)."""
    members = list(
        Group.objects.get(name=roles.DCS_GROUP)
        .user_set.filter(is_active=True)
        .select_related("allocator")
    )
    applications = list(eligible_applications(cohort).values_list("pk", "local_authority_id"))
    criteria = Criterion.objects.filter(cohort=cohort).count()
    given: dict[int, int] = {}
    for scorer_id in Score.objects.filter(application__cohort=cohort).values_list(
        "scorer_id", flat=True
    ):
        given[scorer_id] = given.get(scorer_id, 0) + 1
    gaps = {}
    for member in members:
        own = getattr(getattr(member, "allocator", None), "local_authority_id", None)
        owed = sum(criteria for _, la in applications if not (own and la == own))
        gaps[member.pk] = max(owed - given.get(member.pk, 0), 0)
    return gaps
