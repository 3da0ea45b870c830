"""Middleware that answers at the door, before the rest of the stack sees the request.

The health check is answered first of all. The container's own check (docker-compose.yml)
asks for ``http://127.0.0.1:8000/healthz``, a host that ``ALLOWED_HOSTS`` rightly leaves out,
and every later middleware that asks for the host (the security middleware's HTTPS redirect,
the common middleware) would refuse it with a 400. Only the path ``/healthz`` itself is
answered here, by the view itself (the database's and the broker's state, nothing more; any
method but GET gets its 405); every other path, with any host, goes on to Django's host check
as before.

Requests the database could never take are refused at the door.

PostgreSQL refuses a NUL character in any text (psycopg2 raises ``ValueError`` before the query
is sent), so a ``%00`` in an address, a query string, a form field or a cookie would reach a
lookup and end as a server error, wherever that lookup happens to be. Nobody types a NUL: such
a request is answered once, here, with a 400 that explains itself.

Every response says which powerful browser features its page may use (the Permissions-Policy
header): none of the camera, microphone, location, payment or USB, so a script that got in
could not reach them either; only security keys (WebAuthn), which staff may use to sign in,
on our own origin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict

from csssl.views import healthz

HEALTH_PATH = "/healthz"
NUL = "\x00"


def _any_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


def _query_has_nul(query: QueryDict) -> bool:
    return _any_nul(query.keys()) or any(_any_nul(query.getlist(key)) for key in query)


def request_has_nul(request: HttpRequest) -> bool:
    """Whether the path, the query string, the posted form values (and uploaded file names) or
    the cookies hold a NUL character."""
    if NUL in request.path_info or _query_has_nul(request.GET):
        return True
    if _any_nul(request.COOKIES.keys()) or _any_nul(request.COOKIES.values()):
        return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        if _query_has_nul(request.POST):
            return True
        return _any_nul(f.name or "" for files in request.FILES.lists() for f in files[1])
    return False


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_nul(request):
            raise BadRequest("The request holds a NUL character.")
        return self.get_response(request)


class HealthCheckMiddleware:
    """First in ``MIDDLEWARE``: ``/healthz`` is answered whatever the Host header says."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)


#: Allowlist members that are tokens in the header's syntax; any other is an origin, quoted.
_TOKENS = {"self", "*"}


def permissions_policy_header(policy: Mapping[str, Iterable[str]]) -> str:
    """``{"camera": [], "publickey-credentials-get": ["self"]}`` as the header's value:
    ``camera=(), publickey-credentials-get=(self)``."""

    def allowlist(origins: Iterable[str]) -> str:
        return " ".join(origin if origin in _TOKENS else f'"{origin}"' for origin in origins)

    return ", ".join(f"{feature}=({allowlist(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    """First in ``MIDDLEWARE``, so every response has the header, the health check's and the
    static files' too; a view that sets its own keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
