"""Two-factor sign-in (allauth.mfa): who must use it, and what it guards.

Staff accounts (``roles.is_staff_account``: the DCS group, coordinators, mentors, anyone the
admin opens for, superusers) read other people's applications, scores and reports, so with
``MFA_REQUIRED_FOR_STAFF`` on they must set up an authenticator app or a security key before
any other page opens; their account pages, signing out, the static files and the health check
stay open so they can. The admin panel asks more: that this very session passed the second
step (allauth records each step of a sign-in in the session), so a session begun another way
is asked for a code before the admin shows anything. Everyone else may turn two-factor sign-in
on from their account; once on, allauth asks for the code at every sign-in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from allauth.account.authentication import get_authentication_records

# Recording the added authenticator as this session's second step: allauth's own record of a
# sign-in step, written as its MFA views write it (there is no public function for it).
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from .roles import is_staff_account
from .session_limits import sessions_end

logger = logging.getLogger(__name__)

#: What proves the person holds their second factor: an app's codes or a security key.
#: Recovery codes stand in for either when signing in, but are not set up on their own.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
#: Pages outside allauth a staff member without an authenticator may still open.
OPEN_URL_NAMES = frozenset({"favicon", "healthz"})


def required_for(user) -> bool:
    """Whether this person must use two-factor sign-in."""
    return bool(settings.MFA_REQUIRED_FOR_STAFF) and is_staff_account(user)


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user, list(SECOND_FACTORS))


def passed_in_session(request: HttpRequest) -> bool:
    """Whether this session's sign-in included a second step (a code or a security key, at
    sign-in, on confirming who they are, or by setting one up just now)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def confirm_url(user, next_url: str) -> str:
    """Where a person with an authenticator confirms it is them: by code if they have an
    app, by their key otherwise."""
    totp = is_mfa_enabled(user, [Authenticator.Type.TOTP])
    return _with_next(
        reverse("mfa_reauthenticate" if totp else "mfa_reauthenticate_webauthn"), next_url
    )


class TwoFactorMiddleware:
    """Sends staff without an authenticator to set one up, and staff whose session has not
    passed the second step from the admin panel to confirm it first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED_FOR_STAFF or not request.user.is_authenticated:
            return None
        # The account pages (allauth's: signing out, password, two-factor set-up) stay open.
        if view_func.__module__.startswith("allauth."):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        user = request.user
        if not required_for(user):
            return None
        if not has_second_factor(user):
            if request.method == "GET":
                messages.warning(
                    request,
                    "Staff accounts must use two-factor sign-in. Set it up below, "
                    "then carry on where you were going.",
                )
            return HttpResponseRedirect(reverse("mfa_index"))
        if request.path_info.startswith(reverse("admin:index")) and not passed_in_session(request):
            messages.info(request, "Confirm it is you with your second step to open the admin.")
            return HttpResponseRedirect(confirm_url(user, request.get_full_path()))
        return None


@receiver(authenticator_added, dispatch_uid="csssl.two_factor.added")
def _added_passes_session(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up an app (with a code from it) or a key proves the person holds it: the session
    counts as having passed the second step, as if they had just signed in with it."""
    if authenticator.type in SECOND_FACTORS and request is not None:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, added=True
        )


def two_factor_reset(*, users: Iterable, by) -> int:
    """Removes every authenticator of these people (a lost phone or key), so they set
    two-factor sign-in up again at their next sign-in, and ends their sessions, which may be in
    the wrong hands. Returns how many people had one. Only a superuser may do it."""
    if not (by and by.is_active and by.is_superuser):
        raise PermissionError("Only a superuser may reset two-factor sign-in.")
    ids = sorted({user.pk for user in users})
    with transaction.atomic():
        holders = sorted(
            set(Authenticator.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
        )
        Authenticator.objects.filter(user_id__in=holders).delete()
        sessions_end(user_ids=holders)
    for user_id in holders:
        logger.warning("Two-factor sign-in reset for user %s by user %s", user_id, by.pk)
    return len(holders)
