"""Certificates laid out together, a page each, and written out a PDF a page (as a batch's parts
are rendered): each PDF is still its holder's own tagged document, the same byte for byte as
the one made for that certificate alone."""

from __future__ import annotations

import logging
from io import BytesIO

import pytest
from pypdf import PdfReader

from cohorts import services
from cohorts.certificates.documents import (
    TEMPLATE,
    certificate_pdf,
    certificate_pdfs,
    certificate_stylesheet,
)
from csssl import pdf
from tests.cohorts.test_certificates import ended_cohort, squashed
from tests.csssl.test_pdf import accessibility_problems
from tests.factories import ParticipantFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

NAMES = ["Siân Okonkwo-Hughes", "Jo Li", "Maximilian Alexander Worthington-Fairbairn-Smythe"]


@pytest.fixture
def certificates():
    programme = ProgrammeFactory(
        name="Children's Services Senior Strategic Leadership programme",
        short_name="CSSSL",
        accreditation="ILM Level 7 certificate",
    )
    cohort = ended_cohort(programme=programme)
    return [
        services.certificate_issue(
            participant=ParticipantFactory(
                cohort=cohort, user=UserFactory(first_name=first, last_name=last)
            )
        )
        for first, _, last in (name.partition(" ") for name in NAMES)
    ]


def title_of(certificate) -> str:
    return f"Certificate: {certificate.name}, {certificate.programme_name}"


def test_each_certificate_of_a_run_is_its_own_tagged_pdf_with_its_holders_name(certificates):
    pdfs = certificate_pdfs(certificates)

    assert len(pdfs) == len(certificates)
    for certificate, content in zip(certificates, pdfs, strict=True):
        reader = PdfReader(BytesIO(content))
        text = squashed(reader.pages[0].extract_text())
        others = [c for c in certificates if c.pk != certificate.pk]
        assert len(reader.pages) == 1
        assert accessibility_problems(content, title=title_of(certificate)) == []
        assert reader.metadata["/Subject"] == (
            f"{certificate.accreditation}. Verification code {certificate.code}."
        )
        assert squashed(certificate.name) in text
        assert certificate.code in text
        assert not any(other.code in text for other in others)


def test_a_certificate_of_a_run_is_the_same_as_the_one_made_alone(certificates):
    """Same content and look: the very bytes, title, tags and fonts included."""
    assert certificate_pdfs(certificates) == [certificate_pdf(c) for c in certificates]


def test_a_run_that_does_not_come_to_a_page_each_is_laid_out_one_by_one(certificates, caplog):
    documents = [pdf.pdf_html(TEMPLATE, {"certificate": c}) for c in certificates]
    # One certificate's page where three were expected.
    together = documents[0]

    with caplog.at_level(logging.WARNING, logger="csssl.pdf"):
        pdfs = pdf.html_to_pdfs(together, documents, stylesheets=(certificate_stylesheet(),))

    assert "3 documents came to 1 pages" in caplog.text
    assert pdfs == [certificate_pdf(c) for c in certificates]


def test_no_certificates_make_no_pdfs():
    assert certificate_pdfs([]) == []
