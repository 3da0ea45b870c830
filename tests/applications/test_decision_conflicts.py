"""Two people deciding the same application at once: a decision made on a page that showed an
older version of it is refused with the newer one (what, who, when), keeping what was typed;
sending what is already recorded (a double click) is no conflict."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from applications import services as allocation
from applications.models import Decision
from tests.factories import CohortFactory, coordinator, dcs_member

from .allocation_fixtures import endorsed, proposal_field, proposal_shown

pytestmark = pytest.mark.django_db

# 14:05 in London (BST) on 3 July 2025.
AFTERNOON = datetime(2025, 7, 3, 13, 5, tzinfo=UTC)


@pytest.fixture
def cohort():
    return CohortFactory(capacity=3)


@pytest.fixture
def aisha():
    return coordinator(first_name="Aisha", last_name="Khan")


@pytest.fixture
def bryn():
    return dcs_member(first_name="Bryn", last_name="Evans")


def decide(application, by, *, seen, outcome="offer", reason="Strong", rank=None):
    return allocation.decision_record(
        application=application,
        outcome=outcome,
        reason=reason,
        by=by,
        waiting_rank=rank,
        seen_version=seen,
    )


def version_of(application) -> int:
    return Decision.objects.get(application=application).version


# --- The service -----------------------------------------------------------------------------


def test_decision_from_page_without_it_refused_with_who_when_and_what(cohort, aisha, bryn):
    application = endorsed(cohort)
    with time_machine.travel(AFTERNOON, tick=False):
        decide(application, aisha, seen=0, reason="Strong system leadership")

    with pytest.raises(allocation.DecisionConflict) as refused:
        decide(application, bryn, seen=0, outcome="not_offered", reason="Too early")

    message = refused.value.message
    assert "Aisha Khan" in message
    assert "14:05 on 3 July 2025" in message
    assert "Offer a place" in message
    assert "Strong system leadership" in message
    decision = Decision.objects.get()
    assert (decision.outcome, decision.reason, decision.decided_by) == (
        "offer",
        "Strong system leadership",
        aisha,
    )
    assert decision.history.count() == 1


def test_decision_from_page_with_older_version_refused(cohort, aisha, bryn):
    application = endorsed(cohort)
    seen = decide(application, aisha, seen=0, outcome="waiting_list", reason="Next").version
    decide(application, aisha, seen=seen, outcome="offer", reason="A place came free")

    with pytest.raises(allocation.DecisionConflict):
        decide(application, bryn, seen=seen, outcome="not_offered", reason="Not this year")

    assert Decision.objects.get().reason == "A place came free"


def test_decision_on_current_version_replaces_it(cohort, aisha, bryn):
    application = endorsed(cohort)
    seen = decide(application, aisha, seen=0).version

    decision = decide(application, bryn, seen=seen, outcome="not_offered", reason="Not this year")

    assert (decision.outcome, decision.decided_by) == ("not_offered", bryn)
    assert decision.version > seen


def test_decision_already_recorded_from_older_page_is_no_conflict_and_writes_nothing(cohort, aisha):
    application = endorsed(cohort)
    decide(application, aisha, seen=0, reason="Strong")

    again = decide(application, aisha, seen=0, reason="  Strong ")

    assert again.reason == "Strong"
    assert Decision.objects.get().history.count() == 1


def test_waiting_list_place_from_older_page_refused(cohort, aisha, bryn):
    first, second = endorsed(cohort), endorsed(cohort)
    decide(first, aisha, seen=0, outcome="waiting_list", reason="Next")
    decide(second, aisha, seen=0, outcome="waiting_list", reason="After")
    seen_first = version_of(first)  # Bryn's page: first is number 1

    allocation.waiting_list_move(application=second, rank=1, by=aisha)  # first is now 2

    with pytest.raises(allocation.DecisionConflict) as refused:
        decide(first, bryn, seen=seen_first, outcome="waiting_list", reason="Next", rank=1)
    assert "Waiting list, number 2" in refused.value.message
    assert "Aisha Khan" in refused.value.message
    with pytest.raises(allocation.DecisionConflict):
        allocation.waiting_list_move(application=first, rank=1, by=bryn, seen_version=seen_first)
    ranks = dict(Decision.objects.values_list("application_id", "waiting_rank"))
    assert ranks == {second.pk: 1, first.pk: 2}


def test_waiting_list_place_already_held_is_no_conflict(cohort, aisha, bryn):
    first, second = endorsed(cohort), endorsed(cohort)
    decide(first, aisha, seen=0, outcome="waiting_list", reason="Next")
    decide(second, aisha, seen=0, outcome="waiting_list", reason="After")
    seen = version_of(second)
    allocation.waiting_list_move(application=second, rank=1, by=aisha)

    moved = allocation.waiting_list_move(application=second, rank=1, by=bryn, seen_version=seen)

    assert moved.waiting_rank == 1
    assert moved.history.latest("history_date").history_user == aisha


def test_place_offered_automatically_makes_older_pages_out_of_date(cohort, aisha, bryn):
    waiting = endorsed(cohort)
    decide(waiting, aisha, seen=0, outcome="waiting_list", reason="Next")
    seen = version_of(waiting)
    allocation.offer_next_from_waiting_list(cohort=cohort, by=None)

    with pytest.raises(allocation.DecisionConflict) as refused:
        decide(waiting, bryn, seen=seen, outcome="not_offered", reason="No")

    assert "the system, automatically" in refused.value.message


# --- The board -------------------------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def shown_version(client, cohort, application) -> str:
    """The version the board's decision form for ``application`` carries."""
    body = client.get(reverse("admin:applications_board", args=[cohort.pk])).content.decode()
    action = reverse("admin:applications_board_decide", args=[cohort.pk, application.pk])
    form = body.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return re.search(r'name="version" value="(\d+)"', form)[1]


