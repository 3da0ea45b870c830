"""The evaluations app's part of the periodic sweep (``csssl.reminders``): its reminders
(``evaluations.emails``), and the two daily tidy-ups that follow a round's close: freezing the
reports of those it left unfrozen, and removing the raters' names and addresses."""

from __future__ import annotations

from datetime import datetime

from csssl import reminders

from .emails import rater_reminder_emails, review_reminder_emails, self_evaluation_reminder_emails
from .services.identities import identities_remove_due
from .services.reports import freeze_due


@reminders.register("evaluations.self_evaluation_reminders")
def self_evaluation_reminders(*, now: datetime) -> int:
    """A week and two days before a round closes, to each participant yet to submit."""
    return self_evaluation_reminder_emails(now=now)


@reminders.register("evaluations.rater_reminders")
def rater_reminders(*, now: datetime) -> int:
    """Five days after an invitation and two days before the round closes, to each rater who
    has not answered."""
    return rater_reminder_emails(now=now)


@reminders.register("evaluations.review_reminders")
def review_reminders(*, now: datetime) -> int:
    """Three days before each review date of a development plan."""
    return review_reminder_emails(now=now)


@reminders.register("evaluations.reports_freeze")
def reports_freeze(*, now: datetime) -> int:
    """Once a round has closed, every participant's report is frozen (and released, when the
    round releases on completion)."""
    return freeze_due(now=now)


@reminders.register("evaluations.identities_remove")
def identities_remove(*, now: datetime) -> int:
    """Once a round has closed, its raters' names and addresses are no longer needed."""
    return identities_remove_due(now=now)
