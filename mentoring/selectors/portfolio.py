"""Reads of the e-portfolio, each scoped to the person asking: a participant reads their own
entries; a mentor or facilitator reads only what was shared with them (``rules.portfolio``);
coordinators read counts, never content. Query counts are stated on each."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from cohorts.models import Participant, Quality
from events.models import Event
from mentoring.models import (
    Evidence,
    GroupMeeting,
    Membership,
    MentoringSession,
    Placement,
    PortfolioEntry,
    Project,
    QualityMark,
)
from mentoring.rules import portfolio as rules

#: What an entry may grow from, by field name.
LINKS = ("event", "session", "meeting", "placement", "project")

_ENTRY_RELATED = (
    "event",
    "session",
    "meeting__group",
    "placement",
    "project",
    "participant__user",
    "participant__cohort__programme",
)


def _with_details(entries: QuerySet[PortfolioEntry]) -> QuerySet[PortfolioEntry]:
    """Entries with their links, qualities, files and marks: three queries after the first."""
    return entries.select_related(*_ENTRY_RELATED).prefetch_related(
        Prefetch("qualities", queryset=Quality.objects.order_by("order", "pk")),
        Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")),
        Prefetch(
            "marks",
            queryset=QualityMark.objects.select_related("quality", "marked_by").order_by(
                "quality__order", "pk"
            ),
        ),
    )


def qualities_for(participant: Participant) -> QuerySet[Quality]:
    """The qualities of the current framework of the participant's programme, in its order."""
    return Quality.objects.filter(
        framework__programme_id=participant.cohort.programme_id, framework__is_current=True
    ).order_by("order", "pk")


def link_choices(participant: Participant) -> dict[str, list]:
    """The participant's own events, sessions, group meetings, placements and projects, that
    an entry may be linked to. Five queries."""
    return {
        "event": list(Event.objects.filter(cohort_id=participant.cohort_id).order_by("starts_at")),
        "session": list(
            MentoringSession.objects.filter(pairing__participant=participant)
            .exclude(status=MentoringSession.Status.CANCELLED)
            .order_by("starts_at", "pk")
        ),
        "meeting": list(
            GroupMeeting.objects.filter(group__memberships__participant=participant)
            .select_related("group")
            .order_by("starts_at", "pk")
        ),
        "placement": list(Placement.objects.filter(participant=participant)),
        "project": list(Project.objects.filter(participant=participant)),
    }


def own_entries(participant: Participant, *, quality_id: int | None = None) -> list:
    """The person's entries from every programme they have been on, newest first, optionally
    those linked to one quality. Four queries whatever the number of entries."""
    entries = PortfolioEntry.objects.filter(participant__user_id=participant.user_id)
    if quality_id is not None:
        entries = entries.filter(qualities__pk=quality_id)
    return list(_with_details(entries).order_by("-created_at", "-pk"))


def own_entry(*, participant: Participant, entry_id: int) -> PortfolioEntry:
    """One of the person's own entries (from any of their places) with its details; 404 for
    anyone else's."""
    entry = _with_details(
        PortfolioEntry.objects.filter(participant__user_id=participant.user_id, pk=entry_id)
    )
    found = entry.first()
    if found is None:
        raise Http404
    return found


def own_entry_for_update(*, participant: Participant, entry_id: int) -> PortfolioEntry:
    """One of the participant's own entries, locked for a change; 404 for anyone else's."""
    entry = (
        PortfolioEntry.objects.select_for_update()
        .filter(participant__user_id=participant.user_id, pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def shared_entry(*, user, entry_id: int) -> PortfolioEntry:
    """An entry someone shared with ``user``, with its details; 404 otherwise (their own
    entries are read on their own pages). Four queries."""
    found = _with_details(
        PortfolioEntry.objects.filter(
            pk__in=rules.entries_shared_with(user).filter(pk=entry_id).values("pk")
        )
    ).first()
    if found is None:
        raise Http404
    return found


def readable_evidence(*, user, evidence_id: int) -> Evidence:
    """A file of an entry the person may read (their own, or shared with them); 404 for every
    other file, so nobody learns that it exists. One query."""
    evidence = Evidence.objects.filter(
        pk=evidence_id, entry__in=rules.entries_readable_by(user).values("pk")
    ).first()
    if evidence is None:
        raise Http404
    return evidence


def shared_with_mentor(*, pairing) -> list[PortfolioEntry]:
    """The mentee's entries shared with their mentor, newest first. Four queries."""
    return list(
        _with_details(
            PortfolioEntry.objects.filter(participant_id=pairing.participant_id)
            .filter(shared_with_mentor=True)
            .order_by("-created_at", "-pk")
        )
    )


def shared_with_facilitator(*, user) -> list[PortfolioEntry]:
    """The entries members of the person's groups shared with facilitators, newest first. Four
    queries. The members are a subquery, so an entry comes once without the database sorting
    out duplicate rows of every entry's columns."""
    members = Membership.objects.filter(group__facilitator=user).order_by().values("participant_id")
    return list(
        _with_details(
            PortfolioEntry.objects.filter(
                shared_with_facilitators=True, participant_id__in=members
            ).order_by("-created_at", "-pk")
        )
    )


@dataclass(frozen=True)
class PortfolioCounts:
    entries: int = 0
    shared: int = 0
    files: int = 0
    marks: int = 0


def participant_counts(participant: Participant) -> PortfolioCounts:
    """How many entries, shared entries, files and marks the person has, from every programme
    they have been on. One query."""
    counts = PortfolioEntry.objects.filter(participant__user_id=participant.user_id).aggregate(
        entries=Count("pk", distinct=True),
        shared=Count(
            "pk",
            filter=Q(shared_with_mentor=True) | Q(shared_with_facilitators=True),
            distinct=True,
        ),
        files=Count("evidence", distinct=True),
        marks=Count("marks", distinct=True),
    )
    return PortfolioCounts(**counts)


def cohort_counts(*, cohort_ids: list[int]) -> dict[int, PortfolioCounts]:
    """For each cohort: its participants' entries, how many are shared, and their files, as
    numbers only. One query, whatever the number of cohorts."""
    entries = (
        PortfolioEntry.objects.filter(participant__cohort_id__in=cohort_ids)
        .order_by()
        .values("participant__cohort_id")
        .annotate(
            entries=Count("pk", distinct=True),
            shared=Count(
                "pk",
                filter=Q(shared_with_mentor=True) | Q(shared_with_facilitators=True),
                distinct=True,
            ),
            files=Count("evidence", distinct=True),
        )
    )
    found = {row["participant__cohort_id"]: row for row in entries}
    return {
        cohort_id: PortfolioCounts(
            entries=found.get(cohort_id, {}).get("entries", 0),
            shared=found.get(cohort_id, {}).get("shared", 0),
            files=found.get(cohort_id, {}).get("files", 0),
        )
        for cohort_id in cohort_ids
    }
