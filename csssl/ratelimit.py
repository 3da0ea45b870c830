"""How often one address, or one account from one address, may try something.

Counts live in the cache (``CACHE_URL``: Redis when there are several web processes, so they
share one count). Two shapes are used:

- :func:`window_hit`: at most so many attempts in a fixed window, per key (certificate checks
  per address; failed sign-ins per address alone, and per account from anywhere);
- :class:`Backoff`: a few free failures, then a wait that doubles with each further failure up
  to a ceiling, so an attacker slows to a crawl while the owner is never kept out for longer
  than the ceiling. Failed sign-ins are counted this way per account *and* address together,
  so a wrong password typed thirty times behind a council's shared address locks out neither
  the other people behind it nor, for more than a few minutes, the account's owner.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The visitor's address as allauth reads it (``ALLAUTH_TRUSTED_PROXY_COUNT`` says how
    many proxies' ``X-Forwarded-For`` entries to trust)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - no address at all: every such visitor shares one count
        return "unknown"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def window_hit(scope: str, key: str, *, limit: int, seconds: int) -> int:
    """Count one attempt for ``key`` in the current window of ``seconds``. Returns 0 when it
    is allowed, otherwise the seconds until the window ends."""
    now = time.time()
    window = int(now // seconds)
    cache_key = f"rl:{scope}:{_digest(key)}:{window}"
    cache.add(cache_key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=seconds + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * seconds - now))


def window_full(scope: str, key: str, *, limit: int, seconds: int) -> int:
    """Like :func:`window_hit`, without counting: the seconds to wait, or 0."""
    now = time.time()
    window = int(now // seconds)
    count = cache.get(f"rl:{scope}:{_digest(key)}:{window}", 0)
    if count < limit:
        return 0
    return max(1, math.ceil((window + 1) * seconds - now))


@dataclass(frozen=True)
class Backoff:
    """``free`` failures are allowed at once; after that each failure must wait ``first``
    seconds, doubling each time, never more than ``ceiling``. A success, or ``forget_after``
    seconds without a failure, starts again from nothing."""

    scope: str
    free: int
    first: int
    ceiling: int
    forget_after: int

    def _key(self, key: str) -> str:
        return f"backoff:{self.scope}:{_digest(key)}"

    def wait(self, key: str) -> int:
        """Seconds before ``key`` may try again (0: now)."""
        failures, last = cache.get(self._key(key), (0, 0.0))
        if failures < self.free:
            return 0
        delay = min(self.first * 2 ** (failures - self.free), self.ceiling)
        return max(0, math.ceil(last + delay - time.time()))

    def failed(self, key: str) -> None:
        failures, _ = cache.get(self._key(key), (0, 0.0))
        cache.set(self._key(key), (failures + 1, time.time()), timeout=self.forget_after)

    def succeeded(self, key: str) -> None:
        cache.delete(self._key(key))


def minutes(seconds: int) -> str:
    """A wait as people say it: "1 minute", "4 minutes"."""
    count = max(1, math.ceil(seconds / 60))
    return f"{count} minute" + ("" if count == 1 else "s")


# --- Sign-in -------------------------------------------------------------------------------------


def signin_backoff() -> Backoff:
    return Backoff(
        scope="signin",
        free=settings.SIGNIN_FREE_FAILURES,
        first=15,
        ceiling=settings.SIGNIN_BACKOFF_CEILING_SECONDS,
        forget_after=15 * 60,
    )


class SigninLimits:
    """Failed sign-ins, counted per account and address together with back-off (see the module
    docstring), and per account from every address in fixed windows. The much higher limit per
    address alone is allauth's ``login_failed`` rate (``ACCOUNT_RATE_LIMITS``). Mixed into the
    account adapter, whose ``authenticate`` calls these hooks."""

    @staticmethod
    def _keys(request: HttpRequest, credentials: dict) -> tuple[str, str]:
        account = str(credentials.get("email") or credentials.get("username") or "").lower()
        return account, f"{account}|{client_address(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        account, pair = self._keys(request, credentials)
        wait = max(
            signin_backoff().wait(pair),
            window_full(
                "signin-account",
                account,
                limit=settings.SIGNIN_ACCOUNT_FAILURE_LIMIT,
                seconds=settings.SIGNIN_ACCOUNT_WINDOW_SECONDS,
            ),
        )
        if wait:
            raise forms.ValidationError(
                "There have been too many failed attempts to sign in to this account. "
                f"Try again in {minutes(wait)}, or reset your password.",
                code="too_many_login_attempts",
            )
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request: HttpRequest, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            signin_backoff().succeeded(self._keys(request, credentials)[1])
        return user

    def authentication_failed(self, request: HttpRequest, **credentials) -> None:
        account, pair = self._keys(request, credentials)
        signin_backoff().failed(pair)
        window_hit(
            "signin-account",
            account,
            limit=settings.SIGNIN_ACCOUNT_FAILURE_LIMIT,
            seconds=settings.SIGNIN_ACCOUNT_WINDOW_SECONDS,
        )
        super().authentication_failed(request, **credentials)
