"""The three registries of the participant's year: what an app registers reaches /me/, the
calendar feed, the coordinators' workspace and the completion rule, with no change to cohorts.

Each test registers a provider as a later app (mentoring) would, and takes it away again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from django.template import Template
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from cohorts import completion, timeline, workspace
from cohorts.models import Cohort, Participant
from events.models import AttendanceRecord, CalendarFeed
from tests.events.factories import EventFactory
from tests.events.test_engagement import day_event, ended_cohort, mark
from tests.factories import CohortFactory, ParticipantFactory, coordinator

pytestmark = pytest.mark.django_db

SESSION = "Mentoring session 1"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The timeline -------------------------------------------------------------------------------


def session_entry() -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", "mentoring-session-1@example.org")
    entry.add("summary", f"CSSSL: {SESSION}")
    start = timezone.now() + timedelta(days=5)
    entry.add("dtstart", start)
    entry.add("dtend", start + timedelta(hours=1))
    return entry


def mentoring_sessions(*, participant: Participant, now: datetime) -> list[timeline.TimelineItem]:
    return [
        timeline.TimelineItem(
            when=now + timedelta(days=5),
            title=SESSION,
            kind="mentoring",
            detail="With your mentor",
            template=Template("<span>{{ item.title }} ({{ item.context.mentor }})</span>"),
            context={"mentor": "Dr Ruth Okafor"},
            owes="Agree a time for your first mentoring session.",
            calendar_entry=session_entry,
        )
    ]


def mentor_panel(*, participant: Participant, request) -> timeline.Panel:
    return timeline.Panel(
        template=Template("<section><h2>Your mentor</h2>{{ panel.context.name }}</section>"),
        context={"name": "Dr Ruth Okafor"},
    )


@pytest.fixture
def sessions_on_the_year():
    timeline.register("tests.mentoring_sessions")(mentoring_sessions)
    timeline.register_panel("tests.mentor")(mentor_panel)
    yield
    timeline.unregister("tests.mentoring_sessions")
    timeline.unregister("tests.mentor")


def test_timeline_provider_item_appears_on_me_with_what_it_owes(sessions_on_the_year):
    participant = ParticipantFactory()
    EventFactory(cohort=participant.cohort, title="Event 1: extended day")

    body = signed_in(participant.user).get("/me/").content.decode()

    assert f"{SESSION} (Dr Ruth Okafor)" in body
    assert "Agree a time for your first mentoring session." in body
    assert "<h2>Your mentor</h2>Dr Ruth Okafor" in body
    assert "Event 1: extended day" in body


def test_timeline_provider_item_is_the_next_thing_when_it_comes_first(sessions_on_the_year):
    participant = ParticipantFactory()
    later = timezone.now() + timedelta(days=30)
    EventFactory(cohort=participant.cohort, starts_at=later, ends_at=later + timedelta(hours=8))

    items = timeline.timeline_for(participant=participant)

    assert timeline.next_item(items).title == SESSION
    assert timeline.owed(items)[0] == "Agree a time for your first mentoring session."


def test_timeline_provider_item_appears_in_the_calendar_feed(sessions_on_the_year):
    participant = ParticipantFactory()
    EventFactory(cohort=participant.cohort, title="Event 1")
    token = CalendarFeed.objects.create(participant=participant).token

    feed = Client().get(f"/me/calendar/{token}.ics")

    summaries = {str(e["summary"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")}
    assert f"CSSSL: {SESSION}" in summaries
    assert any(summary.endswith("Event 1") or "Event 1 –" in summary for summary in summaries)


def test_timeline_without_the_provider_has_no_item(sessions_on_the_year):
    participant = ParticipantFactory()
    timeline.unregister("tests.mentoring_sessions")

    assert SESSION not in signed_in(participant.user).get("/me/").content.decode()


# --- The workspace ------------------------------------------------------------------------------


def mentoring_cards(*, places, now):
    return {
        place.cohort.pk: [
            workspace.Link("Mentoring", f"/mentor/?cohort={place.cohort.pk}", order=25),
            workspace.Card(
                Template(
                    "<p>Mentors matched for {{ cohort.name }}: {{ card.context.matched }}</p>"
                ),
                {"matched": 3},
            ),
        ]
        for place in places
    }


@pytest.fixture
def mentoring_on_the_workspace():
    workspace.register("tests.mentoring")(mentoring_cards)
    yield
    workspace.unregister("tests.mentoring")


def test_workspace_provider_cards_and_links_appear_for_each_cohort(mentoring_on_the_workspace):
    cohort = CohortFactory(status=Cohort.Status.RUNNING, name="Cohort 4")

    body = signed_in(coordinator()).get("/coordinator/").content.decode()

    assert f'href="/mentor/?cohort={cohort.pk}">Mentoring' in body
    assert "Mentors matched for Cohort 4: 3" in body
    # In the order the links ask for: engagement, email, then mentoring, then certificates.
    links = [
        body.index(f"/coordinator/cohorts/{cohort.pk}/{page}/") for page in ("engagement", "email")
    ]
    assert (
        links[0]
        < links[1]
        < body.index("/mentor/?cohort=")
        < body.index(f"/coordinator/cohorts/{cohort.pk}/certificates/")
    )


def test_workspace_gives_providers_every_cohort_at_once(mentoring_on_the_workspace):
    seen = []

    @workspace.register("tests.counting")
    def counting(*, places, now):
        seen.append([place.cohort.pk for place in places])
        return {}

    try:
        cohorts = [CohortFactory(status=Cohort.Status.OPEN) for _ in range(3)]
        workspace.workspace()
    finally:
        workspace.unregister("tests.counting")

    assert len(seen) == 1
    assert set(seen[0]) == {cohort.pk for cohort in cohorts}


# --- The completion rule ------------------------------------------------------------------------


@dataclass
class Sessions:
    """A mentoring element's standing: sessions attended of those asked for."""

    attended: int
    asked: int = 2
    reasons: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return True

    @property
    def within_allowance(self) -> bool:
        return self.attended >= self.asked

    @property
    def shortfall(self) -> str:
        return f"attended {self.attended} of {self.asked} mentoring sessions"

    @property
    def to_come(self) -> str:
        return "mentoring sessions to come"


