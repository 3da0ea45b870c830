from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import request_id, retention
from .celery import app as celery_app


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return False


def _broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return "unreachable"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 when the database and the broker answer."""
    database = "ok" if _database_ok() else "unreachable"
    broker = _broker_status()
    healthy = database == "ok" and broker in ("ok", "in-process")
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )


@never_cache
@require_GET
def bench_floor(request: HttpRequest) -> HttpResponse:
    """A constant, for `make bench` (BENCH_FLOOR_VIEW): the cost of the stack with no work."""
    return HttpResponse(b"ok", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """The page for a server error, with the request's reference for the person to quote.

    It asks nothing of the database or the session (either may be what failed) and runs no
    context processor: the template gets the reference and nothing else. Should even that
    template fail, the reference is still shown."""
    reference = getattr(request, "request_id", None) or request_id.current() or ""
    try:
        body = loader.get_template("500.html").render({"request_id": reference})
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        body = (
            '<!DOCTYPE html><html lang="en-GB"><title>Something went wrong</title>'
            "<h1>Something went wrong on our side</h1>"
            f"<p>Reference: <code>{escape(reference)}</code></p></html>"
        )
    response = HttpResponseServerError(body)
    if reference:
        response[request_id.HEADER] = reference
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its session ended (or from elsewhere): say so kindly and show the
    way back, instead of a bare error."""
    return render(request, "403_csrf.html", status=403)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico wherever a page names no icon of its own (the admin, a
    PDF, a JSON file): sent on to the static icon, whose address changes with its content, so
    the redirect is cached for a day rather than for ever."""
    response = redirect(static("img/favicon.ico"))
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice: what is held, why, who sees it, for how long (the retention schedule
    in force), and how to ask for a copy, a correction or erasure, or complain."""
    return render(
        request,
        "privacy.html",
        {
            "controller_name": settings.DATA_CONTROLLER_NAME,
            "controller_address": settings.DATA_CONTROLLER_ADDRESS,
            "contact": settings.DATA_PROTECTION_CONTACT,
            "retention": retention.schedule(),
            "months": settings.RETENTION,
        },
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the form the Public Sector Bodies Accessibility
    Regulations 2018 ask for."""
    return render(
        request,
        "accessibility.html",
        {
            "controller_name": settings.DATA_CONTROLLER_NAME,
            "contact": settings.ACCESSIBILITY_CONTACT,
            "last_checked": settings.ACCESSIBILITY_LAST_CHECKED,
        },
    )
