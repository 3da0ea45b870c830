"""Accounts nobody has used for the schedule's months: warned first, erased thirty days after
the warning, never while something is live, never a staff account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cohorts.models import Participant
from csssl import retention
from csssl.erasure import is_erased
from csssl.inactive_accounts import WARNING_KIND
from csssl.models import AuditEvent, OutboxMessage
from tests.applications.factories import ExpressionOfInterestFactory
from tests.factories import CohortFactory, ParticipantFactory, UserFactory, coordinator

pytestmark = pytest.mark.django_db

STEP = "inactive_accounts.inactive_accounts"


def idle(months: float, **kwargs):
    user = UserFactory(**kwargs)
    user.last_login = timezone.now() - timedelta(days=round(months * 30.5))
    user.save(update_fields=["last_login"])
    return user


def sweep(days_from_now: int = 0) -> dict[str, int]:
    return retention.retention_sweep(now=timezone.now() + timedelta(days=days_from_now))


def warnings_to(user) -> int:
    return OutboxMessage.objects.filter(kind=WARNING_KIND, recipient=user.email).count()


def test_an_idle_account_is_warned_then_erased_thirty_days_later(
    django_capture_on_commit_callbacks,
):
    person = idle(36, first_name="Idle")

    first = sweep()
    assert first[STEP] == 0
    assert warnings_to(person) == 1
    body = OutboxMessage.objects.get(kind=WARNING_KIND).body_text
    assert "Dear Idle" in body
    assert "/accounts/login/" in body

    assert sweep(days_from_now=10)[STEP] == 0  # warned only ten days ago
    assert warnings_to(person) == 1  # and once
    assert sweep(days_from_now=31)[STEP] == 1
    person.refresh_from_db()
    assert is_erased(person)
    assert AuditEvent.objects.filter(subject=person, action="account_erased").exists()


def test_signing_in_again_starts_the_clock_afresh():
    person = idle(36)
    sweep()
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])

    assert sweep(days_from_now=31)[STEP] == 0
    person.refresh_from_db()
    assert not is_erased(person)


def test_recent_staff_and_live_accounts_are_left_alone():
    recent = idle(20)
    staff = coordinator()
    staff.last_login = timezone.now() - timedelta(days=2000)
    staff.save(update_fields=["last_login"])
    placed = ParticipantFactory(status=Participant.Status.ACTIVE).user
    placed.last_login = timezone.now() - timedelta(days=2000)
    placed.save(update_fields=["last_login"])
    applying = idle(40)
    ExpressionOfInterestFactory(
        applicant=applying,
        cohort=CohortFactory(places_awarded_by=timezone.localdate() + timedelta(days=60)),
    )

    sweep()
    sweep(days_from_now=31)

    for user in (recent, staff, placed, applying):
        user.refresh_from_db()
        assert not is_erased(user)
        assert warnings_to(user) == 0
