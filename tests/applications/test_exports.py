"""CSV exports: files that open cleanly in Excel, and the applications export's columns."""

import codecs
import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.exports import APPLICATION_HEADER, application_rows
from applications.models import ExpressionOfInterest
from csssl.csv_export import cell_text, csv_response
from tests.applications.factories import EndorsementFactory, ExpressionOfInterestFactory
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Many users are made here and none signs in with a password: skip the slow hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def export(rows, header=("Name", "When")):
    return csv_response(filename="people.csv", header=header, rows=rows)


def column(name: str) -> int:
    return APPLICATION_HEADER.index(name)


def test_csv_response_starts_with_byte_order_mark():
    response = export([["Siân", None]])

    assert response.content.startswith(codecs.BOM_UTF8)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert read_csv(response)[1][0] == "Siân"


def test_csv_response_ends_every_line_with_crlf():
    response = export([["Ann", None], ["Bea", None]])
    body = response.content.removeprefix(codecs.BOM_UTF8)

    assert body.count(b"\r\n") == 3
    assert body.replace(b"\r\n", b"").count(b"\n") == 0
    assert body.endswith(b"\r\n")


def test_csv_response_names_the_file_as_a_download():
    response = export([])

    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'


def test_csv_response_comma_and_quote_survive_round_trip():
    name = 'Smith, Jo "JJ"'

    rows = read_csv(export([[name, "O'Neill"]]))

    assert rows == [["Name", "When"], [name, "O'Neill"]]


@pytest.mark.parametrize("text", ["=SUM(A1)", "+44 115 496 0123", "-2+3", "@cmd", "\t=1+1"])
def test_csv_response_formula_like_text_neutralised(text):
    rows = read_csv(export([[text, None]]))

    assert rows[1][0] == f"'{text}"


def test_cell_text_numbers_are_not_treated_as_formulas():
    assert cell_text(-5) == "-5"
    assert cell_text(Decimal("-750.00")) == "-750.00"
    assert cell_text("Plain text") == "Plain text"


def test_csv_response_summer_utc_time_shown_in_london_time():
    rows = read_csv(export([["Ann", datetime(2021, 7, 2, 22, 59, tzinfo=UTC)]]))

    assert rows[1][1] == "2021-07-02 23:59"


def test_csv_response_winter_utc_time_shown_as_greenwich_time():
    rows = read_csv(export([["Ann", datetime(2021, 12, 2, 22, 59, tzinfo=UTC)]]))

    assert rows[1][1] == "2021-12-02 22:59"


def test_cell_text_dates_booleans_and_none():
    assert cell_text(date(2021, 7, 30)) == "2021-07-30"
    assert cell_text(True) == "Yes"
    assert cell_text(False) == "No"
    assert cell_text(None) == ""


def test_application_rows_columns_for_local_authority_applicant():
    application = ExpressionOfInterestFactory(
        submitted=True,
        submitted_at=datetime(2021, 7, 2, 21, 30, tzinfo=UTC),
        first_name="Ann",
        last_name="Smith",
        access_requirements='=HYPERLINK("http://example.org")',
    )
    EndorsementFactory(application=application, confirmed=True)

    [row] = application_rows(ExpressionOfInterest.objects.all())

    assert len(row) == len(APPLICATION_HEADER)
    assert row[column("ID")] == application.pk
    assert cell_text(row[column("Submitted at")]) == "2021-07-02 22:30"
    assert row[column("Cohort")] == str(application.cohort)
    assert row[column("Email")] == application.applicant.email
    assert row[column("Organisation type")] == "Local authority"
    assert row[column("External partner")] is False
    assert row[column("Local authority area")] == "Nottinghamshire"
    assert row[column("Sector")] == "Early help and family support"
    assert row[column("Endorsement")] == "Endorsed"
    assert row[column("Status")] == "Submitted"
    assert cell_text(row[column("Access requirements")]).startswith("'=")


def test_application_rows_external_partner_has_invoice_details():
    ExpressionOfInterestFactory(submitted=True, external=True)

    [row] = application_rows(ExpressionOfInterest.objects.all())

    assert row[column("Organisation type")] == "Health"
    assert row[column("External partner")] is True
    assert row[column("PO number")] == "PO-4471203"
    assert row[column("Invoice contact email")] == "invoices@nuh.example.org"
    assert row[column("Endorsement")] == "No request"


def test_application_rows_blank_draft_leaves_cells_empty():
    ExpressionOfInterestFactory(
        organisation_type="", local_authority=None, sector="", team_size=None
    )

    [row] = application_rows(ExpressionOfInterest.objects.all())

    assert row[column("Submitted at")] is None
    assert row[column("External partner")] is None
    assert row[column("Local authority area")] == ""
    assert row[column("Status")] == "Draft"


def _queries_for_rows() -> int:
    with CaptureQueriesContext(connection) as queries:
        rows = list(application_rows(ExpressionOfInterest.objects.all()))
    assert rows
    return len(queries)


def test_application_rows_query_count_does_not_grow_with_rows():
    cohort = CohortFactory()
    for _ in range(2):
        EndorsementFactory(application__cohort=cohort, confirmed=True)
    at_two = _queries_for_rows()
    for _ in range(8):
        EndorsementFactory(application__cohort=CohortFactory())
        ExpressionOfInterestFactory(external=True)

    assert _queries_for_rows() == at_two == 1
