"""The retention schedule's step for inactive accounts (``RETENTION_INACTIVE_ACCOUNTS_MONTHS``):
a warning email first, then erasure.

An account is inactive when nobody has signed in to it (or, never signed in, since it was made)
for the schedule's months. Staff accounts (any role, the admin, superusers) are never touched,
and neither is an account with something live, which the feature apps say through
:func:`register_live` (a place on a running cohort, an application still being decided ...).
Thirty days before its time the person is sent a warning; signing in again starts the clock
afresh (the warning's occasion is the day of the last activity, so a new one is sent the next
time). An account is erased (``csssl.erasure.person_erase``, as a coordinator would) only once
its time is up and its warning went at least thirty days before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce

from . import retention
from .addresses import absolute_url
from .erasure import ERASED_DOMAIN, person_erase
from .models import OutboxMessage, User
from .outbox import email_send, object_ref
from .roles import ROLES

logger = logging.getLogger(__name__)

WARNING_DAYS = 30
WARNING_KIND = "account_inactive_warning"

LiveCheck = Callable[[set[int]], set[int]]
_live: list[LiveCheck] = []


def register_live(check: LiveCheck) -> LiveCheck:
    """Register ``check(user_ids) -> the ids among them with something live``."""
    if check not in _live:
        _live.append(check)
    return check


def live_ids(ids: set[int]) -> set[int]:
    found: set[int] = set()
    for check in _live:
        found |= check(ids)
    return found


def _candidates(before: datetime):
    staff = Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=ROLES)
    return (
        User.objects.filter(is_active=True)
        .exclude(staff)
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .annotate(active_at=Coalesce("last_login", "date_joined"))
        .filter(active_at__lt=before)
        .distinct()
        .order_by("pk")
    )


@retention.register("inactive_accounts")
def inactive_accounts(*, months: int, now: datetime) -> int:
    """Warn the people whose accounts reach their time within thirty days, and erase those
    whose time is up and who were warned thirty days ago or more; returns how many were
    erased."""
    due_at = retention.cutoff(months=months, now=now)
    users = list(_candidates(due_at + timedelta(days=WARNING_DAYS)))
    live = live_ids({user.pk for user in users})
    erased = warned = 0
    for user in users:
        if user.pk in live:
            continue
        occasion = f"inactive-since-{user.active_at:%Y-%m-%d}"
        warning = OutboxMessage.objects.filter(
            kind=WARNING_KIND, object_ref=object_ref(user), occasion=occasion
        ).first()
        if warning is None:
            email_send(
                kind=WARNING_KIND,
                to=user.email,
                about=user,
                occasion=occasion,
                template="csssl/account_inactive_warning",
                context={
                    "user": user,
                    "months": months,
                    "erase_on": user.active_at + (now - due_at),
                    "link": absolute_url("account_login"),
                },
            )
            warned += 1
            continue
        if user.active_at < due_at and warning.created_at <= now - timedelta(days=WARNING_DAYS):
            person_erase(
                user=user,
                by=None,
                reason=f"No sign-in for {months} months, and warned: the retention schedule",
            )
            erased += 1
    if warned:
        logger.info("Inactive accounts warned: %d", warned, extra={"warned": warned})
    return erased
