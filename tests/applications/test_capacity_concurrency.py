"""Capacity can never be exceeded, however many people click at once.

Fifty threads, each with its own database connection, try at the same moment to offer one of
the last five places. A row lock inside a transaction only proves anything across real
connections to PostgreSQL, so this is a transactional test there.
"""

import threading

import pytest
from django.db import connections

from applications import services as allocation
from applications.models import Decision, Offer
from tests.factories import CohortFactory, coordinator

from .allocation_fixtures import endorsed

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CONTENDERS = 50
PLACES_LEFT = 5


def test_fifty_concurrent_offers_fill_exactly_the_places_left(postgresql):
    cohort = CohortFactory(capacity=PLACES_LEFT + 3)
    coord = coordinator()
    for _ in range(3):  # three places already held
        allocation.decision_record(
            application=endorsed(cohort), outcome="offer", reason="First round", by=coord
        )
    applications = [endorsed(cohort) for _ in range(CONTENDERS)]
    start = threading.Barrier(CONTENDERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def contend(application):
        try:
            start.wait()
            allocation.decision_record(
                application=application, outcome="offer", reason="Last places", by=coord
            )
            result = "offered"
        except allocation.AllocationError:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - anything else is the failure we look for
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=contend, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(outcomes) == CONTENDERS
    assert [o for o in outcomes if o.startswith("error")] == []
    assert outcomes.count("offered") == PLACES_LEFT
    assert outcomes.count("refused") == CONTENDERS - PLACES_LEFT
    assert Offer.objects.filter(cohort=cohort, state__in=Offer.HOLDING).count() == cohort.capacity
    assert Decision.objects.filter(cohort=cohort, outcome="offer").count() == cohort.capacity


def test_fifty_concurrent_clicks_on_the_board_never_answer_500(postgresql):
    from django.test import Client
    from django.urls import reverse

    cohort = CohortFactory(capacity=PLACES_LEFT)
    coord = coordinator()
    applications = [endorsed(cohort) for _ in range(CONTENDERS)]
    start = threading.Barrier(CONTENDERS)
    statuses: list[int] = []
    lock = threading.Lock()

    def click(application):
        client = Client(raise_request_exception=False)
        client.force_login(coord)
        url = reverse("admin:applications_board_decide", args=[cohort.pk, application.pk])
        try:
            start.wait()
            status = client.post(url, {"outcome": "offer", "reason": "Last places"}).status_code
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=click, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert statuses == [302] * CONTENDERS
    assert Offer.objects.filter(cohort=cohort, state__in=Offer.HOLDING).count() == PLACES_LEFT
