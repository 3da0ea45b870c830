"""A register's rows (an event's, or a group meeting's), written in Python: a register of a
hundred people is a hundred cards of two forms and five buttons each, and the template language
took longer over them than over the rest of the page. The markup is the one
static/js/register.js and the tests read: the card named by the person's id, their status,
marks, note and history; a group of buttons named for the person, the pressed one marked, those
of the day itself disabled until the day comes. Each value is escaped once (``escape``), and
the card is joined with ``str.format``: ``format_html`` escaped every argument again, a
person's name nine times a card, and took a third of the page's time."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

register = template.Library()

PRESSED = 'btn-primary" aria-pressed="true"'
NOT_PRESSED = 'btn-outline-secondary" aria-pressed="false"'
LOCKED = ' disabled aria-describedby="marks-from"'
HIDDEN = " hidden"
#: Where the person's name goes in the buttons written once for a page: no escaped text has it.
NAME = "\x00"

CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'

#: One status button; its label, then the person's name for a screen reader.
BUTTON = (
    '<button type="submit" name="status" value="{value}" class="btn {pressed}{locked}>'
    '{label}<span class="visually-hidden"> for {name}</span></button>'
)

#: Everything below is given escaped: ``{name}`` and the rest are text, never markup.
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


class Buttons:
    """The status buttons of a page's rows, from its ``statuses``, ``attendance_open`` and
    ``on_the_day``: everything but the person's name is written once for each status pressed
    (or none), when first needed, and each row's group is that with its name put in."""

    def __init__(self, context) -> None:
        self._locked = () if context["attendance_open"] else context["on_the_day"]
        self._statuses = context["statuses"]
        self._groups: dict[str, list[str]] = {}

    def _group(self, selected: str) -> list[str]:
        buttons = "\n".join(
            BUTTON.format(
                value=escape(value),
                pressed=PRESSED if value == selected else NOT_PRESSED,
                locked=LOCKED if value in self._locked else "",
                label=escape(label),
                name=NAME,
            )
            for value, label in self._statuses
        )
        group = (
            f'<div class="register-marks" role="group" aria-label="Attendance of {NAME}">\n'
            f"{buttons}\n</div>"
        )
        return group.split(NAME)

    def __call__(self, selected: str, name: str) -> str:
        """The group with ``selected`` pressed, for the person whose escaped name is ``name``."""
        pieces = self._groups.get(selected)
        if pieces is None:
            pieces = self._groups[selected] = self._group(selected)
        return name.join(pieces)


def _csrf(context) -> str:
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return CSRF.format(escape(str(token)))


def _row(context, row, person, mark_url: str, note_url: str, csrf: str, buttons: Buttons) -> str:
    name = escape(row.name)
    record, draft, apology = row.record, row.draft, row.apology
    pk = escape(row.key)
    return ROW.format(
        pk=pk,
        name=name,
        organisation=escape(person.organisation.name),
        job_title=f" · {escape(person.job_title)}" if person.job_title else "",
        place=""
        if row.is_active
        else f" · <strong>{escape(str(person.get_status_display()))}</strong>",
        apology='<p class="mb-2">Apologies sent {}: “{}”</p>'.format(
            escape(date_format(localtime(apology.sent_at), "j M, H:i")), escape(apology.reason)
        )
        if apology
        else "",
        tone=escape(row.tone),
        status_label=escape(str(row.status_label)),
        marked=escape(row.marked_text),
        error_hidden="" if row.error else HIDDEN,
        error=escape(row.error),
        mark_url=escape(mark_url),
        note_url=escape(note_url),
        csrf=csrf,
        buttons=buttons(row.selected, name),
        note_hidden=HIDDEN if not record and draft is None else "",
        note_length=escape(str(context["note_length"])),
        note_text=escape(row.note_text),
        invalid="" if draft is None else f' aria-invalid="true" aria-describedby="error-{pk}"',
        history_hidden="" if row.changes else HIDDEN,
        history="".join(f"<li>{escape(line)}</li>" for line in row.history_lines),
    )


@register.simple_tag(takes_context=True)
def register_row(context, row, person, mark_url: str, note_url: str) -> SafeString:
    """One person's card: ``row`` (a ``RegisterRow``) of ``person``, its marks posted to
    ``mark_url`` and its note to ``note_url``, with the page's ``statuses``, ``on_the_day``,
    ``attendance_open`` and ``note_length``."""
    card = _row(context, row, person, mark_url, note_url, _csrf(context), Buttons(context))
    return mark_safe(card)  # noqa: S308 - every value in it is escaped


@register.simple_tag(takes_context=True)
def register_rows(context, rows) -> SafeString:
    """The cards of an event's register, each posted to its row's own addresses."""
    csrf, buttons = _csrf(context), Buttons(context)
    cards = "".join(
        _row(context, row, row.participant, row.mark_url, row.note_url, csrf, buttons)
        for row in rows
    )
    return mark_safe(cards)  # noqa: S308 - every value in each card is escaped
