"""The rows of the coordinators' certificates page, written in Python: a cohort of a hundred
is a hundred rows of five elements' cells, and the template language took longer over each
``{% include %}`` of a row than over the rest of the page. The markup is the one the page had:
the person's name as the row's header, each element's cells (its ``cells_template``, compiled
once and rendered with the standing alone), and the certificate or the outcome. Every value is
escaped by ``format_html`` or by the cells' own template."""

from __future__ import annotations

from collections.abc import Iterable

from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cohorts.completion import Completion

ROW = (
    '<tr>\n  <th scope="row" class="fw-normal"><span class="fw-semibold">{}</span><br>'
    '<span class="small">{}</span></th>\n  {}\n  <td>{}</td>\n</tr>'
)
AWARDED = 'Awarded {}<br><a href="{}" class="font-monospace">{}</a>'


def _outcome(completion: Completion) -> SafeString:
    certificate = completion.certificate
    if certificate is None:
        return format_html("{}", completion.outcome)
    return format_html(
        AWARDED,
        date_format(certificate.awarded_on, "j M Y"),
        reverse("cohorts:certificate_verify", args=(certificate.code,)),
        certificate.code,
    )


def certificate_rows(completions: Iterable[Completion]) -> SafeString:
    """The ``<tr>`` of each of ``completions``, one a line."""
    templates: dict[str, object] = {}
    context = Context(autoescape=True)
    rows = []
    for completion in completions:
        cells = []
        for part in completion.parts:
            name = part.element.cells_template
            if not name:
                continue
            if name not in templates:
                templates[name] = get_template(name).template
            with context.push(standing=part.standing):
                cells.append(templates[name].render(context))
        participant = completion.participant
        rows.append(
            format_html(
                ROW,
                participant.user.display_name,
                participant.organisation.name,
                mark_safe("".join(cells)),  # noqa: S308 - rendered by the cells' templates
                _outcome(completion),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row is format_html's
