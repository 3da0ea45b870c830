"""A register's rows (an event's, or a group meeting's), written in Python: a register of a
hundred people is a hundred cards of two forms and five buttons each, and the template language
took longer over them than over the rest of the page. The markup is the one
static/js/register.js and the tests read: the card named by the person's id, their status,
marks, note and history; a group of buttons named for the person, the pressed one marked, those
of the day itself disabled until the day comes. Every value is escaped once (``escape``, or
``format_html``) before it is joined into the markup."""

from __future__ import annotations

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

register = template.Library()

PRESSED = 'btn-primary" aria-pressed="true"'
NOT_PRESSED = 'btn-outline-secondary" aria-pressed="false"'
LOCKED = ' disabled aria-describedby="marks-from"'
HIDDEN = mark_safe(" hidden")
NOTHING = mark_safe("")

CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'

ROW = """
<li class="card mb-3" id="participant-{pk}" data-participant="{pk}">
<div class="card-body">
<h2 class="h5 mb-1">{name}</h2>
<p class="text-secondary mb-2">{organisation}{job_title}{place}</p>
{apology}<p class="mb-2"><span class="badge border text-bg-{tone}" data-register="status">\
{status_label}</span> <span class="small" data-register="marked">{marked}</span></p>
<p class="text-danger fw-semibold mb-2" id="error-{pk}" data-register="error"{error_hidden}>\
{error}</p>
<form method="post" action="{mark_url}" data-register="mark">{csrf}
{buttons}
</form>
<form method="post" action="{note_url}" class="mt-3" data-register="note"{note_hidden}>{csrf}
<label class="form-label" for="note-{pk}">Note<span class="visually-hidden"> about {name}</span>\
</label>
<div class="input-group">
<input class="form-control" type="text" name="note" id="note-{pk}" maxlength="{note_length}" \
value="{note_text}"{invalid}>
<button type="submit" class="btn btn-outline-secondary">Save note\
<span class="visually-hidden"> about {name}</span></button>
</div>
</form>
<details class="mt-3" data-register="history"{history_hidden}>
<summary class="py-1">History of changes<span class="visually-hidden"> for {name}</span></summary>
<ol class="small mb-0 mt-2" data-register="history-list">{history}</ol>
</details>
</div>
</li>
"""


@register.simple_tag(takes_context=True)
def mark_buttons(context, row, name: str) -> SafeString:
    """The status buttons of ``row`` (a ``RegisterRow``) for the person called ``name``, from
    the page's ``statuses``, ``attendance_open`` and ``on_the_day``."""
    selected = row.selected
    locked = () if context["attendance_open"] else context["on_the_day"]
    name = escape(name)
    buttons = "\n".join(
        f'<div class="col"><button type="submit" name="status" value="{escape(value)}"'
        f' class="btn w-100 {PRESSED if value == selected else NOT_PRESSED}'
        f"{LOCKED if value in locked else ''}>{escape(label)}"
        f'<span class="visually-hidden"> for {name}</span></button></div>'
        for value, label in context["statuses"]
    )
    return mark_safe(  # noqa: S308 - every value above is escaped
        '<div class="row row-cols-3 row-cols-md-5 g-2 register-marks" role="group"'
        f' aria-label="Attendance of {name}">\n{buttons}\n</div>'
    )


def _csrf(context) -> SafeString:
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return NOTHING
    return format_html(CSRF, token)


def _row(context, row, person, mark_url: str, note_url: str, csrf: SafeString) -> SafeString:
    name = row.name
    record, draft, apology = row.record, row.draft, row.apology
    return format_html(
        ROW,
        pk=row.key,
        name=name,
        organisation=person.organisation.name,
        job_title=format_html(" · {}", person.job_title) if person.job_title else NOTHING,
        place=NOTHING
        if row.is_active
        else format_html(" · <strong>{}</strong>", person.get_status_display()),
        apology=format_html(
            '<p class="mb-2">Apologies sent {}: “{}”</p>',
            date_format(localtime(apology.sent_at), "j M, H:i"),
            apology.reason,
        )
        if apology
        else NOTHING,
        tone=row.tone,
        status_label=row.status_label,
        marked=row.marked_text,
        error_hidden=NOTHING if row.error else HIDDEN,
        error=row.error,
        mark_url=mark_url,
        note_url=note_url,
        csrf=csrf,
        buttons=mark_buttons(context, row, name),
        note_hidden=HIDDEN if not record and draft is None else NOTHING,
        note_length=context["note_length"],
        note_text=row.note_text,
        invalid=NOTHING
        if draft is None
        else format_html(' aria-invalid="true" aria-describedby="error-{}"', row.key),
        history_hidden=NOTHING if row.changes else HIDDEN,
        history=format_html_join("", "<li>{}</li>", ((line,) for line in row.history_lines)),
    )


@register.simple_tag(takes_context=True)
def register_row(context, row, person, mark_url: str, note_url: str) -> SafeString:
    """One person's card: ``row`` (a ``RegisterRow``) of ``person``, its marks posted to
    ``mark_url`` and its note to ``note_url``, with the page's ``statuses``, ``on_the_day``,
    ``attendance_open`` and ``note_length``."""
    return _row(context, row, person, mark_url, note_url, _csrf(context))


@register.simple_tag(takes_context=True)
def register_rows(context, rows) -> SafeString:
    """The cards of an event's register, each posted to its row's own addresses."""
    csrf = _csrf(context)
    return mark_safe(  # noqa: S308 - each card is format_html's
        "".join(
            _row(context, row, row.participant, row.mark_url, row.note_url, csrf) for row in rows
        )
    )
