"""The forms of the coordinators' round pages, and how a service's refusal is put beside the
fields it names."""

from __future__ import annotations

from django import forms

from evaluations.errors import EvaluationError
from evaluations.models import RaterComment, RaterInvitation, Relationship, Round

NAME_LENGTH = RaterInvitation._meta.get_field("name").max_length
REASON_LENGTH = RaterComment._meta.get_field("withheld_reason").max_length


class DebriefForm(forms.Form):
    held_on = forms.DateField(
        label="Day the debrief was held",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Give the day the debrief was held.",
            "invalid": "Give the day the debrief was held, as a date.",
        },
    )


class RaterForm(forms.Form):
    """A rater's name, address and relationship, for adding one or correcting one. The
    services check the address and the round's limits; their messages go beside the field."""

    name = forms.CharField(
        max_length=NAME_LENGTH,
        error_messages={
            "required": "Give the rater's name.",
            "max_length": f"A name of up to {NAME_LENGTH} characters, please.",
        },
    )
    email = forms.CharField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Give the rater's email address.",
            "max_length": "An address of up to 254 characters, please.",
        },
    )
    relationship = forms.ChoiceField(
        label="How they know the participant",
        error_messages={
            "required": "Choose how they know the participant.",
            "invalid_choice": "Choose one of the kinds of rater listed.",
        },
    )

    def __init__(self, *args, round: Round, current: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offered = [str(group) for group in Relationship if str(group) in round.limits()]
        if current and current not in offered:
            offered.append(current)
        self.fields["relationship"].choices = [
            ("", "Choose…"),
            *((key, Relationship(key).label) for key in offered),
        ]


class WithholdForm(forms.Form):
    reason = forms.CharField(
        label="Why it is withheld",
        max_length=REASON_LENGTH,
        error_messages={
            "required": "Say why the comment is withheld.",
            "max_length": f"Keep the reason to {REASON_LENGTH} characters or fewer.",
        },
    )


def problems(form: forms.Form, error: EvaluationError | None = None) -> None:
    """Put a service's refusal beside the fields it names (or above the form)."""
    if error is None:
        return
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)
    if not error.errors:
        form.add_error(None, error.message)
