"""The coordinators' workspace, registers of attendance, a cohort's engagement and emails to
its participants.

Coordinators only: a visitor who is not signed in is sent to log in, anyone else signed in is
told nothing (404). Every change to a register is a small POST form that works without
JavaScript and comes back to the register at the person's row; register.js sends the same forms
with fetch, asking for JSON, and updates the row in place.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from csssl.csv_export import csv_response
from csssl.roles import RoleRequiredMixin

from . import coordinator_selectors as selectors
from . import messaging, services
from .models import AttendanceRecord, Event

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


class WorkspaceView(RoleRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "coordinator/workspace.html", {"cohorts": selectors.workspace()})


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
    def get(self, request: HttpRequest, event_id: int) -> HttpResponse:
        event = selectors.register_event(event_id=event_id)
        return _register_page(request, event=event, register=selectors.register_for(event=event))


class RegisterCsvView(RoleRequiredMixin, View):
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


class RowChangeView(RoleRequiredMixin, View):
    """A change to one person's row of a register: answered with JSON for register.js, or by
    going back to the row on the register (post / redirect / get). A refused change shows the
    register again with the problem beside the row and what was typed still in its field.

    Each kind of change gives its ``form_class`` (``typed``: the field whose text is kept on a
    refusal) and a ``change(*, event, participant, data)`` that makes it and says what
    happened, in words to show and announce."""

    form_class: type[forms.Form]
    typed: str | None = None

    def post(self, request: HttpRequest, event_id: int, participant_id: int) -> HttpResponse:
        event = selectors.register_event(event_id=event_id)
        participant = selectors.register_participant(event=event, participant_id=participant_id)
        name = selectors.person_name(participant.user)
        form = self.form_class(request.POST)
        error = ""
        if form.is_valid():
            try:
                message = self.change(event=event, participant=participant, data=form.cleaned_data)
            except services.EventError as problem:
                error = f"{name}: {problem.message}"
        else:
            error = f"{name}: {' '.join(e for errors in form.errors.values() for e in errors)}"
        if _wants_json(request):
            if error:
                return JsonResponse({"participant": participant.pk, "error": error}, status=400)
            register = selectors.register_for(event=event)
            return JsonResponse(
                {
                    "row": register.row_for(participant.pk).as_json(),
                    "summary": register.summary,
                    "message": f"{name}: {message}",
                }
            )
        if error:
            messages.error(request, error)
            register = selectors.register_for(event=event)
            row = register.row_for(participant.pk)
            if row is not None:
                row.error = error
                if self.typed:
                    row.draft = request.POST.get(self.typed, "")
            return _register_page(request, event=event, register=register, status=400)
        messages.success(request, f"{name}: {message}")
        return redirect(_register_url(event, participant.pk))


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


# --- Engagement -----------------------------------------------------------------------------------


class EngagementView(RoleRequiredMixin, View):
    """Every participant of a cohort against its completion rule, those at risk first."""

    def get(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = selectors.coordinator_cohort(cohort_id=cohort_id)
        return render(
            request,
            "coordinator/engagement.html",
            {"cohort": cohort, "board": selectors.engagement_board(cohort=cohort)},
        )


# --- Emailing participants ------------------------------------------------------------------------

Who = selectors.Who


def _event_label(event: Event) -> str:
    label = f"{event.title}, {event.local_start:%a %-d %b %Y}"
    return f"{label} (cancelled)" if event.cancelled else label


class AudienceForm(forms.Form):
    """Whom to write to. The events offered are the cohort's, read once by the view."""

    who = forms.ChoiceField(
        label="Who to write to",
        choices=Who.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who to write to.",
            "invalid_choice": "Choose who to write to.",
        },
    )
    event = forms.TypedChoiceField(
        label="Event",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of this cohort's events."},
    )
    status = forms.ChoiceField(
        label="Their attendance at it",
        required=False,
        choices=[
            ("", "Choose attendance"),
            *((k, v[0]) for k, v in selectors.EVENT_STATUSES.items()),
        ],
        error_messages={"invalid_choice": "Choose one of the kinds of attendance listed."},
    )

    def __init__(self, *args, events: list[Event], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.events = {event.pk: event for event in events}
        self.fields["event"].choices = [
            ("", "Choose an event"),
            *((event.pk, _event_label(event)) for event in events),
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("who") == Who.EVENT:
            if not data.get("event"):
                self.add_error("event", "Choose the event.")
            if not data.get("status"):
                self.add_error("status", "Choose their attendance: present, absent, apologies…")
        return data

    def audience(self) -> selectors.Audience:
        data = self.cleaned_data
        if data["who"] == Who.EVENT:
            return selectors.Audience(
                who=Who.EVENT, event=self.events[data["event"]], status=data["status"]
            )
        return selectors.Audience(who=data["who"])


class MessageForm(forms.Form):
    subject = forms.CharField(
        max_length=messaging.SUBJECT_LENGTH,
        error_messages={
            "required": "Write a subject.",
            "max_length": f"Keep the subject to {messaging.SUBJECT_LENGTH} characters or fewer.",
        },
    )
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=messaging.BODY_LENGTH,
        help_text=(
            "Plain text. It opens with “Dear” and each person's first name, and closes with "
            "your name and the programme's contact address, so write what goes between."
        ),
        error_messages={
            "required": "Write the message.",
            "max_length": f"Keep the message to {messaging.BODY_LENGTH:,} characters or fewer.",
        },
    )
    # Fixed when the form is first shown: the same form sent twice sends once.
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)


