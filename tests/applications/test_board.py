import json

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from applications import services as allocation
from applications.models import Allocator, BalanceTarget, Decision, Offer, Score
from tests.factories import CohortFactory, UserFactory, coordinator, dcs_member

from .allocation_fixtures import criteria, endorsed, proposal_field, proposal_shown
from .factories import ExpressionOfInterestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(capacity=2)


def board_url(cohort, name="applications_board", *args):
    return reverse(f"admin:{name}", args=[cohort.pk, *args])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_board_for_dcs_member_and_coordinator(cohort):
    endorsed(cohort, first_name="Rhiannon")
    for user in (dcs_member(), coordinator()):
        response = signed_in(user).get(board_url(cohort))
        assert response.status_code == 200
        assert "Rhiannon" in response.content.decode()


def test_board_hidden_from_everyone_else(cohort):
    applicant = endorsed(cohort).applicant
    staff_without_role = UserFactory(is_staff=True)
    for user in (applicant, UserFactory(), staff_without_role):
        response = signed_in(user).get(board_url(cohort), follow=True)
        assert response.status_code == 404, user
    assert (
        signed_in(applicant)
        .post(board_url(cohort, "applications_board_send_outcomes"), follow=True)
        .status_code
        == 404
    )


def test_board_lists_only_endorsed_applications(cohort):
    endorsed(cohort, first_name="Endorsed")
    ExpressionOfInterestFactory(cohort=cohort, first_name="Awaiting", submitted=True)
    ExpressionOfInterestFactory(cohort=cohort, first_name="Draftee")
    body = signed_in(coordinator()).get(board_url(cohort)).content.decode()
    assert "Endorsed" in body
    assert "Awaiting" not in body
    assert "Draftee" not in body


def test_board_query_count_does_not_grow(cohort):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = dcs_member()
    coord = coordinator()
    (criterion,) = criteria(cohort)
    client = signed_in(member)

    def add(count: int) -> None:
        for index in range(count):
            application = endorsed(cohort)
            allocation.score_record(
                application=application, scorer=member, criterion=criterion, value=3
            )
            if index % 2:
                allocation.decision_record(
                    application=application, outcome="waiting_list", reason="Later", by=coord
                )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(board_url(cohort)).status_code == 200
        return len(captured)

    add(2)
    client.get(board_url(cohort))  # the first visit records settings and conflicts
    small = queries()
    add(8)
    assert queries() == small


def test_board_scores_saved_for_member(cohort):
    member = dcs_member()
    application = endorsed(cohort)
    first, second = criteria(cohort, "Readiness", "Contribution")
    response = signed_in(member).post(
        board_url(cohort, "applications_board_score", application.pk),
        {
            f"criterion-{first.pk}": "4",
            f"criterion-{second.pk}": "2",
            f"comment-{first.pk}": "Ready",
        },
    )
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("criterion__name", "value")) == [
        ("Contribution", 2),
        ("Readiness", 4),
    ]


def test_board_conflict_of_interest_shown_and_refused(cohort):
    member = dcs_member()
    application = endorsed(cohort)
    Allocator.objects.create(user=member, local_authority=application.local_authority)
    (criterion,) = criteria(cohort)
    client = signed_in(member)
    body = client.get(board_url(cohort)).content.decode()
    assert "Conflict of interest" in body
    response = client.post(
        board_url(cohort, "applications_board_score", application.pk),
        {f"criterion-{criterion.pk}": "5"},
        follow=True,
    )
    assert "cannot score this application" in response.content.decode()
    assert not Score.objects.exists()


def test_board_decision_recorded_and_capacity_explained(cohort):
    coord = coordinator()
    client = signed_in(coord)
    apps = [endorsed(cohort) for _ in range(3)]
    for application in apps[:2]:
        client.post(
            board_url(cohort, "applications_board_decide", application.pk),
            {"outcome": "offer", "reason": "Strong"},
        )
    response = client.post(
        board_url(cohort, "applications_board_decide", apps[2].pk),
        {"outcome": "offer", "reason": "Strong"},
        follow=True,
    )
    assert "All 2 places are held" in response.content.decode()
    assert Offer.objects.filter(state="pending").count() == 2


