"""Printable documents of the application process: the blank expression-of-interest form of a
cohort, a submitted application as its applicant answered it, and the invoice for an external
partner's place.

The blank form takes its questions, help and choices from the online form itself, and both take
their sections from the form's shape (``form_shape``), so paper and screen cannot say different
things. Neither document ever shows equality monitoring answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst

from cohorts.models import Cohort, Milestone
from csssl.addresses import absolute_url
from csssl.pdf import pdf_html, render_pdf
from csssl.pdf_cache import cached_pdf
from csssl.uktime import UK_TIME

from .exports import endorsement_state_label, with_endorsement_state
from .form_shape import LONG_ANSWERS, QUESTION, SECTIONS, STATEMENT_WORD_LIMIT, STATEMENTS
from .forms import ApplicationForm, EqualityForm
from .models import ExpressionOfInterest

#: Shown for a question left blank.
NOT_ANSWERED = "Not answered"


@dataclass
class Question:
    """One question as the blank form prints it."""

    name: str
    label: str
    help: str = ""
    choices: list[str] = field(default_factory=list)
    kind: str = "short"  # short, long, number, choice, declaration
    word_limit: int | None = None


@dataclass
class Answer:
    """One question and the applicant's answer, as the application document prints it."""

    label: str
    value: str
    long: bool = False


@dataclass
class Section:
    """A titled group of questions (the blank form) or answers (an application)."""

    key: str
    title: str
    items: list[Question] | list[Answer] = field(default_factory=list)


def _plain_label(label: Any) -> str:
    """A form label as a heading on paper: "(optional)" is said once, in the help."""
    return str(label).removesuffix(" (optional)")


def _question(name: str, form_field: forms.Field) -> Question:
    if isinstance(form_field, forms.BooleanField):
        kind = "declaration"
    elif isinstance(form_field, forms.ChoiceField | forms.ModelChoiceField):
        kind = "choice"
    elif isinstance(form_field, forms.IntegerField):
        kind = "number"
    else:
        kind = "long" if name in LONG_ANSWERS else "short"
    choices = (
        [str(label) for value, label in form_field.choices if value != ""]
        if kind == "choice"
        else []
    )
    word_limit = STATEMENT_WORD_LIMIT if name in STATEMENTS else None
    # A statement's limit is printed on its own line, in bold; not twice.
    help_text = QUESTION[name].help if word_limit else str(form_field.help_text)
    if str(form_field.label).endswith("(optional)"):
        help_text = f"Optional. {help_text}".strip()
    return Question(
        name=name,
        label=_plain_label(form_field.label),
        help=help_text,
        choices=choices,
        kind=kind,
        word_limit=word_limit,
    )


def form_sections(cohort: Cohort) -> list[Section]:
    """Every question of the cohort's expression-of-interest form, grouped as the online form
    groups them (``form_shape.SECTIONS``); the external partners' questions only when the cohort
    charges them a fee. A field the form has beyond the shape's is still printed, under "Other
    questions", so none can be left out."""
    form = ApplicationForm(cohort=cohort)
    sections = [
        Section(
            shape.key,
            shape.title,
            [_question(name, form.fields[name]) for name in shape.fields if name in form.fields],
        )
        for shape in SECTIONS
    ]
    placed = {name for shape in SECTIONS for name in shape.fields}
    others = [_question(name, f) for name, f in form.fields.items() if name not in placed]
    if others:
        sections.append(Section("other", "Other questions", others))
    return [section for section in sections if section.items]


def equality_questions() -> list[Question]:
    """The optional equality monitoring questions, with their choices."""
    return [_question(name, f) for name, f in EqualityForm().fields.items()]


def required_dates(cohort: Cohort) -> QuerySet[Milestone]:
    """The cohort's dated steps a participant commits to attend, in date order."""
    return cohort.milestones.order_by("starts_on", "pk")


