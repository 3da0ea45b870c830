"""What placements registers with the registries of csssl and cohorts (timeline, completion,
workspace, reminders) and with the mentor's workspace sections.

- the participant's year (``cohorts.timeline``): each approved placement on its first day
  (and in their calendar feed, all day from its first day to its last), owing the reflection from its last day until it is written; each project's milestones and
  its hand-in date, owing the hand-in when it is due within a fortnight (or overdue); nothing
  is owed after the programme's last day;
- the coordinators' workspace (``cohorts.workspace``): a card per cohort with placements
  awaiting approval, approved, and projects handed in, linking to the cohort's placements;
- the participant's mentoring page: their placements and projects with their state;
- a mentee's page: the mentee's placements, the objectives still to agree first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Event as CalendarEvent

from cohorts import timeline, workspace
from cohorts.models import Participant
from csssl.uktime import long_date, uk_today, weekday_date
from mentoring import sections
from mentoring.models import Placement, Project
from mentoring.rules.placements import mentor_may_agree, placement_owes_reflection
from mentoring.selectors import placements as selectors

#: A hand-in this close (or overdue) is owed on /me/.
HAND_IN_SOON = timedelta(days=14)


# --- The participant's year -------------------------------------------------------------------


def placement_entry(placement: Placement) -> CalendarEvent:
    """An all-day entry from the first day to the last, for the personal calendar feed. An
    approved placement no longer changes, so its entry needs no sequence."""
    entry = CalendarEvent()
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    entry.add("uid", f"placement-{placement.pk}@{host}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", placement.starts_on)
    entry.add("dtend", placement.ends_on + timedelta(days=1))
    entry.add("summary", f"{placement.get_kind_display()} with {placement.host_organisation}")
    entry.add("description", placement.objectives)
    entry.add("status", "CONFIRMED")
    return entry


def placement_item(placement: Placement, *, today, running: bool) -> timeline.TimelineItem:
    owes = ""
    if running and placement_owes_reflection(placement, today=today):
        owes = f"Write your reflection on your {placement.get_kind_display().lower()} with {placement.host_organisation}."
    return timeline.TimelineItem(
        when=placement.starts_on,
        title=f"{placement.get_kind_display()} with {placement.host_organisation}",
        kind="placement",
        detail=f"{long_date(placement.starts_on)} to {long_date(placement.ends_on)}.",
        is_past=placement.ends_on < today,
        template="mentoring/placements/_timeline_placement.html",
        context={"placement": placement},
        owes=owes,
        calendar_entry=partial(placement_entry, placement),
    )


def milestone_items(project: Project, *, today, running: bool) -> list[timeline.TimelineItem]:
    items = [
        timeline.TimelineItem(
            when=milestone.due_on,
            title=f"Project milestone: {milestone.title}",
            kind="milestone",
            detail=f"{project.title}." + (" Done." if milestone.done_at else ""),
            is_past=milestone.due_on < today or milestone.done_at is not None,
            template="mentoring/projects/_timeline_project.html",
            context={"project": project, "milestone": milestone},
        )
        for milestone in project.milestones.all()
    ]
    due = project.hand_in_due_on
    if due is not None:
        owes = ""
        if running and project.handed_in_at is None and due - today <= HAND_IN_SOON:
            owes = f"Hand in your project “{project.title}” by {weekday_date(due)}."
        items.append(
            timeline.TimelineItem(
                when=due,
                title=f"Project hand-in: {project.title}",
                kind="project",
                detail="Handed in." if project.handed_in_at else "Your final report is due.",
                is_past=due < today or project.handed_in_at is not None,
                template="mentoring/projects/_timeline_project.html",
                context={"project": project, "milestone": None},
                owes=owes,
            )
        )
    return items


@timeline.register("mentoring.placements")
def placement_year(*, participant: Participant, now: datetime) -> list[timeline.TimelineItem]:
    """Approved placements, project milestones and hand-ins. Nothing is owed once the
    programme has ended: the work stays on the year, the chasing stops. Three queries."""
    today = uk_today(now=now)
    running = today <= participant.cohort.ends_on
    items = [
        placement_item(p, today=today, running=running)
        for p in selectors.year_placements(participant)
    ]
    for project in selectors.year_projects(participant):
        items += milestone_items(project, today=today, running=running)
    return items


# --- The coordinators' workspace --------------------------------------------------------------


@workspace.register("mentoring.placements")
def placement_cards(
    *, places: list[workspace.CohortPlace], now: datetime
) -> dict[int, list[workspace.Card]]:
    """For every cohort with a placement or project, in two queries."""
    counts = selectors.workspace_counts([place.cohort.pk for place in places])
    return {
        cohort_id: [
            workspace.Card(
                "mentoring/placements/_workspace.html",
                {
                    "counts": found,
                    "url": reverse("mentoring:placement_cohort", args=[cohort_id]),
                },
                order=60,
            )
        ]
        for cohort_id, found in counts.items()
        if found.any
    }


# --- The participant's mentoring page and the mentor's page of one mentee ---------------------


@sections.register_participant("placements")
def participant_section(*, participant: Participant, now: datetime) -> sections.Section:
    """The participant's placements and projects with their state. Four queries."""
    return sections.Section(
        "mentoring/placements/_section_participant.html",
        {
            "placements": selectors.own_placements(participant),
            "projects": selectors.own_projects(participant),
        },
        order=60,
    )


@sections.register_mentee("placements")
def mentee_section(*, user, pairing, now: datetime) -> sections.Section | None:
    """The mentee's placements, those whose objectives wait for the mentor first. One
    query; nothing shown when there are none."""
    placements = selectors.mentee_placements(pairing.participant)
    if not placements:
        return None
    return sections.Section(
        "mentoring/placements/_section_mentee.html",
        {
            "pairing": pairing,
            "rows": [(p, mentor_may_agree(p)) for p in placements],
        },
        order=60,
    )
