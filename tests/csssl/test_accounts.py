import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from csssl.models import OutboxMessage, OutboxSecret, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Priya",
    "last_name": "Shah",
    "email": "Priya.Shah@Example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def test_signup_sends_verification_link_through_outbox(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get()
    assert (user.email, user.first_name, user.last_name) == (
        "priya.shah@example.org",
        "Priya",
        "Shah",
    )
    message = OutboxMessage.objects.get()
    assert message.recipient == "priya.shah@example.org"
    assert message.state == OutboxMessage.State.SENT
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body)
    # What staff can read of it holds a placeholder, and the link is gone once sent.
    assert "/accounts/confirm-email/" not in message.body_text
    assert "[[recipient-only:activate_url]]" in message.body_text
    assert not OutboxSecret.objects.exists()


def test_signup_then_link_verifies_and_signs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", SIGNUP)
    link = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)
    assert client.get(link).status_code == 200  # a page with a button: links are not used on GET
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="priya.shah@example.org").verified
    assert client.get("/accounts/password/change/").status_code == 200


def test_signup_errors_keep_what_was_typed(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "password2": "something else"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Priya"' in body
    assert 'value="Shah"' in body
    assert "priya.shah@example.org" in body.lower()
    assert "same password" in body
    assert User.objects.count() == 0


def test_login_unverified_email_is_asked_to_verify(client):
    UserFactory(email="new@example.org", verified=False)
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"


def test_login_by_email_any_case(client):
    UserFactory(email="lead@example.org")
    response = client.post("/accounts/login/", {"login": "LEAD@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_wrong_password_keeps_email(client):
    UserFactory(email="lead@example.org")
    response = client.post("/accounts/login/", {"login": "lead@example.org", "password": "nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="lead@example.org"' in body
    assert "not correct" in body


def test_password_reset_email_goes_through_outbox(client, django_capture_on_commit_callbacks):
    UserFactory(email="lead@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "lead@example.org"})
    assert response.status_code == 302
    message = OutboxMessage.objects.get(recipient="lead@example.org")
    assert message.state == OutboxMessage.State.SENT
    assert "/accounts/password/reset/key/" not in message.body_text
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_reset_twice_is_two_emails(client, django_capture_on_commit_callbacks):
    """The stored bodies of two resets are the same (placeholders); the links differ, and so
    must the emails' occasions, or the second request would send nothing."""
    UserFactory(email="lead@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "lead@example.org"})
    later = time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False)
    with later, django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "lead@example.org"})
    first, second = OutboxMessage.objects.filter(recipient="lead@example.org")
    assert first.body_text == second.body_text
    assert first.occasion != second.occasion
    links = [re.search(r"/accounts/password/reset/key/\S+", m.body).group(0) for m in mail.outbox]
    assert len(set(links)) == 2


def test_user_email_is_stored_lower_case():
    user = User.objects.create_user("Mixed.Case@Example.ORG", "x")
    assert user.email == "mixed.case@example.org"
