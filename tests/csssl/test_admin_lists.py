"""The admin's lists of people and of the email outbox, and the filters that name their
choices from one query: a fixed number of queries and one count whatever the number of rows.
A list of a table that grows with every cohort, unfiltered and long, says about how many rows
it has from PostgreSQL's tally; filtered, or short, it counts them."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csssl import admin_lists
from csssl.admin_filters import related_filter
from csssl.admin_lists import about
from csssl.models import OutboxMessage
from events.models import AttendanceRecord
from tests.database import tallied
from tests.events.factories import EventFactory
from tests.factories import CohortFactory, ParticipantFactory, UserFactory, coordinator

pytestmark = pytest.mark.django_db


def grow(rows: int) -> None:
    for number in range(rows):
        person = UserFactory()
        OutboxMessage.objects.create(
            kind="account_notice",
            object_ref=f"csssl.user:{person.pk}",
            recipient=person.email,
            subject=f"Notice {number}",
            body_text="A notice.",
        )


def measured(client, url: str) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    counts = [q for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    return len(captured), len(counts), len(response.context["cl"].result_list)


@pytest.mark.parametrize("model", ["user", "outboxmessage"])
def test_admin_list_query_count_same_for_3_and_12_rows(client, model):
    client.force_login(coordinator())
    url = reverse(f"admin:csssl_{model}_changelist")
    grow(3)
    measured(client, url)  # fill the caches every request then reuses
    at_three, counts, rows_at_three = measured(client, url)
    grow(9)
    at_twelve, _, rows_at_twelve = measured(client, url)

    assert rows_at_twelve > rows_at_three
    assert at_twelve == at_three
    assert counts == 1


def choices_of(filter_class, *, cohorts: int) -> tuple[int, list[str]]:
    for _ in range(cohorts):
        EventFactory(cohort=CohortFactory())
    model_admin = admin.site._registry[AttendanceRecord]
    request = RequestFactory().get("/")
    field = AttendanceRecord._meta.get_field("event")
    with CaptureQueriesContext(connection) as captured:
        choices = filter_class(field, request, {}, AttendanceRecord, model_admin, "event")
        names = [name for _, name in choices.lookup_choices]
    return len(captured), names


def test_related_filter_names_choices_from_one_query():
    queries, names = choices_of(related_filter("cohort__programme"), cohorts=4)

    assert queries == 1
    assert len(names) == 4
    assert all("(" in name and ")" in name for name in names)


def test_plain_related_filter_queries_for_each_choice():
    """What the named filter saves: Django's own asks for each event's cohort and programme."""
    queries, names = choices_of(admin.RelatedFieldListFilter, cohorts=4)

    assert len(names) == 4
    assert queries > 4


def records(count: int) -> None:
    """``count`` attendance records, alternately present and absent, at one event."""
    event, marker = EventFactory(), UserFactory()
    for number in range(count):
        AttendanceRecord.objects.create(
            event=event,
            participant=ParticipantFactory(cohort=event.cohort),
            status=AttendanceRecord.Status.ABSENT
            if number % 2
            else AttendanceRecord.Status.PRESENT,
            marked_by=marker,
        )


def test_about_says_an_estimate_to_two_figures():
    assert about(100360) == 100000
    assert about(4090) == 4100
    assert about(20000) == 20000
    assert about(12) == 12


def test_unfiltered_list_of_many_rows_says_about_how_many(client, monkeypatch):
    client.force_login(coordinator())
    records(12)
    tallied(AttendanceRecord)
    monkeypatch.setattr(admin_lists, "ESTIMATE_FROM", 10)

    response = client.get(reverse("admin:events_attendancerecord_changelist"))

    paginator = response.context["cl"].paginator
    assert paginator.estimated
    assert paginator.count >= 10
    assert f"about {about(paginator.count)} attendance records" in response.content.decode()


def test_small_table_is_counted_exactly(client):
    client.force_login(coordinator())
    records(3)
    tallied(AttendanceRecord)

    response = client.get(reverse("admin:events_attendancerecord_changelist"))

    assert not response.context["cl"].paginator.estimated
    assert response.context["cl"].result_count == 3
    assert "about" not in response.content.decode().split('class="paginator"')[1]


def test_filtered_list_is_counted_exactly(client, monkeypatch):
    client.force_login(coordinator())
    records(12)
    tallied(AttendanceRecord)
    monkeypatch.setattr(admin_lists, "ESTIMATE_FROM", 10)

    response = client.get(
        reverse("admin:events_attendancerecord_changelist"),
        {"status__exact": AttendanceRecord.Status.PRESENT},
    )

    assert not response.context["cl"].paginator.estimated
    assert (
        response.context["cl"].result_count
        == AttendanceRecord.objects.filter(status=AttendanceRecord.Status.PRESENT).count()
    )


def test_page_past_an_estimate_is_empty_not_an_error(client, monkeypatch):
    client.force_login(coordinator())
    records(12)
    tallied(AttendanceRecord)
    monkeypatch.setattr(admin_lists, "ESTIMATE_FROM", 10)
    monkeypatch.setattr(admin.site._registry[AttendanceRecord], "list_per_page", 5)
    url = reverse("admin:events_attendancerecord_changelist")
    last = client.get(url).context["cl"].paginator.num_pages
    assert last >= 2

    response = client.get(url, {"p": last + 1})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
