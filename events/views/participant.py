"""The participant's own event pages: apologies, an event's calendar entry, and the personal
calendar feed. (Their dashboard, /me/, is ``cohorts.participant_views``.)"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts import timeline
from cohorts.models import Participant
from cohorts.selectors import participation_for
from events import services
from events.calendar import calendar_for
from events.forms import ApologyForm
from events.selectors.participant import calendar_feed_for, feed_by_token, own_event


def _participant(request: HttpRequest) -> Participant:
    participant = participation_for(user=request.user)
    if participant is None:
        raise Http404
    return participant


@login_required
@require_http_methods(["GET", "POST"])
def apology(request: HttpRequest, event_id: int) -> HttpResponse:
    participant = _participant(request)
    event = own_event(participant=participant, event_id=event_id)
    existing = event.apologies.filter(participant=participant).first()
    form = ApologyForm(
        request.POST or None, initial={"reason": existing.reason if existing else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.apology_send(
                participant=participant, event=event, reason=form.cleaned_data["reason"]
            )
        except services.EventError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, f"Your apologies for {event.title} are sent.")
            return redirect("cohorts:dashboard")
    return render(
        request,
        "events/apology.html",
        {"event": event, "form": form, "existing": existing, "participant": participant},
    )


@login_required
@require_POST
def apology_withdraw(request: HttpRequest, event_id: int) -> HttpResponse:
    participant = _participant(request)
    event = own_event(participant=participant, event_id=event_id)
    services.apology_withdraw(participant=participant, event=event)
    messages.success(request, f"Your apologies for {event.title} are withdrawn: see you there.")
    return redirect("cohorts:dashboard")


@login_required
@require_GET
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    participant = _participant(request)
    event = own_event(participant=participant, event_id=event_id)
    response = HttpResponse(
        calendar_for([event], name=event.title, with_links=True),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@sensitive_variables("token")  # kept out of error reports: the token is the address
@never_cache
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal calendar feed: every item of the participant's year that has a calendar
    entry (``cohorts.timeline``). Calendar apps fetch it without signing in, so the secret
    address is the key. Resetting it makes this one stop working."""
    participant = feed_by_token(token).participant
    cohort = participant.cohort
    return HttpResponse(
        timeline.feed_calendar(
            timeline.timeline_for(participant=participant, calendar=True),
            name=f"{cohort.programme.short_name} {cohort.name}",
        ),
        content_type="text/calendar; charset=utf-8",
    )


@login_required
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    calendar_feed = calendar_feed_for(participant)
    calendar_feed.token = secrets.token_urlsafe()
    calendar_feed.created_at = timezone.now()
    calendar_feed.save(update_fields=["token", "created_at"])
    messages.success(
        request,
        "Your calendar address is new. Add it to your calendar again: the old one no longer works.",
    )
    return redirect(f"{reverse('cohorts:dashboard')}#calendar")
