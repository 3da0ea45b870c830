"""The applications app's part of the retention schedule (``csssl.retention``).

- **Unsuccessful applications** (and drafts never submitted) are anonymised a set number of
  months after the cohort's places are awarded: every detail of the person goes, from the
  application, its endorsements, scores, decisions, offers and conflicts of interest, and so
  does the history of each; what the cohort's figures count stays (status, organisation type,
  sector, area, dates), with no link to the person's account.
- **Equality monitoring answers** are removed from the people who gave them once places are
  awarded (months 0 by default), after the cohort's totals are taken (:class:`EqualityTotals`),
  which the summary then shows.
- **Invoices** keep the payer's details for the years financial records must be kept; then the
  payer's name, address, email and order number go, and the number, amount and dates stay.

Each step is idempotent: what is done is marked (``anonymised_at``, a cohort's totals, a
payer's details replaced), so the daily sweep never does it twice.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from applications.form_shape import EQUALITY_QUESTIONS
from applications.models import (
    ConflictOfInterest,
    Decision,
    Endorsement,
    EqualityMonitoring,
    EqualityTotals,
    ExpressionOfInterest,
    Invoice,
    Offer,
    OfferState,
    Score,
)
from cohorts.models import Cohort
from csssl.retention import cutoff
from csssl.uktime import uk_day

#: What a required text becomes once the person's words are removed.
REMOVED = "Removed under the retention schedule"
#: An address that can never receive email (``.invalid`` is reserved for that), where one is
#: required.
REMOVED_EMAIL = "removed@removed.invalid"

_APPLICATION_BLANKS = {
    "first_name": "",
    "last_name": "",
    "phone": "",
    "job_title": "",
    "employer": "",
    "service_area": "",
    "service_led": "",
    "team_size": None,
    "reports_to": "",
    "endorser_name": "",
    "endorser_job_title": "",
    "endorser_email": "",
    "why_now": "",
    "contribution": "",
    "development": "",
    "access_requirements": "",
    "invoice_contact_name": "",
    "invoice_contact_email": "",
    "invoice_address": "",
    "purchase_order_number": "",
    "withdrawal_reason": "",
}


def _awarded_before(*, months: int, now: datetime):
    """Cohorts whose places were awarded ``months`` or more ago (UK days)."""
    return Cohort.objects.filter(places_awarded_by__lt=uk_day(cutoff(months=months, now=now)))


def _forget_history(model, **lookup) -> None:
    model.history.filter(**lookup).delete()


@transaction.atomic
def applications_anonymise(*, application_ids: list[int], now: datetime | None = None) -> int:
    """Remove everything about the person from these applications and what hangs off them,
    histories included; returns how many applications were anonymised."""
    now = now or timezone.now()
    ids = list(
        ExpressionOfInterest.objects.select_for_update()
        .filter(pk__in=application_ids, anonymised_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    endorsements = Endorsement.objects.filter(application_id__in=ids)
    endorsements.filter(state=Endorsement.State.DECLINED).update(decline_reason=REMOVED)
    endorsements.update(
        endorser_name=REMOVED, endorser_job_title="", endorser_email=REMOVED_EMAIL, comments=""
    )
    Score.objects.filter(application_id__in=ids).update(comment="")
    Decision.objects.filter(application_id__in=ids).update(reason=REMOVED)
    Offer.objects.filter(application_id__in=ids).update(decline_reason="")
    ConflictOfInterest.objects.filter(application_id__in=ids).update(reason=REMOVED)
    EqualityMonitoring.objects.filter(application_id__in=ids).delete()
    ExpressionOfInterest.objects.filter(pk__in=ids).update(
        applicant=None, anonymised_at=now, **_APPLICATION_BLANKS
    )
    _forget_history(ExpressionOfInterest, id__in=ids)
    for model in (Endorsement, Score, Decision, Offer):
        _forget_history(model, application_id__in=ids)
    return len(ids)


def unsuccessful_anonymise_due(*, months: int, now: datetime) -> int:
    """Anonymise every application that did not lead to a place, on a cohort whose places
    were awarded ``months`` ago or more."""
    accepted = Offer.objects.filter(application=OuterRef("pk"), state=OfferState.ACCEPTED)
    due = (
        ExpressionOfInterest.objects.filter(
            cohort__in=_awarded_before(months=months, now=now), anonymised_at__isnull=True
        )
        .exclude(Exists(accepted))
        .values_list("pk", flat=True)
    )
    return applications_anonymise(application_ids=list(due), now=now)


def equality_counts(*, cohort: Cohort) -> tuple[int, dict[str, dict[str, int]]]:
    """How many of the cohort's applications were submitted, and how many of them gave each
    answer to each question: from the totals once taken, else from the answers, in one query
    for the answers."""
    totals = EqualityTotals.objects.filter(cohort=cohort).first()
    if totals is not None:
        return totals.submitted, totals.counts
    submitted = ExpressionOfInterest.objects.filter(
        cohort=cohort, status=ExpressionOfInterest.Status.SUBMITTED
    )
    total = submitted.count()
    fields = [EqualityMonitoring._meta.get_field(name) for name in EQUALITY_QUESTIONS]
    aliases = {
        (field.name, value): f"n{i}_{j}"
        for i, field in enumerate(fields)
        for j, (value, _label) in enumerate(field.choices)
    }
    found = EqualityMonitoring.objects.filter(application__in=submitted).aggregate(
        **{
            alias: Count("pk", filter=Q(**{name: value}))
            for (name, value), alias in aliases.items()
        }
    )
    counts: dict[str, dict[str, int]] = {field.name: {} for field in fields}
    for (name, value), alias in aliases.items():
        counts[name][value] = found[alias]
    return total, counts


@transaction.atomic
def equality_totals_take(*, cohort: Cohort, now: datetime | None = None) -> int:
    """Keep the cohort's equality monitoring as totals and remove the answers from the people
    who gave them; returns how many people's answers were removed (0 when already done)."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if EqualityTotals.objects.filter(cohort=cohort).exists():
        return 0
    submitted, counts = equality_counts(cohort=cohort)
    EqualityTotals.objects.create(
        cohort=cohort, submitted=submitted, counts=counts, taken_at=now or timezone.now()
    )
    removed, _by_model = EqualityMonitoring.objects.filter(application__cohort=cohort).delete()
    return removed


def equality_totals_due(*, months: int, now: datetime) -> int:
    due = _awarded_before(months=months, now=now).filter(equality_totals__isnull=True)
    return sum(equality_totals_take(cohort=cohort, now=now) for cohort in due.order_by("pk"))


def invoice_payers_remove_due(*, months: int, now: datetime) -> int:
    """Remove the payer's details from invoices issued ``months`` ago or more, and the
    history that holds them."""
    due = Invoice.objects.filter(issued_on__lt=uk_day(cutoff(months=months, now=now))).exclude(
        payer_email=REMOVED_EMAIL
    )
    with transaction.atomic():
        ids = list(due.select_for_update().values_list("pk", flat=True))
        Invoice.objects.filter(pk__in=ids).update(
            payer_name=REMOVED,
            payer_email=REMOVED_EMAIL,
            payer_address=REMOVED,
            purchase_order_number="",
        )
        _forget_history(Invoice, id__in=ids)
    return len(ids)
