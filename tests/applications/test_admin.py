"""Expressions of interest and endorsements in the admin panel: lists, filters, search, exports,
read-only access for the DCS group, and equality monitoring seen only as suppressed counts."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import (
    Endorsement,
    EqualityMonitoring,
    ExpressionOfInterest,
    Sector,
)
from cohorts.models import Organisation
from csssl import admin_lists
from csssl.disclosure import FEWER_THAN, NOT_SHOWN, suppress_small_numbers
from tests.applications.factories import (
    EndorsementFactory,
    EqualityMonitoringFactory,
    ExpressionOfInterestFactory,
)
from tests.database import tallied
from tests.factories import (
    CohortFactory,
    LocalAuthorityFactory,
    UserFactory,
    coordinator,
    dcs_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Many users are made here and none signs in with a password: skip the slow hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CHANGELIST = "admin:applications_expressionofinterest_changelist"
EXPORT = "admin:applications_expressionofinterest_export"
EQUALITY = "admin:applications_expressionofinterest_equality"
Status = ExpressionOfInterest.Status


def change_url(application) -> str:
    return reverse("admin:applications_expressionofinterest_change", args=[application.pk])


def equality_url(cohort) -> str:
    return reverse(EQUALITY, args=[cohort.pk])


def shown_last_names(response) -> set[str]:
    return {application.last_name for application in response.context["cl"].result_list}


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def reader(**kwargs):
    """A DCS group member who may read applications and endorsements, and nothing more."""
    user = dcs_member(**kwargs)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="applications",
            codename__in=["view_expressionofinterest", "view_endorsement"],
        )
    )
    return user


@pytest.fixture
def coordinator_client(client):
    client.force_login(coordinator())
    return client


@pytest.fixture
def people():
    """Four applications across two cohorts, one of each endorsement state."""
    cohort_a = CohortFactory(name="Cohort A")
    cohort_b = CohortFactory(name="Cohort B")
    ashworth = ExpressionOfInterestFactory(
        cohort=cohort_a,
        submitted=True,
        last_name="Ashworth",
        endorser_email="ashworth.endorser@example.org",
    )
    EndorsementFactory(application=ashworth, confirmed=True)
    bexley = ExpressionOfInterestFactory(
        cohort=cohort_a,
        last_name="Bexley",
        local_authority=LocalAuthorityFactory(code="E06000015", name="Derby"),
        sector=Sector.SOCIAL_CARE,
        job_title="Principal Social Worker",
    )
    cardew = ExpressionOfInterestFactory(
        cohort=cohort_b, submitted=True, external=True, last_name="Cardew"
    )
    EndorsementFactory(application=cardew, declined=True)
    dunmore = ExpressionOfInterestFactory(
        cohort=cohort_b,
        submitted=True,
        last_name="Dunmore",
        employer="Leicester City Council",
        sector=Sector.EDUCATION,
    )
    # A replaced request does not count: the one in force is pending.
    EndorsementFactory(application=dunmore, state=Endorsement.State.SUPERSEDED)
    EndorsementFactory(application=dunmore)
    return {
        "cohort_a": cohort_a,
        "cohort_b": cohort_b,
        "ashworth": ashworth,
        "bexley": bexley,
        "cardew": cardew,
        "dunmore": dunmore,
    }


# The list


def test_changelist_coordinator_sees_every_application(coordinator_client, people):
    response = coordinator_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert shown_last_names(response) == {"Ashworth", "Bexley", "Cardew", "Dunmore"}
    assert "Ashworth" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda p: {"cohort__id__exact": p["cohort_a"].pk}, {"Ashworth", "Bexley"}),
        (lambda p: {"status__exact": Status.DRAFT}, {"Bexley"}),
        (
            lambda p: {"local_authority__id__exact": p["bexley"].local_authority_id},
            {"Bexley"},
        ),
        (lambda p: {"sector__exact": Sector.EDUCATION}, {"Dunmore"}),
        (lambda p: {"organisation_type__exact": Organisation.Type.HEALTH}, {"Cardew"}),
        (lambda p: {"endorsement": "pending"}, {"Dunmore"}),
        (lambda p: {"endorsement": "endorsed"}, {"Ashworth"}),
        (lambda p: {"endorsement": "declined"}, {"Cardew"}),
        (lambda p: {"endorsement": "none"}, {"Bexley"}),
        (lambda p: {"q": "ashworth.endorser@example.org"}, {"Ashworth"}),
        (lambda p: {"q": "Principal Social"}, {"Bexley"}),
        (lambda p: {"q": "Leicester City"}, {"Dunmore"}),
        (lambda p: {"q": p["cardew"].applicant.email}, {"Cardew"}),
    ],
    ids=[
        "cohort",
        "status",
        "local-authority",
        "sector",
        "organisation-type",
        "endorsement-pending",
        "endorsement-endorsed",
        "endorsement-declined",
        "endorsement-none",
        "search-endorser-email",
        "search-job-title",
        "search-employer",
        "search-applicant-email",
    ],
)
def test_changelist_filter_or_search_shows_matching_rows(
    coordinator_client, people, params, expected
):
    response = coordinator_client.get(reverse(CHANGELIST), params(people))

    assert response.status_code == 200
    assert shown_last_names(response) == expected


def test_changelist_endorsement_column_shows_request_in_force(coordinator_client, people):
    response = coordinator_client.get(reverse(CHANGELIST), {"q": "Dunmore"})

    content = response.content.decode()
    assert shown_last_names(response) == {"Dunmore"}
    assert '<td class="field-endorsement">Awaiting answer</td>' in content
    assert "Replaced by a new request" not in content


def test_changelist_submission_time_shown_in_london_time(coordinator_client):
    ExpressionOfInterestFactory(
        submitted=True,
        submitted_at=datetime(2021, 7, 2, 22, 30, tzinfo=UTC),
        last_name="Latecomer",
    )

    content = coordinator_client.get(reverse(CHANGELIST)).content.decode()

    assert "2 Jul 2021, 23:30" in content
    assert "22:30" not in content


def _changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    return len(queries)


def test_changelist_query_count_same_for_2_and_10_applications(coordinator_client):
    cohort = CohortFactory()
    EndorsementFactory(application__cohort=cohort, confirmed=True)
    ExpressionOfInterestFactory(cohort=cohort)
    _changelist_queries(coordinator_client)  # fill the caches every request then reuses
    at_two = _changelist_queries(coordinator_client)
    for number in range(8):
        if number % 2:
            EndorsementFactory(application__cohort=cohort, declined=True)
        else:
            ExpressionOfInterestFactory(cohort=CohortFactory(), submitted=True, external=True)

    assert ExpressionOfInterest.objects.count() == 10
    assert _changelist_queries(coordinator_client) == at_two


def test_changelist_query_count_same_counted_and_tallied(coordinator_client, monkeypatch):
    """Three applications are counted; twelve, past ESTIMATE_FROM, are tallied and said to be
    about so many: in the same number of queries."""
    monkeypatch.setattr(admin_lists, "ESTIMATE_FROM", 10)
    cohort = CohortFactory()
    ExpressionOfInterestFactory.create_batch(3, cohort=cohort)
    tallied(ExpressionOfInterest)
    _changelist_queries(coordinator_client)  # fill the caches every request then reuses
    at_three = _changelist_queries(coordinator_client)
    small = coordinator_client.get(reverse(CHANGELIST))
    ExpressionOfInterestFactory.create_batch(9, cohort=cohort)
    tallied(ExpressionOfInterest)
    large = coordinator_client.get(reverse(CHANGELIST))

    assert not small.context["cl"].paginator.estimated
    assert large.context["cl"].paginator.estimated
    estimate = admin_lists.about(large.context["cl"].paginator.count)
    assert f"about {estimate} expressions of interest" in large.content.decode()
    assert _changelist_queries(coordinator_client) == at_three


def test_changelist_without_cohort_filter_has_no_equality_link(coordinator_client, people):
    response = coordinator_client.get(reverse(CHANGELIST))

    assert "equality_url" not in response.context
    assert "Equality monitoring summary" not in response.content.decode()


def test_changelist_filtered_by_cohort_links_equality_summary(coordinator_client, people):
    cohort = people["cohort_a"]

    response = coordinator_client.get(reverse(CHANGELIST), {"cohort__id__exact": cohort.pk})

    assert response.context["equality_url"] == equality_url(cohort)
    assert f'href="{equality_url(cohort)}"' in response.content.decode()


def test_changelist_applicant_without_staff_status_sent_to_sign_in(client, people):
    client.force_login(UserFactory())

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


# One application


def test_change_page_never_shows_equality_monitoring(coordinator_client, people):
    EqualityMonitoringFactory(
        application=people["ashworth"],
        age_band=EqualityMonitoring.AgeBand.UNDER_35,
        ethnicity=EqualityMonitoring.Ethnicity.ASIAN,
        disability=EqualityMonitoring.YesNo.YES,
    )

    response = coordinator_client.get(change_url(people["ashworth"]))

    content = response.content.decode().lower()
    assert response.status_code == 200
    assert "ashworth" in content
    for text in ("equality", "ethnic", "asian or asian british", "age band", "under 35", "disab"):
        assert text not in content


def test_admin_equality_monitoring_not_registered_nor_inline():
    assert EqualityMonitoring not in admin.site._registry
    application_admin = admin.site._registry[ExpressionOfInterest]
    assert all(inline.model is not EqualityMonitoring for inline in application_admin.inlines)


def test_change_page_shows_endorsements_without_their_link_nonce(coordinator_client, people):
    endorsement = people["ashworth"].endorsements.get()

    content = coordinator_client.get(change_url(people["ashworth"])).content.decode()

    assert "Endorsed" in content
    assert endorsement.endorser_email in content
    assert endorsement.nonce not in content


def test_delete_page_does_not_list_equality_monitoring(coordinator_client, people):
    EqualityMonitoringFactory(application=people["bexley"])
    url = reverse("admin:applications_expressionofinterest_delete", args=[people["bexley"].pk])

    page = coordinator_client.get(url)
    deleted = coordinator_client.post(url, {"post": "yes"})

    assert page.status_code == 200
    assert "Bexley" in page.content.decode()
    assert "equality" not in page.content.decode().lower()
    assert deleted.status_code == 302
    assert not EqualityMonitoring.objects.filter(application_id=people["bexley"].pk).exists()


def test_history_pages_show_earlier_versions(coordinator_client, people):
    application = people["ashworth"]
    application.job_title = "Interim Head of Service"
    application.save()
    first = application.history.earliest()

    listing = coordinator_client.get(
        reverse("admin:applications_expressionofinterest_history", args=[application.pk])
    )
    version = coordinator_client.get(
        reverse(
            "admin:applications_expressionofinterest_simple_history",
            args=[application.pk, first.history_id],
        )
    )

    assert listing.status_code == 200
    assert version.status_code == 200
    assert "Head of Service" in version.content.decode()
    assert "Interim" not in version.content.decode()


def _change_form_data(response) -> dict:
    """What the browser would post back from a change page, untouched."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {field.html_name: field.value() for form in forms for field in form}
    return {name: "" if value is None else value for name, value in data.items()}


