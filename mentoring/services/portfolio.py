"""The e-portfolio's changes: entries written, shared and deleted by their owner, evidence files
checked and attached, and the marks a mentor, tutor or facilitator gives an entry they were
shown.

An evidence file is judged by what it holds, never by its name or the type the browser claims:
its first bytes (PDF, PNG, JPEG), the ``[Content_Types].xml`` inside an Office zip (DOCX, XLSX,
PPTX), or text that decodes as UTF-8 with no control characters. The name people gave it is
kept only for display, made safe; the stored name is random.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from cohorts.models import Participant
from csssl.limits import length_problems
from csssl.storage import private_storage
from mentoring.errors import MentoringError
from mentoring.models import Evidence, PortfolioEntry, QualityMark
from mentoring.rules import portfolio as rules
from mentoring.selectors import portfolio as selectors


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str


PDF = FileKind("application/pdf", "pdf", "PDF")
PNG = FileKind("image/png", "png", "PNG image")
JPEG = FileKind("image/jpeg", "jpg", "JPEG image")
TEXT = FileKind("text/plain", "txt", "plain text")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word"
)
XLSX = FileKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"
)
PPTX = FileKind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    "PowerPoint",
)
#: The main part an Office file's ``[Content_Types].xml`` names, for each kind.
OFFICE_MAIN_PARTS = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ACCEPTED = "PDF, Word, Excel, PowerPoint, PNG, JPEG or plain text"
#: Unicode's control characters (category Cc) but tab, line feed, form feed and carriage return:
#: text holding one is a binary file, whatever else it decodes to.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: A ``[Content_Types].xml`` is a few kilobytes; one claiming more is not read.
CONTENT_TYPES_LIMIT = 256 * 1024
NAME_LENGTH = 120
#: An identical entry sent again within this long is taken as the same send.
DOUBLE_SEND = timedelta(minutes=1)
FILE_FIELD = "file"


def kind_of(data: bytes) -> FileKind | None:
    """What a file is, from its content alone; None for anything not accepted."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return TEXT if _is_plain_text(data) else None


def _office_kind(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_LIMIT:
                return None
            types = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, OSError):
        return None
    for kind, main_part in OFFICE_MAIN_PARTS.items():
        if f'ContentType="{main_part}"' in types:
            return kind
    return None


def _is_plain_text(data: bytes) -> bool:
    if not data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return CONTROL_CHARACTERS.search(text) is None


def safe_name(name: str, *, kind: FileKind) -> str:
    """The file's name for display and download: its last path part only, with no control or
    formatting characters, no leading dots, at most ``NAME_LENGTH`` characters, ending in the
    extension of what it really is."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(
        " " if unicodedata.category(char).startswith(("C", "Z")) else char
        for char in unicodedata.normalize("NFC", name)
    )
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .") or "evidence"
    stem = stem[: NAME_LENGTH - len(kind.extension) - 1].rstrip(" .") or "evidence"
    return f"{stem}.{kind.extension}"


def _size_in_words(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _checked_upload(upload: UploadedFile) -> tuple[FileKind, bytes]:
    """The upload's kind and content, or the error beside the file field."""
    limit = settings.PORTFOLIO_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise MentoringError(
            "The file is too large.",
            errors={
                FILE_FIELD: f"Choose a file of {_size_in_words(limit)} or less: this one is "
                f"{_size_in_words(upload.size)}."
            },
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise MentoringError(
            "The file is too large.",
            errors={FILE_FIELD: f"Choose a file of {_size_in_words(limit)} or less."},
        )
    kind = kind_of(data)
    if kind is None:
        raise MentoringError(
            "The file is not a kind the portfolio keeps.",
            errors={
                FILE_FIELD: f"Choose a {ACCEPTED} file: this one's content is none of these, "
                "whatever its name says."
            },
        )
    return kind, data


def _attach(*, entry: PortfolioEntry, upload: UploadedFile, kind: FileKind, data: bytes, now):
    evidence = Evidence(
        entry=entry,
        name=safe_name(upload.name, kind=kind),
        content_type=kind.content_type,
        size=len(data),
        uploaded_at=now,
    )
    evidence.file.save("evidence", ContentFile(data), save=False)
    evidence.save()
    return evidence


def _entry_problems(*, participant: Participant, values: dict) -> dict[str, str]:
    problems = length_problems(
        PortfolioEntry, {"title": values["title"], "reflection": values["reflection"]}
    )
    if not values["title"].strip() and "title" not in problems:
        problems["title"] = "Give the entry a title."
    if not values["reflection"].strip() and "reflection" not in problems:
        problems["reflection"] = "Write your reflection."
    allowed_qualities = set(selectors.qualities_for(participant).values_list("pk", flat=True))
    if not set(values["quality_ids"]) <= allowed_qualities:
        problems["qualities"] = "Choose qualities of your programme's framework."
    choices = selectors.link_choices(participant)
    for field, options in choices.items():
        chosen = values.get(f"{field}_id")
        if chosen is not None and chosen not in {option.pk for option in options}:
            problems[field] = "Choose one of your own, from the list."
    return problems


def _write(entry: PortfolioEntry, values: dict) -> None:
    entry.title = values["title"].strip()
    entry.reflection = values["reflection"].strip()
    for field in selectors.LINKS:
        setattr(entry, f"{field}_id", values.get(f"{field}_id"))
    entry.shared_with_mentor = values["shared_with_mentor"]
    entry.shared_with_facilitators = values["shared_with_facilitators"]


@transaction.atomic
def entry_add(
    *,
    participant: Participant,
    values: dict,
    upload: UploadedFile | None = None,
    now: datetime | None = None,
) -> PortfolioEntry:
    """A new entry of the participant's own portfolio, private unless they chose to share it,
    tied only to qualities of their programme's framework and to their own events, sessions,
    meetings, placements and projects. A file is checked before anything is saved. The same
    entry sent again within a minute (a double click, a second tab) is the one already saved,
    not a copy."""
    now = now or timezone.now()
    problems = _entry_problems(participant=participant, values=values)
    if problems:
        raise MentoringError("Check the entry.", errors=problems)
    checked = _checked_upload(upload) if upload else None
    # The participant's row serialises two sends of one form, so the second finds the first.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    again = PortfolioEntry.objects.filter(
        participant=participant,
        title=values["title"].strip(),
        reflection=values["reflection"].strip(),
        created_at__gte=now - DOUBLE_SEND,
    ).first()
    if again is not None:
        return again
    entry = PortfolioEntry(participant=participant, created_at=now, updated_at=now)
    _write(entry, values)
    entry.save()
    entry.qualities.set(values["quality_ids"])
    if checked:
        _attach(entry=entry, upload=upload, kind=checked[0], data=checked[1], now=now)
    return entry


