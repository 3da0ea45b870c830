"""What portfolio registers with the registries of csssl and cohorts (timeline, completion,
workspace, reminders) and with the mentor's workspace sections: the portfolio card on the
participant's /me/ and /me/mentoring/ pages, the entries shared with a mentor on their mentee's
page and with a facilitator on their workspace, and the coordinators' counts per cohort (never
an entry's content)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest

from cohorts import timeline, workspace
from cohorts.models import Participant
from mentoring import sections
from mentoring.rules import is_mentor_of
from mentoring.selectors import portfolio as selectors


@timeline.register_panel("mentoring.portfolio")
def portfolio_panel(*, participant: Participant, request: HttpRequest) -> timeline.Panel:
    """The participant's portfolio, in counts, with the way in. One query."""
    return timeline.Panel(
        template="mentoring/portfolio/_me_panel.html",
        context={"counts": selectors.participant_counts(participant)},
        order=30,
    )


@sections.register_participant("portfolio")
def participant_section(*, participant: Participant, now: datetime) -> sections.Section:
    """The same counts on /me/mentoring/. One query."""
    return sections.Section(
        template="mentoring/portfolio/_participant_section.html",
        context={"counts": selectors.participant_counts(participant)},
        order=60,
    )


@sections.register_mentee("portfolio")
def mentee_section(*, user, pairing, now: datetime) -> sections.Section | None:
    """The entries the mentee shared with their mentor. Four queries."""
    if not is_mentor_of(user, pairing):
        return None
    return sections.Section(
        template="mentoring/portfolio/_mentee_section.html",
        context={"entries": selectors.shared_with_mentor(pairing=pairing)},
        order=50,
    )


@sections.register_workspace("portfolio")
def workspace_section(*, user, now: datetime) -> sections.Section | None:
    """Entries members of the person's groups shared with their facilitators; nothing for
    someone who facilitates no group. Four queries."""
    entries = selectors.shared_with_facilitator(user=user)
    if not entries:
        return None
    return sections.Section(
        template="mentoring/portfolio/_workspace_section.html",
        context={"entries": entries},
        order=60,
    )


@workspace.register("mentoring.portfolio")
def cohort_portfolios(
    *, places: list[workspace.CohortPlace], now: datetime
) -> dict[int, list[workspace.Card]]:
    """For every cohort at once: how many entries, shared entries and files its participants
    keep. Numbers only: coordinators never read an entry. Two queries."""
    counts = selectors.cohort_counts(cohort_ids=[place.cohort.pk for place in places])
    return {
        place.cohort.pk: [
            workspace.Card(
                "mentoring/portfolio/_workspace_card.html",
                {"counts": counts[place.cohort.pk]},
                order=60,
            )
        ]
        for place in places
    }
