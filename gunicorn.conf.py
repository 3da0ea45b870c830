"""Gunicorn's settings, read from the directory it is started in (the image's /app).

The access log names every request and the page it came from; for a secret link (an
endorser's, an offer, a calendar address, a password reset) the token is hidden, as in the
application's own logs (csssl/log_redaction.py)."""

from gunicorn.glogging import Logger


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        from csssl.recipient_only import redact_links

        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact_links(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }


logger_class = AccessLogger
