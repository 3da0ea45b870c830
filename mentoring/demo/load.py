"""Mentoring, groups, placements, projects and portfolios: run by ``manage.py load_demo``.

``people`` loads the mentors, the cohorts' pools, Cohort 1's pairings and the ALICSE
participant; each later part builds on what it returns: the sessions of those pairings, the
tutorial group and the action learning set, the ALICSE participant's placement and project,
then the portfolio, whose entries link to all of these. Every row is found by its natural key,
so loading twice leaves the same rows.
"""

from __future__ import annotations

from datetime import date
from io import TextIOBase

from csssl.demo import outbox_muted
from mentoring.demo import groups, people, placements, portfolio, sessions


def load(*, today: date, stdout: TextIOBase) -> None:
    with outbox_muted():
        loaded = people.load(today=today)
        sessions.load(today=today, pairings=loaded.pairings)
        portfolio.load(people=loaded)
        placements.load(today=today)
        groups.load(people=loaded, today=today, stdout=stdout)
    stdout.write(
        f"  {len(loaded.mentors)} mentors in the pool of {loaded.cohort_1}; "
        f"{len(loaded.pairings)} pairings; {loaded.alicse_participant.user} on {loaded.alicse_2012}.\n"
    )