def test_board_second_decision_from_older_page_refused_and_kept(cohort, aisha, bryn):
    application = endorsed(cohort, first_name="Carys")
    url = reverse("admin:applications_board_decide", args=[cohort.pk, application.pk])
    first, second = signed_in(aisha), signed_in(bryn)
    seen_by_first, seen_by_second = (shown_version(c, cohort, application) for c in (first, second))

    recorded = first.post(
        url, {"outcome": "offer", "reason": "Strong", "version": seen_by_first}, follow=True
    )
    refused = second.post(
        url,
        {
            "outcome": "waiting_list",
            "reason": "Promising, but later",
            "waiting_rank": "1",
            "version": seen_by_second,
        },
    )

    assert "Decision recorded for Carys" in recorded.content.decode()
    assert refused.status_code == 302
    body = second.get(refused["Location"]).content.decode()
    assert "Decision recorded" not in body
    assert "changed by Aisha Khan" in body
    assert "because “Strong”" in body
    assert 'value="Promising, but later"' in body  # what Bryn typed, kept
    assert '<option value="waiting_list" selected>' in body
    assert f'id="w-{application.pk}" name="waiting_rank" min="1" value="1"' in body
    decision = Decision.objects.get()
    assert (decision.outcome, decision.reason, decision.decided_by) == ("offer", "Strong", aisha)
    # Now shown the newer version, Bryn may replace it on purpose.
    again = second.post(
        url,
        {
            "outcome": "waiting_list",
            "reason": "Promising, but later",
            "version": shown_version(second, cohort, application),
        },
        follow=True,
    )
    assert "Decision recorded for Carys" in again.content.decode()
    assert Decision.objects.get().outcome == "waiting_list"


def test_board_same_decision_sent_twice_is_recorded_once(cohort, aisha):
    application = endorsed(cohort, first_name="Dafydd")
    url = reverse("admin:applications_board_decide", args=[cohort.pk, application.pk])
    client = signed_in(aisha)
    form = {"outcome": "offer", "reason": "Strong", "version": "0"}

    answers = [client.post(url, form, follow=True) for _ in range(2)]

    assert all("Decision recorded for Dafydd" in a.content.decode() for a in answers)
    assert Decision.objects.get().history.count() == 1


def test_board_proposal_confirmed_from_older_page_records_nothing(cohort, aisha, bryn):
    decided, other = endorsed(cohort), endorsed(cohort)
    body = (
        signed_in(aisha)
        .get(reverse("admin:applications_board", args=[cohort.pk]) + "?propose=1")
        .content.decode()
    )
    assert [decided.pk, 0] in proposal_shown(body, cohort)["offers"]
    decide(decided, bryn, seen=0, outcome="not_offered", reason="Not this year")

    response = signed_in(aisha).post(
        reverse("admin:applications_board_confirm_proposal", args=[cohort.pk]),
        {"offer": [decided.pk, other.pk], "proposal": proposal_field(body), "reason": "Balanced"},
        follow=True,
    )

    body = response.content.decode()
    assert "Nothing was recorded" in body
    assert "changed by Bryn Evans" in body
    assert list(Decision.objects.values_list("application_id", "outcome")) == [
        (decided.pk, "not_offered")
    ]
