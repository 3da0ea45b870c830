"""What each row of the allocation board shows, worked out once in Python rather than in the
template: the options of its score and decision menus (a handful of fixed choices, made once
for the whole process), the addresses its forms post to, and the hidden fields that carry the
board's filters and page. A page of 25 rows then renders without looping over choices or
reversing addresses row by row."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from applications import selectors
from applications.models import Decision
from applications.selectors.allocation import SCORE_VALUES


def _options(choices: list[tuple[str, str]], *, blank: str | None) -> dict[str, SafeString]:
    """The ``<option>`` list of a menu for each value that may be chosen ("" for none)."""
    menus = {}
    for chosen in ["", *(value for value, _ in choices)]:
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if value == chosen else "", label)
                for value, label in choices
            ),
        )
        menus[chosen] = (
            format_html('<option value="">{}</option>{}', blank, options) if blank else options
        )
    return menus


#: The score menu's options for each score the member may already have given.
SCORE_OPTIONS = _options([(n, n) for n in SCORE_VALUES], blank="–")
#: The decision menu's options for each outcome that may be chosen already.
OUTCOME_OPTIONS = _options(list(Decision.Outcome.choices), blank=None)


def carried_fields(request: HttpRequest, *, filters: dict[str, str], page_number: str) -> str:
    """The hidden fields every form of a row sends: the CSRF token, the filters and the
    page, so the board comes back as it was."""
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
        '<input type="hidden" name="page" value="{}">',
        get_token(request),
        format_html_join("", '<input type="hidden" name="{}" value="{}">', filters.items()),
        page_number,
    )


def _address(name: str, *args: int) -> tuple[str, str]:
    """The address named ``name`` for ``args`` and an application, split either side of the
    application's id: reversed once for the page, then joined for each row."""
    before, after = reverse(name, args=[*args, 0]).rsplit("/0/", 1)
    return before, after


def rows_prepare(rows: list[selectors.BoardRow], *, cohort_id: int, kept: dict) -> None:
    """Give each row what its cells show: a decision refused earlier (kept as it was typed),
    the options of its menus, the values of its decision form and its forms' addresses."""
    change = _address("admin:applications_expressionofinterest_change")
    score = _address("admin:applications_board_score", cohort_id)
    decide = _address("admin:applications_board_decide", cohort_id)
    for row in rows:
        row.kept = kept.get(row.key, {})
        row.menus = [
            (field, SCORE_OPTIONS.get(field.value, SCORE_OPTIONS[""])) for field in row.fields
        ]
        decision = row.decision
        if row.kept:
            outcome = row.kept.get("outcome", "")
            row.reason = row.kept.get("reason", "")
            row.rank = row.kept.get("waiting_rank", "")
        else:
            outcome = decision.outcome if decision else ""
            row.reason = decision.reason if decision else ""
            row.rank = (decision.waiting_rank or "") if decision else ""
        row.outcome_menu = OUTCOME_OPTIONS.get(outcome, OUTCOME_OPTIONS[""])
        row.version = decision.version if decision and decision.version else 0
        row.change_url, row.score_url, row.decide_url = (
            f"{before}/{row.key}/{after}" for before, after in (change, score, decide)
        )
