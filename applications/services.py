"""Every change to an expression of interest or its endorsement, with the rules it must keep."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from csssl.addresses import absolute_url
from csssl.limits import length_problems
from csssl.outbox import email_send

from .allocation import place_freed
from .models import (
    STATEMENT_WORD_LIMIT,
    Endorsement,
    EqualityMonitoring,
    ExpressionOfInterest,
    Offer,
)

Status = ExpressionOfInterest.Status
ENDORSEMENT_SALT = "applications.endorsement"

#: Fields the applicant may change while the application is a draft.
DRAFT_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "job_title",
    "employer",
    "organisation_type",
    "local_authority",
    "sector",
    "service_area",
    "service_led",
    "team_size",
    "reports_to",
    "endorser_name",
    "endorser_job_title",
    "endorser_email",
    "why_now",
    "contribution",
    "development",
    "access_requirements",
    "can_attend_all_dates",
    "agrees_full_engagement",
    "data_protection_consent",
    "invoice_contact_name",
    "invoice_contact_email",
    "invoice_address",
    "purchase_order_number",
)

REQUIRED_TO_SUBMIT = {
    "first_name": "Enter your first name.",
    "last_name": "Enter your last name.",
    "job_title": "Enter your job title.",
    "employer": "Enter the organisation you work for.",
    "organisation_type": "Choose the type of organisation you work for.",
    "local_authority": "Choose the local authority area you work in.",
    "sector": "Choose your sector.",
    "service_area": "Enter your service area.",
    "service_led": "Describe the service or area you lead.",
    "endorser_name": "Enter your endorser's name.",
    "endorser_job_title": "Enter your endorser's job title.",
    "endorser_email": "Enter your endorser's email address.",
    "why_now": "Tell us why this programme, and why now.",
    "contribution": "Tell us what you will bring to the cohort.",
    "development": "Tell us what you want to develop.",
}

REQUIRED_FOR_EXTERNAL_PARTNERS = {
    "invoice_contact_name": "Enter the name of the person who will pay the invoice.",
    "invoice_contact_email": "Enter the email address the invoice should go to.",
    "invoice_address": "Enter the address for the invoice.",
}

DECLARATIONS = {
    "can_attend_all_dates": "Confirm that you can attend every required date.",
    "agrees_full_engagement": "Confirm that you agree to engage fully with the programme.",
    "data_protection_consent": "Give your consent for us to use your information as described.",
}

STATEMENTS = ("why_now", "contribution", "development")


class ApplicationError(Exception):
    """A rule of the application process was broken; the message is for the applicant.

    ``errors`` maps form field names to messages, for showing beside each field. ``moved_on``
    says the application was submitted or withdrawn meanwhile (a double click, another tab), so
    the page to show is the application as it now is, with the message, not the form."""

    def __init__(
        self, message: str, *, errors: dict[str, str] | None = None, moved_on: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.moved_on = moved_on


class EndorsementLinkError(Exception):
    """An endorsement link that cannot be used; ``reason`` says why in the endorser's terms."""

    def __init__(self, reason: str, *, endorsement: Endorsement | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.endorsement = endorsement


def word_count(text: str) -> int:
    return len(text.split())


def _check_lengths(model, **values: str) -> None:
    """Refuse a text longer than its field holds, naming the field it was typed into."""
    problems = length_problems(model, values)
    if problems:
        raise ApplicationError(" ".join(problems.values()), errors=problems)


def _lock(application: ExpressionOfInterest) -> ExpressionOfInterest:
    return ExpressionOfInterest.objects.select_for_update().get(pk=application.pk)


def _london(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M on %A %-d %B %Y}"


def application_start(*, cohort: Cohort, applicant, now: datetime | None = None):
    """Open the applicant's one application for a cohort, creating a draft the first time.

    A new draft can only be started while the cohort's window is open; an existing one is
    returned whatever the date, so nothing already typed is ever out of reach."""
    existing = ExpressionOfInterest.objects.filter(cohort=cohort, applicant=applicant).first()
    if existing:
        return existing
    if not cohort.is_open_for_applications(now=now):
        raise ApplicationError("Applications for this cohort are not open.")
    application, _ = ExpressionOfInterest.objects.get_or_create(
        cohort=cohort,
        applicant=applicant,
        defaults={"first_name": applicant.first_name, "last_name": applicant.last_name},
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
        if not (locked.is_external_partner and locked.cohort.fee):
            for field in (*REQUIRED_FOR_EXTERNAL_PARTNERS, "purchase_order_number"):
                setattr(locked, field, "")
        locked.save()
        if equality is not None:
            equality_save(application=locked, answers=equality)
    return locked


def equality_save(*, application: ExpressionOfInterest, answers: dict) -> None:
    """Store optional equality answers apart from the application; all blank removes them."""
    fields = ("age_band", "sex", "ethnicity", "disability")
    values = {f: answers.get(f) or "" for f in fields}
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
    if application.is_external_partner and application.cohort.fee:
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
                f"Applications for {cohort} closed at {_london(cohort.application_deadline)}. "
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
        endorsement = _request_endorsement(application=locked)
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


def _request_endorsement(*, application: ExpressionOfInterest) -> Endorsement:
    endorsement = Endorsement.objects.create(
        application=application,
        endorser_name=application.endorser_name,
        endorser_job_title=application.endorser_job_title,
        endorser_email=application.endorser_email.strip().lower(),
    )
    endorsement_email(endorsement=endorsement, occasion="request")
    return endorsement


def endorsement_email(*, endorsement: Endorsement, occasion: str) -> bool:
    """Send the endorser a fresh signed link. ``occasion`` ('request', 'reminder-3-days',
    'reminder-2-days') makes each one go once. The link acts for the endorser, so it is the
    email's secret: only the endorser reads it, never staff."""
    application = endorsement.application
    _, created = email_send(
        kind="endorsement_request",
        to=endorsement.endorser_email,
        about=endorsement,
        occasion=occasion,
        template="applications/endorsement_request",
        context={
            "endorsement": endorsement,
            "application": application,
            "cohort": application.cohort,
            "expires_on": endorsement_expires_at(endorsement),
            "reminder": occasion != "request",
        },
        secrets={
            "link": absolute_url("applications:endorse", token=endorsement_token(endorsement))
        },
        reply_to=application.applicant.email,
    )
    return created


def endorsement_token(endorsement: Endorsement) -> str:
    return signing.dumps({"e": endorsement.pk, "n": endorsement.nonce}, salt=ENDORSEMENT_SALT)


def endorsement_url(endorsement: Endorsement) -> str:
    return reverse("applications:endorse", kwargs={"token": endorsement_token(endorsement)})


def endorsement_expires_at(endorsement: Endorsement) -> datetime:
    """A link is good for ENDORSEMENT_LINK_DAYS from when it was sent (each reminder sends
    a fresh one)."""
    return timezone.now() + timedelta(days=settings.ENDORSEMENT_LINK_DAYS)


def endorsement_from_token(token: str) -> Endorsement:
    """The pending endorsement a link is for, or :class:`EndorsementLinkError` saying why not:
    tampered, expired, replaced by a new request, or already answered."""
    try:
        payload = signing.loads(
            token, salt=ENDORSEMENT_SALT, max_age=timedelta(days=settings.ENDORSEMENT_LINK_DAYS)
        )
    except signing.SignatureExpired as exc:
        raise EndorsementLinkError("expired") from exc
    except signing.BadSignature as exc:
        raise EndorsementLinkError("invalid") from exc
    endorsement = (
        Endorsement.objects.select_related(
            "application__cohort__programme", "application__applicant"
        )
        .filter(pk=payload.get("e"), nonce=payload.get("n"))
        .first()
    )
    if endorsement is None:
        raise EndorsementLinkError("invalid")
    if endorsement.state in (Endorsement.State.SUPERSEDED, Endorsement.State.CANCELLED):
        raise EndorsementLinkError(endorsement.state, endorsement=endorsement)
    if endorsement.state != Endorsement.State.PENDING:
        raise EndorsementLinkError("answered", endorsement=endorsement)
    if endorsement.application.cohort.status not in (Cohort.Status.OPEN, Cohort.Status.ALLOCATING):
        raise EndorsementLinkError("closed", endorsement=endorsement)
    return endorsement


def _answer(endorsement: Endorsement, now: datetime | None) -> Endorsement:
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if locked.state != Endorsement.State.PENDING:
        raise EndorsementLinkError(
            "answered" if locked.state in ("confirmed", "declined") else locked.state,
            endorsement=locked,
        )
    locked.responded_at = now or timezone.now()
    return locked


def _result_email(endorsement: Endorsement) -> None:
    application = endorsement.application
    email_send(
        kind="endorsement_result",
        to=application.applicant.email,
        about=endorsement,
        template="applications/endorsement_result",
        context={
            "endorsement": endorsement,
            "application": application,
            "cohort": application.cohort,
            "link": absolute_url("applications:detail", application.pk),
        },
    )


def endorsement_confirm(
    *, endorsement: Endorsement, basis: str, comments: str = "", now: datetime | None = None
) -> Endorsement:
    """The endorser confirms the applicant has approval, or the autonomy, to attend everything.
    A link answers once."""
    if basis not in Endorsement.Basis.values:
        raise ApplicationError(
            "Choose how you can confirm their attendance.", errors={"basis": "Choose one."}
        )
    _check_lengths(Endorsement, comments=comments.strip())
    with transaction.atomic():
        locked = _answer(endorsement, now)
        locked.state = Endorsement.State.CONFIRMED
        locked.basis = basis
        locked.comments = comments.strip()
        locked.save()
        _result_email(locked)
    return locked


def endorsement_decline(
    *, endorsement: Endorsement, reason: str, now: datetime | None = None
) -> Endorsement:
    """The endorser declines, with a reason the applicant will read."""
    if not reason.strip():
        raise ApplicationError(
            "Give a reason: the applicant will see it.",
            errors={"decline_reason": "Give a reason for declining."},
        )
    _check_lengths(Endorsement, decline_reason=reason.strip())
    with transaction.atomic():
        locked = _answer(endorsement, now)
        locked.state = Endorsement.State.DECLINED
        locked.decline_reason = reason.strip()
        locked.save()
        _result_email(locked)
    return locked


def endorser_change(
    *,
    application: ExpressionOfInterest,
    name: str,
    job_title: str,
    email: str,
    replacing: int | None = None,
) -> Endorsement:
    """Ask someone else to endorse while the current request is unanswered (or was declined).
    The old link stops working at once.

    ``replacing`` is the request the applicant saw when asking (its id). When that one has
    been replaced already by a request to the very same person, the change was made a moment
    ago (a double click, another tab): that request is returned and nobody is emailed twice."""
    email = email.strip().lower()
    errors = {}
    if not name.strip():
        errors["endorser_name"] = "Enter your endorser's name."
    if not email:
        errors["endorser_email"] = "Enter your endorser's email address."
    elif email == application.applicant.email.lower():
        errors["endorser_email"] = "Your endorser must be someone other than you."
    errors |= length_problems(
        ExpressionOfInterest,
        {
            "endorser_name": name.strip(),
            "endorser_job_title": job_title.strip(),
            "endorser_email": email,
        },
    )
    if errors:
        raise ApplicationError("Check the endorser's details.", errors=errors)
    with transaction.atomic():
        locked = _lock(application)
        if locked.status != Status.SUBMITTED:
            raise ApplicationError("Only a submitted application has an endorser to change.")
        current = (
            Endorsement.objects.select_for_update()
            .filter(application=locked, state__in=["pending", "confirmed", "declined"])
            .first()
        )
        if (
            replacing is not None
            and current is not None
            and current.pk != replacing
            and current.state == Endorsement.State.PENDING
            and (current.endorser_name, current.endorser_job_title, current.endorser_email)
            == (name.strip(), job_title.strip(), email)
        ):
            return current
        if current and current.state == Endorsement.State.CONFIRMED:
            raise ApplicationError("Your application has been endorsed already.")
        if current:
            current.state = Endorsement.State.SUPERSEDED
            current.save(update_fields=["state"])
        locked.endorser_name = name.strip()
        locked.endorser_job_title = job_title.strip()
        locked.endorser_email = email
        locked.save(
            update_fields=["endorser_name", "endorser_job_title", "endorser_email", "updated_at"]
        )
        return _request_endorsement(application=locked)


def application_withdraw(
    *, application: ExpressionOfInterest, reason: str = "", now: datetime | None = None
) -> ExpressionOfInterest:
    """The applicant withdraws; an unanswered endorsement request is cancelled with it."""
    _check_lengths(ExpressionOfInterest, withdrawal_reason=reason.strip())
    with transaction.atomic():
        locked = _lock(application)
        if locked.status == Status.WITHDRAWN:
            return locked
        was_submitted = locked.status == Status.SUBMITTED
        offer = (
            Offer.objects.select_for_update()
            .filter(application=locked, state__in=Offer.HOLDING)
            .first()
        )
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
