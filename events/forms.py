from django import forms


class ApologyForm(forms.Form):
    reason = forms.CharField(
        label="Why can you not attend?",
        help_text="The programme team reads this; it helps them plan and follow up.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Give a reason, so the programme team can plan."},
    )
