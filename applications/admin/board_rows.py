"""What each row of the allocation board shows, worked out once in Python rather than in the
template: the options of its score and decision menus (a handful of fixed choices, made once
for the whole process), the addresses its forms post to, and the hidden fields that carry the
board's filters and page. A page of 25 rows then renders without looping over choices or
reversing addresses row by row."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
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
# The board's 25 rows are most of the page: written here with format_html, which escapes every
# value as the template would, they cost a tenth of the template's loop. What each cell says
# and how it is labelled for a screen reader is as the template had it.

ROW = """<tr id="app-{pk}">
<th scope="row" class="applicant"><a href="{change_url}">{name}</a><br>
<span class="board-note">{job_title}, {employer}<br>
{authority} · {sector} · {organisation_type}</span></th>
<td>{scores}</td>
<td>{score_cell}</td>
<td>{decision}{decide_form}</td>
</tr>
"""
SCORES = "Mean <strong>{}</strong><br>\nRange {}–{}{}<br>\n{} scorer{}"
SCORE_FORM = """<form method="post" action="{action}">{carried}
<div class="score-grid">{menus}</div>
<label for="c-{pk}">Comment</label>
<input type="text" id="c-{pk}" name="{comment_field}" value="{comment}">
<button type="submit" class="button">Save scores<span class="visually-hidden"> for {name}</span></button>
</form>"""
SCORE_MENU = '\n<label for="{}">{}</label>\n<select id="{}" name="{}">{}</select>'
DECISION = '<strong>{}{}</strong>{}\n<br><span class="board-note">{} ({}, {})</span>\n'  # noqa: RUF001
DECIDE_FORM = """<form method="post" action="{action}">{carried}
<input type="hidden" name="version" value="{version}">{kept}
<label for="o-{pk}">Decision<span class="visually-hidden"> for {name}</span></label>
<select id="o-{pk}" name="outcome">{outcome_menu}</select>
<label for="r-{pk}">Reason</label>
<input type="text" id="r-{pk}" name="reason" value="{reason}" required>
<label for="w-{pk}">Waiting-list place (optional)</label>
<input type="number" id="w-{pk}" name="waiting_rank" min="1" value="{rank}">
<button type="submit" class="button">Record<span class="visually-hidden"> the decision for {name}</span></button>
</form>"""
KEPT = mark_safe(
    '\n<p class="errornote">Not recorded (the message at the top says why): your decision is '
    "kept here as you typed it.</p>"
)


def _when(value, format: str) -> str:
    """A date and time as the template's ``date`` filter writes it, in the local time zone."""
    return date_filter(template_localtime(value), format) if value else ""


def _scores(row: selectors.BoardRow) -> SafeString | str:
    a = row.application
    if a.mean_score is None:
        return "Not scored yet"
    spread = row.spread
    return format_html(
        SCORES,
        floatformat(a.mean_score, 2),
        a.low_score,
        a.high_score,
        f", spread {floatformat(spread, 2)}" if spread is not None else "",
        a.scorers,
        "" if a.scorers == 1 else "s",
    )


def _score_cell(row, *, can_score: bool, page: selectors.BoardPage, carried: str):
    if row.conflict:
        return (
            "Conflict of interest: you do not score applicants from your own authority (recorded)."
        )
    if not page.criteria:
        return "No criteria set yet."
    if not can_score:
        return "Scoring is for the DCS group."
    return format_html(
        SCORE_FORM,
        action=row.score_url,
        carried=carried,
        menus=format_html_join(
            "",
            SCORE_MENU,
            (
                (field.control, field.criterion.name, field.control, field.name, menu)
                for field, menu in row.menus
            ),
        ),
        pk=row.key,
        comment_field=page.comment_field,
        comment=row.comment,
        name=row.application.full_name,
    )


def _decision(row) -> SafeString | str:
    decision, offer = row.decision, row.offer
    if not decision:
        return ""
    answer = ""
    if offer:
        by = _when(offer.respond_by, "j M Y")
        answer = format_html(
            "<br>{}{}", offer.get_state_display(), f", answer by {by}" if by else ""
        )
    return format_html(
        DECISION,
        decision.get_outcome_display(),
        f" (number {decision.waiting_rank})" if decision.waiting_rank else "",
        answer,
        decision.reason,
        decision.decided_by or "automatically",
        _when(decision.decided_at, "j M H:i"),
    )


def _decide_form(row, *, carried: str) -> SafeString | str:
    if row.offer and row.offer.state != "pending":
        return ""
    return format_html(
        DECIDE_FORM,
        action=row.decide_url,
        carried=carried,
        version=row.version,
        kept=KEPT if row.kept else "",
        pk=row.key,
        name=row.application.full_name,
        outcome_menu=row.outcome_menu,
        reason=row.reason,
        rank=row.rank,
    )


def rows_markup(
    rows: list[selectors.BoardRow], *, page: selectors.BoardPage, can_score: bool, carried: str
) -> SafeString:
    """The table rows of the board's page, each as the template wrote it, once
    ``rows_prepare`` has given them what they show."""
    lines = []
    for row in rows:
        a = row.application
        lines.append(
            format_html(
                ROW,
                pk=row.key,
                change_url=row.change_url,
                name=a.full_name,
                job_title=a.job_title,
                employer=a.employer,
                authority=a.local_authority.name if a.local_authority else "No authority",
                sector=a.get_sector_display(),
                organisation_type=a.get_organisation_type_display(),
                scores=_scores(row),
                score_cell=_score_cell(row, can_score=can_score, page=page, carried=carried),
                decision=_decision(row),
                decide_form=_decide_form(row, carried=carried),
            )
        )
    return mark_safe("".join(lines))
