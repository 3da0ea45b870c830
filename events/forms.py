from django import forms

from csssl.limits import LengthLimitedForm, max_length

from .models import Apology


class ApologyForm(LengthLimitedForm, forms.Form):
    reason = forms.CharField(
        label="Why can you not attend?",
        help_text="The programme team reads this; it helps them plan and follow up.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=max_length(Apology, "reason"),
        error_messages={"required": "Give a reason, so the programme team can plan."},
    )
