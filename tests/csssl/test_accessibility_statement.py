"""The accessibility statement: the GOV.UK model's headings, its contact and date from the
settings, and the same checks the README's Accessibility section lists."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"

#: The headings of the GOV.UK model accessibility statement, in its order.
MODEL_HEADINGS = [
    "Who this website is for",
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "What we are doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def text_of(response) -> str:
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def readme_checks() -> list[str]:
    """The bold names of the checks listed in the README's Accessibility section."""
    section = README.read_text().split("## Accessibility", 1)[1].split("\n## ", 1)[0]
    return [name.rstrip(".") for name in re.findall(r"^- \*\*(.+?)\*\*", section, re.M)]


def test_statement_has_the_model_headings_in_order(client):
    html = client.get(reverse("accessibility")).content.decode().replace("&#x27;", "'")
    headings = [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html)
    ]

    assert [h for h in headings if h in MODEL_HEADINGS] == MODEL_HEADINGS


def test_statement_says_its_compliance_status_and_the_enforcement_route(client):
    text = text_of(client.get(reverse("accessibility")))

    assert (
        "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA" in text
    )
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility" in text


def test_statement_takes_its_contact_and_date_from_the_settings(client, settings):
    settings.ACCESSIBILITY_CONTACT = "access@midshire.example.org"
    settings.ACCESSIBILITY_LAST_CHECKED = date(2027, 3, 14)

    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="mailto:access@midshire.example.org"' in html
    assert '<time datetime="2027-03-14">14 March 2027</time>' in html


def test_statement_lists_every_check_the_readme_lists(client):
    checks = readme_checks()
    text = text_of(client.get(reverse("accessibility"))).lower()

    assert len(checks) >= 5, checks
    missing = [check for check in checks if check.lower() not in text]
    assert missing == []


def test_readme_documents_the_statement_settings():
    readme = README.read_text()
    for name in ("ACCESSIBILITY_CONTACT", "ACCESSIBILITY_LAST_CHECKED"):
        assert f"| `{name}` |" in readme, name
    assert "There is no accessibility statement" not in readme
