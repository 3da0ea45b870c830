"""A certificate on paper: the PDF, from what was recorded when it was issued, and its name."""

from __future__ import annotations

import functools

from django.utils.text import slugify

from cohorts.models import Certificate
from csssl.pdf import render_pdf, stylesheet


@functools.cache
def certificate_stylesheet():
    """css/pdf.css, parsed once a process: a cohort's certificates share it."""
    return stylesheet("css/pdf.css")


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF, from what was recorded when it was issued."""
    return render_pdf(
        "cohorts/certificate.pdf.html",
        {"certificate": certificate},
        stylesheets=(certificate_stylesheet(),),
    )


def certificate_filename(certificate: Certificate) -> str:
    """e.g. ``csssl-certificate-jo-bloggs-7KQ4M2XW9HTC.pdf``: readable, and unique by its code."""
    name = slugify(certificate.name) or "participant"
    return f"{slugify(certificate.programme_short_name)}-certificate-{name}-{certificate.code}.pdf"
