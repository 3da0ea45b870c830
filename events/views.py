"""The participant's own pages: dashboard and timeline, apologies, calendar feeds and the
certificate."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.certificates import certificate_filename, certificate_pdf
from cohorts.models import Certificate
from csssl.pdf import pdf_response

from . import engagement, selectors, services
from .calendar import calendar_for
from .forms import ApologyForm


def _participant(request: HttpRequest):
    participant = selectors.participation_for(user=request.user)
    if participant is None:
        raise Http404
    return participant


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    participant = selectors.participation_for(user=request.user)
    if participant is None:
        return render(request, "events/me_none.html")
    items = selectors.timeline_for(participant=participant)
    feed = selectors.calendar_feed_for(participant)
    certificate, rule = engagement.certificate_and_rule(participant)
    return render(
        request,
        "events/me.html",
        {
            "participant": participant,
            "cohort": participant.cohort,
            "items": items,
            "next": selectors.next_item(items),
            "owed": selectors.owed(items),
            "certificate": certificate,
            "rule": rule,
            "completion": engagement.completion_from_timeline(
                participant=participant, rule=rule, items=items
            ),
            "feed_url": request.build_absolute_uri(
                reverse("events:feed", kwargs={"token": feed.token})
            ),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apology(request: HttpRequest, event_id: int) -> HttpResponse:
    participant = _participant(request)
    event = selectors.own_event(participant=participant, event_id=event_id)
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
            return redirect("events:dashboard")
    return render(
        request,
        "events/apology.html",
        {"event": event, "form": form, "existing": existing, "participant": participant},
    )


@login_required
@require_POST
def apology_withdraw(request: HttpRequest, event_id: int) -> HttpResponse:
    participant = _participant(request)
    event = selectors.own_event(participant=participant, event_id=event_id)
    services.apology_withdraw(participant=participant, event=event)
    messages.success(request, f"Your apologies for {event.title} are withdrawn: see you there.")
    return redirect("events:dashboard")


@login_required
@require_GET
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    participant = _participant(request)
    event = selectors.own_event(participant=participant, event_id=event_id)
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
    """The personal calendar feed: calendar apps fetch it without signing in, so the secret
    address is the key. Resetting it makes this one stop working."""
    calendar_feed = selectors.feed_by_token(token)
    participant = calendar_feed.participant
    events = participant.cohort.events.all()
    return HttpResponse(
        calendar_for(
            events,
            name=f"{participant.cohort.programme.short_name} {participant.cohort.name}",
            with_links=True,
        ),
        content_type="text/calendar; charset=utf-8",
    )


@login_required
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    calendar_feed = selectors.calendar_feed_for(participant)
    calendar_feed.token = secrets.token_urlsafe()
    calendar_feed.created_at = timezone.now()
    calendar_feed.save(update_fields=["token", "created_at"])
    messages.success(
        request,
        "Your calendar address is new. Add it to your calendar again: the old one no longer works.",
    )
    return redirect(f"{reverse('events:dashboard')}#calendar")


@login_required
@require_GET
def certificate(request: HttpRequest) -> HttpResponse:
    """The participant's own certificate as a PDF, once it has been awarded; 404 until then."""
    participant = _participant(request)
    awarded = get_object_or_404(Certificate, participant=participant)
    return pdf_response(
        certificate_pdf(awarded), filename=certificate_filename(awarded), download=True
    )
