"""The equality monitoring summary of a cohort: how many of its submitted applications gave
each answer, with small numbers suppressed by the site's one rule for them
(``csssl.disclosure``). It is the only way the admin shows equality monitoring answers: the
model is not registered and no inline shows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst

from applications.form_shape import EQUALITY_QUESTIONS
from applications.models import EqualityMonitoring
from applications.services.retention import equality_counts
from cohorts.models import Cohort
from csssl.disclosure import is_small, suppress_small_numbers, too_few_to_count


@dataclass(frozen=True)
class AnswerCount:
    """One answer to a question and how many gave it, as shown ("12", "fewer than 5")."""

    answer: str
    shown: str


@dataclass(frozen=True)
class QuestionSummary:
    """A question and its answer counts; ``withheld`` when no count can be shown safely."""

    question: str
    answers: tuple[AnswerCount, ...]
    withheld: bool = False


@dataclass(frozen=True)
class EqualitySummary:
    submitted: int
    questions: tuple[QuestionSummary, ...]

    @property
    def too_few(self) -> bool:
        """Too few submitted applications to show any count without pointing at someone."""
        return is_small(self.submitted)


def equality_summary(*, cohort: Cohort) -> EqualitySummary:
    """How many of the cohort's submitted applications gave each equality monitoring answer,
    with small numbers suppressed; applications without answers count as "no answer". Three
    queries whatever the size of the cohort, one once only the cohort's totals are kept (the
    retention schedule). Nothing is counted for fewer than 5 applications."""
    total, counts = equality_counts(cohort=cohort)
    if too_few_to_count(total):
        return EqualitySummary(submitted=total, questions=())
    fields = [EqualityMonitoring._meta.get_field(name) for name in EQUALITY_QUESTIONS]
    questions = []
    for field in fields:
        answered = [counts[field.name].get(value, 0) for value, _label in field.choices]
        labels = [str(label) for _value, label in field.choices] + ["No answer"]
        shown = suppress_small_numbers(answered, total - sum(answered))
        questions.append(
            QuestionSummary(
                question=capfirst(field.verbose_name),
                answers=tuple(map(AnswerCount, labels, shown)) if shown else (),
                withheld=shown is None,
            )
        )
    return EqualitySummary(submitted=total, questions=tuple(questions))
