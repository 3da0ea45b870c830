"""Links and codes only the recipient reads: placeholders in the outbox, values put in when
the email is sent, tokens hidden from logs and error reports."""

import importlib
import logging
import smtplib

import pytest
from django.apps import apps
from django.core import mail
from django.template import Context, Template

from csssl import outbox
from csssl.models import OutboxMessage, OutboxSecret
from csssl.recipient_only import (
    FOR_STAFF_CODE,
    FOR_STAFF_LINK,
    conceal,
    placeholder,
    redact_links,
    reveal,
)

from .backends import FlakyBackend, permanent, temporary

pytestmark = pytest.mark.django_db

State = OutboxMessage.State
LINK = "https://programmes.example.org/endorse/eyJlIjo0Mn0:1tQ:sig-NATURE_x/?from=email&n=1"


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.csssl.backends.FlakyBackend"
    FlakyBackend.failures = []
    yield FlakyBackend
    FlakyBackend.failures = []


@pytest.fixture
def templates(tmp_path, settings):
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "ask.subject.txt").write_text("Please answer, {{ name }}\n")
    (tmp_path / "emails" / "ask.txt").write_text(
        "{% autoescape off %}Dear {{ name }}, answer here: {{ link }}{% endautoescape %}"
    )
    (tmp_path / "emails" / "ask.html").write_text(
        '<p>Dear {{ name }}, <a href="{{ link }}">answer</a>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


def send_ask(**overrides):
    fields = {
        "kind": "ask",
        "to": "endorser@example.org",
        "about": "x:1",
        "template": "ask",
        "context": {"name": "Sam"},
        "secrets": {"link": LINK},
    }
    return outbox.email_send(**{**fields, **overrides})


# --- The placeholders ------------------------------------------------------------------------


def test_placeholder_survives_html_autoescaping():
    marker = placeholder("link")
    assert Template("{{ link }}").render(Context({"link": marker})) == marker


def test_placeholder_refuses_a_name_it_could_not_find_again():
    with pytest.raises(ValueError, match="not a placeholder name"):
        placeholder("Link-1")


def test_reveal_escapes_in_html_and_leaves_unknown_placeholders():
    text = f"{placeholder('link')} {placeholder('other')}"
    assert reveal(text, {"link": LINK}) == f"{LINK} {placeholder('other')}"
    assert reveal(text, {"link": LINK}, html=True).startswith(LINK.replace("&", "&amp;") + " ")


def test_conceal_hides_a_link_whole_before_a_key_inside_it():
    secrets = {"key": "abc123def", "url": "https://x.example/reset/abc123def/"}
    text = "go to https://x.example/reset/abc123def/ or type abc123def"
    assert conceal(text, secrets) == f"go to {placeholder('url')} or type {placeholder('key')}"


# --- The outbox ------------------------------------------------------------------------------


def test_email_send_stores_placeholders_and_delivers_the_link(templates):
    message, _ = send_ask()
    stored = OutboxMessage.objects.get(pk=message.pk)
    assert LINK not in stored.subject + stored.body_text + stored.body_html
    assert stored.body_text == f"Dear Sam, answer here: {placeholder('link')}"
    assert placeholder("link") in stored.body_html
    assert OutboxSecret.objects.get(message=stored).values == {"link": LINK}

    assert outbox.outbox_deliver(message_id=message.pk) == "sent"
    (sent,) = mail.outbox
    assert sent.body == f"Dear Sam, answer here: {LINK}"
    assert f'href="{LINK.replace("&", "&amp;")}"' in sent.alternatives[0][0]
    assert not OutboxSecret.objects.exists()
    stored.refresh_from_db()
    assert LINK not in stored.body_text + stored.body_html


def test_secret_rendered_in_the_text_anyway_is_not_stored():
    message, _ = outbox.email_queue(
        kind="ask",
        to="endorser@example.org",
        about="x:1",
        subject="Please answer",
        body_text=f"Answer here: {LINK}",
        body_html=f'<a href="{LINK.replace("&", "&amp;")}">answer</a>',
        secrets={"link": LINK},
    )
    message.refresh_from_db()
    assert LINK.split("?")[0] not in message.body_text + message.body_html
    outbox.outbox_deliver(message_id=message.pk)
    assert mail.outbox[0].body == f"Answer here: {LINK}"


def test_failed_email_keeps_its_link_and_send_again_delivers_it(
    templates, flaky, django_capture_on_commit_callbacks
):
    # A mail server that quotes what it refused: the error staff read must not hold the link.
    flaky.failures = [smtplib.SMTPResponseException(554, f"refused: {LINK}".encode())]
    message, _ = send_ask()
    assert outbox.outbox_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert "554" in message.last_error
    assert "eyJlIjo0Mn0" not in message.last_error
    assert OutboxSecret.objects.filter(message=message).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_retry(messages=OutboxMessage.objects.all()) == 1
    assert mail.outbox[0].body.endswith(LINK)
    assert not OutboxSecret.objects.exists()


def test_temporary_failure_keeps_the_link_for_the_next_attempt(templates, flaky):
    flaky.failures = [temporary()]
    message, _ = send_ask()
    with pytest.raises(outbox.TemporaryEmailError):
        outbox.outbox_deliver(message_id=message.pk)
    assert OutboxSecret.objects.filter(message=message).exists()
    assert outbox.outbox_deliver(message_id=message.pk) == "sent"
    assert mail.outbox[0].body.endswith(LINK)


def test_permanent_failure_then_resend_is_one_email(templates, flaky):
    flaky.failures = [permanent()]
    message, _ = send_ask()
    outbox.outbox_deliver(message_id=message.pk)
    again, created = send_ask()
    assert (again.pk, created) == (message.pk, False)
    assert OutboxSecret.objects.count() == 1


def test_admin_shows_words_where_the_link_was(client, templates):
    from tests.factories import coordinator

    message, _ = send_ask()
    client.force_login(coordinator())
    page = client.get(f"/admin/csssl/outboxmessage/{message.pk}/change/").content.decode()
    assert FOR_STAFF_LINK in page
    assert "eyJlIjo0Mn0" not in page
    assert "Dear Sam, answer here:" in page


def test_code_is_named_as_a_code_for_staff(client):
    from tests.factories import coordinator

    message, _ = outbox.email_queue(
        kind="login_code",
        to="lead@example.org",
        about="account:lead@example.org",
        subject="Your sign-in code",
        body_text=f"Your code: {placeholder('code')}",
        secrets={"code": "K7Q2XP"},
    )
    client.force_login(coordinator())
    page = client.get(f"/admin/csssl/outboxmessage/{message.pk}/change/").content.decode()
    assert FOR_STAFF_CODE in page
    assert "K7Q2XP" not in page


# --- Logs and error reports ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Not Found: /endorse/eyJlIjo0Mn0:1tQ:sig/", "Not Found: /endorse/[hidden]/"),
        ("GET /offers/eyJvIjo5fQ:1t:s/ 302", "GET /offers/[hidden]/ 302"),
        ("GET /me/calendar/Zx8-_q.ics", "GET /me/calendar/[hidden]"),
        ("/accounts/password/reset/key/1-cj9-abc/", "/accounts/password/reset/key/[hidden]/"),
        ("/accounts/confirm-email/MQ:1t:xyz/", "/accounts/confirm-email/[hidden]/"),
        (
            "GET /accounts/login/?next=%2Foffers%2FeyJvIjo5fQ%3A1t%3As%2F",
            "GET /accounts/login/?next=%2Foffers%2F[hidden]%2F",
        ),
        (
            "GET /me/ and /endorse/ and /programmes/csssl/",
            "GET /me/ and /endorse/ and /programmes/csssl/",
        ),
    ],
)
def test_redact_links_hides_tokens_only(text, shown):
    assert redact_links(text) == shown


