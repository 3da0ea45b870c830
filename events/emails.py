"""The events app's emails to participants about an event: the reminders before it, and the
update when it moves or is cancelled, each with its calendar entry, to each participant once.

The outbox key (event, participant, occasion) makes each go once however often it is asked
for: a reminder's occasion is its window (7 days, 1 day), an update's the event's calendar
sequence, so each change is told once. Reminders are found by the periodic sweep
(``events.reminders``); updates are written when an event is saved (``services.event_changed``).
Coordinators' own messages to participants are ``events.messaging``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from cohorts.models import Participant
from csssl.addresses import absolute_url
from csssl.outbox import Attachment, email_send

from .calendar import calendar_for
from .models import Event

BEFORE = (("7-days", timedelta(days=7)), ("1-day", timedelta(days=1)))


def _email(*, event: Event, participant: Participant, occasion: str, template: str) -> bool:
    ics = calendar_for([event], name=event.title, with_links=True)
    _, created = email_send(
        kind="event_reminder" if template.endswith("reminder") else "event_update",
        to=participant.user.email,
        about=f"events.event:{event.pk}:participant:{participant.pk}",
        occasion=occasion,
        template=template,
        context={
            "event": event,
            "participant": participant,
            "cohort": event.cohort,
            "link": absolute_url("cohorts:dashboard"),
        },
        attachments=[Attachment(f"{event.title}.ics", ics, "text/calendar")],
    )
    return created


def _participants(event: Event):
    return Participant.objects.filter(
        cohort_id=event.cohort_id, status=Participant.Status.ACTIVE
    ).select_related("user")


def event_update_emails(*, event: Event) -> int:
    """Tell every participant that an event's time, place or link changed (or that it is
    cancelled), with the replacing calendar entry."""
    if event.ends_at < timezone.now():
        return 0
    written = 0
    for participant in _participants(event):
        written += _email(
            event=event,
            participant=participant,
            occasion=f"update-{event.sequence}",
            template="events/update",
        )
    return written


def event_reminder_emails(*, now: datetime) -> int:
    """7 days and 1 day before each event: its time, its venue or joining link, and the
    calendar entry. Only the reminder whose window we are in goes."""
    written = 0
    events = (
        Event.objects.filter(cancelled=False, starts_at__gt=now, starts_at__lte=now + BEFORE[0][1])
        .select_related("cohort__programme", "venue")
        .order_by("starts_at")
    )
    for event in events:
        occasion = "1-day" if event.starts_at - now <= BEFORE[1][1] else "7-days"
        for participant in _participants(event):
            written += _email(
                event=event, participant=participant, occasion=occasion, template="events/reminder"
            )
    return written
