"""The events app's reminders, found by the periodic sweep (``csssl.reminders``): before each
event, to each participant, once each (``events.emails``)."""

from __future__ import annotations

from datetime import datetime

from csssl import reminders

from .emails import event_reminder_emails


@reminders.register("events.event_reminders")
def event_reminders(*, now: datetime) -> int:
    """7 days and 1 day before each event: its time, its venue or joining link, and the
    calendar entry. Only the reminder whose window we are in goes."""
    return event_reminder_emails(now=now)