def test_request_log_line_hides_the_token(client, caplog):
    token = "eyJlIjo0Mn0:1tQxyz:not-a-signature"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/endorse/{token}/")
    assert response.status_code == 404
    assert "/endorse/[hidden]/" in caplog.text
    assert token not in caplog.text


def test_error_report_hides_the_token(client, monkeypatch, settings):
    """The email ADMINS get when a page fails on a live link: its subject, the address, the
    headers and the values beside the traceback keep the token hidden."""
    from applications import services

    settings.ADMINS = [("Operations", "ops@example.org")]

    def fails(token):
        raise RuntimeError("the page failed")

    monkeypatch.setattr(services, "endorsement_from_token", fails)
    client.raise_request_exception = False
    token = "eyJlIjo0Mn0:1tQxyz:signature"
    response = client.get(f"/endorse/{token}/", HTTP_REFERER=f"https://x.example/endorse/{token}/")
    assert response.status_code == 500
    (report,) = [email for email in mail.outbox if email.to == ["ops@example.org"]]
    assert "/endorse/[hidden]/" in report.subject
    assert "/endorse/[hidden]/" in report.body
    assert "RuntimeError" in report.body
    for text in (report.subject, report.body, *(html for html, _ in report.alternatives)):
        assert "eyJlIjo0Mn0" not in text


# --- Emails written before the outbox kept links apart ---------------------------------------


def test_migration_takes_links_out_of_existing_emails():
    migration = importlib.import_module("csssl.migrations.0003_outbox_secrets")
    link = "http://127.0.0.1:8000/endorse/eyJlIjo0Mn0:1tQ:sig/"
    reset = "http://127.0.0.1:8000/accounts/password/reset/key/1-cj9-abc/"
    sent = OutboxMessage.objects.create(
        kind="endorsement_request",
        object_ref="applications.endorsement:1",
        recipient="endorser@example.org",
        subject="Please confirm",
        body_text=f"Answer here:\n{link}\n",
        state=State.SENT,
    )
    queued = OutboxMessage.objects.create(
        kind="password_reset_key",
        object_ref="account:lead@example.org",
        recipient="lead@example.org",
        subject="Password reset",
        body_text=f"Reset it: {reset}",
        body_html=f'<a href="{reset}">Reset</a>',
    )
    migration.move_links_out(apps, None)
    sent.refresh_from_db()
    queued.refresh_from_db()
    assert sent.body_text == f"Answer here:\n{placeholder('link')}\n"
    assert not OutboxSecret.objects.filter(message=sent).exists()
    assert queued.body_text == f"Reset it: {placeholder('link')}"
    assert reset not in queued.body_html
    assert OutboxSecret.objects.get(message=queued).values == {"link": reset}

    outbox.outbox_deliver(message_id=queued.pk)
    assert mail.outbox[0].body == f"Reset it: {reset}"
