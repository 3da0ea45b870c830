"""Coordinators' emails to some of a cohort's participants, chosen by their attendance.

Each message is kept as a ``CoordinatorMessage`` (what was written, to whom as chosen, by whom,
when, how many) and goes to each recipient as their own outbox email, keyed by the message's
``key``: the same form sent twice writes one message, and the outbox never holds two of the
same email. Replies go to the programme's contact address.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cohorts.models import Cohort, Participant
from csssl.outbox import email_send

from .models import CoordinatorMessage
from .services import EventError

#: The outbox's kind for these emails.
MESSAGE_KIND = "coordinator_message"
TEMPLATE = "coordinator/message"

#: How the record describes recipients passed without the filter that chose them.
CHOSEN_BY_NAME = "Chosen by name"

SUBJECT_LENGTH = CoordinatorMessage._meta.get_field("subject").max_length
BODY_LENGTH = CoordinatorMessage._meta.get_field("body").max_length


@dataclass(frozen=True)
class Preview:
    """An email exactly as one recipient will receive it."""

    recipient: Participant
    subject: str
    text: str
    reply_to: str


def _tidy(body: str) -> str:
    """Unix line endings, no trailing spaces, no blank lines at either end."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _context(*, cohort: Cohort, participant: Participant, subject: str, body: str, by) -> dict:
    return {
        "cohort": cohort,
        "programme": cohort.programme,
        "participant": participant,
        "subject": " ".join(subject.split()),
        "body": _tidy(body),
        "sender_name": by.get_full_name() if by is not None else "",
    }


def message_preview(
    *, cohort: Cohort, participant: Participant, subject: str, body: str, by
) -> Preview:
    """The email as ``participant`` would receive it, rendered from the same templates that
    ``message_send`` sends. Nothing is written."""
    context = _context(cohort=cohort, participant=participant, subject=subject, body=body, by=by)
    return Preview(
        recipient=participant,
        subject=" ".join(render_to_string(f"emails/{TEMPLATE}.subject.txt", context).split()),
        text=render_to_string(f"emails/{TEMPLATE}.txt", context).strip("\n"),
        reply_to=cohort.programme.contact_email,
    )


def message_send(
    *,
    cohort: Cohort,
    recipients: Iterable[Participant],
    subject: str,
    body: str,
    by,
    audience: str = "",
    key: uuid.UUID | None = None,
    now: datetime | None = None,
) -> tuple[CoordinatorMessage, bool]:
    """Send a coordinator's message to some of a cohort's participants.

    Rules: a subject and a message are needed; there is at least one recipient, and every
    recipient is an active participant of ``cohort`` (read again here, so a place withdrawn a
    moment ago is not written to). The record and one outbox email per recipient are written
    in one transaction: all of them or none. Emails reply to the programme's contact address.

    ``key`` names this message: sending again with the same key (a double click, a form sent
    twice) writes nothing and returns the message already sent. ``audience`` says how the
    recipients were chosen, for the record. Returns the message and
    whether it was sent now. Raises ``EventError`` with a message for a person.
    """
    now = now or timezone.now()
    key = key or uuid.uuid4()
    already = message_already_sent(cohort=cohort, key=key)
    if already is not None:
        return already, False
    wanted = {participant.pk for participant in recipients}
    if not wanted:
        raise EventError("Nobody matches your choice, so there is nobody to send this to.")
    if len(body) > BODY_LENGTH:
        raise EventError(f"Keep the message to {BODY_LENGTH:,} characters or fewer.")
    with transaction.atomic():
        people = list(
            Participant.objects.filter(
                pk__in=wanted, cohort=cohort, status=Participant.Status.ACTIVE
            )
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        if len(people) != len(wanted):
            raise EventError(
                "Someone on the list is no longer an active participant of this cohort; "
                "check the list and send again."
            )
        message = CoordinatorMessage(
            cohort=cohort,
            key=key,
            audience=" ".join(audience.split())[:300] or CHOSEN_BY_NAME,
            subject=" ".join(subject.split()),
            body=_tidy(body),
            sent_by=by,
            sent_at=now,
            recipient_count=len(people),
        )
        try:
            message.full_clean(exclude=["key"])
        except ValidationError as error:
            raise EventError(_readable(error)) from error
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            # The same form, sent twice at once: the other request wrote it, and its emails.
            return CoordinatorMessage.objects.get(key=key, cohort=cohort), False
        for participant in people:
            participant.cohort = cohort
            email_send(
                kind=MESSAGE_KIND,
                to=participant.user.email,
                about=message,
                occasion=str(message.key),
                template=TEMPLATE,
                context=_context(
                    cohort=cohort,
                    participant=participant,
                    subject=message.subject,
                    body=message.body,
                    by=by,
                ),
                reply_to=cohort.programme.contact_email,
            )
    return message, True


def message_already_sent(*, cohort: Cohort, key: uuid.UUID) -> CoordinatorMessage | None:
    """The message sent with ``key``, if there is one (the same form, sent before)."""
    message = CoordinatorMessage.objects.filter(key=key).first()
    if message is not None and message.cohort_id != cohort.pk:
        raise EventError("That message belongs to another cohort; write it again here.")
    return message


def _readable(error: ValidationError) -> str:
    names = {"subject": "Subject", "body": "Message", "audience": "Who it goes to"}
    parts = []
    for field, messages in error.message_dict.items():
        label = names.get(field)
        parts += [f"{label}: {text}" if label else text for text in messages]
    return " ".join(parts)
