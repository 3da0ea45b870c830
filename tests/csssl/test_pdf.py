"""PDF rendering: real PDF bytes, our own static files served, nothing fetched from outside,
and every PDF the project serves tagged for assistive technology, with a title and a language."""

import logging
import re
import socket
import urllib.request
import zipfile
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications import services as allocation
from applications.models import Decision, Invoice, Offer
from cohorts import certificates as engagement
from cohorts.models import Cohort, Programme, Quality, QualityFramework
from cohorts.services import certificate_issue
from csssl import pdf
from tests.applications.allocation_fixtures import endorsed
from tests.factories import (
    CohortFactory,
    ParticipantFactory,
    QualityFactory,
    QualityFrameworkFactory,
    UserFactory,
    coordinator,
)

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
    content = pdf.render_pdf("cohorts/qualities.pdf.html", qualities_context())

    assert content.startswith(b"%PDF-")
    assert squashed("Systems thinking") in pdf_text(content)


def test_render_pdf_applies_the_static_stylesheet():
    text = pdf_text(pdf.render_pdf("cohorts/qualities.pdf.html", qualities_context()))

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


# --- Tagged PDFs: structure, language and title for assistive technology ----------------------

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def accessibility_problems(content: bytes, *, title: str) -> list[str]:
    """What keeps a screen reader from using the PDF: no tags (``/MarkInfo /Marked`` and a
    structure tree), no language, or a title that is missing, wrong or not shown."""
    reader = PdfReader(BytesIO(content))
    root = reader.trailer["/Root"]
    problems = []
    if not (root.get("/MarkInfo") or {}).get("/Marked"):
        problems.append("not marked as tagged (/MarkInfo /Marked)")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree (/StructTreeRoot)")
    if root.get("/Lang") != "en-GB":
        problems.append(f"language is {root.get('/Lang')!r}, not 'en-GB'")
    info_title = (reader.metadata or {}).get("/Title")
    if info_title != title:
        problems.append(f"document title is {info_title!r}, not {title!r}")
    xmp = reader.xmp_metadata
    xmp_title = xmp.dc_title.get("x-default") if xmp and xmp.dc_title else None
    if xmp_title != title:
        problems.append(f"XMP title is {xmp_title!r}, not {title!r}")
    if not (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
        problems.append("the reader is not asked to show the title (/DisplayDocTitle)")
    return problems


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def served_pdfs(db, django_capture_on_commit_callbacks) -> dict[str, tuple[bytes, str]]:
    """Every PDF the project serves, fetched as its readers fetch it: name -> (bytes, title)."""
    framework = QualityFrameworkFactory(
        is_current=True, is_sample=False, name="CSSSL leadership qualities"
    )
    QualityFactory(framework=framework)
    programme = framework.programme
    cohort = CohortFactory(programme=programme, name="Cohort 7")
    applicant = UserFactory(first_name="Alex", last_name="Morgan")
    application = endorsed(cohort, external=True, applicant=applicant)
    staff = coordinator()
    allocation.decision_record(
        application=application, outcome=Decision.Outcome.OFFER, reason="Strong", by=staff
    )
    allocation.outcomes_send(cohort=cohort)
    allocation.offer_accept(offer=Offer.objects.get(application=application), user=applicant)
    invoice = Invoice.objects.get()

    opened = timezone.now() - timedelta(days=400)
    ended = CohortFactory(
        programme=programme,
        name="Cohort 6",
        status=Cohort.Status.RUNNING,
        applications_open=opened,
        application_deadline=opened + timedelta(days=20),
    )
    holder = UserFactory(first_name="Sam", last_name="Patel")
    certificate = certificate_issue(participant=ParticipantFactory(cohort=ended, user=holder))
    with django_capture_on_commit_callbacks(execute=True):
        batch, _ = engagement.certificate_batch_request(cohort=ended, by=staff)

    public = Client()
    certificate_title = f"Certificate: {certificate.name}, {certificate.programme_name}"
    served = {
        "brochure": (
            pdf_of(public.get(reverse("cohorts:brochure", args=[programme.slug]))),
            f"{programme.name} ({programme.short_name}) brochure",
        ),
        "qualities": (
            pdf_of(public.get(reverse("cohorts:qualities_pdf", args=[programme.slug]))),
            "CSSSL leadership qualities",
        ),
        "blank form": (
            pdf_of(public.get(reverse("applications:blank_form", args=[cohort.pk]))),
            f"{programme.short_name} expression of interest form: Cohort 7",
        ),
        "application": (
            pdf_of(
                signed_in(applicant).get(reverse("applications:document", args=[application.pk]))
            ),
            f"Expression of interest: Alex Morgan, {programme.short_name} Cohort 7",
        ),
        "invoice": (
            pdf_of(
                signed_in(staff).get(reverse("admin:applications_invoice_pdf", args=[invoice.pk]))
            ),
            f"Invoice {invoice.number}",
        ),
        "certificate": (pdf_of(signed_in(holder).get("/me/certificate.pdf")), certificate_title),
        "personal data": (
            pdf_of(signed_in(applicant).get(reverse("personal_data:mine_pdf"))),
            "Personal data: Alex Morgan",
        ),
    }
    archive = signed_in(staff).get(reverse("certificates:batch_zip", args=[ended.pk, batch.pk]))
    assert archive.status_code == 200
    with zipfile.ZipFile(BytesIO(b"".join(archive.streaming_content))) as members:
        names = members.namelist()
        assert len(names) == 1
        served.update({f"zip member {n}": (members.read(n), certificate_title) for n in names})
    return served


def test_served_pdfs_are_tagged_with_title_and_language(served_pdfs):
    problems = {
        name: found
        for name, (content, title) in served_pdfs.items()
        if (found := accessibility_problems(content, title=title))
    }

    assert len(served_pdfs) == 8
    assert not problems, problems


def test_accessibility_problems_untagged_pdf_is_reported():
    """The check itself: a PDF written without tags is caught."""
    from weasyprint import HTML

    untagged = HTML(string="<html><title>Plain</title><p>Text</p></html>").write_pdf()

    found = accessibility_problems(untagged, title="Plain")

    assert "not marked as tagged (/MarkInfo /Marked)" in found
    assert "no structure tree (/StructTreeRoot)" in found
    assert "language is None, not 'en-GB'" in found


def pdf_templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.pdf.html"))


def test_pdf_base_template_declares_language_and_title():
    base = (TEMPLATES / "pdf" / "base.html").read_text()

    assert len(pdf_templates()) >= 6
    assert re.search(r'<html lang="en-GB">', base)
    assert re.search(r"<title>{% block title %}.+{% endblock %}</title>", base)


@pytest.mark.parametrize("template", pdf_templates(), ids=lambda path: path.name)
def test_pdf_template_has_its_own_title(template):
    """Each document extends the base (which carries the language) and names itself: the title
    is what a screen reader announces and what a PDF reader shows in its title bar."""
    source = template.read_text()

    assert source.startswith('{% extends "pdf/base.html" %}')
    title = re.search(r"{% block title %}(.*?){% endblock %}", source)
    assert title, f"{template.name} has no title block"
    assert title.group(1).strip(), f"{template.name} has an empty title"
