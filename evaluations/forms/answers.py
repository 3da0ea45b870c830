"""The forms of the evaluation pages: the answers form that the self evaluation and the rater's
page share (one group of radio buttons per quality of the round's framework version, with that
quality's descriptor for each point and "Not able to say"), and the form to invite a rater.

The forms only read what was typed; the rules (every quality answered on submit, the round's
limits on raters) are the services', whose errors the forms show beside each field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django import forms

from cohorts.models import NOT_ABLE_TO_SAY
from csssl.limits import LengthLimitedForm, limit_field, max_length
from evaluations.errors import EvaluationError
from evaluations.models import RaterComment, RaterInvitation, Relationship, Round, VersionQuality
from evaluations.services.answers import (
    COMMENT_QUESTIONS,
    EVIDENCE_LENGTH,
    evidence_field,
    score_field,
)

#: The radio value that stands for "not able to say".
NOT_ABLE = "na"


@dataclass(frozen=True)
class Point:
    """One radio button of a quality: its value, label and what it looks like for that
    quality."""

    value: str
    label: str
    descriptor: str


@dataclass(frozen=True)
class QualityRow:
    quality: VersionQuality
    score: forms.BoundField
    points: list[Point]
    evidence: forms.BoundField | None


@dataclass(frozen=True)
class Theme:
    name: str
    rows: list[QualityRow]


@dataclass(frozen=True)
class Problem:
    """A line of the error summary: the message and the id of the field it links to."""

    anchor: str
    message: str


class ServiceErrorsMixin:
    """Shows an :class:`EvaluationError` beside the fields it names, or above the form."""

    def add_service_error(self, error: EvaluationError) -> None:
        placed = False
        for name, message in error.errors.items():
            if name in self.fields:
                self.add_error(name, message)
                placed = True
        if not placed:
            self.add_error(None, error.message)


def _text_box(*, label: str, limit: int, rows: int, help_text: str = "") -> forms.CharField:
    """An optional box of several lines that says its limit under it and refuses more (as
    ``csssl.limits.LengthLimitedForm`` does for fields declared on a form)."""
    field = forms.CharField(
        label=label,
        help_text=" ".join(part for part in (help_text, f"Up to {limit:,} characters.") if part),
        widget=forms.Textarea(attrs={"rows": rows}),
        required=False,
    )
    limit_field(field, limit)
    return field


class AnswersForm(ServiceErrorsMixin, forms.Form):
    """Answers against a round's qualities. ``evidence`` adds an optional box of evidence per
    quality (the self evaluation); ``comments`` the rater's two questions."""

    def __init__(
        self,
        *args,
        round: Round,
        qualities: list[VersionQuality],
        evidence: bool = False,
        comments: bool = False,
        **kwargs,
    ) -> None:
        self.round = round
        self.qualities = qualities
        self.with_evidence = evidence
        self.with_comments = comments
        self.points: dict[str, list[Point]] = {}
        scale = round.version.points
        super().__init__(*args, **kwargs)
        for quality in qualities:
            key = str(quality.pk)
            points = [
                Point(
                    value=str(score),
                    label=label,
                    descriptor=(
                        quality.descriptors[index] if index < len(quality.descriptors) else meaning
                    ),
                )
                for index, (score, label, meaning) in enumerate(scale)
            ]
            points.append(Point(value=NOT_ABLE, label=NOT_ABLE_TO_SAY, descriptor=""))
            self.points[key] = points
            self.fields[score_field(key)] = forms.ChoiceField(
                label=quality.name,
                choices=[(point.value, point.label) for point in points],
                widget=forms.RadioSelect,
                required=False,
                error_messages={
                    "invalid_choice": f"Choose a rating for “{quality.name}”, or Not able to say."
                },
            )
            if evidence:
                self.fields[evidence_field(key)] = _text_box(
                    label=f"Evidence for “{quality.name}” (optional)",
                    help_text="An example or two, for your own reference and your "
                    "development plan.",
                    limit=EVIDENCE_LENGTH,
                    rows=3,
                )
        if comments:
            limit = max_length(RaterComment, "text")
            for question in RaterComment.Question:
                self.fields[str(question)] = _text_box(
                    label=f"{question.label} (optional)", limit=limit, rows=5
                )

    # --- Filling it in from what was saved ----------------------------------------------------

    @staticmethod
    def initial_from(
        *,
        scores: Mapping | None = None,
        evidence: Mapping | None = None,
        comments: Mapping | None = None,
    ) -> dict[str, str]:
        initial = {}
        for key, score in (scores or {}).items():
            initial[score_field(str(key))] = NOT_ABLE if score is None else str(score)
        for key, text in (evidence or {}).items():
            initial[evidence_field(str(key))] = text
        for question, text in (comments or {}).items():
            if question in COMMENT_QUESTIONS:
                initial[question] = text
        return initial

    # --- What was typed, for the services -------------------------------------------------------

    def scores(self) -> dict[str, int | None]:
        """The qualities answered: a score, or None for "not able to say"."""
        answered: dict[str, int | None] = {}
        for quality in self.qualities:
            key = str(quality.pk)
            value = self.cleaned_data.get(score_field(key))
            if value == NOT_ABLE:
                answered[key] = None
            elif value:
                answered[key] = int(value)
        return answered

    def evidence(self) -> dict[str, str]:
        if not self.with_evidence:
            return {}
        return {
            str(quality.pk): self.cleaned_data.get(evidence_field(str(quality.pk)), "")
            for quality in self.qualities
        }

    def comments(self) -> dict[str, str]:
        if not self.with_comments:
            return {}
        return {question: self.cleaned_data.get(question, "") for question in COMMENT_QUESTIONS}

    # --- For the template ------------------------------------------------------------------------

    def answered(self) -> int:
        """How many qualities the form shows answered now (as typed, or as saved)."""
        count = 0
        for quality in self.qualities:
            value = self[score_field(str(quality.pk))].value()
            if value and str(value) in {point.value for point in self.points[str(quality.pk)]}:
                count += 1
        return count

    def themes(self) -> list[Theme]:
        themes: list[Theme] = []
        for quality in self.qualities:
            key = str(quality.pk)
            row = QualityRow(
                quality=quality,
                score=self[score_field(key)],
                points=self.points[key],
                evidence=self[evidence_field(key)] if self.with_evidence else None,
            )
            if not themes or themes[-1].name != quality.theme:
                themes.append(Theme(name=quality.theme, rows=[]))
            themes[-1].rows.append(row)
        return themes

    def comment_fields(self) -> list[forms.BoundField]:
        return [self[question] for question in COMMENT_QUESTIONS] if self.with_comments else []

    def problems(self) -> list[Problem]:
        """The error summary: each field's errors, linking to the field (a group of radio
        buttons to its first button)."""
        found = []
        for field in self:
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect):
                anchor = f"{anchor}_0"
            found += [Problem(anchor=anchor, message=str(error)) for error in field.errors]
        return found


class InviteForm(ServiceErrorsMixin, LengthLimitedForm, forms.Form):
    """A rater to invite: how they know the participant, their name and address. The limits
    and checks are the service's (``rater_invite``)."""

    relationship = forms.ChoiceField(
        label="How they know you",
        error_messages={"required": "Choose how they know you."},
    )
    name = forms.CharField(
        label="Their name",
        max_length=max_length(RaterInvitation, "name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.CharField(
        label="Their email address",
        max_length=max_length(RaterInvitation, "email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, round: Round, **kwargs) -> None:
        kwargs.setdefault("prefix", f"invite-{round.pk}")
        super().__init__(*args, **kwargs)
        self.round = round
        limits = round.limits()
        self.fields["relationship"].choices = [("", "Choose…")] + [
            (str(relationship), relationship.label)
            for relationship in Relationship
            if str(relationship) in limits
        ]

    def problems(self) -> list[Problem]:
        return [
            Problem(anchor=field.auto_id, message=str(error))
            for field in self
            for error in field.errors
        ]
