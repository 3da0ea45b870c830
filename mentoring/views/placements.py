"""Placements, shadowing and attachments: the participant's own pages (/me/placements/) and the
mentor's page for agreeing a mentee's objectives.

Thin: reads through ``selectors.placements``, changes through ``services.placements``.
Everything on the participant's pages is their own; anyone else's placement, and the pages
for someone without a place, answer 404. The mentor reaches only an active mentee's.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.models import Participant
from cohorts.selectors import participation_for
from csssl.uktime import uk_today
from mentoring.errors import MentoringError
from mentoring.forms.placements import PlacementForm, ReflectionForm
from mentoring.rules import placements as rules
from mentoring.selectors import placements as selectors
from mentoring.selectors.pairings import mentee_pairing
from mentoring.services import placements as services


def participant_of(request: HttpRequest) -> Participant:
    participant = participation_for(user=request.user)
    if participant is None:
        raise Http404
    return participant


def show_errors(form, error: MentoringError) -> str:
    """Put each of the service's messages beside its field; what fits no field is returned,
    for the error summary."""
    placed = False
    for name, message in error.errors.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    return "" if placed else error.message


def _detail(placement_id: int) -> HttpResponse:
    return redirect("mentoring:placement_detail", placement_id=placement_id)


@login_required
@require_GET
def placement_list(request: HttpRequest) -> HttpResponse:
    participant = participant_of(request)
    return render(
        request,
        "mentoring/placements/list.html",
        {"participant": participant, "placements": selectors.own_placements(participant)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_add(request: HttpRequest) -> HttpResponse:
    participant = participant_of(request)
    form = PlacementForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.placement_add(participant=participant, **form.values())
        except MentoringError as error:
            problem = show_errors(form, error)
        else:
            messages.success(
                request,
                "Your placement is saved as a draft. Ask your mentor or tutor to agree its "
                "objectives, then send it for approval.",
            )
            return _detail(placement.pk)
    return render(
        request,
        "mentoring/placements/form.html",
        {"participant": participant, "form": form, "problem": problem, "placement": None},
    )


@login_required
@require_GET
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    participant = participant_of(request)
    placement = selectors.own_placement(participant, placement_id)
    today = uk_today()
    return render(
        request,
        "mentoring/placements/detail.html",
        {
            "participant": participant,
            "placement": placement,
            "editable": rules.placement_is_editable(placement),
            "can_submit": rules.placement_can_submit(placement),
            "can_withdraw": rules.placement_can_withdraw(placement),
            "can_reflect": rules.placement_can_reflect(placement, today=today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    participant = participant_of(request)
    placement = selectors.own_placement(participant, placement_id)
    # A save from a page opened before the placement was sent goes to the service, which
    # refuses it beside what was typed; only opening the page is turned away here.
    if request.method == "GET" and not rules.placement_is_editable(placement):
        messages.info(
            request,
            f"This placement is {placement.get_status_display().lower()}, so it can no longer "
            "be changed.",
        )
        return _detail(placement.pk)
    problem, newer = "", None
    if request.method == "POST":
        form = PlacementForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.placement_edit(
                    participant=participant,
                    placement=placement,
                    revision=form.cleaned_data["revision"],
                    **form.values(),
                )
            except services.StaleEditError as stale:
                # Keep what was typed and show what is saved now: saving again is a choice.
                newer = stale.current
                data = request.POST.copy()
                data["revision"] = services.placement_revision(newer)
                form = PlacementForm(data, editing=True)
                form.is_valid()
                problem = stale.message
            except MentoringError as error:
                problem = show_errors(form, error)
            else:
                messages.success(request, "Your changes to the placement are saved.")
                return _detail(placement.pk)
    else:
        form = PlacementForm(
            editing=True,
            initial={
                **{name: getattr(placement, name) for name in services.CONTENT},
                "revision": services.placement_revision(placement),
            },
        )
    return render(
        request,
        "mentoring/placements/form.html",
        {
            "participant": participant,
            "form": form,
            "problem": problem,
            "placement": placement,
            "newer": newer,
        },
    )


@login_required
@require_POST
def placement_submit(request: HttpRequest, placement_id: int) -> HttpResponse:
    participant = participant_of(request)
    placement = selectors.own_placement(participant, placement_id)
    try:
        services.placement_submit(participant=participant, placement=placement)
    except MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Your placement is with the programme team for approval. We will tell you."
        )
    return _detail(placement.pk)


@login_required
@require_POST
def placement_withdraw(request: HttpRequest, placement_id: int) -> HttpResponse:
    participant = participant_of(request)
    placement = selectors.own_placement(participant, placement_id)
    try:
        services.placement_withdraw(participant=participant, placement=placement)
    except MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The placement is withdrawn.")
    return _detail(placement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def placement_reflect(request: HttpRequest, placement_id: int) -> HttpResponse:
    participant = participant_of(request)
    placement = selectors.own_placement(participant, placement_id)
    if not rules.placement_can_reflect(placement, today=uk_today()):
        messages.info(
            request, "You can reflect on an approved placement from its last day onwards."
        )
        return _detail(placement.pk)
    form = ReflectionForm(request.POST or None, initial={"reflection": placement.reflection})
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_reflect(
                participant=participant,
                placement=placement,
                reflection=form.cleaned_data["reflection"],
            )
        except MentoringError as error:
            problem = show_errors(form, error)
        else:
            messages.success(request, "Your reflection is saved.")
            return _detail(placement.pk)
    return render(
        request,
        "mentoring/placements/reflect.html",
        {"participant": participant, "placement": placement, "form": form, "problem": problem},
    )


# --- The mentor's ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def placement_mentor(request: HttpRequest, pairing_id: int, placement_id: int) -> HttpResponse:
    """A mentee's placement, for their mentor to read and agree its objectives."""
    pairing = mentee_pairing(user=request.user, pairing_id=pairing_id)
    placement = selectors.mentee_placement(pairing.participant, placement_id)
    if request.method == "POST":
        try:
            agreed = services.placement_objectives_agree(
                placement=placement,
                pairing=pairing,
                by=request.user,
                revision=request.POST.get("revision", ""),
                now=timezone.now(),
            )
        except MentoringError as error:
            messages.error(request, error.message)
        else:
            name = pairing.participant.user.get_full_name()
            messages.success(
                request,
                f"You agreed the objectives: {name} can now send the placement for approval."
                if agreed
                else "The objectives were already agreed.",
            )
        return redirect(
            "mentoring:placement_mentor", pairing_id=pairing.pk, placement_id=placement.pk
        )
    return render(
        request,
        "mentoring/placements/mentor.html",
        {
            "pairing": pairing,
            "placement": placement,
            "may_agree": rules.mentor_may_agree(placement),
            "revision": services.objectives_revision(placement),
            "mentee_url": reverse("mentoring:mentee", args=[pairing.pk]),
        },
    )