#: Participants (by id) who attended no mentoring session.
NO_SESSIONS: set[int] = set()


def count_sessions(*, cohort, rule, participants, whole_cohort, now) -> dict[int, Sessions]:
    return {
        participant.pk: (
            Sessions(attended=0, reasons=["No mentoring session yet."])
            if participant.pk in NO_SESSIONS
            else Sessions(attended=2)
        )
        for participant in participants
    }


MENTORING = completion.Element(name="tests.mentoring_sessions", count=count_sessions, order=20)


@pytest.fixture
def mentoring_in_the_rule():
    completion.register(MENTORING)
    yield
    completion.unregister(MENTORING.name)
    NO_SESSIONS.clear()


@pytest.fixture
def finished_cohort() -> tuple[Cohort, list[Participant]]:
    """A cohort that has ended; its two participants attended its one required day."""
    cohort = ended_cohort()
    day = day_event(cohort, 10)
    people = [ParticipantFactory(cohort=cohort) for _ in range(2)]
    for person in people:
        mark(day, person, AttendanceRecord.Status.PRESENT)
    return cohort, people


def test_completion_extra_element_changes_who_meets_the_rule(
    finished_cohort, mentoring_in_the_rule
):
    cohort, (keen, absent) = finished_cohort
    assert all(c.met for c in completion.cohort_completions(cohort))

    NO_SESSIONS.add(absent.pk)
    standing = {c.participant.pk: c for c in completion.cohort_completions(cohort)}

    assert standing[keen.pk].met
    assert not standing[absent.pk].met
    assert standing[absent.pk].outcome == (
        "Does not meet the rule: attended 0 of 2 mentoring sessions"
    )
    # The required events still read through: both attended their one day.
    assert standing[absent.pk].required == standing[absent.pk].attended == 1
    assert [entry.participant for entry in completion.at_risk(cohort)] == [absent]
    assert completion.at_risk(cohort)[0].reasons == ["No mentoring session yet."]


def test_completion_extra_element_reaches_the_certificate_page_and_me(
    finished_cohort, mentoring_in_the_rule
):
    cohort, (_, absent) = finished_cohort
    NO_SESSIONS.add(absent.pk)

    page = signed_in(coordinator()).get(f"/coordinator/cohorts/{cohort.pk}/certificates/")
    me = signed_in(absent.user).get("/me/")

    assert "Meet the rule (1)" in page.content.decode()
    assert "Does not meet the rule: attended 0 of 2 mentoring sessions" in page.content.decode()
    assert me.status_code == 200


def test_completion_without_the_extra_element_is_as_before(finished_cohort, mentoring_in_the_rule):
    cohort, (_, absent) = finished_cohort
    NO_SESSIONS.add(absent.pk)
    completion.unregister(MENTORING.name)

    assert all(c.met for c in completion.cohort_completions(cohort))
