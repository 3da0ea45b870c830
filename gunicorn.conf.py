"""Gunicorn's settings, read from the directory it is started in (the image's /app).

Gunicorn's own lines are written like the application's (csssl/log_config.py): one JSON object a
line when ``LOG_FORMAT`` is ``json`` (the default with ``DEBUG`` off), each access line naming the
request id the application gave the request (its ``X-Request-ID`` response header). The access
log names every request and the page it came from, redacted as the application's own logs are
(csssl/log_redaction.py): the token of a secret link (an endorser's, an offer, a calendar
address, a password reset), an email address or a signed token is hidden."""

import os

from gunicorn.glogging import Logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csssl.settings")


def _settings():
    from django.conf import settings

    return settings


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        from csssl.log_redaction import redact

        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }

    def access(self, resp, req, environ, request_time):
        if _settings().LOG_FORMAT != "json":
            return super().access(resp, req, environ, request_time)
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        status = atoms["s"]
        fields = {
            "request_id": atoms.get("{x-request-id}o", "-"),
            "remote_addr": atoms["h"],
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": int(status) if str(status).isdigit() else status,
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "referer": atoms["f"],
            "user_agent": atoms["a"],
        }
        self.access_log.info("%s %s", atoms["r"], status, extra=fields)


logger_class = AccessLogger
# With LOG_FORMAT=text: the usual combined format, and the request id at the end.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
)


def _logconfig_dict():
    from csssl.log_config import gunicorn_logging_config

    settings = _settings()
    if settings.LOG_FORMAT != "json":
        return {}
    return gunicorn_logging_config(log_format="json", level=settings.LOG_LEVEL)


logconfig_dict = _logconfig_dict()
