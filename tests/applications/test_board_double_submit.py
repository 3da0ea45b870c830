"""A double click on the board's Save scores or Record sends the same form twice at once.

Each click is a thread with its own test client (so its own session and database connection),
released together by a barrier. Row locks and unique constraints only prove anything across
real connections to PostgreSQL, so these are transactional tests there.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from applications import services as allocation
from applications.models import Decision, Offer, Score
from tests.factories import CohortFactory, coordinator, dcs_member

from .allocation_fixtures import criteria, endorsed

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CLICKS = 2


def click_together(user, url: str, data: dict) -> list[tuple[int, str]]:
    """POST ``data`` to ``url`` from CLICKS clients signed in as ``user``, all at once; each
    click's status and the messages of the page it is sent back to."""
    start = threading.Barrier(CLICKS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def click():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            start.wait()
            response = client.post(url, data)
            shown = ""
            if response.status_code == 302:
                page = client.get(response["Location"])
                shown = " | ".join(str(m) for m in page.context["messages"])
        finally:
            connections.close_all()
        with lock:
            answers.append((response.status_code, shown))

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def test_save_scores_double_click_saves_each_score_once(postgresql):
    cohort = CohortFactory()
    member = dcs_member()
    application = endorsed(cohort, first_name="Imogen")
    first, second = criteria(cohort, "Readiness", "Contribution")
    url = reverse("admin:applications_board_score", args=[cohort.pk, application.pk])

    answers = click_together(
        member,
        url,
        {f"criterion-{first.pk}": "4", f"criterion-{second.pk}": "2", f"comment-{first.pk}": "Ok"},
    )

    assert [status for status, _ in answers] == [302] * CLICKS
    assert all("Scores saved for Imogen" in shown for _, shown in answers), answers
    assert sorted(Score.objects.values_list("criterion__name", "value", "comment")) == [
        ("Contribution", 2, ""),
        ("Readiness", 4, "Ok"),
    ]
    # One score each, written once: the second click changed nothing, so the record of
    # changes says so too.
    assert Score.history.count() == 2


@pytest.mark.parametrize(
    ("outcome", "rank"), [("offer", ""), ("waiting_list", ""), ("waiting_list", "1")]
)
def test_record_double_click_records_the_decision_once(postgresql, outcome, rank):
    cohort = CohortFactory(capacity=3)
    coord = coordinator()
    # Someone already waiting, so a rank has somebody to be placed against.
    allocation.decision_record(
        application=endorsed(cohort), outcome="waiting_list", reason="Next", by=coord
    )
    application = endorsed(cohort, first_name="Ottilie")
    url = reverse("admin:applications_board_decide", args=[cohort.pk, application.pk])

    answers = click_together(
        coord,
        url,
        {"outcome": outcome, "reason": "Strong statement", "waiting_rank": rank, "version": "0"},
    )

    assert [status for status, _ in answers] == [302] * CLICKS
    assert all("Decision recorded for Ottilie" in shown for _, shown in answers), answers
    decision = Decision.objects.get(application=application)
    assert (decision.outcome, decision.reason) == (outcome, "Strong statement")
    assert Decision.objects.count() == 2
    assert decision.history.count() == 1
    holding = Offer.objects.filter(application=application, state__in=Offer.HOLDING).count()
    assert holding == (1 if outcome == "offer" else 0)
    assert Offer.objects.filter(application=application).count() == holding
