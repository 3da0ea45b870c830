"""The rows of the coordinators' certificates page, written in Python: a cohort of a hundred
is a hundred rows of five elements' cells, and the template language took longer over each
``{% include %}`` of a row, and then over each element's cells, than over the rest of the page.
The markup is the one the page had: the person's name as the row's header, each element's cells
(its ``cells``, given the standing alone), and the certificate or the outcome. Every value is
escaped once (``escape``, or by the element's ``cells``) before it is joined into the row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from urllib.parse import quote

from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from cohorts.completion import Completion

#: Everything below is given escaped: the values are text, never markup.
ROW = (
    '<tr>\n  <th scope="row" class="fw-normal"><span class="fw-semibold">{}</span><br>'
    '<span class="small">{}</span></th>\n  {}\n  <td>{}</td>\n</tr>'
)
AWARDED = 'Awarded {}<br><a href="{}" class="font-monospace">{}</a>'

#: A code no certificate has, reversed in its place to find where a code goes in the address.
_SENTINEL = "SENTINEL"


def _verify_url() -> Callable[[str], str]:
    """The public verification address of each code, reversed once for the page. The code is
    the address's last part, so it goes where the sentinel's last occurrence was."""
    before, after = reverse("cohorts:certificate_verify", args=(_SENTINEL,)).rsplit(_SENTINEL, 1)
    return lambda code: f"{before}{quote(code, safe='')}{after}"


def _outcome(completion: Completion, verify_url: Callable[[str], str]) -> str:
    certificate = completion.certificate
    if certificate is None:
        return escape(completion.outcome)
    return AWARDED.format(
        escape(date_format(certificate.awarded_on, "j M Y")),
        escape(verify_url(certificate.code)),
        escape(certificate.code),
    )


def certificate_rows(completions: Iterable[Completion]) -> SafeString:
    """The ``<tr>`` of each of ``completions``, one a line."""
    verify_url = _verify_url()
    rows = []
    for completion in completions:
        cells = "".join(
            part.element.cells(part.standing) for part in completion.parts if part.element.cells
        )
        participant = completion.participant
        rows.append(
            ROW.format(
                escape(participant.user.display_name),
                escape(participant.organisation.name),
                cells,
                _outcome(completion, verify_url),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value in each row is escaped
