"""The portfolio's forms: an entry (with an optional file) and a mark. They read what was typed
into the shapes the services take; the rules (the programme's qualities, the participant's own
links, a file's content and size) are the services'."""

from __future__ import annotations

from django import forms
from django.conf import settings

from csssl.limits import LengthLimitedForm, max_length
from csssl.uktime import in_uk, long_date
from mentoring.models import PortfolioEntry
from mentoring.selectors.portfolio import LINKS
from mentoring.services.portfolio import ACCEPTED

LINK_LABELS = {
    "event": "Programme event",
    "session": "Mentoring session",
    "meeting": "Group meeting",
    "placement": "Placement or shadowing",
    "project": "Work-based project",
}


def _link_label(field: str, item) -> str:
    if field == "event":
        return f"{item.title}, {long_date(in_uk(item.starts_at).date())}"
    if field == "session":
        return f"Mentoring session, {long_date(in_uk(item.starts_at).date())}"
    if field == "meeting":
        title = item.title or "Meeting"
        return f"{item.group.name}: {title}, {long_date(in_uk(item.starts_at).date())}"
    if field == "placement":
        return f"{item}, from {long_date(item.starts_on)}"
    return str(item)


class QualitiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.theme})"


class EntryForm(LengthLimitedForm, forms.Form):
    title = forms.CharField(
        label="Title",
        help_text="A few words that say what this entry is about.",
        required=False,
        max_length=max_length(PortfolioEntry, "title"),
    )
    reflection = forms.CharField(
        label="Reflection",
        help_text="What happened, what you learned, and what you will do differently.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=max_length(PortfolioEntry, "reflection"),
    )
    qualities = QualitiesField(
        label="Leadership qualities this shows (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose qualities from the list."},
    )
    shared_with_mentor = forms.BooleanField(
        label="Share with my mentor",
        required=False,
        help_text="Your mentor can read it, download its files and mark it against a quality.",
    )
    shared_with_facilitators = forms.BooleanField(
        label="Share with my tutors and group facilitators",
        required=False,
        help_text="The facilitators of your tutorial groups and action learning sets.",
    )
    file = forms.FileField(
        label="Attach a file (optional)",
        required=False,
        help_text="",
    )
    revision = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, qualities, links: dict[str, list], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualities"].queryset = qualities
        for field in reversed(LINKS):
            options = links.get(field, [])
            if not options:
                continue
            self.fields[field] = forms.TypedChoiceField(
                label=f"{LINK_LABELS[field]} it grew from (optional)",
                choices=[("", "None")] + [(o.pk, _link_label(field, o)) for o in options],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Choose one of your own, from the list."},
            )
        self.order_fields(["title", "reflection", "qualities", *LINKS])
        limit = settings.PORTFOLIO_UPLOAD_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = (
            f"{ACCEPTED}, up to {limit} MB. Only you, and the people you share this entry with, "
            "can download it."
        )

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            "title": data.get("title", ""),
            "reflection": data.get("reflection", ""),
            "quality_ids": [quality.pk for quality in data.get("qualities") or []],
            "shared_with_mentor": bool(data.get("shared_with_mentor")),
            "shared_with_facilitators": bool(data.get("shared_with_facilitators")),
        }
        for field in LINKS:
            values[f"{field}_id"] = data.get(field)
        return values

    @classmethod
    def initial_for(cls, entry: PortfolioEntry, *, revision: str) -> dict:
        initial = {
            "title": entry.title,
            "reflection": entry.reflection,
            "qualities": [quality.pk for quality in entry.qualities.all()],
            "shared_with_mentor": entry.shared_with_mentor,
            "shared_with_facilitators": entry.shared_with_facilitators,
            "revision": revision,
        }
        for field in LINKS:
            initial[field] = getattr(entry, f"{field}_id")
        return initial


class MarkForm(forms.Form):
    quality = forms.TypedChoiceField(
        label="Quality the evidence meets", coerce=int, choices=(), required=True
    )

    def __init__(self, *args, entry: PortfolioEntry, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        marked = {mark.quality_id for mark in entry.marks.all()}
        self.fields["quality"].choices = [
            (quality.pk, quality.name)
            for quality in entry.qualities.all()
            if quality.pk not in marked
        ]
