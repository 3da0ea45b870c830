"""The matching forms: a mentor added to a pool and their capacity, a coordinator's choice for
one participant, a pairing ended, a change request answered; and the participant's wishes and
request for a change. They read what was typed; the rules are the services'."""

from __future__ import annotations

from django import forms

from csssl.limits import LengthLimitedForm, max_length
from mentoring.errors import MentoringError
from mentoring.models import ChangeRequest, CohortMentoring, Mentor, MentoringPreference


def show_refusal(form: forms.Form, error: MentoringError) -> None:
    """Put a service's refusal beside the fields it names, or above the form."""
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)
    if not error.errors:
        form.add_error(None, error.message)


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Mentor) -> str:
        where = obj.local_authority.name if obj.local_authority else ""
        place = ", ".join(part for part in (obj.role, where) if part)
        return f"{obj} ({place})" if place else str(obj)


class PoolAddForm(forms.Form):
    mentor = MentorChoiceField(
        label="Mentor",
        queryset=Mentor.objects.none(),
        empty_label="Choose a mentor",
        error_messages={
            "required": "Choose a mentor to add.",
            "invalid_choice": "Choose one of the mentors listed.",
        },
    )
    capacity = forms.IntegerField(
        label="Mentees they take",
        min_value=1,
        max_value=20,
        initial=2,
        error_messages={"required": "Enter how many mentees they take."},
    )

    def __init__(self, *args, mentors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label="Mentees they take",
        min_value=1,
        max_value=20,
        error_messages={"required": "Enter how many mentees they take."},
    )


class SettingsForm(forms.Form):
    sessions_required = forms.IntegerField(
        label=CohortMentoring._meta.get_field("sessions_required").verbose_name.capitalize(),
        help_text=CohortMentoring._meta.get_field("sessions_required").help_text,
        min_value=0,
        max_value=30,
    )
    meetings_allowed_missed = forms.IntegerField(
        label=CohortMentoring._meta.get_field("meetings_allowed_missed").verbose_name.capitalize(),
        help_text=CohortMentoring._meta.get_field("meetings_allowed_missed").help_text,
        min_value=0,
        max_value=30,
    )


class PairChoiceForm(forms.Form):
    """The coordinator's mentor for one participant (empty: nobody for now). A page with one
    form per participant reads the mentors once and gives each form ``choices``."""

    mentor = MentorChoiceField(
        label="Mentor",
        queryset=Mentor.objects.none(),
        required=False,
        empty_label="Nobody for now",
        error_messages={"invalid_choice": "Choose one of the cohort's mentors."},
    )

    def __init__(self, *args, mentors, choices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        if choices is not None:
            self.fields["mentor"].choices = choices

    @classmethod
    def choices_for(cls, mentors) -> list[tuple[object, str]]:
        field = cls.base_fields["mentor"]
        return [("", field.empty_label)] + [
            (mentor.pk, field.label_from_instance(mentor)) for mentor in mentors
        ]


class PairingEndForm(LengthLimitedForm, forms.Form):
    reason = forms.CharField(
        label="Why it ends (for the programme team only)",
        help_text="Neither the participant nor the mentor sees this.",
        max_length=300,
        required=False,
    )


class ResolveForm(LengthLimitedForm, forms.Form):
    outcome = forms.CharField(
        label="What was decided",
        max_length=max_length(ChangeRequest, "outcome"),
        required=False,
    )
    end_pairing = forms.BooleanField(
        label="End this pairing, so they can be paired with another mentor", required=False
    )


class PreferenceForm(LengthLimitedForm, forms.Form):
    qualities = forms.ModelMultipleChoiceField(
        label="Qualities you would most like a mentor's help with",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the qualities listed."},
    )
    wishes = forms.CharField(
        label="Anything else",
        help_text=MentoringPreference._meta.get_field("wishes").help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=max_length(MentoringPreference, "wishes"),
    )
    avoid = forms.ModelMultipleChoiceField(
        label="Mentors you should not be paired with",
        help_text="Your line manager, or anyone you work closely with. You are never paired "
        "with someone from your own authority or organisation in any case.",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the mentors listed."},
    )

    def __init__(self, *args, qualities, mentors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualities"].queryset = qualities
        self.fields["avoid"].queryset = mentors


class ChangeRequestForm(LengthLimitedForm, forms.Form):
    reason = forms.CharField(
        label="Why you would like a change",
        help_text="Only the programme team reads this; your mentor is not told.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=max_length(ChangeRequest, "reason"),
        error_messages={"required": "Say why: only the programme team reads it."},
    )
