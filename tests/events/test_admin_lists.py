"""The admin lists of events, apologies and attendance records: a fixed number of queries and
one count whatever the number of cohorts, events and records, the newest record first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from csssl import admin_lists
from events.models import Apology, AttendanceRecord
from tests.database import tallied
from tests.events.factories import EventFactory
from tests.factories import CohortFactory, ParticipantFactory, coordinator

pytestmark = pytest.mark.django_db

LISTS = ["event", "apology", "attendancerecord"]


@pytest.fixture
def coordinator_client(client):
    person = coordinator()
    client.force_login(person)
    client.person = person
    return client


def grow(*, marker, cohorts: int) -> None:
    """``cohorts`` more cohorts, each with two events, two participants, an apology and a
    register of both participants at both events."""
    for _ in range(cohorts):
        cohort = CohortFactory()
        events = [EventFactory(cohort=cohort), EventFactory(cohort=cohort)]
        people = [ParticipantFactory(cohort=cohort), ParticipantFactory(cohort=cohort)]
        Apology.objects.create(participant=people[0], event=events[1], reason="Court hearing")
        for event in events:
            for person in people:
                AttendanceRecord.objects.create(
                    event=event,
                    participant=person,
                    status=AttendanceRecord.Status.PRESENT,
                    marked_by=marker,
                )


def changelist(name: str) -> str:
    return reverse(f"admin:events_{name}_changelist")


def measured(client, name: str) -> tuple[int, int, int]:
    """Queries, of which counts, and rows shown for one request of the list."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(changelist(name))
    assert response.status_code == 200
    counts = [q for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    return len(captured), len(counts), len(response.context["cl"].result_list)


@pytest.mark.parametrize("name", LISTS)
def test_admin_list_query_count_same_for_2_and_6_cohorts(coordinator_client, name):
    grow(marker=coordinator_client.person, cohorts=2)
    measured(coordinator_client, name)  # fill the caches every request then reuses
    at_two, counts, rows_at_two = measured(coordinator_client, name)
    grow(marker=coordinator_client.person, cohorts=4)
    at_six, _, rows_at_six = measured(coordinator_client, name)

    assert rows_at_six > rows_at_two
    assert at_six == at_two
    assert counts == 1


def test_attendance_list_shows_the_latest_marked_first(coordinator_client):
    grow(marker=coordinator_client.person, cohorts=1)
    latest = AttendanceRecord.objects.order_by("pk").first()
    latest.marked_at = timezone.now() + timedelta(hours=1)
    latest.save()

    response = coordinator_client.get(changelist("attendancerecord"))

    assert response.context["cl"].result_list[0] == latest


def event_choices(response) -> list[str] | None:
    """The names the event filter offers, or None when it is not shown."""
    for spec in response.context["cl"].filter_specs:
        if getattr(spec, "lookup_kwarg", "") == "event__id__exact":
            return [name for _, name in spec.lookup_choices]
    return None


def test_attendance_list_event_filter_offers_the_chosen_cohorts_events(coordinator_client):
    grow(marker=coordinator_client.person, cohorts=2)
    mine, other = (
        AttendanceRecord.objects.select_related("event__cohort__programme")
        .order_by("event__cohort_id")
        .distinct("event__cohort_id")
    )
    url = changelist("attendancerecord")

    unfiltered = coordinator_client.get(url)
    chosen = coordinator_client.get(url, {"event__cohort__id__exact": mine.event.cohort_id})

    assert event_choices(unfiltered) is None
    offered = event_choices(chosen)
    assert f"{mine.event.title} ({mine.event.cohort})" in offered
    assert f"{other.event.title} ({other.event.cohort})" not in offered
    assert len(offered) == 2


def test_attendance_list_event_chosen_alone_is_still_offered(coordinator_client):
    grow(marker=coordinator_client.person, cohorts=2)
    event = AttendanceRecord.objects.select_related("event__cohort__programme").first().event

    response = coordinator_client.get(
        changelist("attendancerecord"), {"event__id__exact": event.pk}
    )

    assert event_choices(response) == [f"{event.title} ({event.cohort})"]
    assert {record.event_id for record in response.context["cl"].result_list} == {event.pk}


def test_attendance_list_event_filter_ignores_a_cohort_that_is_not_a_number(coordinator_client):
    grow(marker=coordinator_client.person, cohorts=1)

    response = coordinator_client.get(
        changelist("attendancerecord"), {"event__cohort__id__exact": "x"}
    )

    # No cohort is chosen, so no event is offered; the list still answers, never a 500.
    assert response.status_code == 200
    assert event_choices(response) is None


def test_attendance_list_query_count_same_counted_and_tallied(coordinator_client, monkeypatch):
    """Eight records are counted; twenty-four, past ESTIMATE_FROM, are tallied: in the same
    number of queries."""
    monkeypatch.setattr(admin_lists, "ESTIMATE_FROM", 10)
    grow(marker=coordinator_client.person, cohorts=2)
    tallied(AttendanceRecord)
    measured(coordinator_client, "attendancerecord")  # fill the caches every request then reuses
    with CaptureQueriesContext(connection) as counted:
        small = coordinator_client.get(changelist("attendancerecord"))
    grow(marker=coordinator_client.person, cohorts=4)
    tallied(AttendanceRecord)
    with CaptureQueriesContext(connection) as tallies:
        large = coordinator_client.get(changelist("attendancerecord"))

    assert not small.context["cl"].paginator.estimated
    assert large.context["cl"].paginator.estimated
    assert len(tallies) == len(counted)


def test_attendance_list_names_each_cohort_with_its_programme(coordinator_client):
    """The cohorts are fetched apart from the records and filled in: each participant and
    each event is still named with its own cohort."""
    grow(marker=coordinator_client.person, cohorts=3)

    response = coordinator_client.get(changelist("attendancerecord"))

    content = response.content.decode()
    shown = response.context["cl"].result_list
    assert len(shown) == AttendanceRecord.objects.count()
    for record in AttendanceRecord.objects.select_related(
        "participant__user", "participant__cohort__programme", "event__cohort__programme"
    ):
        assert escape(f"{record.participant.user} – {record.participant.cohort}") in content
        assert escape(f"{record.event.title} ({record.event.cohort})") in content
    for record in shown:
        assert record.participant.cohort.pk == record.participant.cohort_id
        assert record.event.cohort.pk == record.event.cohort_id
