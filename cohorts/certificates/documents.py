"""A certificate on paper: the PDF, from what was recorded when it was issued, and its name."""

from __future__ import annotations

import functools

from django.utils.text import slugify

from cohorts.models import Certificate
from csssl.pdf import html_to_pdfs, pdf_html, render_pdf, stylesheet

TEMPLATE = "cohorts/certificate.pdf.html"

#: Many certificates as one document of a page each, to be written out a PDF a page.
RUN_TEMPLATE = "cohorts/certificates.pdf.html"


@functools.cache
def certificate_stylesheet():
    """css/pdf.css, parsed once a process: a cohort's certificates share it."""
    return stylesheet("css/pdf.css")


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF, from what was recorded when it was issued."""
    return render_pdf(
        TEMPLATE, {"certificate": certificate}, stylesheets=(certificate_stylesheet(),)
    )


def certificate_pdfs(certificates: list[Certificate]) -> list[bytes]:
    """Each certificate's PDF, in order, each the same as ``certificate_pdf`` makes it (a
    tagged document of its own, with its holder's name in its title), made in well under the
    time it takes one by one: they are laid out together, a page each, and written out a PDF
    a page (``csssl.pdf.html_to_pdfs``)."""
    return html_to_pdfs(
        pdf_html(RUN_TEMPLATE, {"certificates": certificates}),
        [pdf_html(TEMPLATE, {"certificate": certificate}) for certificate in certificates],
        stylesheets=(certificate_stylesheet(),),
    )


def certificate_filename(certificate: Certificate) -> str:
    """e.g. ``csssl-certificate-jo-bloggs-7KQ4M2XW9HTC.pdf``: readable, and unique by its code."""
    name = slugify(certificate.name) or "participant"
    return f"{slugify(certificate.programme_short_name)}-certificate-{name}-{certificate.code}.pdf"
