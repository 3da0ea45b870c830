from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from csssl.pdf import pdf_html
from csssl.pdf_cache import cached_pdf_response

from . import selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "cohorts/home.html", {"programmes": selectors.programmes_for_home()})


def _programme_context(slug: str) -> dict:
    programme, cohort, cohorts = selectors.programme_page(slug=slug)
    return {
        "programme": programme,
        "cohort": cohort,
        "earlier_cohorts": [c for c in cohorts if c != cohort],
        "timeline": selectors.cohort_timeline(cohort) if cohort else [],
        "seminar_topics": selectors.seminar_topics(cohort) if cohort else [],
        "window": cohort.application_window_state() if cohort else None,
        "now": timezone.now(),
    }


@require_GET
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "cohorts/programme.html", _programme_context(slug))


@require_GET
def brochure(request: HttpRequest, slug: str) -> HttpResponse:
    html = pdf_html("cohorts/brochure.pdf.html", _programme_context(slug))
    return cached_pdf_response(request, html, filename=f"{slug}-brochure.pdf")


@require_GET
def qualities_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    framework = selectors.current_framework(programme_slug=slug)
    html = pdf_html(
        "cohorts/qualities.pdf.html",
        {
            "framework": framework,
            "programme": framework.programme,
            "themes": selectors.qualities_by_theme(framework),
        },
    )
    return cached_pdf_response(request, html, filename=f"{slug}-leadership-qualities.pdf")
