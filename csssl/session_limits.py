"""How long a signed-in session lasts, and what ends every session of a person at once.

A session ends after ``SESSION_IDLE_MINUTES`` without a request (``SESSION_STAFF_IDLE_MINUTES``
for staff, who can read other people's records), and ``SESSION_ABSOLUTE_HOURS`` after signing
in, whatever the person does. The times are kept in the session itself: when it began and when
it was last used.

Taking a role away from someone, or disabling their account, ends every session they have,
on every device, at their next request: the user's ``auth_epoch`` is raised (by the signals
below) and a session that began under an earlier one is signed out. A changed password already
does the same through Django's session hash, for every session but the one that changed it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout, user_logged_in
from django.db.models import F
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from .roles import is_staff_account

logger = logging.getLogger(__name__)

BEGAN = "limits_began"
LAST_SEEN = "limits_last_seen"
EPOCH = "limits_epoch"
#: A session's last request is written back at most this often, so reading pages does not
#: save the session on every request.
LAST_SEEN_RESOLUTION = 60


def _minutes(count: int) -> str:
    return f"{count} minute{'s' if count != 1 else ''}"


def _hours(count: int) -> str:
    return f"{count} hour{'s' if count != 1 else ''}"


def session_start(request: HttpRequest, user) -> None:
    """Marks a session as begun now, under the user's present ``auth_epoch``."""
    now = time.time()
    request.session[BEGAN] = now
    request.session[LAST_SEEN] = now
    request.session[EPOCH] = user.auth_epoch


@receiver(user_logged_in, dispatch_uid="csssl.session_limits.start")
def _on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        session_start(request, user)


def why_ended(request: HttpRequest, user, now: float) -> str | None:
    """The message to show if this session must end now, or None while it may go on."""
    session = request.session
    if session.get(EPOCH, user.auth_epoch) != user.auth_epoch:
        return "Your account's access has changed, so you were signed out. Please sign in again."
    absolute = settings.SESSION_ABSOLUTE_HOURS
    began = session.get(BEGAN, now)
    if absolute and now - began > absolute * 60 * 60:
        return (
            f"You were signed out because you had been signed in for {_hours(absolute)}. "
            "Please sign in again."
        )
    idle = now - session.get(LAST_SEEN, now)
    limit = settings.SESSION_IDLE_MINUTES
    staff_limit = settings.SESSION_STAFF_IDLE_MINUTES
    # Whether someone is staff costs a query: asked only once the shorter limit has passed.
    shorter = staff_limit and (not limit or staff_limit < limit)
    if shorter and idle > staff_limit * 60 and is_staff_account(user):
        limit = staff_limit
    if limit and idle > limit * 60:
        return f"You were signed out after {_minutes(limit)} without activity."
    return None


class SessionLimitsMiddleware:
    """Signs out a session past its idle or absolute limit, or begun before the person's
    access last changed, and lets the request go on as a visitor with a message saying why
    (a page that needs signing in then asks for it, and comes back after)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            reason = why_ended(request, user, now)
            if reason:
                logout(request)
                messages.info(request, reason)
            else:
                self._seen(request, user, now)
        return self.get_response(request)

    @staticmethod
    def _seen(request: HttpRequest, user, now: float) -> None:
        session = request.session
        if BEGAN not in session or EPOCH not in session:
            # A session from before these limits: it begins now.
            session_start(request, user)
        elif (
            settings.SESSION_IDLE_MINUTES or settings.SESSION_STAFF_IDLE_MINUTES
        ) and now - session.get(LAST_SEEN, 0) >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = now


def sessions_end(*, user_ids) -> None:
    """Ends every session of these people, on every device, at their next request."""
    ids = list(user_ids)
    if ids:
        get_user_model().objects.filter(pk__in=ids).update(auth_epoch=F("auth_epoch") + 1)
        logger.info("Sessions ended for users %s", ids)


User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="csssl.session_limits.roles")
def _on_role_removed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A role taken away ends the sessions that held it (from either side of the relation:
    ``user.groups.remove(group)`` or ``group.user_set.remove(user)``)."""
    if action not in ("post_remove", "pre_clear"):
        return
    if not reverse:
        if action == "pre_clear" and not instance.groups.exists():
            return
        sessions_end(user_ids=[instance.pk])
        _refresh(instance)
    elif action == "post_remove":
        sessions_end(user_ids=pk_set or [])
    else:
        sessions_end(user_ids=instance.user_set.values_list("pk", flat=True))


def _refresh(user) -> None:
    user.auth_epoch = type(user).objects.filter(pk=user.pk).values_list("auth_epoch", flat=True)[0]


@receiver(pre_save, sender=User, dispatch_uid="csssl.session_limits.disabled_check")
def _note_disabled(sender, instance, raw=False, **kwargs) -> None:
    instance._being_disabled = bool(
        not raw
        and instance.pk
        and not instance.is_active
        and sender.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=User, dispatch_uid="csssl.session_limits.disabled")
def _on_disabled(sender, instance, raw=False, **kwargs) -> None:
    """Disabling an account ends its sessions, so turning it back on later does not bring
    them back."""
    if getattr(instance, "_being_disabled", False):
        instance._being_disabled = False
        sessions_end(user_ids=[instance.pk])
        _refresh(instance)
