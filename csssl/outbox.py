"""Every email the product sends goes through here.

``email_send`` writes an :class:`OutboxMessage` in the caller's transaction and asks for delivery
once that transaction commits; if it rolls back, neither the row nor the request exists.
``outbox_deliver`` claims the row under a lock, so a repeated or retried task never sends twice;
``outbox_sweep`` (Celery beat) re-queues rows that a broker outage or a killed worker left behind.

Links and codes that only the recipient may read are passed as ``secrets``: the stored subject
and bodies hold a placeholder for each (see :mod:`csssl.recipient_only`), the values are kept in
an ``OutboxSecret`` row that no admin page shows, put in when the email is built for sending,
and deleted once it is sent. A failed email keeps them, so "send again" sends a working link.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, models, transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_variables

from . import retention
from .models import OutboxAttachment, OutboxMessage, OutboxSecret
from .recipient_only import conceal, placeholders, reveal

logger = logging.getLogger(__name__)

State = OutboxMessage.State

#: Messages one delivery task sends over one connection to the mail server.
BATCH_SIZE = 100


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


class TemporaryEmailError(Exception):
    """The mail server could not take the message now; it will be tried again."""

    def __init__(self, message: str, *, retry_in: int) -> None:
        super().__init__(message)
        self.retry_in = retry_in


def object_ref(obj: models.Model | str) -> str:
    if isinstance(obj, str):
        return obj
    return f"{obj._meta.label_lower}:{obj.pk}"


@sensitive_variables("secrets")
def email_queue(
    *,
    kind: str,
    to: str,
    about: models.Model | str,
    subject: str,
    body_text: str,
    body_html: str = "",
    occasion: str = "",
    reply_to: str = "",
    attachments: Iterable[Attachment] = (),
    secrets: Mapping[str, str] | None = None,
) -> tuple[OutboxMessage, bool]:
    """Write one email to the outbox, unless the same (kind, object, recipient, occasion) is
    there already. Returns the message and whether it is new. Delivery is asked for when the
    surrounding transaction commits.

    ``secrets`` maps placeholder names to the links or codes only the recipient may read; the
    subject and bodies carry the placeholders. Any secret value found in them all the same is
    replaced by its placeholder, so no value is ever stored where staff can read it."""
    secrets = {name: str(value) for name, value in (secrets or {}).items()}
    placeholders(secrets)  # refuses a name that cannot be a placeholder
    subject = conceal(subject, secrets)
    body_text = conceal(body_text, secrets)
    body_html = conceal(body_html, secrets, html=True)
    recipient = to.strip().lower()
    message, created = OutboxMessage.objects.get_or_create(
        kind=kind,
        object_ref=object_ref(about),
        recipient=recipient,
        occasion=occasion,
        defaults={
            "subject": " ".join(subject.split())[:255],
            "body_text": body_text,
            "body_html": body_html,
            "reply_to": reply_to,
        },
    )
    if created:
        if secrets:
            OutboxSecret.objects.create(message=message, values=secrets)
        OutboxAttachment.objects.bulk_create(
            OutboxAttachment(
                message=message, filename=a.filename, mimetype=a.mimetype, content=a.content
            )
            for a in attachments
        )
        message_id = message.pk
        transaction.on_commit(lambda: enqueue_delivery(message_id=message_id))
    return message, created


@sensitive_variables("secrets")
def email_send(
    *,
    kind: str,
    to: str,
    about: models.Model | str,
    template: str,
    context: dict,
    occasion: str = "",
    reply_to: str = "",
    attachments: Iterable[Attachment] = (),
    secrets: Mapping[str, str] | None = None,
) -> tuple[OutboxMessage, bool]:
    """Render ``templates/emails/<template>.subject.txt``, ``.txt`` and (if present) ``.html``
    and write the email to the outbox (see :func:`email_queue`).

    Each of ``secrets`` (e.g. ``{"link": endorser_link}``) is in the templates' context under
    its name, as a placeholder that the real value replaces only when the email is sent."""
    secrets = secrets or {}
    context = {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": settings.SITE_NAME,
        **context,
        **placeholders(secrets),
    }
    subject = render_to_string(f"emails/{template}.subject.txt", context)
    body_text = render_to_string(f"emails/{template}.txt", context)
    try:
        body_html = render_to_string(f"emails/{template}.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    return email_queue(
        kind=kind,
        to=to,
        about=about,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        occasion=occasion,
        reply_to=reply_to,
        attachments=attachments,
        secrets=secrets,
    )


def content_occasion(*parts: str) -> str:
    """An occasion key for emails that are new whenever their content is (a fresh sign-in link).

    Keyed with the site's secret: the parts may include a short code, and staff who can read
    the occasion must not be able to find the code by trying every one."""
    return salted_hmac(
        "csssl.outbox.content_occasion", "\x00".join(parts), algorithm="sha256"
    ).hexdigest()[:32]


def enqueue_delivery(*, message_id: int | None = None, message_ids: list[int] = ()) -> None:
    """Hand messages to the task queue, ``BATCH_SIZE`` to a task. A broker that is down is not
    an error for the person who caused the email: the rows are safe in the database and the
    sweep will send them."""
    from .tasks import outbox_deliver as task

    ids = [message_id] if message_id is not None else list(message_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        try:
            if len(batch) == 1:
                task.delay(message_id=batch[0])
            else:
                task.delay(message_ids=batch)
        except Exception:  # noqa: BLE001 - any broker failure; the sweep covers it
            logger.warning(
                "Could not queue %s email(s) from %s; the outbox sweep will retry",
                len(batch),
                batch[0],
            )


def _backoff_seconds(attempts: int) -> int:
    return min(60 * 2 ** max(attempts - 1, 0), 6 * 60 * 60)


def is_temporary(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    return isinstance(
        exc,
        smtplib.SMTPServerDisconnected
        | smtplib.SMTPConnectError
        | ConnectionError
        | TimeoutError
        | socket.timeout
        | socket.gaierror,
    )


def _claimable(now: datetime) -> models.Q:
    stuck_before = now - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
    return models.Q(state=State.QUEUED) | models.Q(state=State.SENDING, claimed_at__lt=stuck_before)


def outbox_claim_many(*, message_ids: Iterable[int], now: datetime | None = None) -> list:
    """Take messages for sending, in two queries: those neither gone, sent, failed, nor being
    sent by another worker right now. Rows another worker holds locked are left to it."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now), pk__in=list(message_ids))
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            state=State.SENDING, claimed_at=now, attempts=models.F("attempts") + 1
        )
    return list(
        OutboxMessage.objects.filter(pk__in=ids).order_by("pk").prefetch_related("attachments")
    )


