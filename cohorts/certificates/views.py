"""Certificate pages: the participant's own download, and the coordinators' pages for a
cohort: who meets the rule and why not, awarding and generating the certificates in the
background with progress, the zip and the awarding body's list.

The coordinators' pages are for coordinators only: a visitor who is not signed in is sent to
log in, anyone else signed in is told nothing (404). Nothing is awarded before the cohort's end
date; until then the page shows who is on course and the date awarding opens.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views import View
from django.views.decorators.http import require_GET

from cohorts import completion, rules
from cohorts.certificates.awarding import certificate_batch_request, certificates_open_on
from cohorts.certificates.documents import certificate_filename, certificate_pdf
from cohorts.certificates.rows import certificate_rows
from cohorts.models import Certificate, CertificateBatch, Cohort
from cohorts.selectors import participation_for
from cohorts.services import CohortError
from csssl.csv_export import csv_response
from csssl.pdf import pdf_response
from csssl.roles import RoleRequiredMixin
from csssl.uktime import uk_today

#: The columns of the list sent to the awarding body (ILM, or the universities for ALICSE).
AWARDING_BODY_HEADER = (
    "Name",
    "Email",
    "Organisation",
    "Programme",
    "Cohort",
    "Accreditation",
    "Programme started",
    "Programme ended",
    "Date of award",
    "Certificate code",
    "Verification address",
)

#: How many earlier batches the page lists.
RECENT_BATCHES = 5


@login_required
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    """The participant's own certificate as a PDF, once it has been awarded; 404 until then."""
    participant = participation_for(user=request.user)
    if participant is None:
        raise Http404
    awarded = get_object_or_404(Certificate, participant=participant)
    return pdf_response(
        certificate_pdf(awarded), filename=certificate_filename(awarded), download=True
    )


def _cohort(cohort_id: int) -> Cohort:
    return get_object_or_404(
        Cohort.objects.select_related("programme", "completion_rule"), pk=cohort_id
    )


def _batch(cohort: Cohort, batch_id: int) -> CertificateBatch:
    batches = CertificateBatch.objects.select_related("requested_by")
    return get_object_or_404(batches, pk=batch_id, cohort=cohort)


def _cohort_filename(cohort: Cohort, kind: str, extension: str) -> str:
    return f"{kind}-{cohort.programme.slug}-{slugify(cohort.name)}.{extension}"


class CohortCertificatesView(RoleRequiredMixin, View):
    """Who meets the cohort's rule and who does not, with why; the award button once the
    programme has ended; recent batches. A fixed number of queries for any size of cohort."""

    role_test = staticmethod(rules.can_award_certificates)

    def get(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = _cohort(cohort_id)
        completions = completion.cohort_completions(cohort)
        # One pass: ``c not in meeting`` compared whole completions, field by field, with each.
        meeting, others = [], []
        for each in completions:
            (meeting if each.certificate or each.met else others).append(each)
        today = uk_today()
        opens_on = certificates_open_on(cohort)
        return render(
            request,
            "cohorts/certificates_cohort.html",
            {
                "cohort": cohort,
                "rule": completion.rule_for(cohort),
                "elements": completion.elements(),
                "meeting": meeting,
                "others": others,
                "meeting_rows": certificate_rows(meeting),
                "other_rows": certificate_rows(others),
                "total": len(completions),
                "awarded": sum(1 for c in meeting if c.certificate),
                "to_award": sum(1 for c in meeting if not c.certificate),
                "can_award": today >= opens_on,
                "opens_on": opens_on,
                "batches": list(
                    CertificateBatch.objects.filter(cohort=cohort).select_related("requested_by")[
                        :RECENT_BATCHES
                    ]
                ),
            },
        )


class GenerateView(RoleRequiredMixin, View):
    """Award and generate: make a batch (or return the one under way) and run it in the
    background once the request's transaction commits."""

    role_test = staticmethod(rules.can_award_certificates)

    def post(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = _cohort(cohort_id)
        try:
            batch, created = certificate_batch_request(cohort=cohort, by=request.user)
        except CohortError as error:
            messages.error(request, str(error))
            return redirect("certificates:cohort", cohort_id=cohort.pk)
        if not created:
            messages.info(request, "Certificates for this cohort are already being generated.")
        return redirect("certificates:batch", cohort_id=cohort.pk, batch_id=batch.pk)


class BatchView(RoleRequiredMixin, View):
    """A batch's progress; certificate-progress.js keeps it up to date, and without the script
    the coordinator reloads the page to see how far it has gone."""

    role_test = staticmethod(rules.can_award_certificates)

    def get(self, request: HttpRequest, cohort_id: int, batch_id: int) -> HttpResponse:
        cohort = _cohort(cohort_id)
        batch = _batch(cohort, batch_id)
        return render(
            request, "cohorts/certificates_batch.html", {"cohort": cohort, "batch": batch}
        )


class BatchProgressView(RoleRequiredMixin, View):
    role_test = staticmethod(rules.can_award_certificates)

    def get(self, request: HttpRequest, cohort_id: int, batch_id: int) -> JsonResponse:
        cohort = _cohort(cohort_id)
        batch = _batch(cohort, batch_id)
        return JsonResponse(
            {
                "status": batch.status,
                "status_label": batch.get_status_display(),
                "done": batch.done,
                "total": batch.total,
                "active": batch.is_active,
                "error": batch.error,
            }
        )


class BatchZipView(RoleRequiredMixin, View):
    """The batch's certificates, one PDF each, in a zip: once the batch is done. Read from
    the private storage only here, after the role check."""

    role_test = staticmethod(rules.can_award_certificates)

    def get(self, request: HttpRequest, cohort_id: int, batch_id: int) -> HttpResponse:
        cohort = _cohort(cohort_id)
        batch = _batch(cohort, batch_id)
        if batch.status != CertificateBatch.Status.DONE or not batch.archive:
            raise Http404
        try:
            handle = batch.archive.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        # Closed by FileResponse once the download is sent.
        return FileResponse(
            handle,
            as_attachment=True,
            filename=_cohort_filename(cohort, "certificates", "zip"),
            content_type="application/zip",
        )


class AwardingBodyCsvView(RoleRequiredMixin, View):
    """Every certificate awarded to the cohort and not withdrawn, as the awarding body asks for
    them: name, email, organisation, programme, cohort, accreditation, dates and code."""

    role_test = staticmethod(rules.can_award_certificates)

    def get(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = _cohort(cohort_id)
        certificates = (
            Certificate.objects.filter(participant__cohort=cohort, withdrawn_at__isnull=True)
            .select_related("participant__user", "participant__organisation")
            .order_by("name", "pk")
        )
        rows = (
            [
                certificate.name,
                certificate.participant.user.email,
                certificate.participant.organisation.name,
                certificate.programme_name,
                certificate.cohort_name,
                certificate.accreditation,
                certificate.starts_on,
                certificate.ends_on,
                certificate.awarded_on,
                certificate.code,
                certificate.verify_url,
            ]
            for certificate in certificates
        )
        return csv_response(
            filename=_cohort_filename(cohort, "awarding-body", "csv"),
            header=AWARDING_BODY_HEADER,
            rows=rows,
        )
