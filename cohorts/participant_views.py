"""The participant's dashboard (/me/): their year, what comes next, what they still owe, where
they stand against the completion rule, their certificate, and the panels apps add beside it.

It reads the registries only (``cohorts.timeline`` and ``cohorts.completion``), so what an app
puts on a participant's year appears here without this page knowing the app.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cohorts import completion, timeline
from cohorts.selectors import participation_for


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    participant = participation_for(user=request.user)
    if participant is None:
        return render(request, "cohorts/me_none.html")
    now = timezone.now()
    items = timeline.timeline_for(participant=participant, now=now)
    certificate, rule = completion.certificate_and_rule(participant)
    return render(
        request,
        "cohorts/me.html",
        {
            "participant": participant,
            "cohort": participant.cohort,
            "items": items,
            "next": timeline.next_item(items),
            "owed": timeline.owed(items),
            "certificate": certificate,
            "rule": rule,
            "completion": completion.completion_from_timeline(
                participant=participant, rule=rule, items=items, now=now
            ),
            "panels": timeline.panels_for(participant=participant, request=request),
            "now": now,
        },
    )
