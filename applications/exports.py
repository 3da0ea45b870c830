"""CSV exports that open cleanly in Excel, and the columns of the applications export.

``csv_response`` is general: any list a coordinator downloads goes through it, so every export
gets the same encoding, line endings, time zone and protection against formula injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from .models import Endorsement, ExpressionOfInterest

#: People read every time in UK time, whatever the server's or the request's time zone.
UK_TIME = ZoneInfo("Europe/London")

#: A spreadsheet treats a cell starting with one of these as a formula (OWASP's list: a tab or
#: carriage return can hide one), so text starting with them is prefixed with an apostrophe.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: The endorsement states of a request that is still in force; any other has been replaced or
#: cancelled. At most one request per application is in force (a database constraint).
LIVE_ENDORSEMENT_STATES = (
    Endorsement.State.PENDING,
    Endorsement.State.CONFIRMED,
    Endorsement.State.DECLINED,
)

#: Shown where an application has no endorsement request in force.
NO_ENDORSEMENT = "No request"


def cell_text(value: Any) -> str:
    """One value as the text of a spreadsheet cell.

    Times are shown in UK time as ``YYYY-MM-DD HH:MM``, dates as ``YYYY-MM-DD``, booleans as
    Yes / No and None as an empty cell. Numbers are left as numbers (a negative number is not a
    formula); any text that starts with ``= + - @``, a tab or a carriage return gets a leading
    apostrophe, so a spreadsheet shows it instead of running it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UK_TIME)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return f"'{text}"
    return text


def csv_text(*, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV document: a header row, then one row per item, with CRLF line endings and
    fields quoted only where they need it (a comma, quote or line break)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([cell_text(value) for value in header])
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
    return buffer.getvalue()


def csv_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A CSV download that Excel opens with the right characters: UTF-8 with a byte-order mark
    (without it Excel guesses a Windows code page and garbles names such as "Siân")."""
    response = HttpResponse(
        csv_text(header=header, rows=rows).encode("utf-8-sig"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def live_endorsement_state() -> Subquery:
    """The state of the application's endorsement request in force (pending, confirmed or
    declined), or NULL when it has none: one subquery, so a list does not query per row."""
    return Subquery(
        Endorsement.objects.filter(application=OuterRef("pk"), state__in=LIVE_ENDORSEMENT_STATES)
        .order_by("-requested_at", "-pk")
        .values("state")[:1]
    )


def with_endorsement_state(queryset: QuerySet[ExpressionOfInterest]) -> QuerySet:
    """``queryset`` annotated with ``endorsement_state`` (see ``live_endorsement_state``),
    unless it already is."""
    if "endorsement_state" in queryset.query.annotations:
        return queryset
    return queryset.annotate(endorsement_state=live_endorsement_state())


def endorsement_state_label(state: str | None) -> str:
    """What a coordinator calls an endorsement state; ``None`` means no request in force."""
    if not state:
        return NO_ENDORSEMENT
    return str(Endorsement.State(state).label)


#: The columns of the applications export, in order.
APPLICATION_HEADER: tuple[str, ...] = (
    "ID",
    "Submitted at",
    "Cohort",
    "First name",
    "Last name",
    "Email",
    "Telephone",
    "Job title",
    "Employer",
    "Organisation type",
    "External partner",
    "Local authority area",
    "Sector",
    "Service area",
    "Service led",
    "People managed",
    "Endorser name",
    "Endorser email",
    "Endorsement",
    "Status",
    "Access requirements",
    "PO number",
    "Invoice contact name",
    "Invoice contact email",
    "Invoice address",
)


def application_rows(queryset: QuerySet[ExpressionOfInterest]) -> Iterator[list[Any]]:
    """One row per application, in the order of ``APPLICATION_HEADER``, for a fixed number of
    queries however many applications there are. The external-partner column is only
    answered once the organisation type is known."""
    applications = with_endorsement_state(
        queryset.select_related("cohort__programme", "applicant", "local_authority")
    )
    for application in applications:
        yield [
            application.pk,
            application.submitted_at,
            str(application.cohort),
            application.first_name,
            application.last_name,
            application.applicant.email,
            application.phone,
            application.job_title,
            application.employer,
            application.get_organisation_type_display(),
            application.is_external_partner if application.organisation_type else None,
            application.local_authority.name if application.local_authority else "",
            application.get_sector_display(),
            application.service_area,
            application.service_led,
            application.team_size,
            application.endorser_name,
            application.endorser_email,
            endorsement_state_label(application.endorsement_state),
            application.get_status_display(),
            application.access_requirements,
            application.purchase_order_number,
            application.invoice_contact_name,
            application.invoice_contact_email,
            application.invoice_address,
        ]
