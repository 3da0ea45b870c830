"""Secrets and personal data kept out of log lines and error reports.

An endorser's link, an offer link, a calendar address or a password reset link is a path; a page
that fails on one (or a request log line, or a referring page) would otherwise write it where
whoever reads the logs or the error emails could use it. Each is shown with its token hidden,
e.g. ``/endorse/[hidden]/`` (see :func:`csssl.recipient_only.redact_links`).

The same rule covers what else a log line could leak: an email address (personal data: the log
says which request, not whose), a signed token on its own (``signing.dumps`` output, wherever
it appears), and a password, secret or cookie named in the text (``password=...``) or as a field
of a structured line (``extra={"password": ...}``). :func:`redact` does it for text and
:func:`redact_value` for the fields of a JSON line or an error report's event; the formatters
below run them over the whole line as it is written, the traceback included.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from django.views import debug
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from .recipient_only import HIDDEN, redact_links

EMAIL_HIDDEN = "[email hidden]"

_AT = r"(?:@|%40)"
_EMAIL = re.compile(
    rf"[A-Za-z0-9._%+-]+{_AT}[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{{2,}}(?![A-Za-z0-9-])"
)
_COLON = r"(?::|%3[Aa])"
#: ``signing.dumps``: payload, timestamp and signature (a plain ``Signer`` leaves out the
#: timestamp); the signature is at least 20 characters, which no time of day or port is.
_SIGNED = re.compile(
    rf"(?<![A-Za-z0-9_.-])\.?[A-Za-z0-9_-]{{2,}}(?:{_COLON}[A-Za-z0-9_-]+)?"
    rf"{_COLON}[A-Za-z0-9_-]{{20,}}(?![A-Za-z0-9_-])"
)
_SECRET_WORD = r"(?:password|passwd|secret|token|api[_-]?key|authorization|cookie|sessionid|csrf)"
#: ``password=hunter2``, ``"password": "hunter2"``, ``Authorization: Bearer abc``.
_SECRET_ASSIGNED = re.compile(
    rf"(?i)(?P<key>[A-Za-z0-9_-]*{_SECRET_WORD}[A-Za-z0-9_-]*)"
    r"(?P<sep>[\"']?\s*[:=]\s*[\"']?)"
    r"(?P<value>(?:(?:Bearer|Basic|Token)\s+)?[^\s\"']+)"
)
#: A field whose name says it holds a secret is hidden whatever its value looks like.
_SECRET_KEY = re.compile(rf"(?i){_SECRET_WORD}|session|signature|dsn")


def redact(text: str) -> str:
    """``text`` with secret links' tokens, signed tokens, email addresses and named secrets
    replaced by placeholders; the rest stays readable."""
    text = redact_links(text)
    text = _SECRET_ASSIGNED.sub(lambda m: m["key"] + m["sep"] + HIDDEN, text)
    text = _SIGNED.sub(HIDDEN, text)
    return _EMAIL.sub(EMAIL_HIDDEN, text)


def secret_key(key: object) -> bool:
    return isinstance(key, str) and bool(_SECRET_KEY.search(key))


def redact_value(value: Any) -> Any:
    """A copy of ``value`` (dicts, lists and tuples gone through) with every string redacted
    and every field named like a secret hidden."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {
            key: HIDDEN if secret_key(key) and item not in (None, "") else redact_value(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_value(item) for item in value]
    return value


class RedactSecretLinks(logging.Filter):
    """A logging filter that redacts a record's message (``Not Found: /endorse/<token>/``
    becomes ``Not Found: /endorse/[hidden]/``). On the ``django.request`` logger it keeps the
    subject line of the error email clean too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, Mapping) and not record.args:
            record.msg = redact_value(record.msg)  # a structured line stays one
            return True
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object a line: time, level, logger, message, request id, any ``extra`` fields
    and the traceback, all redacted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return redact_value(super().process_log_record(log_data))


class TextFormatter(logging.Formatter):
    """Plain lines for a developer's terminal, redacted the same way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fmt = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        super().__init__(fmt, *args, defaults={"request_id": "-"}, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class ExceptionReporter(debug.ExceptionReporter):
    """Django's error report (the email to ADMINS, the debug page) redacted like a log line:
    in the request's address, its headers (a referring page) and the values shown beside the
    traceback."""

    def get_traceback_html(self) -> str:
        return redact(super().get_traceback_html())

    def get_traceback_text(self) -> str:
        return redact(super().get_traceback_text())
