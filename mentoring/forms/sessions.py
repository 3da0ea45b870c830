"""The forms of mentoring sessions. They read what was typed; the rules are the services'
(``mentoring.services.sessions``), whose messages go beside the fields they name."""

from __future__ import annotations

from datetime import datetime

from django import forms

from csssl.uktime import in_uk, uk_moment
from mentoring.errors import MentoringError


class ServiceErrors:
    """Put a service's refusal beside the fields it names, or above the form."""

    def refused(self, error: MentoringError) -> None:
        for name, message in error.errors.items():
            self.add_error(name if name in self.fields else None, message)
        if not error.errors:
            self.add_error(None, error.message)

    def problems(self) -> list[tuple[str, str]]:
        """The error summary: (field id, message) for each field's errors."""
        return [
            (field.auto_id, f"{field.label}: {error}") for field in self for error in field.errors
        ]


class SessionForm(ServiceErrors, forms.Form):
    """A day, a start and an end (UK time), and where."""

    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the day.", "invalid": "Give the day as a date."},
    )
    starts = forms.TimeField(
        label="Starts at",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Give the time it starts.", "invalid": "Give a time."},
    )
    ends = forms.TimeField(
        label="Ends at",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Give the time it ends.", "invalid": "Give a time."},
    )
    place = forms.CharField(
        label="Where",
        required=False,
        max_length=300,
        help_text="A place, or how you meet: phone, video call.",
    )

    @classmethod
    def for_session(cls, session, **kwargs):
        local_start, local_end = in_uk(session.starts_at), in_uk(session.ends_at)
        initial = {
            "day": local_start.date(),
            "starts": local_start.time().replace(second=0, microsecond=0),
            "ends": local_end.time().replace(second=0, microsecond=0),
            "place": session.place,
        }
        return cls(initial=initial, **kwargs)

    def moments(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        return uk_moment(data["day"], data["starts"]), uk_moment(data["day"], data["ends"])


class RecordForm(ServiceErrors, forms.Form):
    """The shared record: what both keep of a held session. ``seen`` is when the record the
    person edited was saved, so a later save by the other side is never overwritten unread."""

    themes = forms.CharField(
        label="Themes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    actions = forms.CharField(
        label="Agreed actions",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def seen_at(self) -> datetime | None:
        value = self.cleaned_data.get("seen") or ""
        try:
            return datetime.fromisoformat(value) if value else None
        except ValueError:
            return None


class NoteForm(ServiceErrors, forms.Form):
    text = forms.CharField(
        label="Your private note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only you can ever read this. Save it empty to delete it.",
    )


class FitForm(ServiceErrors, forms.Form):
    works = forms.TypedChoiceField(
        label="Is this pairing working for you?",
        choices=(("yes", "Yes"), ("no", "No")),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Answer yes or no."},
    )
    comment = forms.CharField(
        label="Anything you would like the programme team to know (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the programme team reads this: never the other side.",
    )

    def problems(self) -> list[tuple[str, str]]:
        found = []
        for field in self:
            anchor = f"{field.auto_id}_0" if field.name == "works" else field.auto_id
            found += [(anchor, f"{field.label} {error}") for error in field.errors]
        return found


class DebriefForm(ServiceErrors, forms.Form):
    held_on = forms.DateField(
        label="Day the debrief was held",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Give the day the debrief was held.",
            "invalid": "Give the day the debrief was held, as a date.",
        },
    )
