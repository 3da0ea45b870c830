from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import retention
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