def test_change_page_coordinator_corrects_job_title_with_history(coordinator_client, people):
    application = people["ashworth"]
    data = _change_form_data(coordinator_client.get(change_url(application)))
    data["job_title"] = "Head of Early Help"

    response = coordinator_client.post(change_url(application), data)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.job_title == "Head of Early Help"
    assert application.history.first().history_user == response.wsgi_request.user


def test_change_page_workflow_fields_read_only_for_coordinator(coordinator_client, people):
    application = people["ashworth"]
    data = _change_form_data(coordinator_client.get(change_url(application)))
    data.update(status=Status.DRAFT, endorser_email="someone.else@example.org")

    coordinator_client.post(change_url(application), data)

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.endorser_email == "ashworth.endorser@example.org"


def test_add_page_forbidden_applications_come_from_applicants(coordinator_client):
    response = coordinator_client.get(reverse("admin:applications_expressionofinterest_add"))

    assert response.status_code == 403


def test_change_page_dcs_reader_reads_but_cannot_change(client, people):
    client.force_login(reader())
    application = people["ashworth"]

    page = client.get(change_url(application))
    post = client.post(change_url(application), {"job_title": "Changed"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert post.status_code == 403
    application.refresh_from_db()
    assert application.job_title == "Head of Service"


def test_changelist_dcs_reader_lists_and_filters(client, people):
    client.force_login(reader())

    response = client.get(reverse(CHANGELIST), {"endorsement": "declined"})

    assert response.status_code == 200
    assert shown_last_names(response) == {"Cardew"}


def test_changelist_dcs_group_reads_through_its_role(client, people):
    client.force_login(dcs_member())

    listing = client.get(reverse(CHANGELIST))
    summary = client.get(equality_url(people["cohort_a"]))
    change = client.post(change_url(people["ashworth"]), {"job_title": "Changed"})

    assert shown_last_names(listing) == {"Ashworth", "Bexley", "Cardew", "Dunmore"}
    assert summary.status_code == 200
    assert change.status_code == 403


def test_changelist_staff_without_permission_forbidden(client, people):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse(CHANGELIST)).status_code == 403


# Exports


def test_changelist_export_link_carries_filters(coordinator_client, people):
    response = coordinator_client.get(
        reverse(CHANGELIST), {"status__exact": Status.SUBMITTED, "p": "1"}
    )

    assert response.context["export_url"] == f"{reverse(EXPORT)}?status__exact=submitted"
    assert "Export these 3 (CSV)" in response.content.decode()


def test_changelist_unfiltered_offers_export_all(coordinator_client, people):
    response = coordinator_client.get(reverse(CHANGELIST))

    assert response.context["export_url"] == reverse(EXPORT)
    assert "Export all (CSV)" in response.content.decode()


def test_export_all_honours_filters_and_search(coordinator_client, people):
    response = coordinator_client.get(
        reverse(EXPORT), {"cohort__id__exact": people["cohort_b"].pk, "q": "Dunmore"}
    )

    rows = csv_rows(response)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="expressions-of-')
    assert rows[0][0] == "ID"
    assert [row[4] for row in rows[1:]] == ["Dunmore"]


def test_export_all_unfiltered_has_every_application(coordinator_client, people):
    rows = csv_rows(coordinator_client.get(reverse(EXPORT)))

    assert sorted(row[4] for row in rows[1:]) == ["Ashworth", "Bexley", "Cardew", "Dunmore"]


def test_export_all_unknown_filter_sends_back_to_list(coordinator_client, people):
    response = coordinator_client.get(reverse(EXPORT), {"no_such_field": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse(CHANGELIST)}?e=1"


def test_export_selected_action_exports_only_selected(coordinator_client, people):
    selected = [people["ashworth"].pk, people["cardew"].pk]

    response = coordinator_client.post(
        reverse(CHANGELIST), {"action": "export_selected_csv", "_selected_action": selected}
    )

    rows = csv_rows(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert sorted(row[4] for row in rows[1:]) == ["Ashworth", "Cardew"]
    endorsement = {row[4]: row[18] for row in rows[1:]}
    assert endorsement == {"Ashworth": "Endorsed", "Cardew": "Declined"}


def test_export_dcs_reader_may_export(client, people):
    client.force_login(reader())

    response = client.get(reverse(EXPORT), {"status__exact": Status.DRAFT})

    assert [row[4] for row in csv_rows(response)[1:]] == ["Bexley"]


def test_export_staff_without_permission_forbidden(client, people):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse(EXPORT)).status_code == 403


# Equality monitoring summary


@pytest.fixture
def monitored_cohort():
    """Ten submitted applications: nine answered equality monitoring, one did not. Drafts and
    another cohort's applications have answers that must not be counted."""
    cohort = CohortFactory(name="Monitored cohort")
    E = EqualityMonitoring
    answers = (
        [(E.Sex.FEMALE, E.Ethnicity.WHITE, E.AgeBand.FROM_45)] * 5
        + [(E.Sex.MALE, E.Ethnicity.WHITE, E.AgeBand.FROM_35)]
        + [(E.Sex.MALE, E.Ethnicity.ASIAN, E.AgeBand.FROM_35)] * 3
    )
    for sex, ethnicity, age_band in answers:
        EqualityMonitoringFactory(
            application__cohort=cohort,
            sex=sex,
            ethnicity=ethnicity,
            age_band=age_band,
            disability=E.YesNo.NO,
        )
    ExpressionOfInterestFactory(cohort=cohort, submitted=True)
    for _ in range(3):
        EqualityMonitoringFactory(
            application__cohort=cohort,
            application__submitted=False,
            sex=E.Sex.MALE,
            ethnicity=E.Ethnicity.BLACK,
        )
    for _ in range(5):
        EqualityMonitoringFactory(ethnicity=E.Ethnicity.MIXED, sex=E.Sex.PREFER_NOT)
    return cohort


def summary_table(response) -> dict[str, dict[str, str] | None]:
    return {
        question.question: (
            None if question.withheld else {row.answer: row.shown for row in question.answers}
        )
        for question in response.context["summary"].questions
    }


def test_equality_summary_counts_submitted_applications_of_cohort(
    coordinator_client, monitored_cohort
):
    response = coordinator_client.get(equality_url(monitored_cohort))

    table = summary_table(response)
    assert response.status_code == 200
    assert response.context["summary"].submitted == 10
    assert table["Sex"] == {
        "Female": "5",
        "Male": FEWER_THAN,
        "Prefer not to say": "0",
        "No answer": FEWER_THAN,
    }
    assert table["Ethnicity"]["White"] == "6"
    assert table["Ethnicity"]["Black, Black British, Caribbean or African"] == "0"
    assert table["Ethnicity"]["Mixed or multiple ethnic groups"] == "0"
    assert table["Age band"]["45 to 54"] == "5"
    assert table["Age band"]["35 to 44"] == FEWER_THAN


def test_equality_summary_small_counts_shown_as_fewer_than_5(coordinator_client, monitored_cohort):
    content = coordinator_client.get(equality_url(monitored_cohort)).content.decode()

    assert '<th scope="row">Male</th><td>fewer than 5</td>' in content
    assert '<th scope="row">Asian or Asian British</th><td>fewer than 5</td>' in content
    assert '<th scope="row">Male</th><td>4</td>' not in content


def test_equality_summary_everyone_same_answer_withheld(coordinator_client, monitored_cohort):
    response = coordinator_client.get(equality_url(monitored_cohort))

    assert summary_table(response)["Disabled or long-term health condition"] is None
    assert "could identify someone" in response.content.decode()


def test_equality_summary_tables_are_captioned_with_header_scopes(
    coordinator_client, monitored_cohort
):
    content = coordinator_client.get(equality_url(monitored_cohort)).content.decode()

    assert "<caption>Sex</caption>" in content
    assert content.count('<th scope="col">Answer</th>') == 3
    assert "Monitored cohort" in content


def test_equality_summary_fewer_than_5_applications_shows_no_counts(coordinator_client):
    cohort = CohortFactory()
    for _ in range(4):
        EqualityMonitoringFactory(application__cohort=cohort)

    response = coordinator_client.get(equality_url(cohort))

    assert response.status_code == 200
    assert response.context["summary"].too_few
    assert response.context["summary"].questions == ()
    assert "<caption>Sex</caption>" not in response.content.decode()


def test_equality_summary_dcs_reader_may_see_counts(client, monitored_cohort):
    client.force_login(reader())

    assert client.get(equality_url(monitored_cohort)).status_code == 200


def test_equality_summary_staff_without_view_permission_forbidden(client, monitored_cohort):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(equality_url(monitored_cohort)).status_code == 403


def test_equality_summary_applicant_sent_to_sign_in(client, monitored_cohort):
    client.force_login(UserFactory())

    response = client.get(equality_url(monitored_cohort))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_equality_summary_unknown_cohort_not_found(coordinator_client):
    assert coordinator_client.get(reverse(EQUALITY, args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("answered", "no_answer", "expected"),
    [
        ([12, 8, 0], 5, ["12", "8", "0", "5"]),
        ([5, 4, 0], 1, ["5", FEWER_THAN, "0", FEWER_THAN]),
        # 9 + 1 = 10 is known: the 9 is hidden so the 1 cannot be worked out.
        ([9, 1, 0], 0, [NOT_SHOWN, FEWER_THAN, "0", "0"]),
        # The smallest other count is hidden first: here the "no answer".
        ([9, 1, 0], 6, ["9", FEWER_THAN, "0", NOT_SHOWN]),
        # Hiding the 5 alone is not enough (5 + 1 = 6 and a hidden count is at least 5).
        ([5, 1, 20], 0, [NOT_SHOWN, FEWER_THAN, NOT_SHOWN, "0"]),
        # Two fours summing to 8 could only be four and four.
        ([4, 4, 10], 0, [FEWER_THAN, FEWER_THAN, NOT_SHOWN, "0"]),
        ([0, 7, 0], 3, None),
        ([0, 0, 0], 10, ["0", "0", "0", "10"]),
    ],
)
def test_suppress_small_numbers_no_count_can_be_worked_out(answered, no_answer, expected):
    assert suppress_small_numbers(answered, no_answer) == expected


# Endorsements


def test_endorsement_list_filters_by_state_and_cohort_and_searches(coordinator_client, people):
    url = reverse("admin:applications_endorsement_changelist")

    by_state = coordinator_client.get(url, {"state__exact": Endorsement.State.DECLINED})
    by_cohort = coordinator_client.get(
        url, {"application__cohort__id__exact": people["cohort_a"].pk}
    )
    by_search = coordinator_client.get(url, {"q": "ashworth.endorser@example.org"})

    assert [e.application.last_name for e in by_state.context["cl"].result_list] == ["Cardew"]
    assert [e.application.last_name for e in by_cohort.context["cl"].result_list] == ["Ashworth"]
    assert [e.application.last_name for e in by_search.context["cl"].result_list] == ["Ashworth"]


def test_endorsement_read_only_for_coordinators(coordinator_client, people):
    endorsement = people["dunmore"].endorsements.get(state=Endorsement.State.PENDING)
    url = reverse("admin:applications_endorsement_change", args=[endorsement.pk])

    page = coordinator_client.get(url)
    post = coordinator_client.post(url, {"state": Endorsement.State.CONFIRMED})

    assert page.status_code == 200
    assert endorsement.nonce not in page.content.decode()
    assert post.status_code == 403
    endorsement.refresh_from_db()
    assert endorsement.state == Endorsement.State.PENDING
    add = coordinator_client.get(reverse("admin:applications_endorsement_add"))
    assert add.status_code == 403


def test_endorsement_list_query_count_same_for_2_and_10_requests(coordinator_client):
    url = reverse("admin:applications_endorsement_changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(url).status_code == 200
        return len(captured)

    EndorsementFactory(confirmed=True)
    EndorsementFactory()
    queries()  # fill the caches every request then reuses
    at_two = queries()
    for number in range(8):
        EndorsementFactory(declined=bool(number % 2))

    assert Endorsement.objects.count() == 10
    assert queries() == at_two
