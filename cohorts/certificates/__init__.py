"""Certificates in one place: who is awarded one and when (``awarding``), the PDF
(``documents``), the public check of a code (``verify``), and the participant's and the
coordinators' pages (``views``, ``urls``).

Eligibility is the cohort's completion rule (``cohorts.completion``), which feature apps feed.
"""

from cohorts.certificates.awarding import (
    BATCH_TASK,
    certificate_award,
    certificate_batch_request,
    certificate_batch_run,
    certificates_open_on,
)
from cohorts.certificates.documents import certificate_filename, certificate_pdf
from cohorts.certificates.verify import normalise_code

__all__ = [
    "BATCH_TASK",
    "certificate_award",
    "certificate_batch_request",
    "certificate_batch_run",
    "certificate_filename",
    "certificate_pdf",
    "certificates_open_on",
    "normalise_code",
]
