"""The buttons of a register row, written in Python: a register of a hundred people has five
hundred of them, and the template language takes longer over each than over the rest of the
row. The markup is the one static/js/register.js and the tests read: a group of buttons named
for the person, the pressed one marked, those of the day itself disabled until the day comes.
Every value is escaped once (``escape``) before it is joined into the markup."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PRESSED = 'btn-primary" aria-pressed="true"'
NOT_PRESSED = 'btn-outline-secondary" aria-pressed="false"'
LOCKED = ' disabled aria-describedby="marks-from"'


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
