"""The public page that confirms a certificate.

Anyone holding a certificate's code can check it at ``/certificates/verify/<code>/``. The page
confirms the name, the programme and the date of award and nothing else: no email address, no
employer, no attendance. An unknown code is a 404 with a page that helps the person try again;
a certificate withdrawn at its holder's request (their data erased) says so, without a name.
"""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cohorts.models import CERTIFICATE_CODE_ALPHABET, CERTIFICATE_CODE_LENGTH, Certificate
from csssl.limits import LengthLimitedForm
from csssl.ratelimit import client_address, minutes, window_hit

#: What people type between the groups of a code they copy: spaces and dashes of any kind.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
CODE_PATTERN = re.compile(rf"^[{CERTIFICATE_CODE_ALPHABET}]{{{CERTIFICATE_CODE_LENGTH}}}$")
#: The most characters a typed code may have: room for the code and the separators in it.
TYPED_CODE_LENGTH = 40


def normalise_code(typed: str) -> str:
    """A code as stored: capitals, without the spaces or dashes a person may type in it."""
    return SEPARATORS.sub("", typed or "").upper()


class VerifyForm(LengthLimitedForm, forms.Form):
    code = forms.CharField(
        label="Certificate code",
        max_length=TYPED_CODE_LENGTH,
        help_text="The 12 letters and numbers printed at the foot of the certificate.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                "A certificate code has 12 letters and numbers, such as 7KQ4M2XW9HTC. "
                "Check it against the certificate."
            )
        return code


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """Type a code to check it. ``?code=`` goes to that code's own page, whatever it is."""
    if "code" not in request.GET:
        return render(request, "cohorts/certificate_verify_form.html", {"form": VerifyForm()})
    form = VerifyForm(request.GET)
    if form.is_valid():
        return redirect("cohorts:certificate_verify", code=form.cleaned_data["code"])
    return render(request, "cohorts/certificate_verify_form.html", {"form": form})


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Confirm a certificate: the name, programme and date of award, and nothing more."""
    if len(code) > TYPED_CODE_LENGTH:
        # No code is this long: say so beside the field, without looking it up.
        form = VerifyForm({"code": code})
        form.is_valid()
        return render(request, "cohorts/certificate_verify_form.html", {"form": form}, status=404)
    normalised = normalise_code(code)
    if normalised != code and CODE_PATTERN.match(normalised):
        return redirect("cohorts:certificate_verify", code=normalised)
    wait = window_hit(
        "certificate-check",
        client_address(request),
        limit=settings.CERTIFICATE_CHECKS_PER_MINUTE,
        seconds=60,
    )
    if wait:
        # Codes cannot be guessed, but they should not be tried by the thousand either.
        response = render(
            request, "cohorts/certificate_checks_limited.html", {"wait": minutes(wait)}, status=429
        )
        response["Retry-After"] = str(wait)
        return response
    certificate = (
        Certificate.objects.filter(code=normalised)
        .only("code", "name", "programme_name", "programme_short_name", "issued_at", "withdrawn_at")
        .first()
    )
    if certificate is None:
        return render(
            request,
            "cohorts/certificate_not_found.html",
            {"form": VerifyForm(initial={"code": code}), "code": code},
            status=404,
        )
    if certificate.withdrawn_at is not None:
        # The holder asked for their data to be erased: the code still answers, kindly.
        return render(request, "cohorts/certificate_withdrawn.html", {"certificate": certificate})
    return render(request, "cohorts/certificate_verify.html", {"certificate": certificate})
