"""A person's copy of everything held about them (``/me/data/``), and a coordinator's copy of
someone's record for a request that came by post (``/coordinator/people/<id>/data/``).

Both read only the registry in :mod:`csssl.personal_data`. The person's page is theirs
alone; the coordinator's copy is made only on a POST with a reason, and each one is written
to the log and to the admin's history of that person, so who looked at whose record, and why,
is on the record too. Anyone but a coordinator is told nothing of it (404).
"""

from __future__ import annotations

import logging

from django import forms
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .limits import LengthLimitedForm
from .models import User
from .pdf import pdf_response, render_pdf
from .personal_data import export_for, moment, record_json
from .roles import RoleRequiredMixin
from .uktime import uk_day

logger = logging.getLogger(__name__)

JSON, PDF = "json", "pdf"


def _filename(user: User, extension: str, *, now) -> str:
    who = slugify(user.display_name) or f"person-{user.pk}"
    return f"personal-data-{who}-{uk_day(now):%Y-%m-%d}.{extension}"


def _download(user: User, kind: str) -> HttpResponse:
    """The whole record of ``user`` as a JSON or (tagged) PDF attachment."""
    now = timezone.now()
    sections = export_for(user=user)
    if kind == PDF:
        pdf = render_pdf(
            "csssl/personal_data.pdf.html",
            {"person": user, "sections": sections, "produced_at": moment(now)},
        )
        response = pdf_response(pdf, filename=_filename(user, PDF, now=now), download=True)
    else:
        response = HttpResponse(
            record_json(user=user, sections=sections, now=now),
            content_type="application/json; charset=utf-8",
        )
        filename = _filename(user, JSON, now=now)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """Everything held about the signed-in person, to read (``?format=json`` downloads it)."""
    if request.GET.get("format") in (JSON, PDF):
        return _download(request.user, request.GET["format"])
    return render(
        request,
        "csssl/personal_data.html",
        {
            "person": request.user,
            "sections": export_for(user=request.user),
            "produced_at": moment(timezone.now()),
        },
    )


@never_cache
@login_required
@require_GET
def mine_json(request: HttpRequest) -> HttpResponse:
    return _download(request.user, JSON)


@never_cache
@login_required
@require_GET
def mine_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request.user, PDF)


class RequestForm(LengthLimitedForm, forms.Form):
    reason = forms.CharField(
        label="Why are you producing this copy?",
        help_text="For example: “Subject access request received by post on 2 December”. "
        "It is kept in the admin's history of this person.",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why, so the record shows who was given a copy and why."},
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[(PDF, "PDF, to print and post"), (JSON, "JSON, to send electronically")],
        initial=PDF,
        widget=forms.RadioSelect,
    )


class PersonDataView(RoleRequiredMixin, View):
    """A coordinator produces someone's record for a request that did not come through the
    site; a POST with a reason gives the download and records that it was made."""

    def _person(self, user_id: int) -> User:
        return get_object_or_404(User, pk=user_id)

    def get(self, request: HttpRequest, user_id: int) -> HttpResponse:
        person = self._person(user_id)
        return self._form(request, person, RequestForm())

    def post(self, request: HttpRequest, user_id: int) -> HttpResponse:
        person = self._person(user_id)
        form = RequestForm(request.POST)
        if not form.is_valid():
            return self._form(request, person, form)
        kind = form.cleaned_data["format"]
        reason = form.cleaned_data["reason"]
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=[person],
            action_flag=CHANGE,
            change_message=f"Produced a copy of their personal data ({kind.upper()}): {reason}",
            single_object=True,
        )
        logger.info(
            "Personal data copy produced by user %s for user %s (%s)",
            request.user.pk,
            person.pk,
            kind,
        )
        return _download(person, kind)

    def _form(self, request: HttpRequest, person: User, form: RequestForm) -> HttpResponse:
        return render(request, "csssl/personal_data_request.html", {"person": person, "form": form})