def revision_of(entry: PortfolioEntry) -> str:
    """What the edit page holds, to notice a save made meanwhile in another window."""
    return entry.updated_at.isoformat()


class StaleEntryError(MentoringError):
    """The entry was saved elsewhere after this edit began."""


@transaction.atomic
def entry_edit(
    *,
    participant: Participant,
    entry_id: int,
    values: dict,
    revision: str,
    upload: UploadedFile | None = None,
    now: datetime | None = None,
) -> PortfolioEntry:
    """Changes to one of the participant's own entries, its sharing included. An edit begun
    before another save is refused, so the other save is not silently undone."""
    now = now or timezone.now()
    entry = selectors.own_entry_for_update(participant=participant, entry_id=entry_id)
    # An entry from an earlier programme keeps that programme's qualities and links.
    participant = entry.participant
    if revision and revision != revision_of(entry):
        raise StaleEntryError(
            "This entry was saved in another window since you opened it. Your changes are "
            "still in the form: save again to keep them."
        )
    problems = _entry_problems(participant=participant, values=values)
    if problems:
        raise MentoringError("Check the entry.", errors=problems)
    checked = _checked_upload(upload) if upload else None
    _write(entry, values)
    entry.updated_at = now
    entry.save()
    entry.qualities.set(values["quality_ids"])
    # Marks belong to the qualities the entry is linked to; one taken off takes its mark away.
    entry.marks.exclude(quality_id__in=values["quality_ids"]).delete()
    if checked:
        _attach(entry=entry, upload=upload, kind=checked[0], data=checked[1], now=now)
    return entry


@transaction.atomic
def entry_delete(*, participant: Participant, entry_id: int) -> bool:
    """Deletes one of the participant's own entries with its files and marks. False when it
    was already gone (a second click)."""
    entry = PortfolioEntry.objects.filter(
        pk=entry_id, participant__user_id=participant.user_id
    ).first()
    if entry is None:
        return False
    names = list(entry.evidence.values_list("file", flat=True))
    entry.delete()
    _remove_files_after_commit(names)
    return True


@transaction.atomic
def evidence_add(
    *, participant: Participant, entry_id: int, upload: UploadedFile, now: datetime | None = None
) -> Evidence:
    """A checked file attached to one of the participant's own entries."""
    now = now or timezone.now()
    entry = selectors.own_entry_for_update(participant=participant, entry_id=entry_id)
    kind, data = _checked_upload(upload)
    evidence = _attach(entry=entry, upload=upload, kind=kind, data=data, now=now)
    entry.updated_at = now
    entry.save(update_fields=["updated_at"])
    return evidence


@transaction.atomic
def evidence_delete(*, participant: Participant, evidence_id: int) -> Evidence | None:
    """Removes a file from one of the participant's own entries; None when already gone."""
    evidence = (
        Evidence.objects.select_for_update()
        .filter(pk=evidence_id, entry__participant__user_id=participant.user_id)
        .first()
    )
    if evidence is None:
        return None
    name = evidence.file.name
    evidence.delete()
    _remove_files_after_commit([name])
    return evidence


def _remove_files_after_commit(names: list[str]) -> None:
    def remove() -> None:
        storage = private_storage()
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def mark_add(*, by, entry_id: int, quality_id: int, now: datetime | None = None) -> QualityMark:
    """Records that an entry's evidence meets one of the qualities it is linked to, with the
    marker's name and the date. Only someone the entry is shared with may mark it (never its
    owner); marking the same quality twice keeps the first mark."""
    now = now or timezone.now()
    entry = PortfolioEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None or not rules.can_mark_entry(by, entry):
        raise MentoringError("This entry is not shared with you.")
    if not entry.qualities.filter(pk=quality_id).exists():
        raise MentoringError(
            "The entry is not linked to that quality.",
            errors={"quality": "Choose one of the qualities the entry is linked to."},
        )
    mark, _ = QualityMark.objects.get_or_create(
        entry=entry, quality_id=quality_id, defaults={"marked_by": by, "marked_at": now}
    )
    return mark


@transaction.atomic
def mark_remove(*, by, mark_id: int) -> bool:
    """Takes back a mark its own author gave, while the entry is still shared with them. False
    when it was already gone."""
    mark = QualityMark.objects.select_for_update().filter(pk=mark_id, marked_by=by).first()
    if mark is None or not rules.can_mark_entry(by, mark.entry):
        return False
    mark.delete()
    return True
