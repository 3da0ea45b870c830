"""The form's shape is the one list of the expression-of-interest questions: the online form,
the submit rules, the printed form, the export and who sees which fields all follow it."""

from decimal import Decimal

import pytest
from django.db import models

from applications import form_shape, rules
from applications.documents import form_sections
from applications.exports import APPLICATION_HEADER, COLUMNS
from applications.form_shape import (
    DECLARATIONS,
    DRAFT_FIELDS,
    EQUALITY_QUESTIONS,
    EXTERNAL_PARTNER_FIELDS,
    QUESTION,
    QUESTIONS,
    REQUIRED_FOR_EXTERNAL_PARTNERS,
    REQUIRED_TO_SUBMIT,
    SECTIONS,
    STATEMENT_CHARACTER_LIMIT,
    STATEMENTS,
    word_count,
)
from applications.forms import ApplicationForm, EqualityForm
from applications.models import EqualityMonitoring, ExpressionOfInterest
from applications.services import submission_problems
from tests.factories import CohortFactory, ProgrammeFactory

from .factories import ExpressionOfInterestFactory


def test_form_shape_imports_nothing_from_the_app():
    with open(form_shape.__file__, encoding="utf-8") as source:
        imports = [line for line in source if line.startswith(("import ", "from "))]
    assert imports == [
        "from __future__ import annotations\n",
        "from dataclasses import dataclass\n",
    ]


def test_form_shape_names_each_question_once_by_a_field_of_the_application():
    names = [question.name for question in QUESTIONS]
    assert len(names) == len(set(names))
    for name in names:
        assert ExpressionOfInterest._meta.get_field(name).editable


def test_form_shape_puts_every_question_in_exactly_one_section_shown():
    placed = [name for section in SECTIONS for name in section.fields]
    assert sorted(placed) == sorted(DRAFT_FIELDS)
    assert all(section.fields for section in SECTIONS)
    assert form_shape.SECTION["external"].fields == EXTERNAL_PARTNER_FIELDS


def test_form_shape_declarations_are_ticks_and_required_answers_are_not():
    for name in DECLARATIONS:
        assert isinstance(ExpressionOfInterest._meta.get_field(name), models.BooleanField)
    for name in {**REQUIRED_TO_SUBMIT, **REQUIRED_FOR_EXTERNAL_PARTNERS}:
        assert not isinstance(ExpressionOfInterest._meta.get_field(name), models.BooleanField)
    assert set(REQUIRED_FOR_EXTERNAL_PARTNERS) < set(EXTERNAL_PARTNER_FIELDS)
    assert not set(REQUIRED_TO_SUBMIT) & set(EXTERNAL_PARTNER_FIELDS)


def test_form_shape_statement_limits_are_the_models():
    for name in STATEMENTS:
        assert ExpressionOfInterest._meta.get_field(name).max_length == STATEMENT_CHARACTER_LIMIT
        assert QUESTION[name].long
        assert QUESTION[name].help


@pytest.mark.parametrize(
    ("text", "words"), [("", 0), ("one", 1), ("  two\nwords  ", 2), ("a-b c\td", 3)]
)
def test_word_count_counts_runs_between_white_space(text, words):
    assert word_count(text) == words


@pytest.mark.django_db
def test_application_form_asks_the_shapes_questions_in_its_order():
    charging = CohortFactory(programme=ProgrammeFactory(external_partner_fee=Decimal("750")))
    free = CohortFactory(programme=ProgrammeFactory(external_partner_fee=Decimal("0")))
    assert tuple(ApplicationForm(cohort=charging).fields) == DRAFT_FIELDS
    assert tuple(ApplicationForm(cohort=free).fields) == tuple(
        name for name in DRAFT_FIELDS if name not in EXTERNAL_PARTNER_FIELDS
    )
    fields = ApplicationForm(cohort=charging).fields
    for question in QUESTIONS:
        if question.label:
            assert fields[question.name].label == question.label
        if question.help and question.name != "endorser_name":
            assert str(fields[question.name].help_text).startswith(question.help)


@pytest.mark.django_db
def test_printed_form_follows_the_shapes_sections():
    cohort = CohortFactory(programme=ProgrammeFactory(external_partner_fee=Decimal("750")))
    printed = form_sections(cohort)
    assert [(s.key, s.title) for s in printed] == [(s.key, s.title) for s in SECTIONS]
    assert [[q.name for q in s.items] for s in printed] == [list(s.fields) for s in SECTIONS]


@pytest.mark.django_db
def test_submit_rules_ask_for_each_required_answer_in_the_shapes_words():
    cohort = CohortFactory(programme=ProgrammeFactory(external_partner_fee=Decimal("750")))
    required = {**REQUIRED_TO_SUBMIT, **REQUIRED_FOR_EXTERNAL_PARTNERS}
    unanswered = {
        name: "" for name in required if name not in ("local_authority", "organisation_type")
    }
    # An external partner (health) who has said so, and left everything else blank.
    blank = ExpressionOfInterestFactory(
        cohort=cohort,
        **unanswered,
        organisation_type="health",
        local_authority=None,
        **dict.fromkeys(DECLARATIONS, False),
    )
    problems = submission_problems(blank)
    expected = {**required, **DECLARATIONS}
    del expected["organisation_type"]
    assert problems == expected


def test_export_headings_are_the_shapes_short_names():
    for column in COLUMNS:
        if column.field:
            assert column.heading == QUESTION[column.field].short
    assert len(APPLICATION_HEADER) == len(set(APPLICATION_HEADER))


def test_equality_questions_are_the_equality_forms():
    assert tuple(EqualityForm().fields) == EQUALITY_QUESTIONS
    for name in EQUALITY_QUESTIONS:
        EqualityMonitoring._meta.get_field(name)


def test_payer_fields_hidden_from_the_dcs_group_are_the_external_partners_questions():
    assert rules.PAYER_FIELDS == EXTERNAL_PARTNER_FIELDS
    assert set(EXTERNAL_PARTNER_FIELDS) <= rules.COORDINATOR_FIELDS
