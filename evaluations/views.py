from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from csssl.pdf import pdf_response, render_pdf

from . import selectors


@require_GET
def qualities_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    framework = selectors.current_framework(programme_slug=slug)
    pdf = render_pdf(
        "evaluations/qualities.pdf.html",
        {
            "framework": framework,
            "programme": framework.programme,
            "themes": selectors.qualities_by_theme(framework),
        },
    )
    return pdf_response(pdf, filename=f"{slug}-leadership-qualities.pdf")
