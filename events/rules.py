"""Who may see or do what with events: predicates that views, templates and services ask
instead of reading roles or comparing ids and times inline."""

from __future__ import annotations

from datetime import datetime

from cohorts.models import Participant
from csssl import roles

from .models import Event


def can_keep_registers(user) -> bool:
    """Coordinators keep every cohort's registers: they see them, download them and mark
    attendance, notes and apologies on them."""
    return roles.is_coordinator(user)


def can_see_engagement(user) -> bool:
    """Coordinators follow each cohort's engagement and who is at risk."""
    return roles.is_coordinator(user)


def can_email_cohort(user) -> bool:
    """Coordinators write to a cohort's participants, chosen by their attendance."""
    return roles.is_coordinator(user)


def is_own_event(participant: Participant, event: Event) -> bool:
    """The event belongs to the participant's own cohort."""
    return event.cohort_id == participant.cohort_id


def apologies_open(event: Event, *, now: datetime) -> bool:
    """Apologies are sent before the event starts; after that, the programme team is told
    directly."""
    return event.starts_at > now