def test_board_warns_when_decision_breaks_target(cohort):
    coord = coordinator()
    application = endorsed(cohort)
    BalanceTarget.objects.create(
        cohort=cohort,
        dimension="local_authority",
        value=application.local_authority.code,
        maximum=0,
    )
    response = signed_in(coord).post(
        board_url(cohort, "applications_board_decide", application.pk),
        {"outcome": "offer", "reason": "Strong"},
        follow=True,
    )
    assert "This decision breaks a target" in response.content.decode()


def test_board_proposal_then_confirm(cohort):
    coord = coordinator()
    member = dcs_member()
    (criterion,) = criteria(cohort)
    apps = [endorsed(cohort) for _ in range(3)]
    for value, application in zip((5, 4, 2), apps, strict=True):
        allocation.score_record(
            application=application, scorer=member, criterion=criterion, value=value
        )
    client = signed_in(coord)
    body = client.get(board_url(cohort) + "?propose=1").content.decode()
    assert "Proposed balanced cohort" in body
    assert not Decision.objects.exists()  # proposing decides nothing
    assert proposal_shown(body, cohort) == {
        "offers": [[apps[0].pk, 0], [apps[1].pk, 0]],
        "waiting": [[apps[2].pk, 0]],
    }
    response = client.post(
        board_url(cohort, "applications_board_confirm_proposal"),
        {
            "offer": [apps[0].pk],  # the group unticked the second proposal
            "proposal": proposal_field(body),
            "reason": "Confirmed at the DCS meeting",
        },
    )
    assert response.status_code == 302
    outcomes = dict(Decision.objects.values_list("application_id", "outcome"))
    assert outcomes == {apps[0].pk: "offer", apps[1].pk: "waiting_list", apps[2].pk: "waiting_list"}


def test_board_confirm_over_capacity_records_nothing(cohort):
    coord = coordinator()
    apps = [endorsed(cohort) for _ in range(3)]
    client = signed_in(coord)
    body = client.get(board_url(cohort) + "?propose=1").content.decode()
    cohort.capacity = 1  # places were taken away after the proposal was read
    cohort.save()
    response = client.post(
        board_url(cohort, "applications_board_confirm_proposal"),
        {"offer": [a.pk for a in apps[:2]], "proposal": proposal_field(body), "reason": "Two"},
        follow=True,
    )
    assert "Nothing was recorded: All 1 places are held" in response.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        "missing",
        "altered",
        "another cohort's",
        "ticks one not proposed",
    ],
)
def test_board_confirm_of_a_proposal_not_shown_records_nothing(cohort, change):
    coord = coordinator()
    apps = [endorsed(cohort) for _ in range(3)]
    client = signed_in(coord)
    signed = proposal_field(client.get(board_url(cohort) + "?propose=1").content.decode())
    other = CohortFactory(capacity=2)
    endorsed(other)
    form = {"offer": [apps[0].pk, apps[1].pk], "proposal": signed, "reason": "Confirmed"}
    if change == "missing":
        del form["proposal"]
    elif change == "altered":
        # The waiting list's one application moved into the offers and ticked, signature kept.
        shown = proposal_shown(f'<input type="hidden" name="proposal" value="{signed}">', cohort)
        shown["offers"].append(shown["waiting"].pop())
        forged = signing.b64_encode(json.dumps(shown, separators=(",", ":")).encode()).decode()
        _, stamp, signature = signed.rsplit(":", 2)
        form["proposal"] = f"{forged}:{stamp}:{signature}"
        form["offer"] = [pk for pk, _ in shown["offers"]]
    elif change == "another cohort's":
        form["proposal"] = proposal_field(
            client.get(board_url(other) + "?propose=1").content.decode()
        )
    else:
        form["offer"] = [apps[0].pk, apps[2].pk]  # the third was proposed for the waiting list

    response = client.post(
        board_url(cohort, "applications_board_confirm_proposal"), form, follow=True
    )

    assert (
        "Nothing was recorded: the proposal no longer matches the board."
        in response.content.decode()
    )
    assert not Decision.objects.exists()


