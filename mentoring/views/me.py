"""The participant's mentoring page (/me/mentoring/): their mentor and how to reach them, what
they ask of a mentor before they are paired, a request for a change, and what each topic adds
(sessions, groups, placements)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cohorts.models import Participant, Quality
from cohorts.selectors import participation_for
from mentoring import sections
from mentoring.errors import MentoringError
from mentoring.forms.matching import ChangeRequestForm, PreferenceForm, show_refusal
from mentoring.models import ChangeRequest, Mentor, MentoringPreference
from mentoring.selectors.pairings import active_pairing
from mentoring.services import matching as services


def _qualities(participant: Participant):
    return Quality.objects.filter(
        framework__programme_id=participant.cohort.programme_id, framework__is_current=True
    ).order_by("order", "pk")


def _pool_mentors(participant: Participant):
    return (
        Mentor.objects.filter(pool_places__cohort_id=participant.cohort_id)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name")
    )


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    participant = participation_for(user=request.user)
    if participant is None:
        return render(request, "cohorts/me_none.html")
    pairing = active_pairing(participant=participant)
    open_request = (
        ChangeRequest.objects.filter(pairing=pairing, resolved_at__isnull=True).first()
        if pairing
        else None
    )
    preference = MentoringPreference.objects.filter(participant=participant).first()
    return render(
        request,
        "mentoring/me.html",
        {
            "participant": participant,
            "cohort": participant.cohort,
            "pairing": pairing,
            "open_request": open_request,
            "preference": preference,
            "sections": sections.participant_sections(participant=participant, now=timezone.now()),
        },
    )


def _participant(request: HttpRequest) -> Participant:
    """The person's place; without one there is nothing to ask of a mentor: 404."""
    participant = participation_for(user=request.user)
    if participant is None:
        raise Http404
    return participant


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    preference = MentoringPreference.objects.filter(participant=participant).first()
    initial = (
        {
            "qualities": list(preference.qualities.values_list("pk", flat=True)),
            "wishes": preference.wishes,
            "avoid": list(preference.avoid.values_list("pk", flat=True)),
        }
        if preference
        else {}
    )
    form = PreferenceForm(
        request.POST or None,
        initial=initial,
        qualities=_qualities(participant),
        mentors=_pool_mentors(participant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_save(participant=participant, **form.cleaned_data)
        except MentoringError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, "Your wishes are saved: the programme team reads them when pairing."
            )
            return redirect("mentoring:me")
    return render(
        request,
        "mentoring/preferences.html",
        {
            "participant": participant,
            "form": form,
            "paired": active_pairing(participant=participant),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def change(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    pairing = active_pairing(participant=participant)
    if pairing is None:
        messages.info(request, "You have no mentor yet, so there is nothing to change.")
        return redirect("mentoring:me")
    form = ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_make(
                participant=participant, reason=form.cleaned_data["reason"]
            )
        except MentoringError as error:
            if error.errors:
                show_refusal(form, error)
            else:
                messages.info(request, error.message)
                return redirect("mentoring:me")
        else:
            messages.success(
                request,
                "Your request is with the programme team, who will be in touch. "
                "Your mentor has not been told.",
            )
            return redirect("mentoring:me")
    return render(
        request,
        "mentoring/change.html",
        {"participant": participant, "pairing": pairing, "form": form},
        status=400 if form.errors else 200,
    )
