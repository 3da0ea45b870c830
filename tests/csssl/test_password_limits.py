"""A password has a maximum length, so a huge one is refused before it is ever hashed: at
sign-up, sign-in, and wherever one is changed, in allauth's forms and the admin's alike."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import get_hasher
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils.module_loading import import_string

from csssl.admin import UserCreationForm
from csssl.models import User
from tests.factories import PASSWORD, UserFactory
from tests.pages import field_html

pytestmark = pytest.mark.django_db

HUGE = "p" * (1024 * 1024)
REFUSED = f"Use 128 characters or fewer: this has {len(HUGE):,}."


@contextmanager
def no_hashing():
    """Fails the test if any password is hashed inside the block (hashing at sign-in, when
    checking a password or hiding that an account does not exist, all goes through here)."""
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
        yield
    assert encode.call_count == 0, "a password was hashed"


def test_the_limit_is_set_once_in_the_password_validators():
    from csssl.passwords import password_max_length

    assert password_max_length() == 128
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password("x" * 129)
    assert "Use 128 characters or fewer: this has 129." in refused.value.messages
    password_validation.validate_password("a-long-but-fine-passphrase " * 4)


def test_signup_with_a_huge_password_is_refused_without_hashing(client):
    typed = {
        "first_name": "Priya",
        "last_name": "Shah",
        "email": "priya.shah@example.org",
        "password1": HUGE,
        "password2": HUGE,
    }
    with no_hashing():
        response = client.post("/accounts/signup/", typed)
    assert response.status_code == 200
    body = response.content.decode()
    beside = field_html(body, "password1")
    assert REFUSED in beside
    assert 'maxlength="128"' in beside
    assert 'value="Priya"' in field_html(body, "first_name")
    assert 'value="priya.shah@example.org"' in field_html(body, "email")
    assert not User.objects.exists()


def test_signup_page_says_how_long_a_password_may_be(client):
    body = client.get("/accounts/signup/").content.decode()
    assert "Your password can have up to 128 characters." in field_html(body, "password1")
    assert 'maxlength="150"' in field_html(body, "first_name")
    assert 'maxlength="254"' in field_html(body, "email")


@pytest.mark.parametrize("email", ["lead@example.org", "nobody@example.org"])
def test_login_with_a_huge_password_is_refused_without_hashing(client, email):
    UserFactory(email="lead@example.org")
    with no_hashing():
        response = client.post("/accounts/login/", {"login": email, "password": HUGE})
    assert response.status_code == 200
    body = response.content.decode()
    assert REFUSED in field_html(body, "password")
    assert f'value="{email}"' in field_html(body, "login")
    assert "_auth_user_id" not in client.session


def test_password_change_with_a_huge_current_password_is_refused_without_hashing(client):
    user = UserFactory()
    client.force_login(user)
    typed = {"oldpassword": HUGE, "password1": "a new passphrase 2026", "password2": "x"}
    with no_hashing():
        response = client.post("/accounts/password/change/", typed)
    assert response.status_code == 200
    assert REFUSED in field_html(response.content.decode(), "oldpassword")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_to_a_password_too_long_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    new = "n" * 129
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 200
    assert "Use 128 characters or fewer: this has 129." in field_html(
        response.content.decode(), "password1"
    )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_every_account_form_limits_its_password_fields():
    from allauth.account.fields import PasswordField

    user = UserFactory()
    request = RequestFactory().get("/")
    kwargs = {
        "login": {"request": request},
        "signup": {},
        "reset_password": {},
        "reset_password_from_key": {"user": user, "temp_key": "key"},
        "add_email": {"user": user},
    }
    passwords = 0
    for name, path in settings.ACCOUNT_FORMS.items():
        form = import_string(path)(**kwargs.get(name, {"user": user}))
        for field in form.fields.values():
            if not isinstance(field, forms.CharField):
                continue  # a tick box
            assert field.widget.attrs.get("maxlength"), f"{name}: {field.label} has no limit"
            if isinstance(field, PasswordField):
                passwords += 1
                assert field.max_length == 128
    assert passwords >= 10


def test_admin_user_form_refuses_a_password_too_long():
    new = "n" * 129
    form = UserCreationForm({"email": "new@example.org", "password1": new, "password2": new})
    assert not form.is_valid()
    assert "Use 128 characters or fewer: this has 129." in str(form.errors)
    assert not User.objects.filter(email="new@example.org").exists()
