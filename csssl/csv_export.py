"""CSV downloads that open cleanly in Excel: UTF-8 with a byte-order mark, CRLF line endings,
UK times, and text that a spreadsheet would run as a formula made harmless."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from csssl.uktime import spreadsheet_moment

__all__ = ["cell_text", "csv_response", "csv_text"]

#: A spreadsheet treats a cell starting with one of these as a formula (OWASP's list: a tab or
#: carriage return can hide one), so text starting with them is prefixed with an apostrophe.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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
        return spreadsheet_moment(value)
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
