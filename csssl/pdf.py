"""One way to make a PDF: a Django template rendered by WeasyPrint.

WeasyPrint is given a URL fetcher that serves only the project's own static files (and inline
``data:`` URIs), so rendering a PDF never makes an outbound request, whatever the template says.

Every PDF is written as PDF/UA-1: tagged with its structure (headings, paragraphs, lists, tables)
so a screen reader can follow it, with the document's language and its title from the template's
``<html lang>`` and ``<title>``, as WCAG 2.2 AA asks of documents a public body publishes.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Tagged PDF for assistive technology: structure tree, language, title shown by the reader.
PDF_VARIANT = "pdf/ua-1"

# The documents' own origin: a name that cannot resolve, so nothing could leave even by mistake.
PDF_BASE_URL = "https://pdf.invalid/"


def static_file_for(url: str) -> Path | None:
    """The file on disk behind one of our static URLs, or None for anything else."""
    parts = urlsplit(url)
    base = urlsplit(PDF_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        return None
    relative = path.removeprefix(settings.STATIC_URL)
    if ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            file = static_file_for(url)
            if file is None:
                logger.warning("PDF rendering refused to fetch %s", url)
                raise ValueError(f"Only the project's static files may be used in a PDF: {url}")
            mimetype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=file.read_bytes(), headers={"Content-Type": mimetype}
            )

    return StaticOnlyFetcher()


def pdf_html(template_name: str, context: dict) -> str:
    """The HTML a PDF is made from: ``template_name`` with ``context`` and the site's name
    and address. Cheap beside the PDF itself, so it is also what a cached PDF is keyed by."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    return render_to_string(template_name, context)


_fonts = threading.local()


def _font_config():
    """The fonts the renderer has found and loaded, kept for every PDF this thread makes.

    WeasyPrint otherwise starts each document with a new configuration and loads every font
    again, a third of a small document's time; what it writes is the same byte for byte. Kept
    per thread, as the fonts' caches are not made to be shared between threads; a worker's
    processes each take a copy of the one warmed before they were forked.
    """
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


def _document(html: str, stylesheets: tuple):
    from weasyprint import HTML

    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher()).render(
        pdf_variant=PDF_VARIANT, stylesheets=list(stylesheets), font_config=_font_config()
    )


def html_to_pdf(html: str, *, stylesheets: tuple = ()) -> bytes:
    """Lay out ``html`` as a tagged PDF: the slow step, hundreds of milliseconds a page;
    ``stylesheets`` (from :func:`stylesheet`) are applied as well as those the HTML links."""
    return _document(html, stylesheets).write_pdf(pdf_variant=PDF_VARIANT)


def html_to_pdfs(together: str, documents: list[str], *, stylesheets: tuple = ()) -> list[bytes]:
    """Each of ``documents`` (the HTML of a one-page document) as a tagged PDF of its own, the
    same byte for byte as :func:`html_to_pdf` makes it, from ``together``, the HTML of their
    pages one after another: laid out once, each page is written on its own with the title,
    author, description and language of its document. Much of a document's time is in what
    every page shares (the styles and the fonts), so a run of them is quicker so.

    Should ``together`` not come to one page for each document (a page that overflowed onto
    another), each is laid out on its own instead, so every PDF is still the whole document.
    """
    from weasyprint import HTML
    from weasyprint.document import DocumentMetadata
    from weasyprint.html import get_html_metadata

    if not documents:
        return []
    laid_out = _document(together, stylesheets)
    if len(laid_out.pages) != len(documents):
        logger.warning("%s documents came to %s pages", len(documents), len(laid_out.pages))
        return [html_to_pdf(html, stylesheets=stylesheets) for html in documents]
    pdfs = []
    for page, html in zip(laid_out.pages, documents, strict=True):
        one = laid_out.copy([page])
        # What a document says of itself is in its <html> and <head>: its body, already laid
        # out, need not be read again.
        head = HTML(string=html.split("<body", 1)[0], base_url=PDF_BASE_URL, url_fetcher=_fetcher())
        one.metadata = DocumentMetadata(**get_html_metadata(head))
        pdfs.append(one.write_pdf(pdf_variant=PDF_VARIANT))
    return pdfs


def render_pdf(template_name: str, context: dict, *, stylesheets: tuple = ()) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes."""
    return html_to_pdf(pdf_html(template_name, context), stylesheets=stylesheets)


def stylesheet(static_path: str):
    """One of our static stylesheets, parsed: for a document rendered many times over (a
    cohort's certificates), so it is not fetched and parsed again for each."""
    from django.templatetags.static import static
    from weasyprint import CSS

    url = PDF_BASE_URL.rstrip("/") + static(static_path)
    file = static_file_for(url)
    if file is None:
        raise ValueError(f"No such static stylesheet: {static_path}")
    return CSS(string=file.read_text(), base_url=url, url_fetcher=_fetcher())


def pdf_response(pdf: bytes, *, filename: str, download: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
