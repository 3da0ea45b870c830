"""Secret links kept out of log lines and error reports.

An endorser's link, an offer link, a calendar address or a password reset link is a path; a page
that fails on one (or a request log line, or a referring page) would otherwise write it where
whoever reads the logs or the error emails could use it. Each is shown with its token hidden,
e.g. ``/endorse/[hidden]/`` (see :func:`csssl.recipient_only.redact_links`).
"""

from __future__ import annotations

import logging

from django.views import debug

from .recipient_only import redact_links


class RedactSecretLinks(logging.Filter):
    """A logging filter that hides the token of every secret link in a record's message
    (``Not Found: /endorse/<token>/`` becomes ``Not Found: /endorse/[hidden]/``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_links(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class ExceptionReporter(debug.ExceptionReporter):
    """Django's error report (the email to ADMINS, the debug page) with the token of every
    secret link hidden: in the request's address, its headers (a referring page) and the
    values shown beside the traceback."""

    def get_traceback_html(self) -> str:
        return redact_links(super().get_traceback_html())

    def get_traceback_text(self) -> str:
        return redact_links(super().get_traceback_text())
