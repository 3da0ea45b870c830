"""A NUL character anywhere in a request is answered with a 400, never a server error.

PostgreSQL refuses NUL in text, so these tests matter most there; they walk every URL pattern
with a NUL in each path parameter, in the query string and in a posted form, as an anonymous
visitor and as a coordinator.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls.converters import IntConverter
from django.utils.regex_helper import normalize

from csssl.models import User
from tests.csssl.test_url_walk import build_url, endpoints, visitor, walk_data
from tests.events.factories import EventFactory
from tests.factories import coordinator

pytestmark = pytest.mark.django_db

NUL_VALUE = "AB\x00CD"
NUL_QUERY = "?q=%00&status=%00&sector=%00&o=%00&p=%00"


def nul_addresses(data) -> list[str]:
    """Every pattern with a NUL in each text parameter in turn, and with a NUL query string."""
    addresses = []
    for endpoint in endpoints():
        url = build_url(endpoint, data)
        addresses.append(url + NUL_QUERY)
        template, params = normalize(endpoint.regex)[0]
        if not params:
            continue
        plain = dict.fromkeys(params, "x")
        for param in params:
            if isinstance(endpoint.converters.get(param), IntConverter):
                continue
            values = {**plain, param: quote(NUL_VALUE)}
            addresses.append("/" + template % values)
    return addresses


def server_errors(who, addresses: list[str]) -> list[str]:
    found = []
    client = visitor(who)
    for url in addresses:
        if who is not None:
            client.force_login(who)  # a walk that reaches "sign out" goes on signed in
        for method in (client.get, client.post):
            response = method(
                url, {"q": NUL_VALUE, "note": NUL_VALUE} if method == client.post else None
            )
            if response.status_code >= 500:
                found.append(f"{method.__name__.upper()} {url}: {response.status_code}")
    return found


@pytest.fixture
def data():
    data = walk_data()
    EventFactory(cohort=data.cohort)
    return data


def test_nul_in_any_url_or_form_is_no_server_error_for_anyone(data):
    addresses = nul_addresses(data)
    assert len(addresses) > 150

    for who in (None, coordinator()):
        found = server_errors(who, addresses)
        assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "url",
    [
        "/certificates/verify/AB%00CD/",
        "/me/calendar/ab%00cd.ics",
        "/?next=%00",
    ],
)
def test_nul_in_public_address_answers_400_that_explains(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "This request could not be read" in response.content.decode()


def test_nul_in_staff_filters_answers_400(data, client):
    client.force_login(coordinator())

    response = client.get("/admin/applications/expressionofinterest/?status=%00")

    assert response.status_code == 400


def test_nul_in_posted_form_answers_400_and_saves_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "a@example.org", "first_name": "A\x00", "last_name": "B", "password1": "x"},
    )

    assert response.status_code == 400

    assert not User.objects.filter(email="a@example.org").exists()


def test_nul_in_cookie_answers_400(client):
    client.cookies["sessionid"] = "abc\x00def"

    assert client.get("/").status_code == 400


def test_request_without_nul_is_untouched(client):
    assert client.get("/?q=%01").status_code == 200
