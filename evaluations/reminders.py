"""The evaluations app's part of the periodic sweeps: its reminders (``evaluations.emails``) and
freezing the reports a closed round left unfrozen (``csssl.reminders``), and removing the
raters' names and addresses once a round has closed (the retention schedule,
``csssl.retention``)."""

from __future__ import annotations

from datetime import datetime

from csssl import reminders, retention

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


@retention.register("rater_identities")
def identities_remove(*, months: int, now: datetime) -> int:
    """Once a round has closed (and the schedule's months after it), its raters' names and
    addresses are no longer needed."""
    return identities_remove_due(now=now, closed_before=retention.cutoff(months=months, now=now))