#: What the buttons of the email page ask for.
SHOW, PREVIEW, SEND = "recipients", "preview", "send"


def _seen(recipients: list) -> str:
    """The recipients shown on the page, so a send can tell whether they changed since."""
    return ",".join(str(participant.pk) for participant in recipients)


class EmailView(RoleRequiredMixin, View):
    """Choose participants by their attendance, see who they are, write, preview and send.
    One form: changing whom to write to keeps what was typed. A send is refused, with the
    new list shown, if the people chosen changed since the list was shown."""

    def get(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = selectors.coordinator_cohort(cohort_id=cohort_id)
        events = selectors.cohort_events(cohort=cohort)
        audience_form = AudienceForm(
            request.GET if "who" in request.GET else {"who": Who.EVERYONE}, events=events
        )
        return self._page(
            request,
            cohort=cohort,
            events=events,
            audience_form=audience_form,
            message_form=MessageForm(initial={"key": uuid.uuid4()}),
        )

    def post(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = selectors.coordinator_cohort(cohort_id=cohort_id)
        events = selectors.cohort_events(cohort=cohort)
        action = request.POST.get("action", SHOW)
        audience_form = AudienceForm(request.POST, events=events)
        if action not in (PREVIEW, SEND):
            typed = {name: request.POST.get(name, "") for name in ("subject", "body")}
            message_form = MessageForm(
                initial={**typed, "key": request.POST.get("key") or uuid.uuid4()}
            )
            return self._page(
                request,
                cohort=cohort,
                events=events,
                audience_form=audience_form,
                message_form=message_form,
            )
        message_form = MessageForm(request.POST)
        audience_ok = audience_form.is_valid()
        message_ok = message_form.is_valid()
        key = message_form.cleaned_data.get("key") if message_ok else None
        if action == SEND and key is not None:
            sent = messaging.message_already_sent(cohort=cohort, key=key)
            if sent is not None:
                return self._sent(request, cohort=cohort, message=sent, created=False)
        page = {
            "cohort": cohort,
            "events": events,
            "audience_form": audience_form,
            "message_form": message_form,
        }
        if not (audience_ok and message_ok):
            return self._page(request, **page, status=400)
        audience = audience_form.audience()
        recipients = selectors.audience_recipients(cohort=cohort, audience=audience)
        if not recipients:
            problem = "Nobody matches your choice, so there is nobody to send this to."
            return self._page(request, **page, recipients=recipients, problem=problem, status=400)
        if action == PREVIEW:
            preview = messaging.message_preview(
                cohort=cohort,
                participant=recipients[0],
                subject=message_form.cleaned_data["subject"],
                body=message_form.cleaned_data["body"],
                by=request.user,
            )
            return self._page(request, **page, recipients=recipients, preview=preview)
        if request.POST.get("seen", "") != _seen(recipients):
            problem = (
                "The people this goes to changed since the list was shown: someone's "
                "attendance or place changed. Check the list, then send again."
            )
            return self._page(request, **page, recipients=recipients, problem=problem, status=400)
        try:
            message, created = messaging.message_send(
                cohort=cohort,
                recipients=recipients,
                subject=message_form.cleaned_data["subject"],
                body=message_form.cleaned_data["body"],
                by=request.user,
                audience=audience.description,
                key=key,
            )
        except services.EventError as error:
            return self._page(
                request, **page, recipients=recipients, problem=error.message, status=400
            )
        return self._sent(request, cohort=cohort, message=message, created=created)

    def _sent(self, request: HttpRequest, *, cohort, message, created: bool) -> HttpResponse:
        count = message.recipient_count
        people = f"{count} {'person' if count == 1 else 'people'}"
        if created:
            messages.success(request, f"“{message.subject}” sent to {people}.")
        else:
            when = timezone.localtime(message.sent_at)
            messages.info(
                request,
                f"“{message.subject}” was sent to {people} at {when:%H:%M} on {when:%-d %B}; "
                "nobody was sent it twice.",
            )
        return redirect("coordinator:email", cohort_id=cohort.pk)

    def _page(
        self,
        request: HttpRequest,
        *,
        cohort,
        events: list[Event],
        audience_form: AudienceForm,
        message_form: MessageForm,
        recipients: list | None = None,
        preview: messaging.Preview | None = None,
        problem: str = "",
        status: int = 200,
    ) -> HttpResponse:
        if recipients is None and audience_form.is_valid():
            recipients = selectors.audience_recipients(
                cohort=cohort, audience=audience_form.audience()
            )
        return render(
            request,
            "coordinator/email.html",
            {
                "cohort": cohort,
                "has_events": bool(events),
                "audience_form": audience_form,
                "message_form": message_form,
                "forms": (audience_form, message_form),
                "audience": audience_form.audience() if audience_form.is_valid() else None,
                "recipients": recipients,
                "seen": _seen(recipients or []),
                "preview": preview,
                "problem": problem,
                "sent": selectors.messages_sent(cohort=cohort),
            },
            status=status,
        )
