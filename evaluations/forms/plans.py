"""The development plan's forms: a priority (added or edited) and the sharing choice.

They read what was typed into the shapes the services take; the rules (a title, a review date
not in the past, a quality of the cohort's framework) are the services'."""

from __future__ import annotations

from django import forms

from csssl.limits import LengthLimitedForm, max_length
from evaluations.models import Priority, VersionQuality


class QualityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: VersionQuality) -> str:
        return f"{obj.name} ({obj.theme})"


class PriorityForm(LengthLimitedForm, forms.Form):
    """A priority of the plan. ``editing`` adds its status and the revision the page shows."""

    title = forms.CharField(
        label="Priority",
        help_text="What you want to develop, in a few words.",
        required=False,
        max_length=max_length(Priority, "title"),
    )
    quality = QualityChoiceField(
        label="Leadership quality (optional)",
        help_text="The quality of your report this priority develops.",
        queryset=VersionQuality.objects.none(),
        required=False,
        empty_label="Not tied to one quality",
        error_messages={"invalid_choice": "Choose one of the qualities listed, or none."},
    )
    actions = forms.CharField(
        label="Actions",
        help_text="What you will do, and by when.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=max_length(Priority, "actions"),
    )
    support = forms.CharField(
        label="Support needed",
        help_text="From your mentor, your line manager, the programme or others.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=max_length(Priority, "support"),
    )
    review_on = forms.DateField(
        label="Review date (optional)",
        help_text="When you will look again at how it is going. We remind you three days before.",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Give the date as day, month and year."},
    )
    status = forms.ChoiceField(label="Status", choices=Priority.Status.choices, required=False)
    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, qualities, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quality"].queryset = qualities
        if not editing:
            del self.fields["status"]
            del self.fields["revision"]

    def values(self) -> dict:
        """What was typed, as the services take it."""
        data = self.cleaned_data
        quality = data.get("quality")
        values = {
            "title": data.get("title", ""),
            "quality_id": quality.pk if quality else None,
            "actions": data.get("actions", ""),
            "support": data.get("support", ""),
            "review_on": data.get("review_on"),
        }
        if "status" in self.fields:
            values["status"] = data.get("status") or Priority.Status.ACTIVE
        return values
