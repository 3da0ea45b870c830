"""PDFs that read the same from one request to the next, laid out once and then kept.

A PDF is keyed by a digest of everything it is made from: the HTML its template renders (so
every row, field, date, choice and sentence it shows, and the template itself), the stylesheets
and images that HTML names (their size and modification time), the PDF variant, the version of
WeasyPrint and the active language. Rendering the HTML costs the page's few queries and a
template, a small part of laying the PDF out; any change to what the document would say gives
a new key, so nothing is ever invalidated by hand and no stale PDF can be served, whether the
change came through a form, the admin, a queryset ``update()`` or a migration. Old entries
simply expire (``PDF_CACHE_SECONDS``).

The cache is Django's default one (``CACHE_URL``: Redis in production, so both web processes
and the workers share each PDF). A cache that fails, however it fails, costs only the time to
render: the PDF is made as if nothing were kept, and the failure is logged.

The same digest is the response's ``ETag``, so a browser that already has the document gets a
304 without the PDF being fetched from the cache at all.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import cache as once
from importlib.metadata import version
from urllib.parse import urljoin

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control

from . import pdf

logger = logging.getLogger(__name__)

#: Bumped when the shape of a key or of what is stored under it changes.
KEY_FORMAT = "1"

# Everything an HTML document can ask WeasyPrint to fetch: links, images, CSS url()s.
_ASSET = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""")


@dataclass(frozen=True)
class CachedPdf:
    content: bytes
    etag: str


def _asset_stamps(html: str) -> list[str]:
    """Size and modification time of each static file the HTML names: a stylesheet edited in
    place (same address, as with plain static files in development) still changes the key."""
    stamps = []
    for href, url in _ASSET.findall(html):
        address = href or url
        if address.startswith(("mailto:", "data:", "#")):
            continue
        file = pdf.static_file_for(urljoin(pdf.PDF_BASE_URL, address))
        if file is not None:
            stat = file.stat()
            stamps.append(f"{address}:{stat.st_size}:{stat.st_mtime_ns}")
    return stamps


@once
def _weasyprint_version() -> str:
    return version("weasyprint")


def fingerprint(html: str) -> str:
    """The digest of everything the PDF made from ``html`` would show."""
    parts = [
        KEY_FORMAT,
        pdf.PDF_VARIANT,
        _weasyprint_version(),
        translation.get_language() or "",
        *_asset_stamps(html),
        html,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _cache_key(digest: str) -> str:
    return f"pdf:{digest}"


def _cached(key: str) -> bytes | None:
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down must never stop the document
        logger.warning("PDF cache unavailable for reading; rendering", exc_info=True)
        return None


def _keep(key: str, content: bytes) -> None:
    try:
        cache.set(key, content, timeout=settings.PDF_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - as above: the PDF is served all the same
        logger.warning("PDF cache unavailable for writing", exc_info=True)


def _etag(digest: str) -> str:
    # Weak: two renderings of one document say the same but differ in their bytes (the
    # creation time WeasyPrint writes), and only the first is kept.
    return f'W/"{digest[:40]}"'


def _content(html: str, digest: str) -> bytes:
    key = _cache_key(digest)
    content = _cached(key)
    if content is None:
        content = pdf.html_to_pdf(html)
        _keep(key, content)
    return content


def cached_pdf(html: str) -> CachedPdf:
    """The PDF of ``html`` (from :func:`csssl.pdf.pdf_html`): from the cache when a PDF of
    exactly the same HTML and assets is there, else rendered and kept."""
    digest = fingerprint(html)
    return CachedPdf(content=_content(html, digest), etag=_etag(digest))


def cached_pdf_response(
    request: HttpRequest, html: str, *, filename: str, download: bool = False
) -> HttpResponse:
    """A response with the cached PDF of ``html``, or 304 when the browser's copy
    (``If-None-Match``) is still the document. Browsers are asked to check each time
    (``no-cache``): a changed deadline must be seen at once, and the check is cheap."""
    digest = fingerprint(html)
    etag = _etag(digest)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = pdf.pdf_response(_content(html, digest), filename=filename, download=download)
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    return response
