"""Log lines: one JSON object each, naming the request, with nothing secret or personal."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from django.core import signing
from django.test import Client, RequestFactory

from csssl import request_id
from csssl.log_config import logging_config
from csssl.log_redaction import JsonFormatter, TextFormatter, redact, redact_value
from csssl.views import server_error

from .logs import console_handler, run_python, written_lines

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.csssl.urls_errors")]

ROOT = Path(__file__).resolve().parents[2]
logger = logging.getLogger("csssl.tests")

EMAIL = "lead.applicant@example.org"
PASSWORD = "Tr0ub4dor&3-horse"


def signed_token() -> str:
    return signing.dumps({"e": 42, "n": "0f3c2a"}, salt="endorsement")


# --- The format ------------------------------------------------------------------------------


def run_settings(env: dict[str, str]) -> str:
    code = (
        "from django.conf import settings;"
        "print(settings.LOG_FORMAT, settings.LOGGING['formatters']['line']['()'])"
    )
    return run_python(code, env, without=("DEBUG", "LOG_FORMAT")).strip()


def test_log_format_json_unless_debug():
    assert run_settings({"DEBUG": "false"}) == "json csssl.log_redaction.JsonFormatter"
    assert run_settings({"DEBUG": "true"}) == "text csssl.log_redaction.TextFormatter"
    assert run_settings({"DEBUG": "true", "LOG_FORMAT": "json"}).startswith("json ")


def test_log_format_unknown_is_refused():
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logging_config(log_format="xml", level="INFO")


def test_json_line_is_one_object_with_request_id():
    with written_lines() as lines:
        response = Client().get("/test-logs/")
    (line,) = lines.json()
    assert line["message"] == "A page was read"
    assert line["level"] == "WARNING"
    assert line["logger"] == "csssl.tests"
    assert line["page"] == "/test-logs/"
    assert line["time"].endswith("+00:00")
    assert line["request_id"] == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32  # a uuid4's hex


def test_each_request_gets_its_own_id():
    client = Client()
    first = client.get("/test-logs/")["X-Request-ID"]
    second = client.get("/test-logs/")["X-Request-ID"]
    assert first != second


def test_well_formed_incoming_request_id_is_kept():
    incoming = "proxy-7f3a.91_B"
    with written_lines() as lines:
        response = Client().get("/test-logs/", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] == incoming
    assert lines.json()[0]["request_id"] == incoming


@pytest.mark.parametrize(
    "incoming",
    ["a" * 65, "two words", "id\nINFO forged line", 'quote"d', "", "ünïcode"],
)
def test_malformed_incoming_request_id_is_replaced(incoming):
    response = Client().get("/test-logs/", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_line_outside_a_request_says_so():
    with written_lines() as lines:
        logger.warning("Starting up")
    assert lines.json()[0]["request_id"] == request_id.NONE


def test_health_check_answers_with_an_id_too():
    response = Client().get("/healthz")
    assert request_id.accepted(response["X-Request-ID"])


def test_text_line_names_the_request():
    with written_lines("text") as lines:
        response = Client().get("/test-logs/")
    assert f"WARNING csssl.tests [{response['X-Request-ID']}] A page was read" in lines.raw


# --- Redaction -------------------------------------------------------------------------------


def test_json_line_hides_email_token_and_password_in_message_and_fields():
    token = signed_token()
    with written_lines() as lines:
        logger.warning(
            "Link %s sent to %s; password=%s",
            f"/endorse/{token}/",
            EMAIL,
            PASSWORD,
            extra={
                "recipient": EMAIL,
                "password": PASSWORD,
                "token_seen": token,
                "details": {"to": [EMAIL], "note": f"signed {token}", "new_password": PASSWORD},
            },
        )
    raw = lines.raw
    for secret in (EMAIL, token, PASSWORD, token.split(":")[-1], "example.org"):
        assert secret not in raw
    (line,) = lines.json()
    assert line["message"] == "Link /endorse/[hidden]/ sent to [email hidden]; password=[hidden]"
    assert line["recipient"] == "[email hidden]"
    assert line["password"] == "[hidden]"
    assert line["details"]["to"] == ["[email hidden]"]


def test_json_line_hides_secrets_in_a_traceback():
    token = signed_token()
    with written_lines() as lines:
        try:
            raise ValueError(f"no account for {EMAIL} with {token}")
        except ValueError:
            logger.exception("Sign-in failed")
    (line,) = lines.json()
    assert "ValueError: no account for [email hidden] with [hidden]" in line["exc_info"]
    assert EMAIL not in lines.raw
    assert token not in lines.raw


def test_text_line_hides_the_same():
    token = signed_token()
    with written_lines("text") as lines:
        logger.warning("Reset for %s with %s, password: %s", EMAIL, token, PASSWORD)
    assert "Reset for [email hidden] with [hidden], password: [hidden]" in lines.raw
    for secret in (EMAIL, token, PASSWORD):
        assert secret not in lines.raw


def test_a_line_that_is_a_dict_is_redacted_too():
    with written_lines() as lines:
        logger.warning({"event": "signed in", "email": EMAIL, "sessionid": "abc123def456"})
    (line,) = lines.json()
    assert line["email"] == "[email hidden]"
    assert line["sessionid"] == "[hidden]"


@pytest.mark.parametrize(
    "text",
    [
        "GET /me/ 200",
        "at 13:00:00 on redis://127.0.0.1:6379/0",
        "Background job 5 names no known task: csssl.outbox_deliver",
        "Forbidden (CSRF token missing.): /accounts/login/",
        "Email 3 failed for good: 550 mailbox unavailable",
    ],
)
def test_redact_leaves_ordinary_lines_alone(text):
    assert redact(text) == text


def test_redact_hides_url_encoded_email_and_bearer_token():
    assert redact("GET /accounts/signup/?email=a.b%40example.org") == (
        "GET /accounts/signup/?email=[email hidden]"
    )
    assert redact("Authorization: Bearer abc.def") == "Authorization: [hidden]"


def test_redact_value_keeps_non_text_and_empty_secrets():
    assert redact_value({"count": 3, "password": "", "ok": None, "when": (1, "x")}) == {
        "count": 3,
        "password": "",
        "ok": None,
        "when": [1, "x"],
    }


def test_django_lines_are_written_once_through_the_console_handler():
    django_logger = logging.getLogger("django")
    assert [type(h).__name__ for h in django_logger.handlers] == ["AdminEmailHandler"]
    assert django_logger.propagate
    server = logging.getLogger("django.server")
    assert server.propagate
    assert server.handlers == []


def test_development_server_line_is_written_once(settings):
    settings.DEBUG = True
    with written_lines("text") as lines:
        logging.getLogger("django.server").info('"GET /me/ HTTP/1.1" 200 5')
    assert lines.raw.count('"GET /me/ HTTP/1.1" 200 5') == 1


def test_configured_handler_redacts_and_names_the_request():
    handler = console_handler()
    assert [type(f).__name__ for f in handler.filters] == ["RequestIdFilter", "RedactSecretLinks"]
    assert isinstance(handler.formatter, JsonFormatter | TextFormatter)


# --- Error pages -----------------------------------------------------------------------------


def test_server_error_page_and_log_line_carry_the_same_id(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with written_lines() as lines:
        response = client.get("/test-fails/")
    assert response.status_code == 500
    reference = response["X-Request-ID"]
    assert request_id.accepted(reference)
    assert f"<code>{reference}</code>" in response.content.decode()
    (line,) = [line for line in lines.json() if line["logger"] == "django.request"]
    assert line["request_id"] == reference
    assert line["level"] == "ERROR"
    assert "RuntimeError: the page failed" in line["exc_info"]


def test_server_error_page_shows_the_proxys_id(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/test-fails/", HTTP_X_REQUEST_ID="edge-42")
    assert response["X-Request-ID"] == "edge-42"
    assert "<code>edge-42</code>" in response.content.decode()


def test_server_error_page_asks_nothing_of_the_database(settings, django_assert_num_queries):
    failing = RequestFactory().get("/anything/")
    failing.request_id = "ref-1"
    with django_assert_num_queries(0):
        response = server_error(failing)
    assert response.status_code == 500
    assert "<code>ref-1</code>" in response.content.decode()
    assert response["X-Request-ID"] == "ref-1"


def test_server_error_page_survives_a_broken_template(settings, monkeypatch):
    from django.template import loader

    def broken(name):
        raise RuntimeError("the template could not be read")

    monkeypatch.setattr(loader, "get_template", broken)

    failing = RequestFactory().get("/anything/")
    failing.request_id = "ref-2"
    response = server_error(failing)
    assert response.status_code == 500
    assert "<code>ref-2</code>" in response.content.decode()


def test_server_error_page_hides_secrets_in_the_log_line(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with written_lines() as lines:
        response = client.get("/test-fails-email/")
    assert response.status_code == 500
    assert "lead@example.org" not in lines.raw
    assert "lead@example.org" not in response.content.decode()
    assert json.loads(lines.raw.splitlines()[-1])["request_id"] == response["X-Request-ID"]
