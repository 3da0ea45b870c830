"""Read queries for the programme pages, a participant's place and the cohorts on the
coordinators' workspace, each a fixed number of queries whatever the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from csssl.uktime import clock_time, in_uk, long_date, uk_today

from .models import Cohort, Milestone, Participant, Programme, Quality, QualityFramework


@dataclass(frozen=True)
class TimelineEntry:
    when: str
    title: str
    detail: str
    kind: str
    sort_date: date


def programmes_for_home() -> QuerySet[Programme]:
    """Published programmes, each with its current and coming cohorts (open ones first)."""
    cohorts = Cohort.objects.current_or_upcoming().order_by("applications_open")
    return Programme.objects.filter(is_published=True).prefetch_related(
        Prefetch("cohorts", queryset=cohorts, to_attr="current_cohorts")
    )


def programme_page(*, slug: str) -> tuple[Programme, Cohort | None, list[Cohort]]:
    """A published programme, the cohort to feature (open now, else the next one, else the
    latest) and the earlier cohorts, with their milestones prefetched."""
    programme = get_object_or_404(Programme, slug=slug, is_published=True)
    cohorts = list(
        Cohort.objects.public()
        .filter(programme=programme)
        .select_related("programme")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("starts_on", "pk"))
        )
        .order_by("-starts_on")
    )
    return programme, featured_cohort(cohorts), cohorts


def featured_cohort(cohorts: list[Cohort], *, now=None) -> Cohort | None:
    now = now or timezone.now()
    today = uk_today(now=now)
    open_now = [c for c in cohorts if c.is_open_for_applications(now=now)]
    if open_now:
        return min(open_now, key=lambda c: c.application_deadline)
    coming = [c for c in cohorts if c.ends_on >= today]
    if coming:
        return min(coming, key=lambda c: c.starts_on)
    return max(cohorts, key=lambda c: c.starts_on, default=None)


def cohort_timeline(cohort: Cohort) -> list[TimelineEntry]:
    """The published timeline: the cohort's own dates and its milestones, in date order.
    Uses the cohort's prefetched milestones when present."""
    deadline = in_uk(cohort.application_deadline)
    entries = [
        TimelineEntry(
            when=long_date(deadline),
            title="Application deadline",
            detail=f"Expressions of interest close at {clock_time(deadline)} UK time.",
            kind="deadline",
            sort_date=deadline.date(),
        ),
        TimelineEntry(
            when=f"By {long_date(cohort.places_awarded_by)}",
            title="Places awarded",
            detail="Applicants hear the outcome, with full details of dates and venues.",
            kind="allocation",
            sort_date=cohort.places_awarded_by,
        ),
    ]
    if cohort.evaluation_opens and cohort.evaluation_closes:
        opens, closes = cohort.evaluation_opens, cohort.evaluation_closes
        when = (
            f"{opens:%B} – {closes:%B %Y}"
            if opens.year == closes.year
            else f"{opens:%B %Y} – {closes:%B %Y}"
        )
        entries.append(
            TimelineEntry(
                when=when,
                title="Pre-programme evaluation",
                detail="Self evaluation and feedback from colleagues against the leadership qualities.",
                kind="evaluation",
                sort_date=opens,
            )
        )
    for milestone in cohort.milestones.all():
        detail = " · ".join(
            part
            for part in (
                milestone.get_kind_display(),
                milestone.topic,
                milestone.duration,
            )
            if part
        )
        entries.append(
            TimelineEntry(
                when=milestone.when,
                title=milestone.title,
                detail=detail,
                kind=milestone.kind,
                sort_date=milestone.starts_on,
            )
        )
    return sorted(entries, key=lambda e: e.sort_date)


def seminar_topics(cohort: Cohort) -> list[str]:
    return [
        m.topic for m in cohort.milestones.all() if m.kind == Milestone.Kind.SEMINAR and m.topic
    ]


def current_framework(*, programme_slug: str) -> QualityFramework:
    """The published framework of a published programme, with its qualities, or 404."""
    return get_object_or_404(
        QualityFramework.objects.select_related("programme").prefetch_related(
            Prefetch("qualities", queryset=Quality.objects.order_by("order", "pk"))
        ),
        programme__slug=programme_slug,
        programme__is_published=True,
        is_current=True,
    )


def qualities_by_theme(framework: QualityFramework) -> list[tuple[str, list[Quality]]]:
    themes: dict[str, list[Quality]] = {}
    for quality in framework.qualities.all():
        themes.setdefault(quality.theme, []).append(quality)
    return list(themes.items())


def participation_for(*, user) -> Participant | None:
    """The person's current place: an active participation on a running (or about to run)
    cohort, else their most recent one, with its cohort's programme and completion rule, its
    organisation and its certificate (if any). One query."""
    participations = list(
        Participant.objects.filter(user=user)
        .exclude(status=Participant.Status.WITHDRAWN)
        .select_related(
            "cohort__programme", "cohort__completion_rule", "organisation", "certificate"
        )
        .order_by("-cohort__starts_on")
    )
    for participation in participations:
        participation.user = user  # known already: not read again
    for participation in participations:
        if participation.cohort.status in Cohort.ACTIVE:
            return participation
    return participations[0] if participations else None


def workspace_cohorts() -> list[Cohort]:
    """The cohorts that are open, allocating or running, in programme order, each with its
    programme and ``active_participants``: how many are on the programme. One query."""
    return list(
        Cohort.objects.active()
        .select_related("programme")
        .annotate(
            active_participants=Count(
                "participants", filter=Q(participants__status__in=Participant.ON_PROGRAMME)
            )
        )
        .order_by("programme__order", "programme__name", "starts_on", "pk")
    )
