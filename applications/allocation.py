"""Allocation of places by the DCS group: scores, conflicts of interest, decisions, offers,
the waiting list and fees. Every rule that matters is kept here, in a transaction.

Capacity is guarded by a row lock on the cohort: every change that could take a place locks
the cohort first and counts the places held (offers pending, sent or accepted), so however
many people click at once, no more offers hold places than the cohort has.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Programme
from cohorts.services import organisation_for, participant_enrol
from csssl import roles
from csssl.addresses import absolute_url
from csssl.limits import length_problems
from csssl.outbox import Attachment, email_send

from .models import (
    AllocationSettings,
    Allocator,
    ConflictOfInterest,
    Criterion,
    Decision,
    Endorsement,
    ExpressionOfInterest,
    Invoice,
    Offer,
    Score,
)

OFFER_SALT = "applications.offer"
PARKED_RANK = 1_000_000
ALLOCATING_STATUSES = (Cohort.Status.OPEN, Cohort.Status.ALLOCATING, Cohort.Status.RUNNING)
Outcome = Decision.Outcome
OfferState = Offer.State


class AllocationError(Exception):
    """A rule of allocation was broken; the message is for the person who tried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_length(model, field: str, value: str, what: str) -> None:
    problem = length_problems(model, {field: value}).get(field)
    if problem:
        raise AllocationError(f"{what}: {problem}")


class DecisionConflict(AllocationError):
    """A decision made on a page that showed an older version of it: someone has changed it
    since. ``decision`` is the decision as it stands now."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        latest = decision.history.order_by("-history_date", "-history_id").first()
        who = latest.history_user if latest else decision.decided_by
        when = timezone.localtime(latest.history_date if latest else decision.decided_at)
        now = decision.get_outcome_display()
        if decision.waiting_rank:
            now += f", number {decision.waiting_rank}"
        super().__init__(
            f"This decision was changed by {who or 'the system, automatically'} at "
            f"{when:%H:%M on %-d %B %Y}, after your page was shown. It is now: {now}, "
            f"because “{decision.reason}”."
        )


# --- Who and what ----------------------------------------------------------------------------


def can_allocate(user) -> bool:
    """Members of the DCS group and coordinators work on the allocation board."""
    return roles.is_dcs_member(user) or roles.is_coordinator(user)


def settings_for(cohort: Cohort) -> AllocationSettings:
    """The cohort's allocation settings, made with sensible defaults the first time."""
    deadline_day = timezone.localtime(cohort.application_deadline).date()
    default_close = max(cohort.places_awarded_by - timedelta(days=7), deadline_day)
    found, _ = AllocationSettings.objects.get_or_create(
        cohort=cohort, defaults={"scoring_closes_on": default_close}
    )
    return found


