"""The rows of a cohort's engagement dashboard, written in Python: a cohort of a hundred is a
hundred rows of loops over missed events and reasons, and the template language took longer
over them than over the rest of the page. The markup is the one the page had, the row named by
the participant's id. Each value is escaped once (``escape``) and the row joined with
``str.format``: ``format_html`` escaped every argument again, and took most of the rows' time."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from cohorts.models import Participant

register = template.Library()

#: Everything below is given escaped: the values are text, never markup.
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


def _explanation(sentences: list[str]) -> str:
    last = len(sentences) - 1
    return "".join(
        f'<p class="mb-{"0" if i == last else "1"}">{escape(sentence)}</p>'
        for i, sentence in enumerate(sentences)
    )


def _row(row) -> str:
    participant, events = row.participant, row.events
    still_to_come = events.still_to_come
    return ROW.format(
        pk=int(participant.pk),
        name=escape(row.name),
        organisation=escape(participant.organisation.name),
        status=""
        if participant.status == Participant.Status.ACTIVE
        else f" · {escape(str(participant.get_status_display()))}",
        tone="danger" if row.at_risk else "success",
        standing=escape(row.standing),
        attended=int(events.attended),
        required=int(events.required),
        to_come=f'<br><span class="small">{int(still_to_come)} to come</span>'
        if still_to_come
        else "",
        missed="<br>".join(escape(str(miss)) for miss in events.missed) or "None",
        away_in_a_row=int(events.away_in_a_row),
        explanation=_explanation(row.explanation),
    )


@register.simple_tag
def engagement_rows(rows) -> SafeString:
    """The ``<tr>`` of each of ``rows`` (``EngagementRow``), in their order."""
    return mark_safe("".join(_row(row) for row in rows))  # noqa: S308 - every value is escaped
