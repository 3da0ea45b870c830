"""The applicant's and the endorser's forms. The expression-of-interest form's questions,
labels, help and word limits come from ``applications.form_shape``."""

from django import forms

from cohorts.models import LocalAuthority, Organisation
from csssl.limits import LengthLimitedForm, max_length

from .form_shape import (
    DRAFT_FIELDS,
    EQUALITY_QUESTIONS,
    EXTERNAL_PARTNER_FIELDS,
    LABELS,
    LONG_ANSWERS,
    QUESTION,
    STATEMENT_WORD_LIMIT,
    STATEMENTS,
    word_count,
)
from .models import Endorsement, EqualityMonitoring, ExpressionOfInterest, Offer


def statement_help(name: str) -> str:
    """The help beneath a statement: what to write about, and the word limit."""
    return f"{QUESTION[name].help} Up to {STATEMENT_WORD_LIMIT} words."


class ApplicationForm(LengthLimitedForm, forms.ModelForm):
    """The expression-of-interest form. Every field may be left blank in a draft: what is
    needed to submit is checked by the submit service. Only an answer longer than its field
    holds stops a draft saving; the form then comes back with everything as typed."""

    class Meta:
        model = ExpressionOfInterest
        fields = DRAFT_FIELDS
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in sorted(LONG_ANSWERS)
                if name not in STATEMENTS
            },
            "service_led": forms.TextInput(),
            **{
                name: forms.Textarea(attrs={"rows": 6, "data-word-limit": STATEMENT_WORD_LIMIT})
                for name in STATEMENTS
            },
        }
        labels = LABELS
        help_texts = {
            **{
                name: QUESTION[name].help
                for name in DRAFT_FIELDS
                if QUESTION[name].help and name not in STATEMENTS
            },
            **{name: statement_help(name) for name in STATEMENTS},
        }

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        programme = cohort.programme.short_name
        self.fields["local_authority"].queryset = LocalAuthority.objects.filter(is_active=True)
        self.fields["local_authority"].empty_label = "Choose an area"
        self.fields["organisation_type"].choices = [("", "Choose a type")] + list(
            Organisation.Type.choices
        )
        self.fields["sector"].choices = [("", "Choose a sector")] + list(
            self.fields["sector"].choices
        )[1:]
        endorser = (
            "your Director of Children's Services or Children's Trust contact"
            if programme.upper() == "ALICSE"
            else "your line manager"
        )
        self.fields["endorser_name"].help_text = (
            f"Your endorser is {endorser}. When you submit, we email them a link to confirm you "
            "can attend everything."
        )
        if not cohort.fee:
            for name in EXTERNAL_PARTNER_FIELDS:
                del self.fields[name]
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = (
                "given-name" if name == "first_name" else "family-name"
            )
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["employer"].widget.attrs["autocomplete"] = "organization"

    def word_counts(self) -> dict[str, int]:
        return {name: word_count(self[name].value() or "") for name in STATEMENTS}


class EqualityForm(forms.ModelForm):
    """Optional answers, kept apart from the application."""

    prefix = "equality"

    class Meta:
        model = EqualityMonitoring
        fields = EQUALITY_QUESTIONS
        widgets = dict.fromkeys(fields, forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.choices = [c for c in field.choices if c[0] != ""]


class EndorsementForm(LengthLimitedForm, forms.Form):
    DECISIONS = [
        ("confirm", "Yes, I endorse this application"),
        ("decline", "No, I cannot endorse this application"),
    ]

    decision = forms.ChoiceField(
        label="Your answer",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you endorse the application."},
    )
    basis = forms.ChoiceField(
        label="If you endorse it: on what basis?",
        choices=Endorsement.Basis.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comments = forms.CharField(
        label="Comments for the programme team (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=max_length(Endorsement, "comments"),
    )
    decline_reason = forms.CharField(
        label="If you cannot endorse it: your reason, which the applicant will see",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=max_length(Endorsement, "decline_reason"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "confirm" and not data.get("basis"):
            self.add_error(
                "basis",
                "Choose whether you approve their attendance or they have the autonomy to attend.",
            )
        if data.get("decision") == "decline" and not (data.get("decline_reason") or "").strip():
            self.add_error("decline_reason", "Give a reason for declining.")
        return data


class EndorserChangeForm(LengthLimitedForm, forms.Form):
    endorser_name = forms.CharField(
        label="Endorser's name", max_length=max_length(ExpressionOfInterest, "endorser_name")
    )
    endorser_job_title = forms.CharField(
        label="Endorser's job title",
        max_length=max_length(ExpressionOfInterest, "endorser_job_title"),
    )
    endorser_email = forms.EmailField(
        label="Endorser's email address",
        max_length=max_length(ExpressionOfInterest, "endorser_email"),
    )
    # The request shown when the form was, so the same form sent twice asks once.
    replacing = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(LengthLimitedForm, forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=max_length(ExpressionOfInterest, "withdrawal_reason"),
    )


class OfferDeclineForm(LengthLimitedForm, forms.Form):
    reason = forms.CharField(
        label="If you would like to, tell us why (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=max_length(Offer, "decline_reason"),
    )