def eligible_applications(cohort: Cohort) -> QuerySet[ExpressionOfInterest]:
    """Applications the group may score and offer places to: submitted and endorsed."""
    return ExpressionOfInterest.objects.filter(
        cohort=cohort,
        status=ExpressionOfInterest.Status.SUBMITTED,
        endorsements__state=Endorsement.State.CONFIRMED,
    )


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
    because it comes from their own authority. Returns how many were new."""
    allocator = Allocator.objects.filter(user=member).select_related("local_authority").first()
    if not (allocator and allocator.local_authority_id):
        return 0
    created = 0
    for application in eligible_applications(cohort).filter(
        local_authority_id=allocator.local_authority_id
    ):
        _, new = ConflictOfInterest.objects.get_or_create(
            application=application,
            member=member,
            defaults={
                "reason": f"Applicant works in {allocator.local_authority}, led by this member."
            },
        )
        created += new
    return created


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
    if not roles.is_dcs_member(scorer):
        raise AllocationError("Only members of the DCS group score applications.")
    if criterion.cohort_id != application.cohort_id:
        raise AllocationError("That criterion belongs to another cohort.")
    if application.cohort.status not in (Cohort.Status.OPEN, Cohort.Status.ALLOCATING):
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
    _check_length(Score, "comment", comment, f"The comment on {criterion}")
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


# --- Decisions and capacity ------------------------------------------------------------------


def _lock_cohort(cohort_id: int) -> Cohort:
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def places_held(cohort: Cohort) -> int:
    return Offer.objects.filter(cohort=cohort, state__in=Offer.HOLDING).count()


def _renumber_waiting_list(
    cohort: Cohort, order: list[int], *, by, placed: int | None = None
) -> None:
    """Give the decisions in ``order`` the ranks 1, 2, 3... in two steps, so that the
    one-applicant-per-rank constraint holds at every moment. Every decision whose rank changes
    (and the one just ``placed``) gets a history record naming ``by``."""
    waiting = Decision.objects.filter(cohort=cohort, outcome=Outcome.WAITING_LIST)
    before = dict(waiting.values_list("pk", "waiting_rank"))
    top = max([rank or 0 for rank in before.values()] + [0]) + len(order) + 1
    for offset, pk in enumerate(order):
        Decision.objects.filter(pk=pk).update(waiting_rank=top + offset)
    changed = []
    for rank, decision in enumerate(
        sorted(waiting.filter(pk__in=order), key=lambda d: order.index(d.pk)), start=1
    ):
        moved = before.get(decision.pk) != rank
        # A new place is a new version: a page showing the old place is out of date.
        Decision.objects.filter(pk=decision.pk).update(
            waiting_rank=rank, **({"version": F("version") + 1} if moved else {})
        )
        if moved or decision.pk == placed:
            decision.waiting_rank = rank
            changed.append(decision)
    if changed:
        bulk_history_create(Decision, changed, by)


def bulk_history_create(model, objects: list, by) -> None:
    """History records for rows changed by ``update()``, which writes none by itself."""
    model.history.bulk_history_create(objects, update=True, default_user=by)


def _waiting_order(cohort: Cohort) -> list[int]:
    return list(
        Decision.objects.filter(cohort=cohort, outcome=Outcome.WAITING_LIST)
        .order_by("waiting_rank")
        .values_list("pk", flat=True)
    )


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
    _check_length(Decision, "reason", reason.strip(), "The reason")
    if application.status != ExpressionOfInterest.Status.SUBMITTED:
        raise AllocationError("Only a submitted application can be decided on.")
    reason = reason.strip()
    with transaction.atomic():
        cohort = _lock_cohort(application.cohort_id)
        if cohort.status not in ALLOCATING_STATUSES:
            raise AllocationError("Places on this cohort are not being allocated.")
        if (
            outcome == Outcome.OFFER
            and not eligible_applications(cohort).filter(pk=application.pk).exists()
        ):
            raise AllocationError("A place can only be offered on an endorsed application.")
        live = (
            Offer.objects.select_for_update()
            .filter(application=application, state__in=Offer.HOLDING)
            .first()
        )
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

        order = [pk for pk in _waiting_order(cohort) if decision is None or pk != decision.pk]
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
        _renumber_waiting_list(cohort, order, by=by, placed=decision.pk if on_list else None)
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


def offer_token(offer: Offer) -> str:
    return signing.dumps({"o": offer.pk, "n": offer.nonce}, salt=OFFER_SALT)


def offer_url(offer: Offer) -> str:
    return reverse("applications:offer_link", kwargs={"token": offer_token(offer)})


def offer_from_token(token: str, *, user) -> Offer:
    """The offer a link is for, if it is the signed-in person's; None is never returned:
    a link that is tampered with, too old, or someone else's raises LookupError."""
    try:
        payload = signing.loads(
            token, salt=OFFER_SALT, max_age=timedelta(days=settings.OFFER_LINK_DAYS)
        )
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise LookupError("invalid or expired offer link") from exc
    offer = (
        Offer.objects.select_related("application")
        .filter(pk=payload.get("o"), nonce=payload.get("n"), application__applicant=user)
        .first()
    )
    if offer is None:
        raise LookupError("no such offer for this person")
    return offer


def _respond_by(now: datetime, days: int) -> datetime:
    """The end of the day (23:59 UK time) ``days`` days from now."""
    day = timezone.localtime(now).date() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def _offer_context(offer: Offer) -> dict:
    application = offer.application
    return {
        "offer": offer,
        "application": application,
        "cohort": offer.cohort,
        "fee": offer.cohort.fee if application.is_external_partner else Decimal("0"),
    }


def offer_link_secret(offer: Offer) -> dict[str, str]:
    """The offer's link as an email's secret (``{{ link }}`` in the template): only the
    applicant reads it, never staff."""
    return {"link": absolute_url("applications:offer_link", token=offer_token(offer))}


