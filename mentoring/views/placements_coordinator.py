"""A cohort's placements and projects for the programme team
(/coordinator/cohorts/<cohort_id>/placements/): those awaiting approval first, each approved
(the host contact is emailed) or declined with a note.

Coordinators only: a visitor who is not signed in is sent to log in, anyone else signed in is
told nothing (404), whatever the method.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.errors import MentoringError
from mentoring.forms.placements import DeclineForm
from mentoring.models import Placement
from mentoring.rules import can_run_mentoring
from mentoring.selectors import placements as selectors
from mentoring.services import placements as services
from mentoring.views.placements import show_errors


def coordinators_only(view):
    """The role is checked before the method, so a GET of a change tells a non-coordinator
    nothing either."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_run_mentoring(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return checked


def _to_list(cohort_id: int, placement_id: int | None = None) -> HttpResponse:
    response = redirect("mentoring:placement_cohort", cohort_id=cohort_id)
    if placement_id:
        response["Location"] += f"#placement-{placement_id}"
    return response


@coordinators_only
@require_GET
def placement_cohort(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.coordinator_cohort(cohort_id)
    return render(
        request,
        "mentoring/placements/coordinator.html",
        {"cohort": cohort, "page": selectors.cohort_placements(cohort)},
    )


@coordinators_only
@require_POST
def placement_approve(request: HttpRequest, cohort_id: int, placement_id: int) -> HttpResponse:
    cohort = selectors.coordinator_cohort(cohort_id)
    placement = selectors.cohort_placement(cohort, placement_id)
    try:
        services.placement_approve(placement=placement, by=request.user)
    except MentoringError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request,
            f"The placement of {placement.participant.user.get_full_name()} at "
            f"{placement.host_organisation} is approved: {placement.host_contact_name} and "
            "the participant are being emailed.",
        )
    return _to_list(cohort.pk, placement.pk)


@coordinators_only
@require_http_methods(["GET", "POST"])
def placement_decline(request: HttpRequest, cohort_id: int, placement_id: int) -> HttpResponse:
    cohort = selectors.coordinator_cohort(cohort_id)
    placement = selectors.cohort_placement(cohort, placement_id)
    if request.method == "GET" and placement.status != Placement.Status.SUBMITTED:
        messages.info(request, "This placement is not waiting for approval.")
        return _to_list(cohort.pk, placement.pk)
    form = DeclineForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_decline(
                placement=placement, by=request.user, note=form.cleaned_data["note"]
            )
        except MentoringError as error:
            if error.errors:
                problem = show_errors(form, error)
            else:
                messages.info(request, error.message)
                return _to_list(cohort.pk, placement.pk)
        else:
            messages.success(
                request,
                f"The placement of {placement.participant.user.get_full_name()} is not "
                "approved: they are being emailed your note.",
            )
            return _to_list(cohort.pk, placement.pk)
    return render(
        request,
        "mentoring/placements/decline.html",
        {"cohort": cohort, "placement": placement, "form": form, "problem": problem},
    )
