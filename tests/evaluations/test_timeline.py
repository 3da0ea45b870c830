"""The evaluations app's part of a participant's year: each round of their cohort, owing the
self evaluation until it is submitted; their released report; the review dates of their plan;
and the cohort's old evaluation window only for a cohort without rounds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts import timeline
from csssl.uktime import uk_today, weekday_date
from evaluations.models import Priority, Round
from evaluations.services import plans
from evaluations.timeline import evaluation_items
from tests.evaluations.factories import RoundFactory, SelfEvaluationFactory
from tests.factories import ParticipantFactory

from .plan_data import participant_with_round, released_report

pytestmark = pytest.mark.django_db


def own_items(participant, **kwargs):
    return evaluation_items(participant=participant, now=kwargs.get("now", timezone.now()))


def test_round_owes_the_self_evaluation_until_it_is_submitted():
    participant, round = participant_with_round()

    (item,) = own_items(participant)

    assert (item.when, item.title, item.is_past) == (round.opens_on, round.title, False)
    assert item.owes.startswith(f"Submit your self evaluation by {weekday_date(round.closes_on)}")
    SelfEvaluationFactory(round=round, participant=participant, submitted_at=timezone.now())
    (item,) = own_items(participant)
    assert item.owes == ""
    assert item.context["submitted_at"] is not None


def test_round_owes_nothing_once_closed():
    participant, round = participant_with_round(
        opens_on=uk_today() - timedelta(days=30), closes_on=uk_today() - timedelta(days=1)
    )
    (item,) = own_items(participant)
    assert item.is_past
    assert item.owes == ""


def test_round_not_yet_open_is_owed_and_to_come():
    participant, round = participant_with_round(
        opens_on=uk_today() + timedelta(days=10), closes_on=uk_today() + timedelta(days=30)
    )
    (item,) = own_items(participant)
    assert not item.is_past
    assert item.owes
    assert not item.context["is_open"]


def test_every_round_of_the_cohort_and_no_other():
    participant, pre = participant_with_round()
    post = RoundFactory(
        cohort=pre.cohort,
        kind=Round.Kind.POST,
        version=pre.version,
        opens_on=uk_today() + timedelta(days=200),
        closes_on=uk_today() + timedelta(days=220),
    )
    RoundFactory()  # another cohort's
    items = own_items(participant)
    assert [item.context["round"] for item in items] == [pre, post]


def test_cohort_without_rounds_keeps_its_evaluation_window():
    participant = ParticipantFactory()
    (item,) = own_items(participant)
    assert item.title == "Pre-programme evaluation"
    assert item.when == participant.cohort.evaluation_opens
    assert item.owes


def test_active_review_dates_are_on_the_year_owing_nothing():
    participant, _ = participant_with_round()
    review_on = uk_today() + timedelta(days=20)
    plans.priority_add(participant=participant, title="Lead the review", review_on=review_on)
    plans.priority_add(participant=participant, title="No date yet")
    done = plans.priority_add(participant=participant, title="Done", review_on=review_on)
    Priority.objects.filter(pk=done.pk).update(status=Priority.Status.ACHIEVED)

    reviews = [item for item in own_items(participant) if item.kind == "review"]

    assert [(item.when, item.title) for item in reviews] == [
        (review_on, "Review your priority: Lead the review")
    ]
    assert reviews[0].owes == ""


def test_report_is_on_the_year_once_released():
    participant, round = participant_with_round()
    report = released_report(participant, round, released=False)
    assert not [item for item in own_items(participant) if item.kind == "report"]
    report.released_at = timezone.now()
    report.save()
    (item,) = [item for item in own_items(participant) if item.kind == "report"]
    assert item.when == report.released_at
    assert item.title == "Your pre-programme evaluation report"


@pytest.mark.parametrize("size", [1, 6])
def test_evaluation_items_read_in_fixed_queries(django_assert_num_queries, size):
    participant, round = participant_with_round()
    RoundFactory(cohort=round.cohort, kind=Round.Kind.POST, version=round.version)
    released_report(participant, round)
    for n in range(size):
        plans.priority_add(
            participant=participant, title=f"Priority {n}", review_on=uk_today() + timedelta(n)
        )
    with django_assert_num_queries(2):
        items = own_items(participant)
    assert len(items) == 2 + 1 + size


def test_dashboard_shows_the_round_with_its_link_and_what_is_owed():
    participant, round = participant_with_round()
    client = Client()
    client.force_login(participant.user)

    body = client.get("/me/").content.decode()

    assert round.title in body
    assert f'href="{reverse("evaluations:overview")}"' in body
    assert "What we need from you" in body
    assert f"Submit your self evaluation by {weekday_date(round.closes_on)}" in body


@pytest.mark.parametrize("size", [1, 6])
def test_dashboard_with_rounds_reads_in_fixed_queries(django_assert_num_queries, size):
    participant, round = participant_with_round(counts_toward_completion=True)
    for n in range(size):
        plans.priority_add(
            participant=participant, title=f"Priority {n}", review_on=uk_today() + timedelta(n)
        )
    client = Client()
    client.force_login(participant.user)
    client.get("/me/")  # the first visit makes the calendar feed
    # session, user, participation (with its certificate and the rule), the rounds with the
    # participant's submission and release, the review dates, events with the participant's
    # marks and apologies, calendar feed, layout role check, group
    # meetings: the completion elements read the year;
    # the mentoring settings and sessions, the mentor panel's pairing, the portfolio's counts,
    # approved placements, and projects with their milestones
    with django_assert_num_queries(15):
        assert client.get("/me/").status_code == 200
    assert len(timeline.timeline_for(participant=participant)) >= size
