"""The site's icon: named by every page, and /favicon.ico answering for those that name none."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from tests.factories import coordinator

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    icon = finders.find("img/favicon.ico")
    assert icon is not None
    with open(icon, "rb") as file:
        assert file.read(4) == b"\x00\x00\x01\x00"  # an ICO file's header


@pytest.mark.parametrize("path", ["/", "/admin/"])
def test_pages_name_the_icon(client, path):
    client.force_login(coordinator())

    body = client.get(path).content.decode()

    assert f'<link rel="icon" href="{static("img/favicon.ico")}"' in body
    assert f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in body
    assert finders.find("img/favicon.svg") is not None
