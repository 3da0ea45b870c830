"""The demo's portfolio: ``alicse.participant@example.org`` (Hannah Brooks) keeps three entries
from her ALICSE year, linked to the programme's qualities. One is shared with her mentor, Helen
Marsh (the demo pairs them so the sharing can be seen from both sides), with a small image as
evidence; one is shared with her tutors and facilitators; one stays private, and no one but
Hannah ever sees it.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from cohorts.models import Quality
from csssl.demo import at, upsert
from mentoring.demo.people import People, load_pairing
from mentoring.models import PortfolioEntry
from mentoring.services import portfolio as services

MENTOR = "helen.marsh@example.org"


@dataclass(frozen=True)
class SampleEntry:
    title: str
    reflection: str
    written_on: date
    qualities: tuple[int, ...]  # positions in the framework's order
    shared_with_mentor: bool = False
    shared_with_facilitators: bool = False
    evidence_name: str = ""


ENTRIES = [
    SampleEntry(
        "Mapping the partnership around our exclusions",
        "Drawing who holds which part of a child's journey out of school showed me how few of "
        "the partners had ever been in one room. I had been treating exclusions as a school "
        "problem; the map made it a system problem, and the set pushed me to ask the police "
        "and health leads to the next locality meeting.",
        date(2012, 11, 14),
        qualities=(0, 1),
        shared_with_mentor=True,
        evidence_name="Partnership map.png",
    ),
    SampleEntry(
        "What the action learning set asked me",
        "I came with a plan and left with better questions. Being asked why the trust's "
        "governors had not seen the local authority's data made me see that I had been "
        "protecting the trust from a conversation it needed to have.",
        date(2013, 1, 23),
        qualities=(1,),
        shared_with_facilitators=True,
    ),
    SampleEntry(
        "A difficult conversation with my chair",
        "Notes for myself on how the conversation with the chair of governors went, what I "
        "would say differently, and what I am still unsure of.",
        date(2013, 3, 6),
        qualities=(2,),
    ),
]


def tiny_png(*, width: int = 24, height: int = 16, rgb: tuple[int, int, int] = (0, 94, 184)):
    """A small, valid PNG of one colour, made here so the demo needs no file of its own."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def load(*, people: People) -> list[PortfolioEntry]:
    participant = people.alicse_participant
    mentor = people.mentors[MENTOR]
    load_pairing(participant, mentor, by=people.coordinator, on=at(date(2012, 10, 1), 10))
    qualities = list(
        Quality.objects.filter(
            framework__programme_id=participant.cohort.programme_id, framework__is_current=True
        ).order_by("order", "pk")
    )
    entries = []
    for sample in ENTRIES:
        written = at(sample.written_on, 19)
        entry = upsert(
            PortfolioEntry,
            lookup={"participant": participant, "title": sample.title},
            values={
                "reflection": sample.reflection,
                "shared_with_mentor": sample.shared_with_mentor,
                "shared_with_facilitators": sample.shared_with_facilitators,
                "created_at": written,
                "updated_at": written,
            },
        )
        entry.qualities.set([qualities[n] for n in sample.qualities if n < len(qualities)])
        if sample.evidence_name and not entry.evidence.exists():
            services.evidence_add(
                participant=participant,
                entry_id=entry.pk,
                upload=SimpleUploadedFile(sample.evidence_name, tiny_png()),
                now=written,
            )
            PortfolioEntry.objects.filter(pk=entry.pk).update(updated_at=written)
        entries.append(entry)
    return entries