def test_board_send_outcomes_once(cohort, django_capture_on_commit_callbacks):
    coord = coordinator()
    offered, waiting = endorsed(cohort), endorsed(cohort)
    allocation.decision_record(application=offered, outcome="offer", reason="Yes", by=coord)
    allocation.decision_record(application=waiting, outcome="waiting_list", reason="Next", by=coord)
    mail.outbox.clear()
    client = signed_in(coord)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(board_url(cohort, "applications_board_send_outcomes"))
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(board_url(cohort, "applications_board_send_outcomes"), follow=True)
    assert "sent already" in again.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [offered.applicant.email, waiting.applicant.email]
    )
    assert Offer.objects.get(application=offered).state == "sent"


def test_board_csv_exports(cohort):
    coord = coordinator()
    application = endorsed(cohort, first_name="Siobhan")
    allocation.decision_record(application=application, outcome="offer", reason="Yes", by=coord)
    allocation.outcomes_send(cohort=cohort)
    allocation.offer_accept(offer=Offer.objects.get(), user=application.applicant)
    client = signed_in(coord)
    board = client.get(board_url(cohort, "applications_board_csv"))
    final = client.get(board_url(cohort, "applications_board_cohort_csv"))
    assert board["Content-Type"].startswith("text/csv")
    assert "Siobhan" in board.content.decode("utf-8-sig")
    assert "Fully funded" in final.content.decode("utf-8-sig")


def test_board_refused_decision_keeps_the_reason_typed(cohort):
    coord = coordinator()
    client = signed_in(coord)
    apps = [endorsed(cohort) for _ in range(3)]
    for application in apps[:2]:
        allocation.decision_record(application=application, outcome="offer", reason="Yes", by=coord)
    response = client.post(
        board_url(cohort, "applications_board_decide", apps[2].pk),
        {"outcome": "offer", "reason": "Exceptional candidate from Rutland"},
    )
    assert "#app-" not in response["Location"]  # back to the top, where the message is
    body = client.get(response["Location"]).content.decode()
    assert "All 2 places are held" in body
    assert 'value="Exceptional candidate from Rutland"' in body


def test_board_decision_form_does_not_filter_the_board(cohort):
    coord = coordinator()
    first = endorsed(cohort, first_name="Primrose")
    endorsed(cohort, first_name="Quentin")
    response = signed_in(coord).post(
        board_url(cohort, "applications_board_decide", first.pk),
        {"outcome": "offer", "reason": "Yes"},
        follow=True,
    )
    body = response.content.decode()
    assert "Primrose" in body
    assert "Quentin" in body


def test_board_counts_in_one_query_as_sending_would_count(cohort, django_assert_num_queries):
    from applications import selectors

    coord = coordinator()
    offered, waiting, refused = endorsed(cohort), endorsed(cohort), endorsed(cohort)
    for application, outcome in (
        (offered, "offer"),
        (waiting, "waiting_list"),
        (refused, "not_offered"),
    ):
        allocation.decision_record(application=application, outcome=outcome, reason="Met", by=coord)
    awaiting = ExpressionOfInterestFactory(cohort=cohort)
    allocation.application_submit(application=awaiting)
    endorsed(CohortFactory())  # another cohort's counts nothing here

    with django_assert_num_queries(1):
        counts = selectors.board_counts(cohort)

    assert counts == selectors.BoardCounts(
        awaiting=1, unsent=allocation.outcomes_unsent(cohort), waiting=1
    )
    assert counts.unsent == {"offers": 1, "letters": 2}
