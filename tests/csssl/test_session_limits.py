"""How long a session lasts, and what ends all of a person's sessions (csssl/session_limits.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.urls import reverse

from csssl import roles
from tests.factories import PASSWORD, UserFactory, coordinator

pytestmark = pytest.mark.django_db

START = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)
ME = "/me/"


@pytest.fixture(autouse=True)
def _limits():
    with override_settings(
        SESSION_IDLE_MINUTES=60, SESSION_STAFF_IDLE_MINUTES=30, SESSION_ABSOLUTE_HOURS=12
    ):
        yield


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(ME).status_code == 200


def at(minutes: float):
    return time_machine.travel(START + timedelta(minutes=minutes), tick=False)


def test_session_idle_limit_signs_out_with_a_kind_message():
    with at(0):
        client = signed_in(UserFactory())
    with at(59):
        assert is_signed_in(client)
    with at(59 + 61):
        response = client.get(ME, follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "You were signed out after 60 minutes without activity." in response.content.decode()
    with at(121):
        assert not is_signed_in(client)


def test_session_activity_keeps_it_going_until_the_absolute_limit():
    with at(0):
        client = signed_in(UserFactory())
    for minutes in range(50, 12 * 60, 50):
        with at(minutes):
            assert is_signed_in(client), minutes
    with at(12 * 60 + 1):
        response = client.get(ME, follow=True)

    assert "signed in for 12 hours" in response.content.decode()


def test_session_staff_idle_limit_is_shorter():
    with at(0):
        staff = signed_in(coordinator())
        person = signed_in(UserFactory())
    with at(31):
        response = staff.get(ME, follow=True)
        assert is_signed_in(person)

    assert "You were signed out after 30 minutes without activity." in response.content.decode()


def test_session_limits_off_at_zero():
    with at(0):
        client = signed_in(UserFactory())
    with (
        override_settings(
            SESSION_IDLE_MINUTES=0, SESSION_STAFF_IDLE_MINUTES=0, SESSION_ABSOLUTE_HOURS=0
        ),
        at(60 * 24 * 3),
    ):
        assert is_signed_in(client)


def test_session_clock_not_written_on_every_request():
    """Reading pages within a minute does not save the session each time."""
    with at(0):
        client = signed_in(UserFactory())
        client.get(ME)
    before = client.session["limits_last_seen"]
    with at(0.5):
        client.get(ME)
        assert client.session["limits_last_seen"] == before
    with at(2):
        client.get(ME)
        assert client.session["limits_last_seen"] > before


def test_session_disabled_account_ends_every_session_for_good():
    user = UserFactory()
    laptop, phone = signed_in(user), signed_in(user)

    user.is_active = False
    user.save()
    assert not is_signed_in(laptop)
    user.is_active = True
    user.save()

    assert not is_signed_in(phone)
    user.refresh_from_db()
    assert user.auth_epoch == 1
    assert is_signed_in(signed_in(user))


def test_session_role_removed_ends_every_session():
    user = coordinator()
    laptop, phone = signed_in(user), signed_in(user)
    assert laptop.get("/coordinator/").status_code == 200

    user.groups.remove(Group.objects.get(name=roles.COORDINATORS))

    response = laptop.get("/coordinator/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "access has changed" in response.content.decode()
    assert not is_signed_in(phone)


def test_session_role_removed_from_the_group_side_or_cleared():
    one, two = coordinator(), coordinator()
    first, second = signed_in(one), signed_in(two)
    bystander = signed_in(coordinator())

    Group.objects.get(name=roles.COORDINATORS).user_set.remove(one)
    two.groups.clear()

    assert not is_signed_in(first)
    assert not is_signed_in(second)
    assert is_signed_in(bystander)


def test_session_role_added_keeps_the_session():
    user = UserFactory()
    client = signed_in(user)

    user.groups.add(Group.objects.get_or_create(name=roles.MENTORS)[0])

    assert is_signed_in(client)


def test_session_password_change_ends_the_other_sessions_only():
    user = UserFactory()
    here = Client()
    here.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    elsewhere = signed_in(user)

    response = here.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
        },
    )

    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
