"""What matching registers: the mentor on the participant's /me/ (a panel), each cohort's
mentoring card on the coordinators' workspace, and on the mentor's page of one mentee the
development plan and report the mentee shares."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse

from cohorts import timeline, workspace
from cohorts.models import Participant
from evaluations.selectors import plans as plan_selectors
from mentoring.sections import Section, register_mentee
from mentoring.selectors.pairings import active_mentor
from mentoring.selectors.workspace import mentoring_counts


@timeline.register_panel("mentoring.mentor")
def mentor_panel(*, participant: Participant, request: HttpRequest) -> timeline.Panel:
    """Who the participant's mentor is, and the way to their mentoring page. One query."""
    return timeline.Panel(
        template="mentoring/_me_panel.html",
        context={"pairing": active_mentor(participant=participant)},
        order=20,
    )


@workspace.register("mentoring.matching")
def cohort_mentoring(
    *, places: list[workspace.CohortPlace], now: datetime
) -> dict[int, list[workspace.Card]]:
    """Every cohort's pool and pairings, counted in three queries."""
    counts = mentoring_counts(cohort_ids=[place.cohort.pk for place in places])
    return {
        place.cohort.pk: [
            workspace.Card(
                "mentoring/_workspace_matching.html",
                {
                    "counts": counts[place.cohort.pk],
                    "url": reverse("mentoring:coordinator", args=[place.cohort.pk]),
                },
                order=40,
            )
        ]
        for place in places
    }


@register_mentee("matching.plan")
def shared_plan(*, user, pairing, now: datetime) -> Section:
    """The mentee's development plan while they share it, with a link to their latest
    released report; otherwise a line saying it is theirs to share. Three queries."""
    participant = pairing.participant
    plan = plan_selectors.plan_shared_with_mentor(participant)
    report = plan_selectors.latest_released_report(participant) if plan else None
    return Section(
        template="mentoring/_mentee_plan.html",
        context={"plan": plan, "report": report, "pairing": pairing},
        order=20,
    )
