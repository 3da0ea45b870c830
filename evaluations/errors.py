"""Every error the evaluations services raise, each with a message a person can read. Views,
the admin and tasks catch them from here; this module imports nothing from the app."""

from __future__ import annotations


class EvaluationError(Exception):
    """A rule of an evaluation round was broken; the message is for the person acting.

    ``errors`` maps form field names to messages, for showing beside each field."""

    def __init__(self, message: str, *, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class RaterLinkError(Exception):
    """A rater's link that cannot be used; ``reason`` says why in the rater's terms: invalid,
    expired, answered, declined, withdrawn, closed (the round has closed) or complete (the
    participant's report is frozen, so nothing more is added)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StaleEditError(EvaluationError):
    """A save from a page older than the record it edits: someone (often the same person, in
    another tab) changed it since. ``current`` is the record as it stands now, so the page can
    show the newer text beside what was typed, and nothing is overwritten unseen."""

    def __init__(self, message: str, *, current) -> None:
        super().__init__(message)
        self.current = current
