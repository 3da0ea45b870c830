"""Who may see or do what with evaluations: predicates that views, templates and services ask
instead of reading roles or comparing ids and dates inline."""

from __future__ import annotations

from datetime import date

from cohorts.models import Participant
from csssl import roles

from .models import RaterInvitation, Report, Round


def can_run_evaluations(user) -> bool:
    """Coordinators follow each round's progress, chase, add or correct raters, withhold an
    abusive comment, read frozen reports for a debrief and record it."""
    return roles.is_coordinator(user)


def can_record_debrief(user, participant: Participant | None = None) -> bool:
    """A debrief is recorded by a coordinator, or for ``participant`` by their mentor while
    they are paired (the mentoring app's ``pairings`` of the participant, read here by name so
    this app does not depend on it). One query for a mentor."""
    if roles.is_coordinator(user):
        return True
    if participant is None or not (user and user.is_authenticated and user.is_active):
        return False
    return participant.pairings.filter(status="active", mentor__user=user).exists()


def is_own_round(participant: Participant, round: Round) -> bool:
    """The round belongs to the participant's own cohort."""
    return round.cohort_id == participant.cohort_id


def is_own_invitation(participant: Participant, invitation: RaterInvitation) -> bool:
    return invitation.participant_id == participant.pk


def can_read_report(participant: Participant, report: Report) -> bool:
    """A participant reads their own report once it is released."""
    return report.participant_id == participant.pk and report.is_released


def answers_open(round: Round, today: date) -> bool:
    """Self evaluations and raters' answers are taken from the day a round opens to the day
    it closes, both included (UK dates)."""
    return round.is_open(today)


def cohort_figures_shown(round: Round, today: date) -> bool:
    """A cohort's figures are shown to coordinators once the round has closed. Until then
    each new answer would move them, and seeing them move as one rater answered would tell
    what that rater said."""
    return round.has_closed(today)
