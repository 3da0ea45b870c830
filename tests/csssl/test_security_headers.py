"""The headers that limit what a page may do in the browser: the Permissions-Policy on every
response, and a Content-Security-Policy that allows nothing inline, on the public pages and the
admin panel alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from csssl.middleware import permissions_policy_header
from tests.factories import coordinator

pytestmark = pytest.mark.django_db

SHUT = ("camera", "microphone", "geolocation", "payment", "usb")
SECURITY_KEYS = ("publickey-credentials-get", "publickey-credentials-create")


def features(header: str) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in header.split(","))


@pytest.fixture
def staff_client(client):
    client.force_login(coordinator())
    return client


@pytest.mark.parametrize("path", ["/", "/privacy/", "/accounts/login/", "/healthz", "/nowhere/"])
def test_every_response_shuts_powerful_features_and_allows_security_keys(client, path):
    response = client.get(path)

    policy = features(response.headers["Permissions-Policy"])
    for feature in SHUT:
        assert policy[feature] == "()", feature
    for feature in SECURITY_KEYS:
        assert policy[feature] == "(self)", feature


def test_admin_pages_have_the_permissions_policy(staff_client):
    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert features(response.headers["Permissions-Policy"])["camera"] == "()"


def test_permissions_policy_comes_from_the_setting(settings, client):
    settings.PERMISSIONS_POLICY = {"camera": ["self", "https://video.example.org"], "usb": []}

    # The middleware reads the setting when it is made: the test's client makes its stack at
    # its first request, after the change.
    response = client.get("/")

    assert response.headers["Permissions-Policy"] == (
        'camera=(self "https://video.example.org"), usb=()'
    )


def test_permissions_policy_header_quotes_origins_and_keeps_tokens():
    assert permissions_policy_header({}) == ""
    assert permissions_policy_header({"fullscreen": ["*"], "payment": []}) == (
        "fullscreen=(*), payment=()"
    )


@pytest.mark.parametrize(
    "url_name",
    ["cohorts:home", "privacy", "accessibility", "admin:index", "admin:cohorts_cohort_add"],
)
def test_content_security_policy_allows_nothing_inline(staff_client, url_name):
    response = staff_client.get(reverse(url_name))

    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    # Nothing opens scripts or styles wider than the default.
    assert not {"script-src", "style-src", "script-src-attr", "style-src-attr"} & directives.keys()
