"""The admin's participants list: a fixed number of queries and one count whatever the number
of cohorts and participants."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from cohorts.models import Participant
from csssl import admin_lists
from tests.database import tallied
from tests.factories import CohortFactory, ParticipantFactory, coordinator

pytestmark = pytest.mark.django_db


def grow(cohorts: int) -> None:
    for _ in range(cohorts):
        cohort = CohortFactory()
        ParticipantFactory.create_batch(3, cohort=cohort)


def measured(client) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:cohorts_participant_changelist"))
    assert response.status_code == 200
    counts = [q for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    return len(captured), len(counts), len(response.context["cl"].result_list)


def test_participant_list_query_count_same_for_2_and_6_cohorts(client):
    client.force_login(coordinator())
    grow(2)
    measured(client)  # fill the caches every request then reuses
    at_two, counts, rows_at_two = measured(client)
    grow(4)
    at_six, _, rows_at_six = measured(client)

    assert rows_at_six > rows_at_two
    assert at_six == at_two
    assert counts == 1


def test_participant_list_cohort_filter_names_the_programme(client):
    client.force_login(coordinator())
    grow(1)
    cohort = CohortFactory(name="Cohort 9")

    content = client.get(reverse("admin:cohorts_participant_changelist")).content.decode()

    assert f"{cohort.programme.short_name} Cohort 9" in content


def test_participant_list_query_count_same_counted_and_tallied(client, monkeypatch):
    """Six participants are counted; eighteen, past ESTIMATE_FROM, are tallied: in the same
    number of queries."""
    monkeypatch.setattr(admin_lists, "ESTIMATE_FROM", 10)
    client.force_login(coordinator())
    grow(2)
    tallied(Participant)
    url = reverse("admin:cohorts_participant_changelist")
    client.get(url)  # fill the caches every request then reuses
    with CaptureQueriesContext(connection) as counted:
        small = client.get(url)
    grow(4)
    tallied(Participant)
    with CaptureQueriesContext(connection) as tallies:
        large = client.get(url)

    assert not small.context["cl"].paginator.estimated
    assert large.context["cl"].paginator.estimated
    assert len(tallies) == len(counted)


def test_participant_list_names_each_cohort_with_its_programme(client):
    client.force_login(coordinator())
    grow(2)

    content = client.get(reverse("admin:cohorts_participant_changelist")).content.decode()

    for participant in Participant.objects.select_related("user", "cohort__programme"):
        # A name such as O'Sullivan is escaped in the page.
        assert escape(f"{participant.user} – {participant.cohort}") in content


def test_participant_list_pages_are_in_the_lists_order_with_keys_first(client, monkeypatch):
    """The page's keys are sorted first, then its rows read by key: the rows still come in
    the list's order (cohort, surname, first name), page by page and filtered."""
    from cohorts.admin import ParticipantAdmin

    assert ParticipantAdmin.page_keys_first
    monkeypatch.setattr(ParticipantAdmin, "list_per_page", 4)
    client.force_login(coordinator())
    grow(3)
    url = reverse("admin:cohorts_participant_changelist")
    ordered = list(Participant.objects.order_by(*Participant._meta.ordering, "-pk"))

    shown = []
    for page in (1, 2, 3):
        response = client.get(url, {"p": page})
        shown += list(response.context["cl"].result_list)
    assert shown == ordered[:12]

    cohort = ordered[0].cohort
    response = client.get(url, {"cohort__id__exact": cohort.pk})
    assert list(response.context["cl"].result_list) == [p for p in ordered if p.cohort == cohort]
