"""Every page's footer links to the privacy notice and the accessibility statement: the public
pages, the error pages and the admin panel."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import coordinator

pytestmark = pytest.mark.django_db

FOOTER = re.compile(r"<footer\b.*?</footer>", re.S)


def footer_links(html: str) -> list[str]:
    footers = FOOTER.findall(html)
    assert len(footers) == 1, "the page has no footer, or more than one"
    return re.findall(r'<a href="([^"]+)"', footers[0])


@pytest.mark.parametrize(
    "path",
    ["/", "/privacy/", "/accessibility/", "/accounts/login/", "/certificates/verify/", "/nowhere/"],
)
def test_public_page_footer_links_to_privacy_and_accessibility(client, path):
    response = client.get(path)

    assert response.status_code in (200, 404)
    assert footer_links(response.content.decode()) == ["/privacy/", "/accessibility/", "/me/data/"]


@pytest.mark.parametrize(
    "url_name", ["admin:index", "admin:cohorts_cohort_changelist", "admin:cohorts_cohort_add"]
)
def test_admin_page_footer_links_to_privacy_and_accessibility(client, url_name):
    client.force_login(coordinator())

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert footer_links(response.content.decode()) == ["/privacy/", "/accessibility/", "/me/data/"]


def test_server_error_page_links_to_privacy_and_accessibility(client):
    assert footer_links(render_to_string("500.html")) == ["/privacy/", "/accessibility/"]
