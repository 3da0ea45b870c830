"""Emails from coordinators to some of a cohort's participants, chosen by their attendance:
choose, see who they are, write, preview and send (``events.messaging``).

Coordinators only: a visitor who is not signed in is sent to log in, anyone else signed in is
told nothing (404).
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from csssl.roles import RoleRequiredMixin
from csssl.uktime import time_on_date
from events import messaging, rules, services
from events.models import Event
from events.selectors import audience as selectors
from events.selectors.cohort import cohort_events, coordinator_cohort

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

    role_test = staticmethod(rules.can_email_cohort)

    def get(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = coordinator_cohort(cohort_id=cohort_id)
        events = cohort_events(cohort=cohort)
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
        cohort = coordinator_cohort(cohort_id=cohort_id)
        events = cohort_events(cohort=cohort)
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
            when = time_on_date(message.sent_at, with_year=False)
            messages.info(
                request,
                f"“{message.subject}” was sent to {people} at {when}; nobody was sent it twice.",
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
