"""The record of allocation in the admin panel: scores, decisions, offers, conflicts of interest
and invoices to read (with who changed them and when), what coordinators set up before
allocating, the payment action, invoice PDFs, and who may see what."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import services as allocation
from applications.models import (
    AllocationSettings,
    Allocator,
    BalanceTarget,
    ConflictOfInterest,
    Criterion,
    Decision,
    ExpressionOfInterest,
    Invoice,
    Offer,
    Score,
)
from csssl import roles
from tests.factories import (
    CohortFactory,
    LocalAuthorityFactory,
    UserFactory,
    coordinator,
    dcs_member,
)

from .allocation_fixtures import criteria, endorsed

pytestmark = pytest.mark.django_db

Outcome = Decision.Outcome

#: 23:30 on 30 June 2026 in UTC is already 1 July in the UK (BST).
LATE_EVENING_UTC = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
UK_DAY = date(2026, 7, 1)


def changelist(model: str) -> str:
    return reverse(f"admin:applications_{model}_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:applications_{obj._meta.model_name}_change", args=[obj.pk])


def shown(response) -> set[int]:
    return {obj.pk for obj in response.context["cl"].result_list}


def derby():
    return LocalAuthorityFactory(code="E06000015", name="Derby")


def accepted_external(cohort, *, coord, member, criterion, **kwargs) -> ExpressionOfInterest:
    """An external partner, scored by ``member``, offered a place who accepted it: one score,
    decision, offer and invoice."""
    application = endorsed(cohort, external=True, **kwargs)
    allocation.score_record(application=application, scorer=member, criterion=criterion, value=4)
    allocation.decision_record(
        application=application, outcome=Outcome.OFFER, reason="Strong, balanced choice", by=coord
    )
    allocation.outcomes_send(cohort=cohort)
    offer = Offer.objects.get(application=application, state=Offer.State.SENT)
    allocation.offer_accept(offer=offer, user=application.applicant)
    return application


@pytest.fixture
def coord():
    return coordinator()


@pytest.fixture
def coordinator_client(client, coord):
    client.force_login(coord)
    return client


@pytest.fixture
def record(coord):
    """Two cohorts' allocation. Cohort A: Ashworth (external, accepted, invoiced), Bexley
    (waiting list) and Dunmore (from Derby, so the member who leads Derby has a conflict);
    cohort B: Cardew (not offered), Fenwick (external, accepted, invoiced) and Ellery (offered,
    not yet sent). Each cohort has a criterion, settings and a target; a second member, who
    leads Nottinghamshire, has a conflict with Ashworth and Bexley."""
    cohort_a = CohortFactory(name="Cohort A")
    cohort_b = CohortFactory(name="Cohort B")
    member = dcs_member(email="dcs.derby@example.org")
    allocator = Allocator.objects.create(user=member, local_authority=derby())
    (criterion_a,) = criteria(cohort_a, "Readiness for strategic leadership")
    (criterion_b,) = criteria(cohort_b, "Commitment to the region")

    ashworth = accepted_external(
        cohort_a, coord=coord, member=member, criterion=criterion_a, last_name="Ashworth"
    )
    bexley = endorsed(cohort_a, last_name="Bexley")
    allocation.score_record(application=bexley, scorer=member, criterion=criterion_a, value=3)
    allocation.decision_record(
        application=bexley, outcome=Outcome.WAITING_LIST, reason="Strong; no place", by=coord
    )
    dunmore = endorsed(cohort_a, last_name="Dunmore", local_authority=allocator.local_authority)
    with pytest.raises(allocation.AllocationError, match="recorded"):
        allocation.score_record(application=dunmore, scorer=member, criterion=criterion_a, value=5)
    cardew = endorsed(cohort_b, last_name="Cardew")
    allocation.score_record(application=cardew, scorer=member, criterion=criterion_b, value=2)
    allocation.decision_record(
        application=cardew, outcome=Outcome.NOT_OFFERED, reason="Too early in role", by=coord
    )
    fenwick = accepted_external(
        cohort_b, coord=coord, member=member, criterion=criterion_b, last_name="Fenwick"
    )
    ellery = endorsed(cohort_b, last_name="Ellery")
    allocation.decision_record(
        application=ellery, outcome=Outcome.OFFER, reason="Fills the gap in health", by=coord
    )
    # A second member, leading Nottinghamshire, has conflicts with most of cohort A.
    notts_member = dcs_member(email="dcs.notts@example.org")
    Allocator.objects.create(user=notts_member, local_authority=LocalAuthorityFactory())
    allocation.conflicts_record(member=notts_member, cohort=cohort_a)

    Dimension = BalanceTarget.Dimension
    target_a = BalanceTarget.objects.create(
        cohort=cohort_a, dimension=Dimension.PARTNER, value="external", maximum=5
    )
    target_b = BalanceTarget.objects.create(
        cohort=cohort_b, dimension=Dimension.SECTOR, value="health", minimum=1
    )
    return {
        "cohort_a": cohort_a,
        "cohort_b": cohort_b,
        "member": member,
        "allocator": allocator,
        "criterion_a": criterion_a,
        "criterion_b": criterion_b,
        "ashworth": ashworth,
        "bexley": bexley,
        "cardew": cardew,
        "dunmore": dunmore,
        "ellery": ellery,
        "fenwick": fenwick,
        "target_a": target_a,
        "target_b": target_b,
        "settings_a": allocation.settings_for(cohort_a),
        "settings_b": allocation.settings_for(cohort_b),
        "invoice": Invoice.objects.get(offer__application=ashworth),
    }


# Lists, filters and search


CHANGELIST_CASES = {
    "score": (
        lambda r: {
            "application__cohort__id__exact": r["cohort_a"].pk,
            "criterion__id__exact": r["criterion_a"].pk,
            "scorer__id__exact": r["member"].pk,
            "q": "Ashworth",
        },
        lambda r: {Score.objects.get(application=r["ashworth"]).pk},
    ),
    "decision": (
        lambda r: {
            "cohort__id__exact": r["cohort_a"].pk,
            "outcome__exact": Outcome.WAITING_LIST,
            "q": "Bexley",
        },
        lambda r: {r["bexley"].decision.pk},
    ),
    "offer": (
        lambda r: {
            "cohort__id__exact": r["cohort_a"].pk,
            "state__exact": Offer.State.ACCEPTED,
            "q": "Ashworth",
        },
        lambda r: {Offer.objects.get(application=r["ashworth"]).pk},
    ),
    "conflictofinterest": (
        lambda r: {
            "application__cohort__id__exact": r["cohort_a"].pk,
            "member__id__exact": r["member"].pk,
            "q": "Dunmore",
        },
        lambda r: {ConflictOfInterest.objects.get(application=r["dunmore"]).pk},
    ),
    "allocator": (
        lambda r: {
            "local_authority__id__exact": r["allocator"].local_authority_id,
            "q": "dcs.derby",
        },
        lambda r: {r["allocator"].pk},
    ),
    "criterion": (
        lambda r: {"cohort__id__exact": r["cohort_b"].pk, "q": "Commitment"},
        lambda r: {r["criterion_b"].pk},
    ),
    "balancetarget": (
        lambda r: {
            "cohort__id__exact": r["cohort_a"].pk,
            "dimension__exact": BalanceTarget.Dimension.PARTNER,
            "q": "external",
        },
        lambda r: {r["target_a"].pk},
    ),
    "allocationsettings": (
        lambda r: {
            "cohort__id__exact": r["cohort_b"].pk,
            "refill__exact": AllocationSettings.Refill.ON_CLICK,
            "q": "Cohort B",
        },
        lambda r: {r["settings_b"].pk},
    ),
    "invoice": (
        lambda r: {
            "status__exact": Invoice.Status.ISSUED,
            "offer__cohort__id__exact": r["cohort_a"].pk,
            "overdue": "no",
            "q": "PO-4471203",
        },
        lambda r: {r["invoice"].pk},
    ),
}


@pytest.mark.parametrize("model", CHANGELIST_CASES)
def test_changelist_coordinator_filters_and_searches(coordinator_client, record, model):
    params, expected = CHANGELIST_CASES[model]

    unfiltered = coordinator_client.get(changelist(model))
    filtered = coordinator_client.get(changelist(model), params(record))

    assert unfiltered.status_code == 200
    assert filtered.status_code == 200
    assert shown(filtered) == expected(record)
    assert len(shown(unfiltered)) > len(shown(filtered))


def test_changelist_decision_without_member_shown_as_automatic(coordinator_client, record):
    allocation.offer_next_from_waiting_list(cohort=record["cohort_a"], by=None)

    response = coordinator_client.get(changelist("decision"), {"q": "Bexley"})

    row = response.context["cl"].result_list[0]
    assert (row.outcome, row.decided_by) == (Outcome.OFFER, None)
    assert "automatically" in response.content.decode()


def test_changelist_offer_answer_by_shown_in_uk_time(coordinator_client, coord):
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        cohort = CohortFactory()
        application = endorsed(cohort)
        allocation.decision_record(
            application=application, outcome=Outcome.OFFER, reason="Strong", by=coord
        )
        allocation.outcomes_send(cohort=cohort)
        coordinator_client.force_login(coord)
        response = coordinator_client.get(changelist("offer"))

    offer = Offer.objects.get(application=application)
    # Answers are due by 23:59 UK time, which is 22:59 in UTC in summer.
    assert offer.respond_by.astimezone(UTC).strftime("%H:%M") == "22:59"
    assert "15 Jul 2026, 23:59" in response.content.decode()


def test_changelist_invoice_overdue_filter_shows_only_late_unpaid(
    coordinator_client, coord, record
):
    invoice, other = record["invoice"], Invoice.objects.get(offer__application=record["fenwick"])

    before_due = coordinator_client.get(changelist("invoice"), {"overdue": "yes"})
    with time_machine.travel(datetime.combine(invoice.due_on, datetime.min.time(), UTC)):
        coordinator_client.force_login(coord)
        on_due_day = coordinator_client.get(changelist("invoice"), {"overdue": "yes"})
    with time_machine.travel(LATE_EVENING_UTC.replace(year=invoice.due_on.year + 1)):
        coordinator_client.force_login(coord)
        late = coordinator_client.get(changelist("invoice"), {"overdue": "yes"})
        Invoice.objects.filter(pk=invoice.pk).update(
            status=Invoice.Status.PAID, paid_on=invoice.due_on
        )
        late_but_one_paid = coordinator_client.get(changelist("invoice"), {"overdue": "yes"})
        not_overdue = coordinator_client.get(changelist("invoice"), {"overdue": "no"})

    assert shown(before_due) == set()
    assert shown(on_due_day) == set()
    assert shown(late) == {invoice.pk, other.pk}
    assert shown(late_but_one_paid) == {other.pk}
    assert shown(not_overdue) == {invoice.pk}


def grow(*, coord, count: int) -> None:
    """``count`` more cohorts, each with a criterion, settings, a balance target, an accepted
    external partner (scored, decided, offered, invoiced) and a conflict of interest."""
    for _ in range(count):
        cohort = CohortFactory()
        member = dcs_member()
        Allocator.objects.create(user=member, local_authority=derby())
        (criterion,) = criteria(cohort)
        allocation.settings_for(cohort)
        BalanceTarget.objects.create(
            cohort=cohort,
            dimension=BalanceTarget.Dimension.LOCAL_AUTHORITY,
            value="E06000015",
            maximum=3,
        )
        accepted_external(cohort, coord=coord, member=member, criterion=criterion)
        endorsed(cohort, local_authority=derby())
        allocation.conflicts_record(member=member, cohort=cohort)


@pytest.mark.parametrize("model", CHANGELIST_CASES)
def test_changelist_query_count_same_for_2_and_5_cohorts(coordinator_client, coord, model):
    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = coordinator_client.get(changelist(model))
        assert response.status_code == 200
        return len(captured), len(response.context["cl"].result_list)

    grow(coord=coord, count=2)
    queries()  # fill the caches every request then reuses
    at_two, rows_at_two = queries()
    grow(coord=coord, count=3)
    at_five, rows_at_five = queries()

    assert rows_at_five > rows_at_two
    assert at_five == at_two


# Read-only records


READ_ONLY = {
    "score": lambda r: Score.objects.get(application=r["ashworth"]),
    "decision": lambda r: r["bexley"].decision,
    "offer": lambda r: Offer.objects.get(application=r["ashworth"]),
    "conflictofinterest": lambda r: ConflictOfInterest.objects.get(application=r["dunmore"]),
    "invoice": lambda r: r["invoice"],
}


@pytest.mark.parametrize("model", READ_ONLY)
def test_read_only_record_refuses_add_change_delete_for_coordinator(
    coordinator_client, record, model
):
    obj = READ_ONLY[model](record)
    before = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}

    page = coordinator_client.get(change_url(obj))
    change = coordinator_client.post(change_url(obj), {"reason": "Changed", "value": "1"})
    add = coordinator_client.get(reverse(f"admin:applications_{model}_add"))
    delete = coordinator_client.post(
        reverse(f"admin:applications_{model}_delete", args=[obj.pk]), {"post": "yes"}
    )

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (change.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    obj.refresh_from_db()
    assert {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields} == (
        before
    )


def test_offer_pages_never_show_the_link_nonce(coordinator_client, record):
    offer = Offer.objects.get(application=record["ashworth"])
    first = offer.history.earliest()

    pages = [
        coordinator_client.get(change_url(offer)),
        coordinator_client.get(reverse("admin:applications_offer_history", args=[offer.pk])),
        coordinator_client.get(
            reverse("admin:applications_offer_simple_history", args=[offer.pk, first.history_id])
        ),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert all(offer.nonce not in page.content.decode() for page in pages)


def test_score_history_shows_each_change(coordinator_client, record):
    score = Score.objects.get(application=record["ashworth"])
    allocation.score_record(
        application=record["ashworth"],
        scorer=record["member"],
        criterion=record["criterion_a"],
        value=2,
        comment="Less ready than the statement suggests",
    )

    response = coordinator_client.get(reverse("admin:applications_score_history", args=[score.pk]))

    assert response.status_code == 200
    assert [version.value for version in response.context["page_obj"]] == [2, 4]
    assert "Less ready than the statement suggests" in response.content.decode()


def test_decision_history_shows_who_changed_the_outcome(coordinator_client, coord, record):
    decision = record["cardew"].decision
    reviewer = coordinator(first_name="Rowan", last_name="Reviewer")
    # The board records changes from a request, so simple_history knows who made them.
    decision.outcome = Outcome.WAITING_LIST
    decision.waiting_rank = 1
    decision._history_user = reviewer
    decision.save()

    response = coordinator_client.get(
        reverse("admin:applications_decision_history", args=[decision.pk])
    )

    versions = list(response.context["page_obj"])
    assert [(v.outcome, v.waiting_rank) for v in versions] == [
        (Outcome.WAITING_LIST, 1),
        (Outcome.NOT_OFFERED, None),  # the letter was sent
        (Outcome.NOT_OFFERED, None),  # decided
    ]
    assert versions[0].history_user == reviewer
    changes = versions[0].history_delta_changes
    assert {"field": "Outcome", "old": "Not offered", "new": "Waiting list"} in changes
    assert "Rowan Reviewer" in response.content.decode()


def test_history_changes_show_times_in_uk_time(coordinator_client, coord):
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        cohort = CohortFactory()
        application = endorsed(cohort)
        decision = allocation.decision_record(
            application=application, outcome=Outcome.NOT_OFFERED, reason="Too early", by=coord
        )
        allocation.outcomes_send(cohort=cohort)
        coordinator_client.force_login(coord)
        response = coordinator_client.get(
            reverse("admin:applications_decision_history", args=[decision.pk])
        )

    letter = response.context["page_obj"][0].history_delta_changes
    assert letter == [{"field": "Letter sent at", "old": "None", "new": "1 Jul 2026, 00:30"}]


@pytest.mark.parametrize("who", ["coordinator", "dcs member"])
def test_history_version_cannot_be_posted_back(client, coord, record, who):
    client.force_login(coord if who == "coordinator" else record["member"])
    score = Score.objects.get(application=record["ashworth"])
    allocation.score_record(
        application=record["ashworth"],
        scorer=record["member"],
        criterion=record["criterion_a"],
        value=1,
    )
    first = score.history.earliest()
    url = reverse("admin:applications_score_simple_history", args=[score.pk, first.history_id])

    page = client.get(url)
    revert = client.post(url, {})

    assert page.status_code == 200
    assert revert.status_code == 403
    score.refresh_from_db()
    assert score.value == 1


def test_history_version_of_application_cannot_be_posted_back_by_dcs_member(client, record):
    application = record["bexley"]
    application.job_title = "Interim Head of Service"
    application.save()
    first = application.history.earliest()
    client.force_login(record["member"])

    revert = client.post(
        reverse(
            "admin:applications_expressionofinterest_simple_history",
            args=[application.pk, first.history_id],
        ),
        {},
    )

    assert revert.status_code == 403
    application.refresh_from_db()
    assert (application.job_title, application.status) == (
        "Interim Head of Service",
        ExpressionOfInterest.Status.SUBMITTED,
    )


# The DCS group


DCS_READS = [
    "expressionofinterest",
    "endorsement",
    "score",
    "decision",
    "offer",
    "conflictofinterest",
    "criterion",
    "balancetarget",
    "allocationsettings",
    "allocator",
]


def test_dcs_group_holds_view_permissions_but_none_on_invoices():
    group = Group.objects.get(name=roles.DCS_GROUP)
    codenames = set(
        group.permissions.filter(content_type__app_label="applications").values_list(
            "codename", flat=True
        )
    )

    assert {f"view_{model}" for model in DCS_READS} <= codenames
    assert not {name for name in codenames if "invoice" in name}
    assert not {name for name in codenames if not name.startswith("view_")}


@pytest.mark.parametrize("model", DCS_READS)
def test_changelist_dcs_member_may_read(client, record, model):
    client.force_login(record["member"])

    response = client.get(changelist(model))

    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


def test_change_pages_dcs_member_reads_scores_and_decisions(client, record):
    client.force_login(record["member"])
    score = Score.objects.get(application=record["ashworth"])

    pages = [client.get(change_url(score)), client.get(change_url(record["bexley"].decision))]

    assert [page.status_code for page in pages] == [200, 200]
    assert "Strong; no place" in pages[1].content.decode()


def test_invoices_forbidden_to_dcs_member(client, record):
    client.force_login(record["member"])
    invoice = record["invoice"]

    responses = [
        client.get(changelist("invoice")),
        client.get(change_url(invoice)),
        client.get(reverse("admin:applications_invoice_pdf", args=[invoice.pk])),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403]


def test_setup_forbidden_to_change_for_dcs_member(client, record):
    client.force_login(record["member"])

    add = client.get(reverse("admin:applications_criterion_add"))
    change = client.post(change_url(record["criterion_a"]), {"name": "Changed"})

    assert (add.status_code, change.status_code) == (403, 403)
    record["criterion_a"].refresh_from_db()
    assert record["criterion_a"].name == "Readiness for strategic leadership"


# Payments and invoice PDFs


def mark_paid(client, *invoices):
    return client.post(
        changelist("invoice"),
        {"action": "mark_paid_today", "_selected_action": [invoice.pk for invoice in invoices]},
        follow=True,
    )


def test_mark_paid_action_records_uk_today_with_who(client, coord):
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        cohort = CohortFactory()
        (criterion,) = criteria(cohort)
        accepted_external(cohort, coord=coord, member=dcs_member(), criterion=criterion)
        invoice = Invoice.objects.get()
        client.force_login(coord)

        response = mark_paid(client, invoice)

    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on) == (Invoice.Status.PAID, UK_DAY)
    latest = invoice.history.latest()
    assert (latest.status, latest.history_user) == (Invoice.Status.PAID, coord)
    assert f"Recorded as paid on 1 Jul 2026: {invoice.number}." in [
        str(message) for message in get_messages(response.wsgi_request)
    ]


def test_mark_paid_action_keeps_earlier_payment_date_and_refuses_cancelled(
    coordinator_client, record
):
    paid = record["invoice"]
    Invoice.objects.filter(pk=paid.pk).update(status=Invoice.Status.PAID, paid_on=date(2026, 1, 5))
    cancelled = Invoice.objects.get(offer__application=record["fenwick"])
    Invoice.objects.filter(pk=cancelled.pk).update(status=Invoice.Status.CANCELLED)

    response = mark_paid(coordinator_client, paid, cancelled)

    paid.refresh_from_db()
    cancelled.refresh_from_db()
    assert paid.paid_on == date(2026, 1, 5)
    assert (cancelled.status, cancelled.paid_on) == (Invoice.Status.CANCELLED, None)
    shown_messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert f"{cancelled.number}: A cancelled invoice cannot be paid." in shown_messages
    assert any("already recorded as paid on 5 Jan 2026" in text for text in shown_messages)


def test_mark_paid_action_not_offered_without_permission_to_change_invoices(client, record):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *Group.objects.get(name=roles.COORDINATORS).permissions.filter(codename="view_invoice")
    )
    client.force_login(viewer)

    listing = client.get(changelist("invoice"))
    response = mark_paid(client, record["invoice"])

    assert listing.status_code == 200
    assert "mark_paid_today" not in listing.content.decode()
    record["invoice"].refresh_from_db()
    assert record["invoice"].status == Invoice.Status.ISSUED
    assert response.status_code == 200


def test_invoice_pdf_downloads_for_coordinator(coordinator_client, record):
    invoice = record["invoice"]

    listing = coordinator_client.get(changelist("invoice"))
    response = coordinator_client.get(reverse("admin:applications_invoice_pdf", args=[invoice.pk]))

    assert reverse("admin:applications_invoice_pdf", args=[invoice.pk]) in listing.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{invoice.number}.pdf"'
    assert response.content[:4] == b"%PDF"


def test_invoice_pdf_anonymous_sent_to_sign_in(client, record):
    response = client.get(reverse("admin:applications_invoice_pdf", args=[record["invoice"].pk]))

    assert response.status_code == 302
    assert response["Content-Type"] != "application/pdf"


def test_invoice_pdf_unknown_invoice_not_found(coordinator_client):
    response = coordinator_client.get(reverse("admin:applications_invoice_pdf", args=[999999]))

    assert response.status_code == 404


# What coordinators set up


def balance_target_add(client, **data):
    return client.post(reverse("admin:applications_balancetarget_add"), data)


def test_balance_target_value_not_of_its_dimension_refused_beside_field(coordinator_client, record):
    response = balance_target_add(
        coordinator_client,
        cohort=record["cohort_a"].pk,
        dimension=BalanceTarget.Dimension.SECTOR,
        value="E06000015",
        maximum="2",
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["value"]
    assert "“E06000015” is not a group under “sector”" in errors["value"][0]
    page = response.content.decode()
    assert 'id="id_value_error"' in page
    assert page.index("is not a group under") < page.index('name="value"')
    assert not BalanceTarget.objects.filter(value="E06000015").exists()


def test_balance_target_name_accepted_and_kept_as_code(coordinator_client, record):
    response = balance_target_add(
        coordinator_client,
        cohort=record["cohort_a"].pk,
        dimension=BalanceTarget.Dimension.LOCAL_AUTHORITY,
        value="derby",
        maximum="3",
    )

    assert response.status_code == 302
    target = BalanceTarget.objects.get(
        cohort=record["cohort_a"], dimension=BalanceTarget.Dimension.LOCAL_AUTHORITY
    )
    assert target.value == "E06000015"


def test_balance_target_help_lists_valid_values_per_dimension(coordinator_client):
    page = coordinator_client.get(reverse("admin:applications_balancetarget_add"))

    content = page.content.decode()
    for expected in [
        "E06000015 (Derby)",
        "social_care (Children&#x27;s social care)",
        "higher_education (Higher education)",
        "la (Local authority), external (External partner)",
    ]:
        assert expected in content


def test_criterion_cohort_fixed_once_scored(coordinator_client, record):
    unscored = Criterion.objects.create(cohort=record["cohort_a"], name="Reach across partners")

    scored_page = coordinator_client.get(change_url(record["criterion_a"]))
    unscored_page = coordinator_client.get(change_url(unscored))

    assert "cohort" not in scored_page.context["adminform"].form.fields
    assert "cohort" in unscored_page.context["adminform"].form.fields


def autocomplete(client, term: str):
    return client.get(
        reverse("admin:applications_allocator_user_autocomplete"),
        {
            "term": term,
            "app_label": "applications",
            "model_name": "allocator",
            "field_name": "user",
        },
    )


def test_allocator_person_suggestions_only_active_dcs_members(coordinator_client, record):
    kept = dcs_member(email="kept.dcs@example.org")
    dcs_member(email="left.dcs@example.org", is_active=False)
    UserFactory(email="kept.applicant@example.org")
    coordinator(email="kept.coordinator@example.org")

    response = autocomplete(coordinator_client, "kept")

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == [str(kept)]
    assert autocomplete(coordinator_client, "left").json()["results"] == []


def test_allocator_person_suggestions_forbidden_to_dcs_member(client, record):
    client.force_login(record["member"])

    assert autocomplete(client, "dcs").status_code == 403


def test_allocator_person_outside_dcs_group_refused(coordinator_client, record):
    applicant = UserFactory()

    response = coordinator_client.post(
        reverse("admin:applications_allocator_add"),
        {"user": applicant.pk, "local_authority": record["allocator"].local_authority_id},
    )

    assert response.status_code == 200
    assert (
        "Choose a member of the DCS group" in response.context["adminform"].form.errors["user"][0]
    )
    assert not Allocator.objects.filter(user=applicant).exists()


def test_allocator_added_for_dcs_member(coordinator_client, record):
    member = dcs_member()

    response = coordinator_client.post(
        reverse("admin:applications_allocator_add"),
        {"user": member.pk, "local_authority": record["allocator"].local_authority_id},
    )

    assert response.status_code == 302
    assert Allocator.objects.get(user=member).local_authority.code == "E06000015"


def test_allocator_person_picker_asks_for_dcs_members_only(coordinator_client):
    page = coordinator_client.get(reverse("admin:applications_allocator_add"))

    url = reverse("admin:applications_allocator_user_autocomplete")
    assert f'data-ajax--url="{url}"' in page.content.decode()
