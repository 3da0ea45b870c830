"""Registers of attendance, for coordinators: the register of an event, its CSV, and each
change to a person's row (mark, note, "All present").

Coordinators only: a visitor who is not signed in is sent to log in, anyone else signed in is
told nothing (404). Every change to a register is a small POST form that works without
JavaScript and comes back to the register at the person's row; register.js sends the same forms
with fetch, asking for JSON, and updates the row in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views import View

from csssl.csv_export import csv_response
from csssl.roles import RoleRequiredMixin
from events import rules, services
from events.models import AttendanceRecord, Event
from events.selectors import registers as selectors

NOTE_LENGTH = AttendanceRecord._meta.get_field("note").max_length


class MarkForm(forms.Form):
    status = forms.ChoiceField(
        choices=AttendanceRecord.Status.choices,
        error_messages={
            "required": "Choose present, late, left early, apologies or absent.",
            "invalid_choice": "Choose present, late, left early, apologies or absent.",
        },
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=NOTE_LENGTH,
        error_messages={"max_length": f"Keep the note to {NOTE_LENGTH} characters or fewer."},
    )


def _wants_json(request: HttpRequest) -> bool:
    """register.js asks for JSON; a browser's own form submission never names it."""
    return "application/json" in request.headers.get("Accept", "")


def _register_url(event: Event, participant_id: int | None = None) -> str:
    url = reverse("coordinator:register", kwargs={"event_id": event.pk})
    return f"{url}#participant-{participant_id}" if participant_id else url


def _register_page(
    request: HttpRequest, *, event: Event, register: selectors.Register, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "coordinator/register.html",
        {
            "register": register,
            "event": event,
            "statuses": selectors.STATUSES,
            "note_length": NOTE_LENGTH,
            "attendance_open": services.attendance_open(event=event),
            "attendance_not_yet": services.attendance_not_yet(event),
            "on_the_day": services.ON_THE_DAY,
        },
        status=status,
    )


class RegisterView(RoleRequiredMixin, View):
    role_test = staticmethod(rules.can_keep_registers)

    def get(self, request: HttpRequest, event_id: int) -> HttpResponse:
        event = selectors.register_event(event_id=event_id)
        return _register_page(request, event=event, register=selectors.register_for(event=event))


class RegisterCsvView(RoleRequiredMixin, View):
    role_test = staticmethod(rules.can_keep_registers)

    def get(self, request: HttpRequest, event_id: int) -> HttpResponse:
        event = selectors.register_event(event_id=event_id)
        register = selectors.register_for(event=event)
        day = event.local_start.date().isoformat()
        filename = f"register-{event.cohort.programme.slug}-{day}-{slugify(event.title)}.csv"
        return csv_response(
            filename=filename,
            header=selectors.REGISTER_HEADER,
            rows=selectors.register_rows(register),
        )


def row_change_answer(
    request: HttpRequest,
    *,
    form: forms.Form,
    typed: str | None,
    participant,
    change: Callable[[dict], str],
    refusal: type[Exception],
    register: Callable[[], Any],
    page: Callable[[Any], HttpResponse],
    row_url: str,
) -> HttpResponse:
    """The answer to a change of one person's row of any register (an event's, or a group
    meeting's): JSON for register.js, or back to the row (post / redirect / get). A refusal
    (``refusal``, with its ``message``) or an invalid form shows the register again (``page``)
    with the problem beside the row and the text of the ``typed`` field kept."""
    name = selectors.person_name(participant.user)
    error = message = ""
    if form.is_valid():
        try:
            message = change(form.cleaned_data)
        except refusal as problem:
            error = f"{name}: {problem.message}"
    else:
        error = f"{name}: {' '.join(e for errors in form.errors.values() for e in errors)}"
    if _wants_json(request):
        if error:
            return JsonResponse({"participant": participant.pk, "error": error}, status=400)
        current = register()
        return JsonResponse(
            {
                "row": current.row_for(participant.pk).as_json(),
                "summary": current.summary,
                "message": f"{name}: {message}",
            }
        )
    if error:
        messages.error(request, error)
        current = register()
        row = current.row_for(participant.pk)
        if row is not None:
            row.error = error
            if typed:
                row.draft = request.POST.get(typed, "")
        return page(current)
    messages.success(request, f"{name}: {message}")
    return redirect(row_url)


class RowChangeView(RoleRequiredMixin, View):
    """A change to one person's row of a register: answered with JSON for register.js, or by
    going back to the row on the register (post / redirect / get). A refused change shows the
    register again with the problem beside the row and what was typed still in its field.

    Each kind of change gives its ``form_class`` (``typed``: the field whose text is kept on a
    refusal) and a ``change(*, event, participant, data)`` that makes it and says what
    happened, in words to show and announce."""

    role_test = staticmethod(rules.can_keep_registers)

    form_class: type[forms.Form]
    typed: str | None = None

    def post(self, request: HttpRequest, event_id: int, participant_id: int) -> HttpResponse:
        event = selectors.register_event(event_id=event_id)
        participant = selectors.register_participant(event=event, participant_id=participant_id)
        return row_change_answer(
            request,
            form=self.form_class(request.POST),
            typed=self.typed,
            participant=participant,
            change=lambda data: self.change(event=event, participant=participant, data=data),
            refusal=services.EventError,
            register=lambda: selectors.register_for(event=event),
            page=lambda register: _register_page(
                request, event=event, register=register, status=400
            ),
            row_url=_register_url(event, participant.pk),
        )


class MarkView(RowChangeView):
    form_class = MarkForm

    def change(self, *, event: Event, participant, data: dict) -> str:
        record = services.attendance_mark(
            event=event, participant=participant, status=data["status"], by=self.request.user
        )
        return f"{record.get_status_display()}."


class NoteView(RowChangeView):
    form_class = NoteForm
    typed = "note"

    def change(self, *, event: Event, participant, data: dict) -> str:
        record = services.attendance_note(
            event=event, participant=participant, note=data["note"], by=self.request.user
        )
        return "note saved." if record.note else "note removed."


class AllPresentView(RoleRequiredMixin, View):
    role_test = staticmethod(rules.can_keep_registers)

    def post(self, request: HttpRequest, event_id: int) -> HttpResponse:
        event = selectors.register_event(event_id=event_id)
        try:
            count = services.attendance_all_present(event=event, by=request.user)
        except services.EventError as error:
            messages.error(request, error.message)
            return redirect(_register_url(event))
        if count:
            messages.success(
                request,
                f"{count} {'person' if count == 1 else 'people'} marked: present, or apologies "
                "where they sent them. Now tap anyone late, leaving early or absent.",
            )
        else:
            messages.info(request, "Everyone was already marked; nothing changed.")
        return redirect(_register_url(event))
