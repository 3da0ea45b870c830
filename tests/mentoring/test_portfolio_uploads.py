"""Evidence files: judged by their content, never their name or claimed type; limited in size;
their names made safe; stored under a random name outside the web root."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.errors import MentoringError
from mentoring.models import Evidence, PortfolioEntry
from mentoring.services import portfolio as services
from tests.factories import ParticipantFactory
from tests.mentoring.factories import (  # noqa: F401
    TINY_PDF,
    TINY_PNG,
    PortfolioEntryFactory,
    private_media,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def office_file(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/main.xml" ContentType="{main_part}"/></Types>',
        )
        archive.writestr("main.xml", "<doc/>")
    return buffer.getvalue()


def values(**overrides) -> dict:
    return {
        "title": "After the first extended day",
        "reflection": "Systems leadership is about the whole partnership.",
        "quality_ids": [],
        "shared_with_mentor": False,
        "shared_with_facilitators": False,
        **overrides,
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (TINY_PDF, "application/pdf"),
        (TINY_PNG, "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        ("Notes from the set, in plain text.\n£ and é too.\n".encode(), "text/plain"),
        (office_file(services.OFFICE_MAIN_PARTS[services.DOCX]), services.DOCX.content_type),
        (office_file(services.OFFICE_MAIN_PARTS[services.XLSX]), services.XLSX.content_type),
        (office_file(services.OFFICE_MAIN_PARTS[services.PPTX]), services.PPTX.content_type),
    ],
)
def test_kind_of_recognises_each_accepted_content(content, expected):
    assert services.kind_of(content).content_type == expected


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows program
        b"\x7fELF\x02\x01\x01",  # a Linux program
        b"PK\x03\x04not really a zip",
        office_file("application/vnd.ms-word.document.macroEnabled.main+xml"),  # macros
        b"GIF89a\x01\x00",
        b"text with a \x00 NUL byte",
        b"text with an escape \x1b[2J that clears a terminal",
        "text with a C1 control \u0085 character".encode(),
        b"\xc3\x28 not UTF-8",
        b"",
    ],
)
def test_kind_of_refuses_other_content(content):
    assert services.kind_of(content) is None


def test_upload_with_a_pdf_name_but_program_content_is_refused(settings):
    entry = PortfolioEntryFactory()
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00program", content_type="application/pdf")

    with pytest.raises(MentoringError) as raised:
        services.evidence_add(participant=entry.participant, entry_id=entry.pk, upload=upload)

    assert "whatever its name says" in raised.value.errors["file"]
    assert not Evidence.objects.exists()
    assert not [path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_png_named_exe_is_kept_as_the_png_it_is(settings):
    entry = PortfolioEntryFactory()
    upload = SimpleUploadedFile("photo.exe", TINY_PNG, content_type="application/x-msdownload")

    evidence = services.evidence_add(
        participant=entry.participant, entry_id=entry.pk, upload=upload
    )

    assert (evidence.name, evidence.content_type) == ("photo.png", "image/png")


def test_upload_over_the_size_limit_is_refused_beside_the_field(settings):
    settings.PORTFOLIO_UPLOAD_MAX_BYTES = 1024
    entry = PortfolioEntryFactory()
    upload = SimpleUploadedFile("big.txt", b"a" * 1025, content_type="text/plain")

    with pytest.raises(MentoringError) as raised:
        services.evidence_add(participant=entry.participant, entry_id=entry.pk, upload=upload)

    assert raised.value.errors["file"].startswith("Choose a file of 1 KB or less")
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("/absolute/path/notes.pdf", "notes.pdf"),
        ("..", "evidence.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("bad\x00name\r\n\x1b[31m.pdf", "bad name [31m.pdf"),
        ("right\u202eto\u200bleft.pdf", "right to left.pdf"),
        ("x" * 500 + ".pdf", "x" * 116 + ".pdf"),
        ("", "evidence.pdf"),
        ("report.exe", "report.pdf"),
    ],
)
def test_safe_name_makes_hostile_names_safe(given, shown):
    assert services.safe_name(given, kind=services.PDF) == shown


def test_stored_file_has_a_random_name_outside_the_web_root(settings):
    entry = PortfolioEntryFactory()
    upload = SimpleUploadedFile("../../static/evil.pdf", TINY_PDF, content_type="text/html")

    evidence = services.evidence_add(
        participant=entry.participant, entry_id=entry.pk, upload=upload
    )

    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert "evil" not in str(stored)
    assert stored.read_bytes() == TINY_PDF
    with pytest.raises(ValueError, match="no address"):
        _ = evidence.file.url


def test_private_media_root_is_outside_media_and_static():
    private = Path(django_settings.PRIVATE_MEDIA_ROOT).resolve()
    for served in (django_settings.MEDIA_ROOT, django_settings.STATIC_ROOT):
        assert not private.is_relative_to(Path(served).resolve())


def test_add_page_refuses_wrong_content_and_keeps_what_was_typed(client):
    participant = ParticipantFactory()
    client.force_login(participant.user)
    upload = SimpleUploadedFile("cv.docx", b"#!/bin/sh\n\x00rm -rf /", content_type="text/plain")

    response = client.post(
        reverse("mentoring:portfolio_add"),
        {"title": "Kept title", "reflection": "Kept reflection", "file": upload},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "whatever its name says" in page
    assert "Kept title" in page
    assert "Kept reflection" in page
    assert "choose it again" in page
    assert not PortfolioEntry.objects.exists()


def test_add_page_with_a_good_file_saves_both(client):
    participant = ParticipantFactory()
    client.force_login(participant.user)

    response = client.post(
        reverse("mentoring:portfolio_add"),
        {
            "title": "With a file",
            "reflection": "See the attached note.",
            "file": SimpleUploadedFile("note.txt", b"Plain notes", content_type="text/plain"),
        },
    )

    assert response.status_code == 302
    entry = PortfolioEntry.objects.get()
    assert entry.is_private
    assert [e.name for e in entry.evidence.all()] == ["note.txt"]
