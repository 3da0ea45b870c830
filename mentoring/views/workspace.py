"""The mentor's workspace (/mentor/): their mentees and whatever each topic shows them (sessions,
groups they facilitate, entries shared with them); and their page of one mentee, where each
topic adds what the mentee chose to share and what the mentor can do for them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from evaluations.selectors import plans as plan_selectors
from evaluations.selectors.reports import report_page
from mentoring import rules, sections
from mentoring.selectors import pairings


@login_required
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    if not rules.can_use_mentor_workspace(request.user):
        raise Http404
    now = timezone.now()
    return render(
        request,
        "mentoring/workspace.html",
        {
            "mentor": pairings.mentor_of(request.user),
            "mentees": pairings.mentees_of(user=request.user),
            "sections": sections.workspace_sections(user=request.user, now=now),
            "now": now,
        },
    )


@login_required
@require_GET
def mentee(request: HttpRequest, pairing_id: int) -> HttpResponse:
    """One mentee, for their mentor only: 404 for anyone else, and once the pairing ends."""
    pairing = pairings.mentee_pairing(user=request.user, pairing_id=pairing_id)
    now = timezone.now()
    return render(
        request,
        "mentoring/mentee.html",
        {
            "pairing": pairing,
            "participant": pairing.participant,
            "sections": sections.mentee_sections(user=request.user, pairing=pairing, now=now),
            "now": now,
        },
    )


@login_required
@require_GET
def mentee_report(request: HttpRequest, pairing_id: int) -> HttpResponse:
    """The mentee's latest released report, for their mentor while they share their plan."""
    pairing = pairings.mentee_pairing(user=request.user, pairing_id=pairing_id)
    participant = pairing.participant
    if plan_selectors.plan_shared_with_mentor(participant) is None:
        raise Http404
    report = plan_selectors.latest_released_report(participant)
    if report is None:
        raise Http404
    return render(
        request,
        "mentoring/mentee_report.html",
        {
            "pairing": pairing,
            "participant": participant,
            "page": report_page(report=report, for_coordinator=False),
            "cohort": participant.cohort,
            "programme": participant.cohort.programme,
        },
    )
