"""A record of every model the admin shows, for the role matrix (tests/csssl/test_role_matrix.py).

The admin's object pages are asked with the first object of each model; a model with no rows
would only ever answer "no such object", and never show whether the admin lets each kind of
staff open a real one. These records live in a cohort of their own (and a pairing and a
group of their own), so the matrix's two sides are untouched by them.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.utils import timezone

from applications import services as allocation
from applications.models import Allocator, BalanceTarget, Decision, Offer
from cohorts.models import CompletionRule
from csssl.models import BackgroundJob
from events.models import Apology, AttendanceRecord, Event
from mentoring.models import CohortMentoring, FitAnswer
from tests.applications.allocation_fixtures import criteria, endorsed
from tests.factories import (
    CohortFactory,
    LocalAuthorityFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
    dcs_member,
)
from tests.mentoring.factories import MeetingAttendanceFactory, PairingFactory


def admin_records(event: Event) -> None:
    """Scores, decisions, an invoice, allocators, targets, conflicts and settings of a cohort
    (as in tests/browser/test_admin_pages.py), its outcome emails, a background job, a
    completion rule, mentoring settings, an apology and a mark for ``event``, a fit answer,
    a group register's mark and an authenticator."""
    cohort = CohortFactory()
    staff = coordinator()
    member = dcs_member()
    (criterion,) = criteria(cohort)
    accepted = endorsed(cohort, external=True)
    allocation.score_record(application=accepted, scorer=member, criterion=criterion, value=4)
    allocation.decision_record(
        application=accepted, outcome=Decision.Outcome.OFFER, reason="Strong", by=staff
    )
    waiting = endorsed(
        cohort, local_authority=LocalAuthorityFactory(code="E06000015", name="Derby")
    )
    allocation.decision_record(
        application=waiting, outcome=Decision.Outcome.WAITING_LIST, reason="No place", by=staff
    )
    Allocator.objects.create(user=member, local_authority=waiting.local_authority)
    allocation.conflicts_record(member=member, cohort=cohort)
    allocation.outcomes_send(cohort=cohort)
    allocation.offer_accept(offer=Offer.objects.get(application=accepted), user=accepted.applicant)
    BalanceTarget.objects.create(
        cohort=cohort, dimension=BalanceTarget.Dimension.PARTNER, value="external", maximum=5
    )
    allocation.settings_for(cohort)
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
