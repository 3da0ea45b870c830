"""Two-factor sign-in (csssl/two_factor.py with allauth.mfa): staff must set it up, the admin
asks for it in the very session, anyone else may turn it on."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib import admin
from django.test import Client, override_settings
from django.urls import reverse

from csssl import two_factor
from csssl.models import User
from tests.factories import PASSWORD, UserFactory, coordinator, dcs_member, mentor

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _required():
    with override_settings(MFA_REQUIRED_FOR_STAFF=True):
        yield


def code_now(secret: str) -> str:
    """The code an authenticator app shows now, computed with allauth's own RFC 6238 helpers
    from the secret the set-up page gave."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def signed_in_with_password(user: User) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def with_app(user: User) -> TOTP:
    totp = TOTP.activate(user, SECRET)
    RecoveryCodes.activate(user)
    return totp


@pytest.mark.parametrize("make", [coordinator, dcs_member, mentor])
def test_two_factor_staff_without_authenticator_sent_to_set_up(make):
    client = signed_in_with_password(make())

    for path in ("/me/", ADMIN, "/coordinator/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == reverse("mfa_index"), path
    # The set-up pages themselves, signing out and the health check stay open.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get("/me/").status_code == 302


def test_two_factor_superuser_without_authenticator_sent_to_set_up():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = signed_in_with_password(superuser)

    assert client.get(ADMIN).headers["Location"] == reverse("mfa_index")


def test_two_factor_not_required_when_setting_off():
    client = signed_in_with_password(coordinator())

    with override_settings(MFA_REQUIRED_FOR_STAFF=False):
        assert client.get("/coordinator/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_factor_set_up_with_real_code_then_admin_opens():
    """Transactional: allauth says an app was added once its row is committed."""
    user = coordinator()
    client = signed_in_with_password(user)
    # Setting up asks for the password again first (allauth's reauthentication).
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "style=" not in html
    secret = page.context["form"].secret
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200  # said beside the field, nothing saved
    assert not Authenticator.objects.filter(user=user).exists()

    done = client.post(reverse("mfa_activate_totp"), {"code": code_now(secret)})

    assert done.status_code == 302
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    assert client.get(ADMIN).status_code == 200
    assert client.get("/coordinator/").status_code == 200


def test_two_factor_password_alone_asks_for_the_code():
    user = coordinator()
    with_app(user)
    client = Client()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.headers["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: nothing behind the sign-in opens.
    assert client.get("/coordinator/").headers["Location"].startswith(reverse("account_login"))
    page = client.get(reverse("mfa_authenticate"))
    assert "6-digit code" in page.content.decode()
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    client.post(reverse("mfa_authenticate"), {"code": code_now(SECRET)})
    assert client.get(ADMIN).status_code == 200


def test_two_factor_recovery_code_works_once():
    user = dcs_member()
    with_app(user)
    code = RecoveryCodes(
        Authenticator.objects.get(user=user, type="recovery_codes")
    ).get_unused_codes()[0]

    first = Client()
    first.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    signed = first.post(reverse("mfa_authenticate"), {"code": code})
    assert signed.status_code == 302
    assert first.get(ADMIN).status_code == 200

    second = Client()
    second.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    refused = second.post(reverse("mfa_authenticate"), {"code": code})
    assert refused.status_code == 200
    assert "Incorrect code" in refused.content.decode()
    assert second.get(ADMIN).status_code == 302


def test_two_factor_admin_refuses_session_without_second_step():
    user = coordinator()
    with_app(user)
    client = Client()
    client.force_login(user)  # a session that never passed the second step

    response = client.get(ADMIN + "csssl/user/")

    assert response.status_code == 302
    assert response.headers["Location"] == (
        reverse("mfa_reauthenticate") + "?next=%2Fadmin%2Fcsssl%2Fuser%2F"
    )
    # Other pages are not the admin: they open.
    assert client.get("/coordinator/").status_code == 200
    confirmed = client.post(
        reverse("mfa_reauthenticate"), {"code": code_now(SECRET), "next": "/admin/csssl/user/"}
    )
    assert confirmed.headers["Location"] == "/admin/csssl/user/"
    assert client.get(ADMIN + "csssl/user/").status_code == 200


def test_two_factor_admin_by_security_key_confirms_by_key():
    user = coordinator()
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    client = Client()
    client.force_login(user)

    response = client.get(ADMIN)

    assert response.headers["Location"].startswith(reverse("mfa_reauthenticate_webauthn"))


def test_two_factor_participant_may_turn_it_on_and_is_then_asked():
    person = UserFactory()
    client = signed_in_with_password(person)
    # Nobody sends them anywhere: it is their choice.
    assert client.get("/me/").status_code == 200
    assert b"Two-factor sign-in" in client.get("/me/").content
    assert client.get(reverse("mfa_index")).status_code == 200
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret

    client.post(reverse("mfa_activate_totp"), {"code": code_now(secret)})

    assert Authenticator.objects.filter(user=person, type="totp").exists()
    later = Client()
    response = later.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.headers["Location"] == reverse("mfa_authenticate")


def test_two_factor_required_by_default_when_debug_off():
    """The settings module read afresh, as production starts it."""
    script = "from csssl import settings as s; print(s.MFA_REQUIRED_FOR_STAFF)"

    def setting(**env) -> str:
        environment = {k: v for k, v in os.environ.items() if k != "MFA_REQUIRED_FOR_STAFF"}
        environment.update(env)
        result = subprocess.run(
            [sys.executable, "-c", script], env=environment, capture_output=True, text=True
        )
        return result.stdout.strip()

    assert setting(DEBUG="false") == "True"
    assert setting(DEBUG="true") == "False"
    assert setting(DEBUG="false", MFA_REQUIRED_FOR_STAFF="false") == "False"


def test_two_factor_admin_lists_authenticators_without_secrets_and_superuser_resets(caplog):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    with_app(superuser)
    holder = coordinator(email="lost.phone@example.org")
    with_app(holder)
    client = Client()
    client.force_login(superuser)
    client.post(reverse("mfa_reauthenticate"), {"code": code_now(SECRET)})
    url = reverse("admin:mfa_authenticator_changelist")

    page = client.get(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "lost.phone@example.org" in html
    assert SECRET not in html
    assert "Reset two-factor sign-in" in html
    detail = client.get(
        reverse(
            "admin:mfa_authenticator_change",
            args=[Authenticator.objects.get(user=holder, type="totp").pk],
        )
    )
    assert SECRET not in detail.content.decode()
    assert "seed" not in detail.content.decode()
    ids = list(Authenticator.objects.filter(user=holder).values_list("pk", flat=True))
    with caplog.at_level(logging.WARNING, logger="csssl.two_factor"):
        client.post(url, {"action": "reset_two_factor", "_selected_action": ids[:1]})

    assert not Authenticator.objects.filter(user=holder).exists()
    assert Authenticator.objects.filter(user=superuser).count() == 2
    assert f"Two-factor sign-in reset for user {holder.pk} by user {superuser.pk}" in caplog.text
    holder.refresh_from_db()
    assert holder.auth_epoch == 1


def test_two_factor_reset_is_for_superusers_alone():
    holder = coordinator()
    with_app(holder)
    model_admin = admin.site._registry[Authenticator]

    class Request:
        user = coordinator()

    assert not model_admin.has_reset_permission(Request())
    with pytest.raises(PermissionError):
        two_factor.two_factor_reset(users=[holder], by=Request.user)
    assert Authenticator.objects.filter(user=holder).count() == 2


def test_two_factor_pages_hold_no_inline_script_or_style():
    """The Content Security Policy refuses inline scripts and styles: every two-factor page
    uses static scripts fed by JSON data blocks, and no style attribute."""
    user = UserFactory()
    with_app(user)
    client = Client()
    client.force_login(user)
    client.post(reverse("mfa_reauthenticate"), {"code": code_now(SECRET)})
    pages = [
        reverse("mfa_index"),
        reverse("mfa_deactivate_totp"),
        reverse("mfa_view_recovery_codes"),
        reverse("mfa_generate_recovery_codes"),
        reverse("mfa_list_webauthn"),
        reverse("mfa_add_webauthn"),
        reverse("mfa_reauthenticate"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert " style=" not in html, url
        assert "<style" not in html, url
        for script in re.findall(r"<script[^>]*>", html):
            assert "src=" in script or 'type="application/json"' in script, (url, script)
