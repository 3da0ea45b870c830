"""Cached PDFs: laid out once for each version of what they say, served from the shared cache,
never stale, never an error when the cache is down, and as accessible as a fresh one."""

from __future__ import annotations

import logging
import uuid
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from csssl import pdf, pdf_cache
from tests.csssl.test_pdf import accessibility_problems, pdf_text

#: Nothing listens on port 1: every connection is refused at once, as when Redis is down.
REFUSING_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def html_of(text: str, *, title: str = "Cached document") -> str:
    return pdf.pdf_html(
        "pdf/base.html", {"programme": None, "SITE_NAME": title, "view": None}
    ).replace("</body>", f"<p>{text}</p></body>")


@pytest.fixture
def renders():
    """The PDF layouts made while the test runs (a spy on the slow step)."""
    with mock.patch.object(pdf, "html_to_pdf", wraps=pdf.html_to_pdf) as spy:
        yield spy


def test_cached_pdf_second_time_is_not_laid_out_again(renders):
    html = html_of("Fixed wording")

    first = pdf_cache.cached_pdf(html)
    second = pdf_cache.cached_pdf(html)

    assert renders.call_count == 1
    assert second.content == first.content
    assert second.etag == first.etag


def test_cached_pdf_changed_html_is_a_new_pdf(renders):
    first = pdf_cache.cached_pdf(html_of("The first wording"))
    second = pdf_cache.cached_pdf(html_of("The second wording"))

    assert renders.call_count == 2
    assert second.etag != first.etag
    assert "Thesecondwording" in pdf_text(second.content)


def test_cached_pdf_keeps_tags_language_and_title(renders):
    html = html_of("Tagged all the same", title="A cached title")

    pdf_cache.cached_pdf(html)
    cached = pdf_cache.cached_pdf(html)

    assert renders.call_count == 1
    assert accessibility_problems(cached.content, title="A cached title") == []


def test_fingerprint_changes_when_a_stylesheet_changes_in_place(tmp_path):
    stylesheet = tmp_path / "pdf.css"
    stylesheet.write_text("body { color: black; }")
    html = '<link rel="stylesheet" href="/static/css/pdf.css"><p>Same words</p>'

    with mock.patch.object(pdf, "static_file_for", return_value=stylesheet):
        before = pdf_cache.fingerprint(html)
        stylesheet.write_text("body { color: navy; font-size: 14pt; }")
        after = pdf_cache.fingerprint(html)

    assert before != after


def test_fingerprint_changes_with_the_language():
    html = html_of("Same words")

    from django.utils import translation

    with translation.override("en-gb"):
        british = pdf_cache.fingerprint(html)
    with translation.override("cy"):
        welsh = pdf_cache.fingerprint(html)

    assert british != welsh


@override_settings(CACHES=REFUSING_REDIS)
def test_cached_pdf_cache_down_still_gives_the_pdf(renders, caplog):
    html = html_of("Served without a cache")

    with caplog.at_level(logging.WARNING, logger="csssl.pdf_cache"):
        first = pdf_cache.cached_pdf(html)
        second = pdf_cache.cached_pdf(html)

    assert "Servedwithoutacache" in pdf_text(first.content)
    assert second.content.startswith(b"%PDF-")
    assert renders.call_count == 2
    assert "PDF cache unavailable" in caplog.text


def test_cached_pdf_cache_failing_any_other_way_still_gives_the_pdf(renders):
    html = html_of("A cache that raises")

    with (
        mock.patch.object(cache, "get", side_effect=RuntimeError("broken")),
        mock.patch.object(cache, "set", side_effect=RuntimeError("broken")),
    ):
        result = pdf_cache.cached_pdf(html)

    assert "Acachethatraises" in pdf_text(result.content)


def test_cached_pdf_response_matching_etag_is_304_without_reading_the_cache(renders):
    html = html_of("Already in the browser")
    first = pdf_cache.cached_pdf_response(RequestFactory().get("/x.pdf"), html, filename="x.pdf")

    with mock.patch.object(cache, "get", wraps=cache.get) as reads:
        again = pdf_cache.cached_pdf_response(
            RequestFactory().get("/x.pdf", HTTP_IF_NONE_MATCH=first["ETag"]),
            html,
            filename="x.pdf",
        )

    assert first.status_code == 200
    assert first["ETag"].startswith('W/"')
    assert "no-cache" in first["Cache-Control"]
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again.content == b""
    assert reads.call_count == 0
    assert renders.call_count == 1


def test_cached_pdf_response_stale_etag_gets_the_new_pdf(renders):
    old = pdf_cache.cached_pdf_response(
        RequestFactory().get("/x.pdf"), html_of("Old wording"), filename="x.pdf"
    )

    new = pdf_cache.cached_pdf_response(
        RequestFactory().get("/x.pdf", HTTP_IF_NONE_MATCH=old["ETag"]),
        html_of("New wording"),
        filename="x.pdf",
    )

    assert new.status_code == 200
    assert new["ETag"] != old["ETag"]
    assert "Newwording" in pdf_text(new.content)


@pytest.mark.services
def test_cached_pdf_shared_through_redis(renders):
    """The production backend keeps the bytes whole, so the other web process and the workers
    are served the same PDF."""
    redis_url = settings.CELERY_BROKER_URL or ""
    if not redis_url.startswith("redis://"):
        pytest.skip("no Redis configured (CELERY_BROKER_URL)")
    prefix = f"test-pdf-{uuid.uuid4().hex}"
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    html = html_of("Kept in Redis")
    with override_settings(CACHES=redis_cache):
        try:
            first = pdf_cache.cached_pdf(html)
            second = pdf_cache.cached_pdf(html)
        finally:
            cache.delete(pdf_cache._cache_key(pdf_cache.fingerprint(html)))

    assert renders.call_count == 1
    assert second.content == first.content