def outbox_claim(*, message_id: int, now: datetime | None = None) -> OutboxMessage | None:
    """Take a message for sending. Returns None when it is gone, sent, failed, or being sent
    by another worker right now."""
    claimed = outbox_claim_many(message_ids=[message_id], now=now)
    return claimed[0] if claimed else None


@sensitive_variables("secrets")
def _as_email(
    message: OutboxMessage, connection, secrets: Mapping[str, str]
) -> EmailMultiAlternatives:
    """The email as its recipient gets it, with the secret links and codes put in."""
    email = EmailMultiAlternatives(
        subject=reveal(message.subject, secrets),
        body=reveal(message.body_text, secrets),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        reply_to=[message.reply_to] if message.reply_to else None,
        connection=connection,
        headers={"X-Outbox-Id": str(message.pk)},
    )
    if message.body_html:
        email.attach_alternative(reveal(message.body_html, secrets, html=True), "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


@dataclass
class Delivery:
    """What one batch came to: messages sent, failed for good, and to try again, when."""

    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retry: list[int] = field(default_factory=list)
    retry_in: int = 0
    errors: list[str] = field(default_factory=list)


@sensitive_variables("secrets")
def outbox_deliver_many(*, message_ids: Iterable[int]) -> Delivery:
    """Send outbox messages at most once each, over one connection to the mail server.

    They are claimed together; each is marked sent (its secret links and codes deleted with
    it) as soon as the server takes it, so a worker that dies mid-batch leaves only the
    message it was sending to the sweep, as with one message at a time. A message the server
    refuses for now goes back in the queue with its backoff (``Delivery.retry``); one refused
    for good, or after ``OUTBOX_MAX_ATTEMPTS``, is failed. A failure closes the connection and
    the next message opens another."""
    message_ids = list(message_ids)
    messages = outbox_claim_many(message_ids=message_ids)
    result = Delivery(skipped=len(message_ids) - len(messages))
    if not messages:
        return result
    all_secrets = dict(
        OutboxSecret.objects.filter(message_id__in=[m.pk for m in messages]).values_list(
            "message_id", "values"
        )
    )
    connection, opened = get_connection(fail_silently=False), False
    _commits_wait_for_disk(False)
    try:
        for message in messages:
            secrets = all_secrets.get(message.pk) or {}
            try:
                if not opened:  # kept open for the batch, not one connection per message
                    connection.open()
                    opened = True
                _as_email(message, connection, secrets).send()
            except Exception as exc:  # noqa: BLE001 - classified below, recorded on the row
                connection.close()
                opened = False
                _failure(message, exc, secrets, result)
                continue
            sent = OutboxMessage.objects.filter(pk=message.pk)
            if message.pk in all_secrets:
                with transaction.atomic():
                    sent.update(state=State.SENT, sent_at=timezone.now(), last_error="")
                    OutboxSecret.objects.filter(message_id=message.pk).delete()
            else:
                sent.update(state=State.SENT, sent_at=timezone.now(), last_error="")
            result.sent += 1
    finally:
        connection.close()
        _commits_wait_for_disk(True)
    return result


def _commits_wait_for_disk(wait: bool) -> None:
    """On PostgreSQL, while a batch is sent, each message's sent mark commits without waiting
    for the disk (``synchronous_commit``): one round trip a message. A worker dying after a
    commit still leaves that message sent; only the database server itself failing within a
    fraction of a second could lose a mark, and the sweep would then send that message again.
    Marking each message as it leaves, rather than the batch at the end, is what keeps a
    worker's death from sending a batch twice."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    # Put back after a failure too; a connection that broke takes the setting with it.
    with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO " + ("DEFAULT" if wait else "OFF"))


def _failure(message: OutboxMessage, exc: Exception, secrets, result: Delivery) -> None:
    now = timezone.now()
    # A mail server may quote what it refused; staff read the error, so no value stays.
    error = conceal(f"{type(exc).__name__}: {exc}", secrets)[:2000]
    pending = OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING)
    if is_temporary(exc) and message.attempts < settings.OUTBOX_MAX_ATTEMPTS:
        retry_in = _backoff_seconds(message.attempts)
        pending.update(
            state=State.QUEUED, last_error=error, next_attempt_at=now + timedelta(seconds=retry_in)
        )
        result.retry.append(message.pk)
        result.retry_in = max(result.retry_in, retry_in)
        result.errors.append(error)
        return
    pending.update(state=State.FAILED, last_error=error)
    logger.error("Email %s failed for good: %s", message.pk, error)
    result.failed += 1


def outbox_deliver(*, message_id: int) -> str:
    """Send one outbox message at most once. Returns 'sent', 'skipped' or 'failed'; raises
    :class:`TemporaryEmailError` when the mail server asks us to come back later.

    The secret links and codes are deleted with the change to 'sent'; a message that failed,
    for now or for good, keeps them until it is sent."""
    result = outbox_deliver_many(message_ids=[message_id])
    if result.retry:
        raise TemporaryEmailError(result.errors[0], retry_in=result.retry_in)
    return "sent" if result.sent else "failed" if result.failed else "skipped"


def outbox_retry(*, messages: models.QuerySet[OutboxMessage]) -> int:
    """Put failed messages back in the queue (a coordinator's decision after fixing the cause)."""
    ids = list(messages.filter(state=State.FAILED).values_list("pk", flat=True))
    with transaction.atomic():
        OutboxMessage.objects.filter(pk__in=ids).update(
            state=State.QUEUED, attempts=0, next_attempt_at=None, last_error=""
        )
        transaction.on_commit(lambda: enqueue_delivery(message_ids=ids))
    return len(ids)


def outbox_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Re-queue what was left behind: messages still queued a minute after they were written
    (the broker was down, or the task was lost), messages whose retry time has come, and
    messages stuck in 'sending' by a worker that died. Returns how many were queued again."""
    now = now or timezone.now()
    stuck_before = now - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
    OutboxMessage.objects.filter(state=State.SENDING, claimed_at__lt=stuck_before).update(
        state=State.QUEUED, next_attempt_at=now
    )
    due = OutboxMessage.objects.filter(state=State.QUEUED).filter(
        models.Q(next_attempt_at__isnull=True, created_at__lt=now - timedelta(minutes=1))
        | models.Q(next_attempt_at__lte=now)
    )
    ids = list(due.order_by("created_at").values_list("pk", flat=True)[:limit])
    enqueue_delivery(message_ids=ids)
    return len(ids)


#: What a sent email's text becomes once the retention schedule's time for it is up.
BODY_CLEARED = "The text of this email was removed under the retention schedule."


@retention.register("sent_email_bodies")
def sent_bodies_clear(*, months: int, now: datetime) -> int:
    """Clear the text, attachments and link values of emails sent ``months`` ago or more; who
    it went to, what kind it was, its subject and when it was sent are kept."""
    due = OutboxMessage.objects.filter(
        state=OutboxMessage.State.SENT, sent_at__lt=retention.cutoff(months=months, now=now)
    ).exclude(body_text=BODY_CLEARED)
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return 0
    OutboxAttachment.objects.filter(message_id__in=ids).delete()
    OutboxSecret.objects.filter(message_id__in=ids).delete()
    return OutboxMessage.objects.filter(pk__in=ids).update(body_text=BODY_CLEARED, body_html="")
