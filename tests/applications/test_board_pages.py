"""The allocation board a page at a time: a bounded page whatever the size of the cohort, the
filters and the order carried from page to page, and a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import services as allocation
from applications.models import Allocator, BalanceTarget, ConflictOfInterest, Score
from applications.selectors import PAGE_SIZE
from cohorts.models import LocalAuthority
from tests.factories import CohortFactory, LocalAuthorityFactory, coordinator, dcs_member

from .allocation_fixtures import criteria, endorsed, proposal_shown

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr id="app-(\d+)">')


@pytest.fixture
def cohort():
    return CohortFactory(capacity=5)


@pytest.fixture
def member():
    return dcs_member()


def board_url(cohort, name="applications_board", *args):
    return reverse(f"admin:{name}", args=[cohort.pk, *args])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def another_authority() -> LocalAuthority:
    """An authority other than the factories' own (made here: a transactional test elsewhere
    may have flushed the ones the migrations load)."""
    return LocalAuthorityFactory(code="E06000015", name="Derby")


def row_ids(body: str) -> list[int]:
    return [int(pk) for pk in ROW.findall(body)]


def scored(applications, criterion, scorer, values) -> None:
    """Scores given straight to the table: the board reads them, however they were made."""
    Score.objects.bulk_create(
        Score(application=a, scorer=scorer, criterion=criterion, value=v)
        for a, v in zip(applications, values, strict=True)
    )


def test_board_page_shows_at_most_a_page_and_counts_the_whole_list(cohort, member):
    applications = [endorsed(cohort) for _ in range(PAGE_SIZE + 5)]
    client = signed_in(member)

    first = client.get(board_url(cohort)).content.decode()
    second = client.get(board_url(cohort) + "?page=2").content.decode()

    assert len(row_ids(first)) == PAGE_SIZE
    assert len(row_ids(second)) == 5
    assert set(row_ids(first)) | set(row_ids(second)) == {a.pk for a in applications}
    assert f"Showing 1–{PAGE_SIZE} of {PAGE_SIZE + 5} (page 1 of 2)" in first
    assert f"Showing {PAGE_SIZE + 1}–{PAGE_SIZE + 5} of {PAGE_SIZE + 5} (page 2 of 2)" in second
    assert f"<strong>{PAGE_SIZE + 5}</strong> endorsed applications" in second


def test_board_one_page_has_no_pagination(cohort, member):
    endorsed(cohort)
    body = signed_in(member).get(board_url(cohort)).content.decode()
    assert "Showing 1–1 of 1" in body
    assert "Pages of endorsed applications" not in body


def test_board_pagination_is_a_labelled_nav_marking_the_page_shown(cohort, member):
    for _ in range(PAGE_SIZE * 2 + 1):
        endorsed(cohort)
    body = signed_in(member).get(board_url(cohort) + "?page=2").content.decode()
    nav = re.search(r'<nav class="board-pages" aria-label="([^"]+)">(.*?)</nav>', body, re.S)
    assert nav is not None
    assert nav.group(1) == "Pages of endorsed applications"
    links = re.findall(r'<a href="\?([^"]*)"( aria-current="page")?>(.*?)</a>', nav.group(2))
    current = [(query, text) for query, marked, text in links if marked]
    assert current == [("page=2", '<span class="visually-hidden">Page </span>2')]
    assert ("", "", 'Previous<span class="visually-hidden"> page</span>') in links
    assert ("page=3", "", 'Next<span class="visually-hidden"> page</span>') in links


def test_board_order_runs_on_across_pages(cohort, member):
    (criterion,) = criteria(cohort)
    applications = [endorsed(cohort) for _ in range(PAGE_SIZE + 3)]
    # Every application scored but the last: its mean is its one score.
    values = [1 + index % 5 for index in range(len(applications) - 1)]
    scored(applications[:-1], criterion, coordinator(), values)
    client = signed_in(member)

    shown = row_ids(client.get(board_url(cohort)).content.decode()) + row_ids(
        client.get(board_url(cohort) + "?page=2").content.decode()
    )

    score_of = {a.pk: v for a, v in zip(applications, values, strict=False)}
    expected = sorted(
        (a for a in applications), key=lambda a: (-score_of.get(a.pk, 0), a.submitted_at, a.pk)
    )
    assert shown == [a.pk for a in expected]
    assert shown[-1] == applications[-1].pk  # the unscored last


def test_board_filters_and_not_yet_scored_by_me_carried_across_pages(cohort, member):
    (criterion,) = criteria(cohort)
    health = [endorsed(cohort, external=True) for _ in range(PAGE_SIZE + 4)]
    others = [endorsed(cohort) for _ in range(3)]
    mine = health[:2]
    scored(mine, criterion, member, [4, 4])
    client = signed_in(member)
    query = "sector=health&unscored=1"

    first = client.get(f"{board_url(cohort)}?{query}").content.decode()
    second = client.get(f"{board_url(cohort)}?{query}&page=2").content.decode()

    shown = row_ids(first) + row_ids(second)
    assert sorted(shown) == sorted(a.pk for a in health[2:])
    assert not {a.pk for a in others + mine} & set(shown)
    assert f"Showing 1–{PAGE_SIZE} of {PAGE_SIZE + 2}" in first
    assert 'href="?sector=health&amp;unscored=1&amp;page=2"' in first
    assert 'href="?sector=health&amp;unscored=1"' in second  # back to the first page
    # Each row's forms send the filters and the page back, to come back to them.
    forms = re.findall(r'<form method="post" action="[^"]*/board/(?:score|decide)/', second)
    assert len(forms) == 2 * len(row_ids(second))
    assert second.count('<input type="hidden" name="sector" value="health">') == len(forms)
    assert second.count('<input type="hidden" name="page" value="2">') == len(forms)


@pytest.mark.parametrize(
    ("number", "page"),
    [
        ("abc", 1),
        ("", 1),
        ("0", 1),
        ("-3", 1),
        ("1.5", 1),
        ("2", 2),
        ("3", 2),
        ("99999999999999999999999", 2),
        ("9" * 5000, 2),
        ("²", 1),
        ("1e3", 1),
    ],
)
def test_board_page_number_out_of_range_or_not_a_number_gives_first_or_last(
    cohort, member, number, page
):
    for _ in range(PAGE_SIZE + 1):
        endorsed(cohort)
    response = signed_in(member).get(f"{board_url(cohort)}?page={number}")
    assert response.status_code == 200
    assert f"(page {page} of 2)" in response.content.decode()


@pytest.mark.parametrize("value", ["x", "²", "99999999999999999999999"])
def test_board_authority_filter_not_an_authority_never_fails(cohort, member, value):
    endorsed(cohort)
    response = signed_in(member).get(board_url(cohort), {"local_authority": value})
    assert response.status_code == 200
    assert len(row_ids(response.content.decode())) == (1 if value == "x" or value == "²" else 0)


def test_board_query_count_same_for_3_and_40_applications(cohort, member):
    (criterion,) = criteria(cohort)
    coord = coordinator()
    client = signed_in(member)
    made = []

    def add(count: int) -> None:
        for index in range(count):
            application = endorsed(cohort)
            made.append(application)
            allocation.score_record(
                application=application, scorer=member, criterion=criterion, value=1 + index % 5
            )
            if index % 3 == 0:
                allocation.decision_record(
                    application=application, outcome="waiting_list", reason="Later", by=coord
                )

    def queries(query: str = "") -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(board_url(cohort) + query)
        assert response.status_code == 200
        return len(captured), len(row_ids(response.content.decode()))

    add(3)
    # The member leads the first applicant's authority: a conflict, recorded on the first visit
    # with the settings; later visits only look.
    made[0].local_authority = another_authority()
    made[0].save()
    Allocator.objects.create(user=member, local_authority=made[0].local_authority)
    client.get(board_url(cohort))
    small, small_rows = queries()
    add(37)
    large, large_rows = queries()
    last, last_rows = queries("?page=2&decided=none&sector=early_help")
    assert (small_rows, large_rows) == (3, PAGE_SIZE)
    assert large == small
    assert last == small
    assert last_rows == 40 - 14 - PAGE_SIZE  # one in three decided


def test_board_proposal_query_count_same_for_3_and_40_applications(cohort, member):
    (criterion,) = criteria(cohort)
    coord = coordinator()
    client = signed_in(member)
    authority = another_authority()
    BalanceTarget.objects.create(
        cohort=cohort,
        dimension=BalanceTarget.Dimension.LOCAL_AUTHORITY,
        value=authority.code,
        minimum=1,
    )

    def add(count: int) -> None:
        for index in range(count):
            application = endorsed(cohort, **({"local_authority": authority} if index == 0 else {}))
            allocation.score_record(
                application=application, scorer=member, criterion=criterion, value=1 + index % 5
            )
            if index % 3 == 1:
                allocation.decision_record(
                    application=application, outcome="waiting_list", reason="Later", by=coord
                )

    def queries(query: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(board_url(cohort) + query)
        assert response.status_code == 200
        if not query:
            return len(captured), 0
        shown = proposal_shown(response.content.decode(), cohort)
        return len(captured), len(shown["offers"]) + len(shown["waiting"])

    add(3)
    client.get(board_url(cohort))  # the first visit records the settings
    board, _ = queries("")
    small, small_named = queries("?propose=1")
    add(37)
    large, large_named = queries("?propose=1")
    assert (small_named, large_named) == (3, 40)
    assert large == small
    # The proposal's own: the candidates with what the board lists of them, the targets, and
    # the names of the authorities the targets name.
    assert small == board + 3


def test_board_conflicts_recorded_in_a_fixed_number_of_queries(
    cohort, member, django_assert_num_queries
):
    own = [endorsed(cohort) for _ in range(4)]
    endorsed(cohort, local_authority=another_authority())
    Allocator.objects.create(user=member, local_authority=own[0].local_authority)

    with django_assert_num_queries(3):  # those missing, the authority's name, the records
        assert allocation.conflicts_record(member=member, cohort=cohort) == 4
    with django_assert_num_queries(1):  # on record already: nothing to write
        assert allocation.conflicts_record(member=member, cohort=cohort) == 0
    assert sorted(ConflictOfInterest.objects.values_list("application_id", flat=True)) == sorted(
        a.pk for a in own
    )


def test_board_score_form_shows_my_scores_and_comment(cohort, member):
    first, second = criteria(cohort, "Readiness", "Contribution")
    application = endorsed(cohort)
    allocation.score_record(
        application=application, scorer=member, criterion=first, value=4, comment="Ready now"
    )
    allocation.score_record(
        application=application, scorer=coordinator_scorer(), criterion=second, value=2
    )
    body = signed_in(member).get(board_url(cohort)).content.decode()

    def chosen(criterion) -> list[str]:
        select = re.search(
            rf'<select id="s-{application.pk}-{criterion.pk}"[^>]*>(.*?)</select>', body, re.S
        )
        return re.findall(r'<option value="(\d)" selected>', select.group(1))

    assert chosen(first) == ["4"]
    assert chosen(second) == []  # another member's score is not this member's
    assert f'name="comment-{first.pk}" value="Ready now"' in body
    assert "Mean <strong>3.00</strong>" in body


def coordinator_scorer():
    """A second member of the DCS group."""
    return dcs_member()


def test_board_score_saved_returns_to_the_page_now_showing_the_row(cohort, member):
    (criterion,) = criteria(cohort)
    applications = [endorsed(cohort) for _ in range(PAGE_SIZE + 2)]
    scored(applications[:-1], criterion, coordinator_scorer(), [3] * (len(applications) - 1))
    unscored = applications[-1]  # last, on page 2
    client = signed_in(member)

    response = client.post(
        board_url(cohort, "applications_board_score", unscored.pk),
        {f"criterion-{criterion.pk}": "5", "page": "2", "sector": "early_help"},
    )

    # A 5 puts it first: back on page 1, with the filter, opened at the row.
    assert response.status_code == 302
    assert response["Location"] == f"{board_url(cohort)}?sector=early_help#app-{unscored.pk}"
    body = client.get(response["Location"]).content.decode()
    assert row_ids(body)[0] == unscored.pk
    assert f"Scores saved for {unscored.full_name}" in body


def test_board_score_saved_under_not_yet_scored_stays_on_the_page(cohort, member):
    (criterion,) = criteria(cohort)
    applications = [endorsed(cohort) for _ in range(PAGE_SIZE * 2 + 1)]
    on_second_page = applications[PAGE_SIZE + 1]

    response = signed_in(member).post(
        board_url(cohort, "applications_board_score", on_second_page.pk),
        {f"criterion-{criterion.pk}": "3", "page": "2", "unscored": "1"},
    )

    # Scored, it leaves the list: the same page, where the next ones wait, and no row to open.
    assert response["Location"] == f"{board_url(cohort)}?unscored=1&page=2"


def test_board_score_saved_on_a_page_past_the_end_comes_back_to_the_last(cohort, member):
    (criterion,) = criteria(cohort)
    applications = [endorsed(cohort) for _ in range(PAGE_SIZE + 1)]

    response = signed_in(member).post(
        board_url(cohort, "applications_board_score", applications[0].pk),
        {f"criterion-{criterion.pk}": "3", "page": "2", "unscored": "1"},
    )

    # Twenty-five left unscored make one page: the page asked for no longer exists.
    assert response["Location"] == f"{board_url(cohort)}?unscored=1"


def test_board_decision_recorded_returns_to_the_same_page_and_row(cohort, member):
    coord = coordinator()
    applications = [endorsed(cohort) for _ in range(PAGE_SIZE + 2)]
    on_second_page = applications[-1]

    response = signed_in(coord).post(
        board_url(cohort, "applications_board_decide", on_second_page.pk),
        {"outcome": "waiting_list", "reason": "Next year", "page": "2"},
    )

    assert response["Location"] == f"{board_url(cohort)}?page=2#app-{on_second_page.pk}"


def test_board_refused_decision_returns_to_its_page_at_the_top(cohort):
    coord = coordinator()
    applications = [endorsed(cohort) for _ in range(PAGE_SIZE + 2)]
    client = signed_in(coord)
    for application in applications[:5]:
        allocation.decision_record(application=application, outcome="offer", reason="Yes", by=coord)

    response = client.post(
        board_url(cohort, "applications_board_decide", applications[-1].pk),
        {"outcome": "offer", "reason": "Exceptional candidate", "page": "2"},
    )

    assert response["Location"] == f"{board_url(cohort)}?page=2"
    body = client.get(response["Location"]).content.decode()
    assert "All 5 places are held" in body
    assert 'value="Exceptional candidate"' in body


def test_board_proposal_lists_applications_on_other_pages(cohort, member):
    (criterion,) = criteria(cohort)
    applications = [endorsed(cohort) for _ in range(PAGE_SIZE + 5)]
    # The best five are on page 1; page 2 is shown while the proposal is read.
    scored(applications, criterion, member, [5] * 5 + [1] * (len(applications) - 5))
    body = signed_in(member).get(board_url(cohort) + "?page=2&propose=1").content.decode()

    offered = re.findall(r'<input type="checkbox" id="p-(\d+)" name="offer"', body)
    shown = proposal_shown(body, cohort)
    assert sorted(int(pk) for pk in offered) == sorted(a.pk for a in applications[:5])
    assert sorted(pk for pk, _ in shown["offers"]) == sorted(a.pk for a in applications[:5])
    assert [pk for pk, _ in shown["waiting"]] == [a.pk for a in applications[5:]]
    (listed,) = re.findall(
        r"Waiting list, in this order \((\d+)\)</legend>\s*<ol[^>]*>(.*?)</ol>", body, re.S
    )
    assert int(listed[0]) == listed[1].count("<li>") == len(applications) - 5
    assert "(page 2 of 2)" in body


@pytest.mark.parametrize("number", ["9" * 5000, "²", "-1", "0"])
def test_board_page_sent_back_with_a_decision_never_fails(cohort, number):
    application = endorsed(cohort)
    response = signed_in(coordinator()).post(
        board_url(cohort, "applications_board_decide", application.pk),
        {"outcome": "waiting_list", "reason": "Next year", "page": number, "version": number},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{board_url(cohort)}#app-{application.pk}"


@pytest.mark.parametrize(
    "mean", ["1", "2.5", "3.125", "3.135", "4.005", "4.994999", "4.995", "2.3333333333333333", "5"]
)
def test_board_figures_written_as_the_template_wrote_them(mean):
    from decimal import Decimal

    from django.template.defaultfilters import floatformat

    from applications.admin.board_proposal import mean_text
    from applications.admin.board_rows import two_places

    # A mean comes from the database as a decimal, a spread is worked out as a float.
    for value in (Decimal(mean), float(mean), float(mean) ** 0.5):
        assert two_places(value) == floatformat(value, 2)
    assert mean_text(Decimal(mean)) == f" (mean {floatformat(Decimal(mean), 2)})"
    assert mean_text(None) == ""
