"""Error reporting: off without a DSN; with one, every event redacted like a log line."""

from __future__ import annotations

import json
from pathlib import Path

from django.core import signing

from csssl import request_id
from csssl.error_reporting import before_send

from .logs import run_python

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "lead.applicant@example.org"
PASSWORD = "Tr0ub4dor&3-horse"
DSN = "https://public@127.0.0.1:9/1"


def a_failing_request_event(token: str) -> dict:
    return {
        "message": f"Sign-in failed for {EMAIL}",
        "logentry": {"message": "Sign-in failed for %s", "params": [EMAIL]},
        "exception": {
            "values": [
                {
                    "type": "RuntimeError",
                    "value": f"no endorsement for /endorse/{token}/ ({EMAIL})",
                    "stacktrace": {
                        "frames": [{"function": "view", "vars": {"password": PASSWORD}}]
                    },
                }
            ]
        },
        "extra": {"recipient": EMAIL, "password": PASSWORD, "link": token},
        "breadcrumbs": {"values": [{"message": f"password={PASSWORD} for {EMAIL}"}]},
        "request": {
            "method": "POST",
            "url": f"https://programmes.example.org/endorse/{token}/",
            "query_string": f"email={EMAIL}",
            "data": {"email": EMAIL, "password": PASSWORD},
            "cookies": {"sessionid": "abc123"},
            "headers": {"Referer": f"https://x.example/?e={EMAIL}", "Cookie": "sessionid=abc123"},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "user": {"id": "7", "email": EMAIL, "ip_address": "203.0.113.9"},
        "tags": {"area": "endorsements"},
    }


def test_before_send_drops_request_data_and_redacts_the_rest():
    token = signing.dumps({"e": 42}, salt="endorsement")
    reference = request_id._current.set("ref-sentry-1")
    try:
        event = before_send(a_failing_request_event(token), {})
    finally:
        request_id._current.reset(reference)
    sent = json.dumps(event)
    for secret in (EMAIL, PASSWORD, token, "abc123", "203.0.113.9", "example.org/?e"):
        assert secret not in sent
    assert event["request"] == {
        "method": "POST",
        "url": "https://programmes.example.org/endorse/[hidden]/",
        "query_string": "email=[email hidden]",
    }
    assert "user" not in event
    assert event["message"] == "Sign-in failed for [email hidden]"
    assert event["exception"]["values"][0]["value"] == (
        "no endorsement for /endorse/[hidden]/ ([email hidden])"
    )
    assert event["extra"] == {
        "recipient": "[email hidden]",
        "password": "[hidden]",
        "link": "[hidden]",
    }
    assert event["tags"] == {"area": "endorsements", "request_id": "ref-sentry-1"}


def test_before_send_outside_a_request_adds_no_reference():
    event = before_send({"message": "beat started", "tags": {}}, None)
    assert event == {"message": "beat started", "tags": {}}


CHECK = """
import django
django.setup()
import sentry_sdk
client = sentry_sdk.get_client()
print(client.is_active())
if client.is_active():
    options = client.options
    print(options["send_default_pii"], options["environment"], options["release"],
          options["traces_sample_rate"], options["include_local_variables"],
          options["before_send"].__qualname__, options["before_send_transaction"].__qualname__)
    print(sorted(client.integrations))
"""


def run(env: dict[str, str]) -> list[str]:
    return run_python(CHECK, env, without=("SENTRY_",)).splitlines()


def test_nothing_is_started_without_a_dsn():
    assert run({}) == ["False"]
    assert run({"SENTRY_DSN": "", "SENTRY_RELEASE": "1.2.3"}) == ["False"]


def test_a_dsn_starts_reporting_with_django_celery_and_no_personal_data():
    lines = run(
        {
            "SENTRY_DSN": DSN,
            "SENTRY_ENVIRONMENT": "staging",
            "SENTRY_RELEASE": "csssl@2026.12.3",
            "SENTRY_TRACES_SAMPLE_RATE": "0.25",
        }
    )
    assert lines[0] == "True"
    assert lines[1] == "False staging csssl@2026.12.3 0.25 False before_send before_send"
    integrations = lines[2]
    assert "'django'" in integrations
    assert "'celery'" in integrations


def test_a_dsn_alone_samples_no_traces():
    lines = run({"SENTRY_DSN": DSN, "DEBUG": "false"})
    # With no SENTRY_RELEASE the SDK names the release itself (from git, where there is one).
    pii, environment, _release, rate, local_variables, *_ = lines[1].split()
    assert (pii, environment, rate, local_variables) == ("False", "production", "0.0", "False")


SEND = """
import json
import django
django.setup()
import sentry_sdk
from sentry_sdk.transport import Transport
from django.conf import settings
from django.test import Client

events = []

class Kept(Transport):
    def capture_envelope(self, envelope):
        events.extend(item.payload.json for item in envelope.items if item.type == "event")

sentry_sdk.get_client().transport = Kept(sentry_sdk.get_client().options)
settings.ROOT_URLCONF = "tests.csssl.urls_errors"
response = Client(raise_request_exception=False).get(
    "/test-fails-email/?email=lead%40example.org", secure=True, HTTP_X_REQUEST_ID="edge-sentry-1"
)
print(json.dumps({"status": response.status_code, "events": events}))
"""


def test_a_failing_page_reports_a_redacted_event_with_its_reference():
    output = run_python(
        SEND, {"SENTRY_DSN": DSN, "DEBUG": "false", "LOG_LEVEL": "CRITICAL"}, without=("SENTRY_",)
    )
    result = json.loads(output.splitlines()[-1])
    assert result["status"] == 500
    (event,) = result["events"]
    sent = json.dumps(event)
    assert "lead@example.org" not in sent
    assert "lead%40example.org" not in sent
    assert event["tags"]["request_id"] == "edge-sentry-1"
    assert event["exception"]["values"][-1]["value"] == "no account for [email hidden]"
    assert set(event["request"]) <= {"method", "url", "query_string"}
