"""Optional error reporting to Sentry (or a service that speaks its protocol), off unless
``SENTRY_DSN`` is set.

What leaves the service follows the rule the logs follow (csssl/log_redaction.py): no secret
and no personal data. The SDK sends no personal data of its own (``send_default_pii=False``),
no local variables beside the traceback (they hold names, answers, addresses), and every event
passes through :func:`before_send`, which keeps of the request only its method and redacted
address (never its form data, cookies or headers), drops the user, and redacts every text in
what remains: the message, the exception values, the extra fields, the breadcrumbs. Each event
is tagged with the request id, the reference the person was shown on the error page.
"""

from __future__ import annotations

from typing import Any

from . import request_id
from .log_redaction import redact_value

#: What an event keeps of the request it came from.
REQUEST_KEPT = ("method", "url", "query_string")


def before_send(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """The event as it may leave the service: see the module's docstring."""
    event = dict(event)
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {key: request[key] for key in REQUEST_KEPT if key in request}
    event.pop("user", None)
    reference = request_id.current()
    if reference:
        event["tags"] = {**(event.get("tags") or {}), "request_id": reference}
    return redact_value(event)


def error_reporting_init(
    *, dsn: str, environment: str, release: str | None, traces_sample_rate: float
) -> None:
    """Start the SDK for Django and Celery, with :func:`before_send` on errors and traces."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        before_send=before_send,
        before_send_transaction=before_send,
        environment=environment,
        release=release,
        traces_sample_rate=traces_sample_rate,
    )
