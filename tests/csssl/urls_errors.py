"""A test-only URL configuration: the site's own, plus a page that logs and one that fails."""

import logging

from django.http import HttpResponse
from django.urls import path

from csssl.celery import app as celery_app
from csssl.urls import handler404, handler500
from csssl.urls import urlpatterns as site_urlpatterns

logger = logging.getLogger("csssl.tests")

__all__ = ["handler404", "handler500", "urlpatterns"]


def logs(request):
    logger.warning("A page was read", extra={"page": request.path})
    return HttpResponse("logged")


def fails(request):
    raise RuntimeError("the page failed")


def fails_on_an_email(request):
    raise RuntimeError("no account for lead@example.org")


@celery_app.task(name="tests.log_line")
def log_line() -> str:
    logger.warning("A task ran")
    return "logged"


def queues(request):
    log_line.delay()
    return HttpResponse("queued")


urlpatterns = [
    path("test-queues/", queues),
    path("test-logs/", logs),
    path("test-fails/", fails),
    path("test-fails-email/", fails_on_an_email),
    *site_urlpatterns,
]
