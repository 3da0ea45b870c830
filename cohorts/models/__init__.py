"""The cohorts app's models, one module per topic; every model is importable from here."""

from cohorts.models.awards import CertificateBatch, CompletionRule
from cohorts.models.organisations import LocalAuthority, Organisation
from cohorts.models.participants import (
    CERTIFICATE_CODE_ALPHABET,
    CERTIFICATE_CODE_LENGTH,
    Certificate,
    Participant,
    new_certificate_code,
)
from cohorts.models.programmes import (
    DEFAULT_SIGNATORY_TITLE,
    Cohort,
    CohortQuerySet,
    Milestone,
    Programme,
)
from cohorts.models.qualities import NOT_ABLE_TO_SAY, RATING_SCALE, Quality, QualityFramework

__all__ = [
    "CERTIFICATE_CODE_ALPHABET",
    "CERTIFICATE_CODE_LENGTH",
    "DEFAULT_SIGNATORY_TITLE",
    "Certificate",
    "CertificateBatch",
    "Cohort",
    "CohortQuerySet",
    "CompletionRule",
    "LocalAuthority",
    "Milestone",
    "Organisation",
    "Participant",
    "Programme",
    "NOT_ABLE_TO_SAY",
    "RATING_SCALE",
    "Quality",
    "QualityFramework",
    "new_certificate_code",
]
