"""An applicant's expression of interest: starting a draft, saving it, submitting it before the
deadline, and withdrawing it. What the form asks, and what must be answered to submit, is the
form's shape (``applications.form_shape``)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from applications.errors import ApplicationError
from applications.form_shape import (
    DECLARATIONS,
    DRAFT_FIELDS,
    EQUALITY_QUESTIONS,
    EXTERNAL_PARTNER_FIELDS,
    REQUIRED_FOR_EXTERNAL_PARTNERS,
    REQUIRED_TO_SUBMIT,
    STATEMENT_WORD_LIMIT,
    STATEMENTS,
    word_count,
)
from applications.models import Endorsement, EqualityMonitoring, ExpressionOfInterest, Offer
from applications.services.allocation import place_freed
from applications.services.endorsements import endorsement_request
from cohorts.models import Cohort
from csssl.addresses import absolute_url
from csssl.limits import length_problems
from csssl.outbox import email_send
from csssl.uktime import time_on_weekday

Status = ExpressionOfInterest.Status


def _lock(application: ExpressionOfInterest) -> ExpressionOfInterest:
    return ExpressionOfInterest.objects.select_for_update().get(pk=application.pk)


def application_start(*, cohort: Cohort, applicant, now: datetime | None = None):
    """Open the applicant's one application for a cohort, creating a draft the first time.

    A new draft can only be started while the cohort's window is open (at ``now``, which is
    also when the draft is stamped as started); an existing one is returned whatever the
    date, so nothing already typed is ever out of reach."""
    existing = ExpressionOfInterest.objects.filter(cohort=cohort, applicant=applicant).first()
    if existing:
        return existing
    if not cohort.is_open_for_applications(now=now):
        raise ApplicationError("Applications for this cohort are not open.")
    application, _ = ExpressionOfInterest.objects.get_or_create(
        cohort=cohort,
        applicant=applicant,
        defaults={
            "first_name": applicant.first_name,
            "last_name": applicant.last_name,
            "created_at": now or timezone.now(),
        },
    )
    return application


def not_editable(application: ExpressionOfInterest) -> ApplicationError:
    """The refusal to change an application that is no longer a draft."""
    done = "withdrawn" if application.status == Status.WITHDRAWN else "submitted"
    return ApplicationError(
        f"This application has been {done} and can no longer be edited.", moved_on=True
    )


def application_save_draft(
    *,
    application: ExpressionOfInterest,
    data: dict,
    equality: dict | None = None,
) -> ExpressionOfInterest:
    """Keep what the applicant typed. Drafts may be saved at any time, even after the
    deadline has passed, so that nothing is lost; only submitting is bound by the deadline.
    An answer longer than its field holds is refused, and then nothing is saved: the caller
    still has everything, to show again with the problem beside the answer. Once submitted or
    withdrawn (checked under the row lock, so a submission a moment ago in another request
    counts) it can no longer be changed."""
    problems = length_problems(
        ExpressionOfInterest, {field: data[field] for field in DRAFT_FIELDS if field in data}
    )
    if problems:
        raise ApplicationError(
            "Some answers are too long to save. Each is marked below.", errors=problems
        )
    with transaction.atomic():
        locked = _lock(application)
        if locked.status != Status.DRAFT:
            raise not_editable(locked)
        for field in DRAFT_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        if not locked.pays_fee:
            for field in EXTERNAL_PARTNER_FIELDS:
                setattr(locked, field, "")
        locked.save()
        if equality is not None:
            equality_save(application=locked, answers=equality)
    return locked


def equality_save(*, application: ExpressionOfInterest, answers: dict) -> None:
    """Store optional equality answers apart from the application; all blank removes them."""
    values = {f: answers.get(f) or "" for f in EQUALITY_QUESTIONS}
    if any(values.values()):
        EqualityMonitoring.objects.update_or_create(application=application, defaults=values)
    else:
        EqualityMonitoring.objects.filter(application=application).delete()


def submission_problems(application: ExpressionOfInterest) -> dict[str, str]:
    """What still stops this application being submitted, field by field."""
    problems = {
        field: message
        for field, message in REQUIRED_TO_SUBMIT.items()
        if getattr(application, field) in ("", None)
    }
    if application.pays_fee:
        problems |= {
            field: message
            for field, message in REQUIRED_FOR_EXTERNAL_PARTNERS.items()
            if not getattr(application, field)
        }
    for field in STATEMENTS:
        words = word_count(getattr(application, field))
        if words > STATEMENT_WORD_LIMIT:
            problems[field] = (
                f"Use {STATEMENT_WORD_LIMIT} words or fewer: this has {words}. "
                "Your text is saved; shorten it and submit again."
            )
    if application.endorser_email and (
        application.endorser_email.strip().lower() == application.applicant.email.lower()
    ):
        problems["endorser_email"] = "Your endorser must be someone other than you."
    problems |= {
        field: message for field, message in DECLARATIONS.items() if not getattr(application, field)
    }
    return problems


def application_submit(
    *, application: ExpressionOfInterest, now: datetime | None = None
) -> ExpressionOfInterest:
    """Submit a complete draft before the cohort's deadline (checked here, on the server, in
    UK time), ask the endorser to confirm, and send the applicant a receipt. Submitting twice
    (a double click) changes nothing the second time."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(application)
        cohort = Cohort.objects.get(pk=locked.cohort_id)
        if locked.status == Status.SUBMITTED:
            return locked
        if locked.status == Status.WITHDRAWN:
            raise ApplicationError(
                "This application was withdrawn and cannot be submitted.", moved_on=True
            )
        if not cohort.is_open_for_applications(now=now):
            raise ApplicationError(
                f"Applications for {cohort} closed at "
                f"{time_on_weekday(cohort.application_deadline)}. "
                "Your draft is saved, but it can no longer be submitted."
            )
        problems = submission_problems(locked)
        if problems:
            raise ApplicationError(
                "Some answers are missing or too long. Each is marked below.", errors=problems
            )
        locked.status = Status.SUBMITTED
        locked.submitted_at = now
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        endorsement = endorsement_request(application=locked, now=now)
        email_send(
            kind="application_receipt",
            to=locked.applicant.email,
            about=locked,
            template="applications/receipt",
            context={
                "application": locked,
                "cohort": cohort,
                "endorsement": endorsement,
                "link": absolute_url("applications:detail", locked.pk),
            },
        )
    return locked


