"""The applications app's part of an erasure (``csssl.erasure``): every application of the
person is anonymised as the retention schedule anonymises one (``applications_anonymise``),
with its endorsements, scores, decisions and offers, histories included. The applications
stay, without the person, so each cohort's figures count them as before."""

from __future__ import annotations

from csssl.erasure import register
from csssl.inactive_accounts import register_live
from csssl.uktime import uk_today

from .models import ExpressionOfInterest
from .services.retention import applications_anonymise


@register(
    "applications",
    order=20,
    describes=(
        "Their applications keep only what the cohort's figures count (status, area, sector, "
        "dates): their statements, contact details, endorser, equality answers, scoring "
        "comments and decision reasons go, with the history of each."
    ),
)
def applications_erase(*, user, keep_certificates: bool) -> int:
    ids = list(ExpressionOfInterest.objects.filter(applicant=user).values_list("pk", flat=True))
    return applications_anonymise(application_ids=ids)


@register_live
def applying(user_ids: set[int]) -> set[int]:
    """An application to a cohort whose places are still to be awarded keeps an account
    live."""
    return set(
        ExpressionOfInterest.objects.filter(
            applicant_id__in=user_ids,
            status__in=[ExpressionOfInterest.Status.DRAFT, ExpressionOfInterest.Status.SUBMITTED],
            cohort__places_awarded_by__gte=uk_today(),
        )
        .values_list("applicant_id", flat=True)
        .distinct()
    )