def _send_offer(offer: Offer, *, now: datetime) -> None:
    days = settings_for(offer.cohort).offer_response_days
    offer.state = OfferState.SENT
    offer.sent_at = now
    offer.respond_by = _respond_by(now, days)
    offer.save(update_fields=["state", "sent_at", "respond_by"])
    email_send(
        kind="offer",
        to=offer.application.applicant.email,
        about=offer,
        occasion="sent",
        template="applications/offer",
        context=_offer_context(offer),
        secrets=offer_link_secret(offer),
    )


def outcomes_send(*, cohort: Cohort, now: datetime | None = None) -> dict[str, int]:
    """Tell every applicant with a decision its outcome: offers (with a link to accept or
    decline by a date), waiting-list and not-offered letters. Each goes once, however often
    this runs."""
    now = now or timezone.now()
    counts = {"offers": 0, "letters": 0}
    with transaction.atomic():
        cohort = _lock_cohort(cohort.pk)
        pending = Offer.objects.filter(cohort=cohort, state=OfferState.PENDING).select_related(
            "application__applicant", "cohort__programme"
        )
        for offer in pending:
            _send_offer(offer, now=now)
            counts["offers"] += 1
        letters = Decision.objects.filter(
            cohort=cohort,
            outcome__in=[Outcome.WAITING_LIST, Outcome.NOT_OFFERED],
            letter_sent_at__isnull=True,
            application__status=ExpressionOfInterest.Status.SUBMITTED,
        ).select_related("application__applicant", "cohort__programme")
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
        "letters": Decision.objects.filter(
            cohort=cohort,
            outcome__in=[Outcome.WAITING_LIST, Outcome.NOT_OFFERED],
            letter_sent_at__isnull=True,
            application__status=ExpressionOfInterest.Status.SUBMITTED,
        ).count(),
    }


# --- The applicant's answer ------------------------------------------------------------------


def _lock_offer(offer: Offer, user) -> Offer:
    locked = (
        Offer.objects.select_for_update()
        .select_related("application__applicant", "cohort__programme")
        .get(pk=offer.pk)
    )
    if locked.application.applicant_id != user.pk:
        raise AllocationError("This offer is for someone else.")
    return locked


def _check_answerable(offer: Offer, now: datetime) -> None:
    if offer.state == OfferState.SENT and now > offer.respond_by:
        raise AllocationError(
            f"The date to answer this offer was {timezone.localtime(offer.respond_by):%-d %B %Y}; "
            f"please write to {offer.cohort.programme.contact_email}."
        )
    if offer.state != OfferState.SENT:
        raise AllocationError(
            f"This offer can no longer be answered: it is {offer.get_state_display().lower()}."
        )


def offer_accept(*, offer: Offer, user, now: datetime | None = None):
    """The applicant accepts by the date: they become a participant, and an external
    partner's place raises an invoice. Accepting twice (a double click) is one acceptance."""
    now = now or timezone.now()
    with transaction.atomic():
        offer = _lock_offer(offer, user)
        application = offer.application
        if offer.state == OfferState.ACCEPTED:
            return application.applicant.participations.get(cohort=offer.cohort)
        _check_answerable(offer, now)
        offer.state = OfferState.ACCEPTED
        offer.responded_at = now
        offer.save(update_fields=["state", "responded_at"])
        organisation = organisation_for(
            name=application.employer,
            type=application.organisation_type,
            local_authority=application.local_authority,
        )
        participant = participant_enrol(
            user=application.applicant,
            cohort=offer.cohort,
            organisation=organisation,
            job_title=application.job_title,
            local_authority=application.local_authority,
        )
        if application.is_external_partner and offer.cohort.fee > 0:
            invoice_raise(offer=offer, today=timezone.localtime(now).date())
        email_send(
            kind="offer_accepted",
            to=application.applicant.email,
            about=offer,
            template="applications/offer_accepted",
            context=_offer_context(offer),
        )
    return participant


