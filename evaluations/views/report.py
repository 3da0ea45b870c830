"""A participant's feedback report: their own page and PDF once it is released, and a
coordinator's reading of any frozen report before a debrief.

The pages show the frozen figures and nothing else (``evaluations.selectors.reports``): no
figure about raters is worked out here. Anyone without the right to a report is told nothing
(404), whether or not it exists; a visitor who is not signed in is asked to sign in.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from csssl.pdf import pdf_response, render_pdf
from csssl.roles import RoleRequiredMixin
from evaluations import rules
from evaluations.selectors.reports import (
    ReportPage,
    frozen_report,
    released_report,
    report_page,
)


def _context(page: ReportPage, **extra) -> dict:
    cohort = page.round.cohort
    return {"page": page, "cohort": cohort, "programme": cohort.programme, **extra}


@never_cache
@login_required
@require_GET
def report(request: HttpRequest, round_id: int) -> HttpResponse:
    """The participant's own report for a round, once released."""
    page = report_page(report=released_report(user=request.user, round_id=round_id))
    return render(request, "evaluations/report.html", _context(page))


@never_cache
@login_required
@require_GET
def report_pdf(request: HttpRequest, round_id: int) -> HttpResponse:
    """The same report as a tagged PDF, to keep."""
    page = report_page(report=released_report(user=request.user, round_id=round_id))
    pdf = render_pdf("evaluations/report.pdf.html", _context(page))
    name = slugify(f"feedback report {page.person} {page.round.get_kind_display()}")
    return pdf_response(pdf, filename=f"{name}.pdf")


@method_decorator(never_cache, name="dispatch")
class CoordinatorReportView(RoleRequiredMixin, View):
    """A frozen report as its participant sees (or will see) it, for a coordinator preparing
    the debrief; released or not."""

    role_test = staticmethod(rules.can_run_evaluations)
    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, report_id: int) -> HttpResponse:
        page = report_page(report=frozen_report(report_id=report_id), for_coordinator=True)
        return render(request, "evaluations/report.html", _context(page, for_coordinator=True))
