"""A coordinator erases a person's data at their request
(``/coordinator/people/<id>/erase/``): the page says who, and what each app will remove, and
asks for a reason and a confirmation. Anyone but a coordinator is told nothing of it (404)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from .erasure import ACCOUNT_DESCRIBES, ErasureRefused, person_erase, refusal, registered
from .limits import LengthLimitedForm
from .models import User
from .roles import RoleRequiredMixin

REASON_LENGTH = 500


class EraseForm(LengthLimitedForm, forms.Form):
    reason = forms.CharField(
        label="Why are you erasing this person's data?",
        help_text="For example: “Erasure requested by email on 2 December, identity checked”. "
        "It is kept in the audit trail.",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why, so the audit trail shows why it was erased."},
    )
    keep_certificates = forms.BooleanField(
        label="Keep their certificates checkable (they agreed)",
        help_text="Otherwise the public check of each certificate says it was withdrawn at "
        "the holder's request, without their name.",
        required=False,
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Tick this to confirm: an erasure cannot be undone."},
    )


class PersonEraseView(RoleRequiredMixin, View):
    """GET: who, what will happen and the form; POST: erase, then back to their admin page."""

    def get(self, request: HttpRequest, user_id: int) -> HttpResponse:
        person = get_object_or_404(User, pk=user_id)
        return self._form(request, person, EraseForm())

    def post(self, request: HttpRequest, user_id: int) -> HttpResponse:
        person = get_object_or_404(User, pk=user_id)
        form = EraseForm(request.POST)
        if not form.is_valid():
            return self._form(request, person, form)
        try:
            person_erase(
                user=person,
                by=request.user,
                reason=form.cleaned_data["reason"],
                keep_certificates=form.cleaned_data["keep_certificates"],
            )
        except ErasureRefused as refused:
            form.add_error(None, str(refused))
            return self._form(request, person, form)
        messages.success(
            request, f"Account {person.pk} is erased. The reason is kept in the audit trail."
        )
        return redirect(reverse("admin:csssl_user_change", args=[person.pk]))

    def _form(self, request: HttpRequest, person: User, form: EraseForm) -> HttpResponse:
        return render(
            request,
            "csssl/person_erase.html",
            {
                "person": person,
                "form": form,
                "refused": refusal(user=person, by=request.user),
                "steps": [r.describes for r in registered()] + [ACCOUNT_DESCRIBES],
            },
        )
