"""The privacy notice states the facts the settings hold: the controller, the contact and the
retention schedule in force, read from the one table in csssl/retention.py."""

from __future__ import annotations

import re
from pathlib import Path

import environ
import pytest
from django.urls import reverse

from csssl import retention

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def text_of(response) -> str:
    """The page's words, without tags or runs of spaces."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_privacy_notice_is_public_and_names_the_controller_and_contact(client, settings):
    settings.DATA_CONTROLLER_NAME = "Midshire County Council"
    settings.DATA_CONTROLLER_ADDRESS = "County Hall, Midshire MS1 1AA"
    settings.DATA_PROTECTION_CONTACT = "dpo@midshire.example.org"

    response = client.get(reverse("privacy"))

    assert response.status_code == 200
    text = text_of(response)
    assert "Midshire County Council is the data controller" in text
    assert "by post to County Hall, Midshire MS1 1AA" in text
    assert 'href="mailto:dpo@midshire.example.org"' in response.content.decode()


def test_privacy_notice_gives_the_lawful_bases_and_the_complaint_route(client):
    text = text_of(client.get(reverse("privacy")))

    for phrase in (
        "Article 6(1)(e)",
        "Article 6(1)(b)",
        "Article 9(2)(g)",
        "Article 9(2)(b)",
        "Equality monitoring",
        "Information Commissioner's Office",
        "read and download everything we hold about you",
    ):
        assert phrase in text, phrase
    for role in ("Coordinators", "The DCS group", "Your mentor", "Facilitators", "Raters"):
        assert role in text, role


def test_privacy_notice_renders_the_retention_schedule_in_force(client, settings):
    settings.RETENTION = {**settings.RETENTION, "unsuccessful_applications": 18}

    text = text_of(client.get(reverse("privacy")))

    assert "18 months after places on the cohort are awarded" in text
    assert "12 months after places" not in text
    for category in retention.SCHEDULE:
        assert category.held in text.replace("&#x27;", "'"), category.key
    assert "Removed when the evaluation round closes" in text
    assert "Certificates awarded (name, programme, date and code) Kept for good" in text


def test_retention_months_come_from_each_categorys_variable(monkeypatch):
    monkeypatch.setenv("RETENTION_SENT_EMAIL_BODIES_MONTHS", "3")

    months = retention.from_environment(environ.Env())

    assert months["sent_email_bodies"] == 3
    assert months["inactive_accounts"] == 36
    assert months["equality_answers"] == 0
    assert months["certificates"] is None
    assert set(months) == set(retention.BY_KEY)


def test_retention_period_in_words():
    category = retention.BY_KEY["inactive_accounts"]

    assert category.period(1) == "1 month after you last signed in"
    assert category.period(36) == "36 months after you last signed in"
    assert category.period(0) == "Removed when you last signed in"
    assert category.period(None) == "Kept for good"


def test_readme_documents_every_retention_variable_and_privacy_setting():
    readme = README.read_text()
    names = [category.setting for category in retention.SCHEDULE] + [
        "DATA_CONTROLLER_NAME",
        "DATA_CONTROLLER_ADDRESS",
        "DATA_PROTECTION_CONTACT",
    ]
    for name in names:
        assert f"| `{name}` |" in readme, name
