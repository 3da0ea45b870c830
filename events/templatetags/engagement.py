"""The rows of a cohort's engagement dashboard, written in Python: a cohort of a hundred is a
hundred rows of loops over missed events and reasons, and the template language took longer
over them than over the rest of the page. The markup is the one the page had, the row named by
the participant's id; every value is escaped by ``format_html``."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cohorts.models import Participant

register = template.Library()

ROW = """
<tr id="participant-{pk}">
<th scope="row" class="fw-normal">
<span class="fw-semibold">{name}</span><br>
<span class="small">{organisation}{status}</span>
</th>
<td><span class="badge border text-bg-{tone}">{standing}</span></td>
<td>{attended} of {required} so far{to_come}</td>
<td>{missed}</td>
<td>{away_in_a_row}</td>
<td>{explanation}</td>
</tr>"""

BREAK = mark_safe("<br>")
NONE = mark_safe("None")
NOTHING = mark_safe("")


def _explanation(sentences: list[str]) -> SafeString:
    last = len(sentences) - 1
    return format_html_join(
        "",
        '<p class="mb-{}">{}</p>',
        (("0" if i == last else "1", sentence) for i, sentence in enumerate(sentences)),
    )


def _row(row) -> SafeString:
    participant, events = row.participant, row.events
    return format_html(
        ROW,
        pk=participant.pk,
        name=row.name,
        organisation=participant.organisation.name,
        status=NOTHING
        if participant.status == Participant.Status.ACTIVE
        else format_html(" · {}", participant.get_status_display()),
        tone="danger" if row.at_risk else "success",
        standing=row.standing,
        attended=events.attended,
        required=events.required,
        to_come=format_html('<br><span class="small">{} to come</span>', events.still_to_come)
        if events.still_to_come
        else NOTHING,
        missed=format_html_join(BREAK, "{}", ((miss,) for miss in events.missed)) or NONE,
        away_in_a_row=events.away_in_a_row,
        explanation=_explanation(row.explanation),
    )


@register.simple_tag
def engagement_rows(rows) -> SafeString:
    """The ``<tr>`` of each of ``rows`` (``EngagementRow``), in their order."""
    return mark_safe("".join(_row(row) for row in rows))  # noqa: S308 - each is format_html's
