"""A record of every model the admin shows, for the role matrix (tests/csssl/test_role_matrix.py).

The admin's object pages are asked with the first object of each model; a model with no rows
would only ever answer "no such object", and never show whether the admin lets each kind of
staff open a real one. These records live in a cohort of their own (and a pairing and a
group of their own), so the matrix's two sides are untouched by them.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.utils import timezone

from cohorts.models import CompletionRule
from csssl.models import BackgroundJob
from events.models import Apology, AttendanceRecord, Event
from mentoring.models import CohortMentoring, FitAnswer
from tests.applications.allocation_fixtures import allocation_year
from tests.factories import (
    ParticipantFactory,
    UserFactory,
)
from tests.mentoring.factories import MeetingAttendanceFactory, PairingFactory


def admin_records(event: Event) -> None:
    """Scores, decisions, an invoice, allocators, targets, conflicts and settings of a cohort
    (tests/applications/allocation_fixtures.py), its outcome emails, a background job, a
    completion rule, mentoring settings, an apology and a mark for ``event``, a fit answer,
    a group register's mark and an authenticator."""
    year = allocation_year()
    cohort, staff = year["cohort"], year["decision"].decided_by
    BackgroundJob.objects.create(task="applications.outcomes_send", key="matrix")
    CompletionRule.objects.create(cohort=cohort, allowed_absences=1)
    CohortMentoring.objects.create(cohort=cohort)
    someone = ParticipantFactory(cohort=event.cohort)
    Apology.objects.create(participant=someone, event=event, reason="A court hearing.")
    AttendanceRecord.objects.create(
        event=event, participant=someone, status=AttendanceRecord.Status.PRESENT, marked_by=staff
    )
    FitAnswer.objects.create(
        pairing=PairingFactory(), side=FitAnswer.Side.MENTOR, works=True, answered_at=timezone.now()
    )
    MeetingAttendanceFactory()
    Authenticator.objects.create(
        user=UserFactory(), type=Authenticator.Type.RECOVERY_CODES, data={"seed": "0" * 40}
    )
