"""Failed sign-ins slow an attacker down without locking out the people behind a shared
address, nor the account's owner for more than a few minutes; certificate checks are limited
per address."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from cohorts.services import certificate_issue
from tests.csssl.test_url_walk import ended_cohort
from tests.factories import PASSWORD, ParticipantFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

SHARED = "198.51.100.7"  # a council's one outgoing address
ELSEWHERE = "203.0.113.40"


def attempt(address: str, email: str, password: str):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"login": email, "password": password}
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"] == "/"


def test_signin_thirty_failures_for_one_account_leave_others_at_that_address_free():
    target, colleague = UserFactory(), UserFactory()
    for _ in range(30):
        assert attempt(SHARED, target.email, "wrong-password").status_code == 200

    assert signed_in(attempt(SHARED, colleague.email, PASSWORD))


def test_signin_after_free_failures_waits_with_a_message_and_keeps_the_email():
    owner = UserFactory()
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(5):
            attempt(SHARED, owner.email, "wrong-password")

        response = attempt(SHARED, owner.email, PASSWORD)

    body = response.content.decode()
    assert response.status_code == 200
    assert "too many failed attempts to sign in to this account" in body
    assert "Try again in 1 minute, or reset your password" in body
    assert f'value="{owner.email}"' in body


def test_signin_owner_elsewhere_is_not_held_back_by_failures_at_another_address():
    owner = UserFactory()
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(10):
            attempt(SHARED, owner.email, "wrong-password")

        assert signed_in(attempt(ELSEWHERE, owner.email, PASSWORD))


def test_signin_wait_doubles_but_never_passes_the_ceiling():
    """A patient attacker who tries again the moment each wait ends, for an hour, never keeps
    the owner out for more than the ceiling (five minutes)."""
    owner = UserFactory()
    start = timezone.now()
    waits = []
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            attempt(SHARED, owner.email, "wrong-password")
        while timezone.now() - start < timedelta(hours=1) and len(waits) < 100:
            wait = 0
            while "Try again in" in attempt(SHARED, owner.email, "wrong-password").content.decode():
                clock.shift(timedelta(seconds=15))
                wait += 15
            waits.append(wait)
            clock.shift(timedelta(seconds=1))
        clock.shift(timedelta(seconds=300))

        assert signed_in(attempt(SHARED, owner.email, PASSWORD))

    assert waits[:3] == [15, 30, 60]
    assert max(waits) == 300


def test_signin_success_forgets_the_failures():
    owner = UserFactory()
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(4):
            attempt(SHARED, owner.email, "wrong-password")
        assert signed_in(attempt(SHARED, owner.email, PASSWORD))
        for _ in range(4):
            attempt(SHARED, owner.email, "wrong-password")

        assert signed_in(attempt(SHARED, owner.email, PASSWORD))


@override_settings(SIGNIN_ACCOUNT_FAILURE_LIMIT=20)
def test_signin_failures_from_many_addresses_hold_the_account_for_one_window():
    owner = UserFactory()
    with time_machine.travel(timezone.now().replace(minute=0, second=1), tick=False) as clock:
        for n in range(20):
            attempt(f"192.0.2.{n + 1}", owner.email, "wrong-password")

        held = attempt(ELSEWHERE, owner.email, PASSWORD)
        assert "Try again in 5 minutes" in held.content.decode()

        clock.shift(timedelta(minutes=5))
        assert signed_in(attempt(ELSEWHERE, owner.email, PASSWORD))


def test_signin_one_address_failing_on_many_accounts_meets_the_address_limit():
    someone = UserFactory()
    with time_machine.travel(timezone.now().replace(second=0), tick=False) as clock:
        answers = [
            attempt(SHARED, f"nobody{n}@example.org", "wrong-password").content.decode()
            for n in range(101)
        ]
        held = attempt(SHARED, someone.email, PASSWORD)
        clock.shift(timedelta(minutes=1))
        freed = attempt(SHARED, someone.email, PASSWORD)

    assert not any("Too many failed login attempts" in body for body in answers[:100])
    assert "Too many failed login attempts" in answers[100]
    assert not signed_in(held)
    assert signed_in(freed)


@override_settings(ACCOUNT_RATE_LIMITS={"login": "3/m/ip"})
def test_signin_429_page_explains():
    with time_machine.travel(timezone.now().replace(second=0), tick=False):
        for n in range(3):
            attempt(SHARED, f"nobody{n}@example.org", "wrong-password")
        response = attempt(SHARED, "nobody@example.org", "wrong-password")

    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()


def test_certificate_checks_are_limited_per_address_with_a_kind_page():
    cohort = ended_cohort(ProgrammeFactory())
    certificate = certificate_issue(participant=ParticipantFactory(cohort=cohort))
    visitor, other = Client(REMOTE_ADDR=SHARED), Client(REMOTE_ADDR=ELSEWHERE)
    with time_machine.travel(timezone.now().replace(second=0), tick=False) as clock:
        answers = [
            visitor.get(f"/certificates/verify/ABCDEFGHJK{n:02d}/").status_code for n in range(20)
        ]
        limited = visitor.get(f"/certificates/verify/{certificate.code}/")

        assert answers == [404] * 20
        assert limited.status_code == 429
        assert limited.headers["Retry-After"] == "60"
        assert "Please wait before checking another code" in limited.content.decode()
        assert certificate.name not in limited.content.decode()
        assert other.get(f"/certificates/verify/{certificate.code}/").status_code == 200

        clock.shift(timedelta(minutes=1))
        assert visitor.get(f"/certificates/verify/{certificate.code}/").status_code == 200