def apply_url(cohort: Cohort) -> str:
    """Where the form is filled in online: an address the design promises to keep, printed
    on paper."""
    return absolute_url("applications:apply", cohort.pk)


def blank_form_html(cohort: Cohort) -> str:
    """The cohort's expression-of-interest form to read or draft answers on paper: every
    question with its help, choices and word limits, the required dates, the deadline and
    when places are awarded (UK time), the fee for external partners (local-authority places
    are fully funded), the declarations, and the address to apply online. Three queries.
    This is the HTML the PDF is laid out from, and what its cached copy is keyed by."""
    cohort = Cohort.objects.select_related("programme").get(pk=cohort.pk)
    context = {
        "cohort": cohort,
        "programme": cohort.programme,
        "sections": form_sections(cohort),
        "equality_questions": equality_questions(),
        "required_dates": list(required_dates(cohort)),
        "word_limit": STATEMENT_WORD_LIMIT,
        "apply_url": apply_url(cohort),
    }
    with timezone.override(UK_TIME):
        return pdf_html("applications/form.pdf.html", context)


def blank_form_pdf(cohort: Cohort) -> bytes:
    """The blank form of :func:`blank_form_html` as a PDF, laid out once for each version
    of what it says."""
    return cached_pdf(blank_form_html(cohort)).content


def _answer_text(application: ExpressionOfInterest, name: str) -> str:
    model_field = ExpressionOfInterest._meta.get_field(name)
    value = getattr(application, name)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if model_field.choices:
        return str(getattr(application, f"get_{name}_display")()) or NOT_ANSWERED
    if value is None or value == "":
        return NOT_ANSWERED
    return str(value)


def answer_sections(application: ExpressionOfInterest) -> list[Section]:
    """The applicant's answers under the form's own labels, grouped as the form groups them,
    with the state of the endorsement beside the endorser. The external partners' section is
    shown only for an external partner's application. ``application`` must be annotated with
    its ``endorsement_state`` (see ``exports.with_endorsement_state``)."""
    form_fields = ApplicationForm(cohort=application.cohort).fields
    sections = []
    for shape in SECTIONS:
        key, title, names = shape.key, shape.title, shape.fields
        if key == "external" and not application.is_external_partner:
            continue
        answers = [
            Answer(
                label=_plain_label(
                    form_fields[name].label
                    if name in form_fields
                    else capfirst(ExpressionOfInterest._meta.get_field(name).verbose_name)
                ),
                value=_answer_text(application, name),
                long=name in LONG_ANSWERS,
            )
            for name in names
        ]
        if key == "endorser":
            answers.append(
                Answer("Endorsement", endorsement_state_label(application.endorsement_state))
            )
        sections.append(Section(key, title, answers))
    return sections


def application_pdf(application: ExpressionOfInterest) -> bytes:
    """An application as its applicant answered it: their answers, its status, the moment it
    was submitted (UK time), the endorser and the state of the endorsement and, for an external
    partner, the invoice details. Never the equality monitoring answers. Two queries."""
    application = with_endorsement_state(
        ExpressionOfInterest.objects.select_related(
            "cohort__programme", "applicant", "local_authority"
        )
    ).get(pk=application.pk)
    cohort = application.cohort
    context = {
        "application": application,
        "cohort": cohort,
        "programme": cohort.programme,
        "sections": answer_sections(application),
        "endorsement": endorsement_state_label(application.endorsement_state),
        "not_answered": NOT_ANSWERED,
        "required_dates": list(required_dates(cohort)),
    }
    with timezone.override(UK_TIME):
        return render_pdf("applications/application.pdf.html", context)


def invoice_pdf(invoice) -> bytes:
    """The invoice for an external partner's place, as sent to the payer."""
    cohort = invoice.offer.cohort
    return render_pdf(
        "applications/invoice.pdf.html",
        {"invoice": invoice, "cohort": cohort, "programme": cohort.programme},
    )
