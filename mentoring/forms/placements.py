"""The forms of placements and projects. They read what was typed into the shapes the services
take; the rules (dates, required text, qualities of the programme) are the services', so a
refusal is worded the same wherever it comes from."""

from __future__ import annotations

from django import forms

from csssl.limits import LengthLimitedForm, max_length
from mentoring.models import Milestone, Placement, Project

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Give the date as day, month and year."}


def _date(label: str, help_text: str = "", required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
    )


class PlacementForm(LengthLimitedForm, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of time away",
        choices=Placement.Kind.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="A placement or attachment is working there for a while; shadowing is "
        "following a leader through their days.",
    )
    host_organisation = forms.CharField(
        label="Host organisation",
        required=False,
        max_length=max_length(Placement, "host_organisation"),
    )
    host_contact_name = forms.CharField(
        label="Contact's name",
        help_text="The person there who is expecting you.",
        required=False,
        max_length=max_length(Placement, "host_contact_name"),
    )
    host_contact_email = forms.EmailField(
        label="Contact's email address",
        help_text="Once the placement is approved we email them your name, the dates and the "
        "objectives.",
        required=False,
        max_length=max_length(Placement, "host_contact_email"),
        error_messages={"invalid": "Give an email address, like name@example.org."},
    )
    starts_on = _date("First day")
    ends_on = _date("Last day")
    objectives = forms.CharField(
        label="Objectives",
        help_text="What you mean to learn or do there. Your mentor or tutor agrees them before "
        "you send the placement for approval; changing them afterwards needs agreeing again.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=max_length(Placement, "objectives"),
    )
    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["revision"]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "kind",
                "host_organisation",
                "host_contact_name",
                "host_contact_email",
                "starts_on",
                "ends_on",
                "objectives",
            )
        }


class ReflectionForm(LengthLimitedForm, forms.Form):
    reflection = forms.CharField(
        label="Your reflection",
        help_text="What you saw and learned, how it went against your objectives, and what you "
        "will do differently in your own work.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=max_length(Placement, "reflection"),
    )


class DeclineForm(LengthLimitedForm, forms.Form):
    note = forms.CharField(
        label="Why it is not approved",
        help_text="The participant reads this, so say what they could change.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=max_length(Placement, "decision_note"),
    )


class QualitiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.theme})"


class ProjectForm(LengthLimitedForm, forms.Form):
    title = forms.CharField(label="Title", required=False, max_length=max_length(Project, "title"))
    problem = forms.CharField(
        label="The problem",
        help_text="The problem in your own work the project takes on.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=max_length(Project, "problem"),
    )
    expected_impact = forms.CharField(
        label="Expected impact",
        help_text="What solving it should change for children, young people and families.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=max_length(Project, "expected_impact"),
    )
    qualities = QualitiesField(
        label="Leadership qualities it develops (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the qualities listed."},
    )
    hand_in_due_on = _date("Hand-in date (optional)", "When the final report is due.")
    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, qualities, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualities"].queryset = qualities
        if not editing:
            del self.fields["revision"]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data.get("title", ""),
            "problem": data.get("problem", ""),
            "expected_impact": data.get("expected_impact", ""),
            "quality_ids": [quality.pk for quality in data.get("qualities") or []],
            "hand_in_due_on": data.get("hand_in_due_on"),
        }


class MilestoneForm(LengthLimitedForm, forms.Form):
    title = forms.CharField(
        label="Milestone title", required=False, max_length=max_length(Milestone, "title")
    )
    due_on = _date("Due on")


class ReportForm(LengthLimitedForm, forms.Form):
    final_report = forms.CharField(
        label="Final report",
        help_text="Once you hand it in the report is kept as it is, and can no longer be changed.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=max_length(Project, "final_report"),
    )
