"""Erasure on request (UK GDPR Article 17): what the site holds about a person removed, while
the figures other people rely on stay right.

The account is kept, anonymised: many records hold it (a place, a register, a score's author)
and cohort counts, attendance totals, anonymous evaluation figures and reports must add up the
same after as before. Each app that keeps something about a person registers a hook here from
its ``AppConfig.ready``, as it registers its part of the person's record with
:mod:`csssl.personal_data`: ``erase(*, user, keep_certificates) -> int`` removes or
anonymises that app's free text and identity of ``user`` (and the history of those rows) and
says how many records it touched; rows the counts rely on stay, without the person in them.
Nothing here imports a feature app.

:func:`person_erase` runs every hook, then the account, in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import AuditEvent, OutboxMessage, User

logger = logging.getLogger(__name__)

Hook = Callable[..., int]


class ErasureRefused(Exception):
    """An erasure that may not be done: a message a person can read."""


@dataclass(frozen=True)
class Registration:
    name: str
    hook: Hook
    #: What the hook does, in plain words, for the coordinator's confirmation page.
    describes: str
    order: int


_hooks: dict[str, Registration] = {}


def register(name: str, *, describes: str, order: int = 100) -> Callable[[Hook], Hook]:
    """Register ``hook(*, user, keep_certificates) -> int`` under a unique name."""

    def decorator(hook: Hook) -> Hook:
        _hooks[name] = Registration(name=name, hook=hook, describes=describes, order=order)
        return hook

    return decorator


def unregister(name: str) -> None:
    _hooks.pop(name, None)


def registered() -> list[Registration]:
    """Every hook, in the order they run."""
    return sorted(_hooks.values(), key=lambda r: (r.order, r.name))


ACCOUNT = "csssl.account"
ACCOUNT_DESCRIBES = (
    "Their account is kept, with no name and an address that can receive nothing, so the "
    "figures that count them stay right; they can no longer sign in, every session they have "
    "open ends, their roles and email addresses are removed, and so are the emails the site "
    "wrote to them."
)


#: The domain of an erased account's address (``.invalid`` is reserved: it never receives mail).
ERASED_DOMAIN = "removed.invalid"


def erased_email(user: User) -> str:
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


def is_erased(user: User) -> bool:
    return user.email == erased_email(user)


def refusal(*, user: User, by: User | None) -> str:
    """Why ``by`` may not erase ``user``, or "" when they may."""
    if is_erased(user):
        return "This account is already erased: there is nothing more to remove."
    if user.is_superuser:
        return "A superuser's account cannot be erased: take away superuser status first."
    if by is not None and by.pk == user.pk:
        return "You cannot erase your own account: ask another coordinator."
    return ""


def _account_erase(user: User) -> int:
    addresses = {user.email.lower()} | {
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    # Attachments and recipient-only parts go with their message (on_delete CASCADE).
    emails, _ = OutboxMessage.objects.filter(recipient__in=addresses).delete()
    addresses_removed, _ = EmailAddress.objects.filter(user=user).delete()
    authenticators = 0
    if apps.is_installed("allauth.mfa"):
        authenticator = apps.get_model("mfa", "Authenticator")
        authenticators, _ = authenticator.objects.filter(user=user).delete()
    # The admin's own log names the account as it was ("Alex Person"): it names it by number.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=f"Erased account {user.pk}")
    user.email = erased_email(user)
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    # A new, unusable hash: Django checks every session against the hash, so each one ends.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return 1 + emails + addresses_removed + authenticators


@transaction.atomic
def person_erase(
    *, user: User, by: User | None, reason: str, keep_certificates: bool = False
) -> dict[str, int]:
    """Erase what the site holds about ``user``, at their request: every app's hook, then the
    account, all or nothing. Refused for a superuser, for one's own account and for an account
    already erased. Returns how many records each hook removed or anonymised."""
    user = User.objects.select_for_update().get(pk=user.pk)
    reason = (reason or "").strip()
    problem = refusal(user=user, by=by)
    if problem:
        raise ErasureRefused(problem)
    if not reason:
        raise ErasureRefused("Say why: the audit trail keeps the reason for every erasure.")
    counts: dict[str, int] = {}
    for registration in registered():
        counts[registration.name] = registration.hook(
            user=user, keep_certificates=keep_certificates
        )
    counts[ACCOUNT] = _account_erase(user)
    AuditEvent.objects.create(
        action=AuditEvent.Action.ACCOUNT_ERASED,
        subject=user,
        actor=by,
        detail=reason[: AuditEvent._meta.get_field("detail").max_length],
    )
    logger.info(
        "Account %s erased by user %s (certificates %s): %s",
        user.pk,
        by.pk if by is not None else None,
        "kept" if keep_certificates else "withdrawn",
        ", ".join(f"{name} {count}" for name, count in counts.items()),
    )
    return counts
