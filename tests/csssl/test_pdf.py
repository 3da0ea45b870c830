"""PDF rendering: real PDF bytes, our own static files served, nothing fetched from outside."""

import logging
import socket
import urllib.request
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from cohorts.models import Programme
from csssl import pdf
from evaluations.models import Quality, QualityFramework

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "pdf.css"


def squashed(text: str) -> str:
    """Text without whitespace: text extraction puts spaces inside kerned words ("T est")."""
    return "".join(text.split())


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return squashed("".join(page.extract_text() for page in reader.pages))


def qualities_context() -> dict:
    """Unsaved objects are enough: the template reads fields, never the database."""
    programme = Programme(name="Test Leadership Programme", short_name="TLP", slug="tlp")
    framework = QualityFramework(programme=programme, name="TLP leadership qualities")
    quality = Quality(
        framework=framework,
        theme="Leading the system",
        name="Systems thinking",
        description="Sees how services connect.",
        indicators="Builds shared goals with partners",
    )
    return {
        "programme": programme,
        "framework": framework,
        "themes": [("Leading the system", [quality])],
    }


def test_render_pdf_returns_pdf_bytes():
    content = pdf.render_pdf("evaluations/qualities.pdf.html", qualities_context())

    assert content.startswith(b"%PDF-")
    assert squashed("Systems thinking") in pdf_text(content)


def test_render_pdf_applies_the_static_stylesheet():
    text = pdf_text(pdf.render_pdf("evaluations/qualities.pdf.html", qualities_context()))

    # The page footer exists only in css/pdf.css, so it shows the stylesheet was fetched.
    assert squashed("Page 1 of 1") in text
    assert squashed("Test Leadership Programme (TLP)") in text


def test_static_file_for_static_url_is_the_file_on_disk():
    found = pdf.static_file_for(f"{pdf.PDF_BASE_URL}static/css/pdf.css")

    assert found is not None
    assert found.resolve() == STYLESHEET.resolve()


@pytest.mark.parametrize(
    "url",
    [
        "https://pdf.invalid/media/uploads/photo.png",
        "https://example.com/static/css/pdf.css",
        "http://pdf.invalid/static/css/pdf.css",
        "https://pdf.invalid/static/../csssl/settings.py",
        "https://pdf.invalid/static/css/%2e%2e/%2e%2e/csssl/settings.py",
        "file:///etc/passwd",
        "https://pdf.invalid/static/css/not-there.css",
    ],
    ids=[
        "outside-static-url",
        "other-host",
        "other-scheme",
        "dot-dot",
        "encoded-dot-dot",
        "file-scheme",
        "missing-file",
    ],
)
def test_static_file_for_anything_else_is_none(url):
    assert pdf.static_file_for(url) is None


def test_fetcher_serves_static_file_with_its_type():
    response = pdf._fetcher().fetch(f"{pdf.PDF_BASE_URL}static/css/pdf.css")

    assert response.read() == STYLESHEET.read_bytes()
    assert response.content_type == "text/css"


def test_fetcher_outside_url_is_refused():
    with pytest.raises(ValueError, match="Only the project's static files"):
        pdf._fetcher().fetch("https://example.com/logo.png")


EXTERNAL_URLS = [
    "http://127.0.0.1:9/x.css",
    "https://example.com/x.png",
    "https://example.com/imported.css",
    "http://example.net/background.png",
]

PAGE_WITH_EXTERNAL_RESOURCES = """{% load static %}<!DOCTYPE html>
<html lang="en-GB">
<head>
  <title>Outside resources</title>
  <link rel="stylesheet" href="{% static 'css/pdf.css' %}">
  <link rel="stylesheet" href="http://127.0.0.1:9/x.css">
  <style>
    @import url("https://example.com/imported.css");
    body { background-image: url("http://example.net/background.png"); }
  </style>
</head>
<body>
  <p>A document that asks for resources from elsewhere.</p>
  <img src="https://example.com/x.png" alt="A picture from elsewhere">
</body>
</html>
"""


@pytest.fixture
def outside_template(settings, tmp_path):
    (tmp_path / "outside.pdf.html").write_text(PAGE_WITH_EXTERNAL_RESOURCES)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]},
        *settings.TEMPLATES[1:],
    ]
    return "outside.pdf.html"


@pytest.fixture
def network_attempts(monkeypatch):
    """Every attempt to open a URL or a socket, each refused."""
    attempts: list[str] = []

    def refuse(what):
        def refused(*args, **kwargs):
            attempts.append(f"{what}: {args!r}")
            raise OSError(f"{what} is not allowed while rendering a PDF")

        return refused

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse("OpenerDirector.open"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    return attempts


def test_render_pdf_external_resources_make_no_outbound_request(
    outside_template, network_attempts, caplog
):
    with caplog.at_level(logging.WARNING, logger="csssl.pdf"):
        content = pdf.render_pdf(outside_template, {})

    assert network_attempts == []
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert squashed("A document that asks for resources from elsewhere.") in text
    assert squashed("Page 1 of 1") in text
    refused = " ".join(r.getMessage() for r in caplog.records if r.name == "csssl.pdf")
    for url in EXTERNAL_URLS:
        assert f"refused to fetch {url}" in refused