def offer_decline(*, offer: Offer, user, reason: str = "", now: datetime | None = None) -> Offer:
    """The applicant declines; the place is freed for the waiting list."""
    _check_length(Offer, "decline_reason", reason.strip(), "Your reason")
    now = now or timezone.now()
    with transaction.atomic():
        offer = _lock_offer(offer, user)
        if offer.state == OfferState.DECLINED:
            return offer
        _check_answerable(offer, now)
        offer.state = OfferState.DECLINED
        offer.responded_at = now
        offer.decline_reason = reason.strip()
        offer.save(update_fields=["state", "responded_at", "decline_reason"])
        email_send(
            kind="offer_declined",
            to=offer.application.applicant.email,
            about=offer,
            template="applications/offer_declined",
            context=_offer_context(offer),
        )
        place_freed(offer.cohort, now=now)
    return offer


def offers_lapse(*, now: datetime | None = None) -> int:
    """Offers not answered by their date lapse, and their places are freed."""
    now = now or timezone.now()
    lapsed = 0
    due = Offer.objects.filter(state=OfferState.SENT, respond_by__lt=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            offer = (
                Offer.objects.select_for_update()
                .select_related("application__applicant", "cohort__programme")
                .get(pk=pk)
            )
            if offer.state != OfferState.SENT or offer.respond_by >= now:
                continue
            offer.state = OfferState.LAPSED
            offer.save(update_fields=["state"])
            email_send(
                kind="offer_lapsed",
                to=offer.application.applicant.email,
                about=offer,
                template="applications/offer_lapsed",
                context=_offer_context(offer),
            )
            place_freed(offer.cohort, now=now)
            lapsed += 1
    return lapsed


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
        cohort = _lock_cohort(cohort.pk)
        if places_held(cohort) >= cohort.capacity:
            return None
        decision = (
            Decision.objects.select_for_update()
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
        order = _waiting_order(cohort)
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
        _renumber_waiting_list(cohort, order, by=by)
        offer = Offer.objects.create(application=decision.application, cohort=cohort)
        _send_offer(offer, now=now)
    return offer


# --- Fees ------------------------------------------------------------------------------------


def invoice_raise(*, offer: Offer, today: date) -> Invoice:
    """Raise the invoice for an external partner's accepted place, numbered in sequence per
    programme and year; it is emailed with its PDF once the acceptance is committed."""
    application = offer.application
    cohort = offer.cohort
    programme = Programme.objects.select_for_update().get(pk=cohort.programme_id)
    prefix = f"{programme.short_name.upper()}-{today.year}-"
    count = Invoice.objects.filter(number__startswith=prefix).count()
    invoice = Invoice.objects.create(
        offer=offer,
        number=f"{prefix}{count + 1:04d}",
        payer_name=application.invoice_contact_name or application.employer,
        payer_email=application.invoice_contact_email or application.applicant.email,
        payer_address=application.invoice_address,
        purchase_order_number=application.purchase_order_number,
        description=f"A place on {programme.name}, {cohort.name}, for {application.full_name}",
        amount=cohort.fee,
        issued_on=today,
        due_on=today + timedelta(days=30),
    )
    invoice_email(invoice=invoice)
    return invoice


def invoice_email(*, invoice: Invoice) -> bool:
    """Email the invoice with its PDF to the payer, once (written in the same transaction as
    the acceptance that raised it, so it cannot be lost)."""
    from .documents import invoice_pdf

    invoice = Invoice.objects.select_related("offer__cohort__programme", "offer__application").get(
        pk=invoice.pk
    )
    _, created = email_send(
        kind="invoice",
        to=invoice.payer_email,
        about=invoice,
        template="applications/invoice",
        context={"invoice": invoice, "cohort": invoice.offer.cohort},
        attachments=[Attachment(f"{invoice.number}.pdf", invoice_pdf(invoice), "application/pdf")],
    )
    return created


def invoice_mark_paid(*, invoice: Invoice, paid_on: date, by) -> Invoice:
    """A coordinator records the payment (who and when are kept in the invoice's history)."""
    if not roles.is_coordinator(by):
        raise AllocationError("Only coordinators record payments.")
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status == Invoice.Status.CANCELLED:
            raise AllocationError("A cancelled invoice cannot be paid.")
        if locked.status == Invoice.Status.PAID:
            return locked  # paid already: the date first recorded stands
        locked.status = Invoice.Status.PAID
        locked.paid_on = paid_on
        locked._history_user = by
        locked.save(update_fields=["status", "paid_on"])
    return locked


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
