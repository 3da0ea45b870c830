"""One reference per request, in every log line it causes and on its error page.

Each request gets an id: the proxy's ``X-Request-ID`` when it sends a well-formed one (so the
proxy's log and ours name the same request), otherwise a fresh ``uuid4`` hex. The id is kept
in a context variable while the request runs, sent back as the ``X-Request-ID`` response
header, shown on the error page (``csssl.views.server_error``) and added to every log record
by :class:`RequestIdFilter`, so a person who quotes it leads straight to the lines that matter.

A task queued while a request runs carries the request's id in a message header, and its log
lines carry it too; a task queued by beat (no request) is known by its own task id.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from celery import signals
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
#: The task message header that carries the id of the request that queued the task.
TASK_HEADER = "request_id"
#: What a log line says when it belongs to no request and no task (start-up, a command).
NONE = "-"

_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}\Z")
_current: ContextVar[str | None] = ContextVar("request_id", default=None)
_before_task: dict[str, str | None] = {}


def current() -> str | None:
    """The id of the request (or task) running now, or None outside one."""
    return _current.get()


def accepted(value: str | None) -> str | None:
    """``value`` if it is a usable id (1 to 64 letters, digits, ``.``, ``_`` or ``-``: nothing
    that could forge a log line or a header), else None."""
    if value and _WELL_FORMED.match(value):
        return value
    return None


def new() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in ``MIDDLEWARE``, so the id is set before anything can log or fail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accepted(request.headers.get(HEADER)) or new()
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or a task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current() or NONE
        return True


# --- Celery ----------------------------------------------------------------------------------


@signals.before_task_publish.connect
def _carry_to_task(headers: dict | None = None, **kwargs) -> None:
    request_id = current()
    if headers is not None and request_id and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


@signals.task_prerun.connect
def _enter_task(task_id: str | None = None, task=None, **kwargs) -> None:
    request = getattr(task, "request", None)
    carried = accepted(getattr(request, TASK_HEADER, None))
    # A task run in-process (no broker) runs inside the request that queued it.
    if carried is None and getattr(request, "is_eager", False):
        carried = current()
    if task_id is None:
        return
    _before_task[task_id] = current()
    _current.set(carried or accepted(task_id) or new())


@signals.task_postrun.connect
def _leave_task(task_id: str | None = None, **kwargs) -> None:
    if task_id is not None and task_id in _before_task:
        _current.set(_before_task.pop(task_id))


@signals.setup_logging.connect
def _worker_logs_like_web(**kwargs) -> None:
    """Celery would otherwise replace the logging set-up with its own plain lines: the worker
    and beat write the same lines (JSON, request ids, redaction) as the web processes."""
    from django.conf import settings

    from csssl.log_config import configure

    configure(settings.LOGGING)
