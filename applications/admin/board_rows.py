"""What each row of the allocation board shows, worked out once in Python rather than in the
template: the options of its score and decision menus (a handful of fixed choices, made once
for the whole process), the addresses its forms post to, the hidden fields that carry the
board's filters and page, the filter menus, and the rows' markup itself. A page of 25 rows then
renders without the template looping over rows, choices or authorities."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

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


def filter_options(filters: dict[str, str], **choices: list[tuple[str, str]]) -> dict:
    """The ``<option>`` list of each filter's menu, the one the board is filtered by chosen:
    a hundred and fifty authorities are one join here, not a loop in the template."""
    return {
        name: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if filters.get(name) == value else "", label)
                for value, label in options
            ),
        )
        for name, options in choices.items()
    }


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


# --- each row's markup ------------------------------------------------------------------------
# The board's 25 rows are most of the page: written here, with every value escaped as the
# template escaped it (``html.escape``, which Django's ``escape`` is), they cost a small part of
# the template's loop. What each cell says and how it is labelled for a screen reader is as the
# template had it.

HUNDREDTH = Decimal("0.01")
KEPT = (
    '\n<p class="errornote">Not recorded (the message at the top says why): your decision is '
    "kept here as you typed it.</p>"
)


def two_places(value) -> str:
    """A number to two places, rounded half up, as the template's ``floatformat:2`` writes
    it (the board's figures are below ten, so never grouped)."""
    return str(Decimal(str(value)).quantize(HUNDREDTH, ROUND_HALF_UP))


def _when(value, format: str) -> str:
    """A date and time as the template's ``date`` filter writes it, in the local time zone."""
    return date_filter(template_localtime(value), format) if value else ""


def _scores(row) -> str:
    a = row.application
    if a.mean_score is None:
        return "Not scored yet"
    spread = row.spread
    return (
        f"Mean <strong>{two_places(a.mean_score)}</strong><br>\n"
        f"Range {a.low_score}–{a.high_score}"  # noqa: RUF001
        f"{f', spread {two_places(spread)}' if spread is not None else ''}<br>\n"
        f"{a.scorers} scorer{'' if a.scorers == 1 else 's'}"
    )


def _score_form(row, name: str, labels: list[str], comment_field: str, carried: str) -> str:
    menus = "".join(
        f'\n<label for="{field.control}">{label}</label>\n'
        f'<select id="{field.control}" name="{field.name}">{menu}</select>'
        for (field, menu), label in zip(row.menus, labels, strict=True)
    )
    return (
        f'<form method="post" action="{escape(row.score_url)}">{carried}\n'
        f'<div class="score-grid">{menus}</div>\n'
        f'<label for="c-{row.key}">Comment</label>\n'
        f'<input type="text" id="c-{row.key}" name="{comment_field}" '
        f'value="{escape(row.comment)}">\n'
        f'<button type="submit" class="button">Save scores<span class="visually-hidden"> for '
        f"{name}</span></button>\n</form>"
    )


def _decision(row) -> str:
    decision, offer = row.decision, row.offer
    if not decision:
        return ""
    answer = ""
    if offer:
        by = _when(offer.respond_by, "j M Y")
        answer = f"<br>{escape(offer.get_state_display())}{f', answer by {by}' if by else ''}"
    rank = f" (number {decision.waiting_rank})" if decision.waiting_rank else ""
    return (
        f"<strong>{escape(decision.get_outcome_display())}{rank}</strong>{answer}\n"
        f'<br><span class="board-note">{escape(decision.reason)} '
        f"({escape(str(decision.decided_by or 'automatically'))}, "
        f"{_when(decision.decided_at, 'j M H:i')})</span>\n"
    )


def _decide_form(row, name: str, carried: str) -> str:
    if row.offer and row.offer.state != "pending":
        return ""
    pk = row.key
    return (
        f'<form method="post" action="{escape(row.decide_url)}">{carried}\n'
        f'<input type="hidden" name="version" value="{row.version}">{KEPT if row.kept else ""}\n'
        f'<label for="o-{pk}">Decision<span class="visually-hidden"> for {name}</span></label>\n'
        f'<select id="o-{pk}" name="outcome">{row.outcome_menu}</select>\n'
        f'<label for="r-{pk}">Reason</label>\n'
        f'<input type="text" id="r-{pk}" name="reason" value="{escape(row.reason)}" required>\n'
        f'<label for="w-{pk}">Waiting-list place (optional)</label>\n'
        f'<input type="number" id="w-{pk}" name="waiting_rank" min="1" '
        f'value="{escape(str(row.rank))}">\n'
        f'<button type="submit" class="button">Record<span class="visually-hidden"> the '
        f"decision for {name}</span></button>\n</form>"
    )


def rows_markup(
    rows: list[selectors.BoardRow], *, page: selectors.BoardPage, can_score: bool, carried: str
) -> SafeString:
    """The table rows of the board's page, each as the template wrote it, once
    ``rows_prepare`` has given them what they show."""
    labels = [escape(criterion.name) for criterion in page.criteria]
    lines = []
    for row in rows:
        a = row.application
        name = escape(a.full_name)
        if row.conflict:
            score_cell = (
                "Conflict of interest: you do not score applicants from your own authority "
                "(recorded)."
            )
        elif not page.criteria:
            score_cell = "No criteria set yet."
        elif not can_score:
            score_cell = "Scoring is for the DCS group."
        else:
            score_cell = _score_form(row, name, labels, page.comment_field, carried)
        authority = a.local_authority.name if a.local_authority else "No authority"
        lines.append(
            f'<tr id="app-{row.key}">\n'
            f'<th scope="row" class="applicant"><a href="{escape(row.change_url)}">{name}</a>'
            f'<br>\n<span class="board-note">{escape(a.job_title)}, {escape(a.employer)}<br>\n'
            f"{escape(authority)} · {escape(a.get_sector_display())} · "
            f"{escape(a.get_organisation_type_display())}</span></th>\n"
            f"<td>{_scores(row)}</td>\n<td>{score_cell}</td>\n"
            f"<td>{_decision(row)}{_decide_form(row, name, carried)}</td>\n</tr>\n"
        )
    return mark_safe("".join(lines))
