"""The logging set-up, shared by Django's settings, the Celery worker and gunicorn.

``LOG_FORMAT=json`` (the default when ``DEBUG`` is off) writes one JSON object a line, for a
log collector; ``text`` writes plain lines for a developer's terminal. Either way every line
carries the request id (:mod:`csssl.request_id`) and goes through the redaction of
:mod:`csssl.log_redaction`.
"""

from __future__ import annotations

from typing import Any

FORMATS = ("json", "text")


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The ``dictConfig`` for ``log_format`` (``json`` or ``text``) at ``level``."""
    if log_format not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    formatter = "JsonFormatter" if log_format == "json" else "TextFormatter"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "secret_links": {"()": "csssl.log_redaction.RedactSecretLinks"},
            "request_id": {"()": "csssl.request_id.RequestIdFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {"line": {"()": f"csssl.log_redaction.{formatter}"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id", "secret_links"],
                "formatter": "line",
            },
            # Django's own: the error email to ADMINS (none are set unless ADMINS is).
            "mail_admins": {
                "level": "ERROR",
                "filters": ["require_debug_false"],
                "class": "django.utils.log.AdminEmailHandler",
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # In place of Django's defaults, which give "django" a console handler of its own
            # (plain, unredacted lines in development, twice over) and keep the development
            # server's lines off the root handler: every line goes through "console" once.
            "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
            # On the loggers too, so the error email's subject line is redacted as well.
            "django.request": {"filters": ["secret_links"]},
            "django.server": {"filters": ["secret_links"], "propagate": True},
            "django.db.backends": {"level": "INFO"},
            # WeasyPrint reports every rendering step at INFO; its warnings are what matter.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def gunicorn_logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The same lines for gunicorn's own logs: its error log (start-up, workers, timeouts) and
    its access log, one line a request, both on standard output."""
    config = logging_config(log_format=log_format, level=level)
    config["handlers"]["console"]["stream"] = "ext://sys.stdout"
    config["loggers"].update(
        {
            "gunicorn.error": {"level": level, "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        }
    )
    return config


def configure(config: dict[str, Any]) -> None:
    """Django's ``LOGGING_CONFIG``: the configuration, and Python's warnings written as log
    lines too (``py.warnings``), so that every line on the console is in the one format."""
    import logging
    from logging.config import dictConfig

    dictConfig(config)
    logging.captureWarnings(True)