def application_withdraw(
    *, application: ExpressionOfInterest, reason: str = "", now: datetime | None = None
) -> ExpressionOfInterest:
    """The applicant withdraws; an unanswered endorsement request is cancelled with it, an
    offer not yet answered is given up and its place freed. An accepted place is not given up
    here: leaving the programme is by writing to it."""
    problems = length_problems(ExpressionOfInterest, {"withdrawal_reason": reason.strip()})
    if problems:
        raise ApplicationError(" ".join(problems.values()), errors=problems)
    with transaction.atomic():
        locked = _lock(application)
        if locked.status == Status.WITHDRAWN:
            return locked
        was_submitted = locked.status == Status.SUBMITTED
        offer = Offer.objects.select_for_update().filter(application=locked).holding().first()
        if offer and offer.state == Offer.State.ACCEPTED:
            raise ApplicationError(
                "You have accepted a place on this cohort. To leave the programme, write to "
                f"{locked.cohort.programme.contact_email}."
            )
        locked.status = Status.WITHDRAWN
        locked.withdrawn_at = now or timezone.now()
        locked.withdrawal_reason = reason.strip()
        locked.save()
        Endorsement.objects.filter(application=locked, state=Endorsement.State.PENDING).update(
            state=Endorsement.State.CANCELLED
        )
        if offer is not None:
            sent = offer.state == Offer.State.SENT
            offer.state = Offer.State.DECLINED if sent else Offer.State.WITHDRAWN
            offer.responded_at = locked.withdrawn_at if sent else None
            offer.decline_reason = "The application was withdrawn."
            offer.save(update_fields=["state", "responded_at", "decline_reason"])
            place_freed(locked.cohort, now=locked.withdrawn_at)
        if was_submitted:
            email_send(
                kind="application_withdrawn",
                to=locked.applicant.email,
                about=locked,
                template="applications/withdrawn",
                context={"application": locked, "cohort": locked.cohort},
            )
    return locked
