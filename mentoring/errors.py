"""Every error the mentoring services raise, each with a message a person can read. Views, the
admin and tasks catch it from here; this module imports nothing from the app."""

from __future__ import annotations


class MentoringError(Exception):
    """A rule of mentoring, groups, placements or the portfolio was broken; the message is for
    the person acting. ``errors`` maps form field names to messages, shown beside each field."""

    def __init__(self, message: str, *, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
