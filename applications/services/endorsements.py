"""Endorsement requests: asking the endorser by a signed link, the endorser's answer, and the
applicant asking someone else instead.

The signed link is a ``csssl.links`` kind of its own (``ENDORSEMENT_LINK``), made and read
here alone (``endorsement_token`` and ``endorsement_from_token``): each request has its own
random nonce, which the link carries, so replacing the request stops the old link and
answering uses it up.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications import rules
from applications.errors import ApplicationError, EndorsementLinkError
from applications.models import Endorsement, ExpressionOfInterest
from csssl.addresses import absolute_url
from csssl.limits import length_problems
from csssl.links import LinkExpired, LinkInvalid, LinkUsed, SignedLink, days_setting
from csssl.outbox import email_send

ENDORSEMENT_SALT = "applications.endorsement"
#: The endorser's link: the salt and payload keys ("e", "n") of every link already sent.
ENDORSEMENT_LINK = SignedLink(
    salt=ENDORSEMENT_SALT, max_age=days_setting("ENDORSEMENT_LINK_DAYS"), id_key="e"
)


def check_lengths(model, **values: str) -> None:
    """Refuse a text longer than its field holds, naming the field it was typed into."""
    problems = length_problems(model, values)
    if problems:
        raise ApplicationError(" ".join(problems.values()), errors=problems)


# --- The signed link ------------------------------------------------------------------------


def endorsement_token(endorsement: Endorsement) -> str:
    return ENDORSEMENT_LINK.token_for(endorsement)


def endorsement_url(endorsement: Endorsement) -> str:
    return reverse("applications:endorse", kwargs={"token": endorsement_token(endorsement)})


def endorsement_expires_at(endorsement: Endorsement) -> datetime:
    """A link is good for ENDORSEMENT_LINK_DAYS from when it was sent (each reminder sends
    a fresh one)."""
    return timezone.now() + ENDORSEMENT_LINK.age_limit()


def endorsement_from_token(token: str) -> Endorsement:
    """The pending endorsement a link is for, or :class:`EndorsementLinkError` saying why not:
    tampered, expired, replaced by a new request, or already answered."""
    try:
        endorsement = ENDORSEMENT_LINK.resolve(
            token,
            Endorsement.objects.select_related(
                "application__cohort__programme", "application__applicant"
            ),
        )
    except LinkExpired as exc:
        raise EndorsementLinkError("expired") from exc
    except (LinkInvalid, LinkUsed) as exc:
        # A request keeps its nonce for life, so a nonce that does not match was never sent.
        raise EndorsementLinkError("invalid") from exc
    if endorsement.state in (Endorsement.State.SUPERSEDED, Endorsement.State.CANCELLED):
        raise EndorsementLinkError(endorsement.state, endorsement=endorsement)
    if endorsement.state != Endorsement.State.PENDING:
        raise EndorsementLinkError("answered", endorsement=endorsement)
    if not rules.endorsements_open(endorsement.application.cohort):
        raise EndorsementLinkError("closed", endorsement=endorsement)
    return endorsement


# --- Asking ---------------------------------------------------------------------------------


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


def endorsement_request(
    *, application: ExpressionOfInterest, now: datetime | None = None
) -> Endorsement:
    """Ask the endorser the application names, by email with a fresh link (in the caller's
    transaction); the request is stamped as made at ``now``."""
    endorsement = Endorsement.objects.create(
        application=application,
        requested_at=now or timezone.now(),
        endorser_name=application.endorser_name,
        endorser_job_title=application.endorser_job_title,
        endorser_email=application.endorser_email.strip().lower(),
    )
    endorsement_email(endorsement=endorsement, occasion="request")
    return endorsement


# --- The endorser's answer ------------------------------------------------------------------


def _answer(endorsement: Endorsement, now: datetime | None) -> Endorsement:
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if locked.state != Endorsement.State.PENDING:
        raise EndorsementLinkError(
            "answered" if locked.state in Endorsement.ANSWERED else locked.state,
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
    check_lengths(Endorsement, comments=comments.strip())
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
    check_lengths(Endorsement, decline_reason=reason.strip())
    with transaction.atomic():
        locked = _answer(endorsement, now)
        locked.state = Endorsement.State.DECLINED
        locked.decline_reason = reason.strip()
        locked.save()
        _result_email(locked)
    return locked


# --- Another endorser -----------------------------------------------------------------------


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
        locked = ExpressionOfInterest.objects.select_for_update().get(pk=application.pk)
        if locked.status != ExpressionOfInterest.Status.SUBMITTED:
            raise ApplicationError("Only a submitted application has an endorser to change.")
        current = Endorsement.objects.select_for_update().filter(application=locked).live().first()
        if (
            replacing is not None
            and current is not None
            and current.pk != replacing
            and current.state == Endorsement.State.PENDING
            and (current.endorser_name, current.endorser_job_title, current.endorser_email)
            == (name.strip(), job_title.strip(), email)
        ):
            return current
        if not rules.can_change_endorser(locked, endorsement=current):
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
        return endorsement_request(application=locked)
