"""The participant's development plan (/me/evaluations/plan/): their priorities, what their
released report suggests, the choice to share the plan with their mentor, and its history.

Thin: reads through ``selectors.plans``, changes through ``services.plans``. Everything is the
signed-in participant's own; anyone else's priority, and the pages for someone without a
place, answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.models import Participant
from cohorts.selectors import participation_for
from evaluations.errors import EvaluationError, StaleEditError
from evaluations.forms.plans import PriorityForm
from evaluations.selectors import plans as selectors
from evaluations.services import plans as services


def _participant(request: HttpRequest) -> Participant:
    participant = participation_for(user=request.user)
    if participant is None:
        raise Http404
    return participant


def _to_plan(anchor: str = "") -> HttpResponse:
    return redirect(reverse("evaluations:plan") + (f"#{anchor}" if anchor else ""))


def _show_errors(form: PriorityForm, error: EvaluationError) -> str:
    """Put each of the service's messages beside its field; what fits no field is returned,
    for the top of the page."""
    placed = False
    for name, message in error.errors.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    return "" if placed else error.message


@login_required
@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    return render(
        request,
        "evaluations/plan.html",
        {"participant": participant, "page": selectors.plan_page(participant)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_add(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    form = PriorityForm(request.POST or None, qualities=selectors.qualities_for(participant))
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            priority = services.priority_add(
                participant=participant, by=request.user, **form.values()
            )
        except EvaluationError as error:
            problem = _show_errors(form, error)
        else:
            messages.success(request, f"“{priority.title}” is in your plan.")
            return _to_plan(f"priority-{priority.pk}")
    return render(
        request,
        "evaluations/plan_priority.html",
        {"participant": participant, "form": form, "problem": problem, "priority": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_priority(request: HttpRequest, priority_id: int) -> HttpResponse:
    participant = _participant(request)
    priority = selectors.own_priority(participant, priority_id)
    qualities = selectors.qualities_for(participant)
    problem, newer = "", None
    if request.method == "POST":
        form = PriorityForm(request.POST, qualities=qualities, editing=True)
        if form.is_valid():
            try:
                services.priority_edit(
                    participant=participant,
                    priority=priority,
                    revision=form.cleaned_data["revision"],
                    by=request.user,
                    **form.values(),
                )
            except StaleEditError as stale:
                # Keep what was typed; show the newer text; a second save is then a choice.
                newer = selectors.own_priority(participant, stale.current.pk)
                data = request.POST.copy()
                data["revision"] = services.revision_of(newer)
                form = PriorityForm(data, qualities=qualities, editing=True)
                form.is_valid()
                problem = stale.message
            except EvaluationError as error:
                problem = _show_errors(form, error)
            else:
                messages.success(request, f"Your changes to “{form.values()['title']}” are saved.")
                return _to_plan(f"priority-{priority.pk}")
    else:
        form = PriorityForm(
            qualities=qualities,
            editing=True,
            initial={
                "title": priority.title,
                "quality": priority.quality_id,
                "actions": priority.actions,
                "support": priority.support,
                "review_on": priority.review_on,
                "status": priority.status,
                "revision": services.revision_of(priority),
            },
        )
    return render(
        request,
        "evaluations/plan_priority.html",
        {
            "participant": participant,
            "form": form,
            "problem": problem,
            "priority": priority,
            "newer": newer,
        },
    )


@login_required
@require_POST
def plan_move(request: HttpRequest, priority_id: int) -> HttpResponse:
    participant = _participant(request)
    priority = selectors.own_priority(participant, priority_id)
    up = request.POST.get("direction") == "up"
    services.priority_move(participant=participant, priority=priority, up=up)
    messages.success(request, f"“{priority.title}” moved {'up' if up else 'down'}.")
    return _to_plan(f"priority-{priority.pk}")


@login_required
@require_POST
def plan_suggestion(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    try:
        priority = services.priority_add_suggestion(
            participant=participant, key=request.POST.get("key", ""), by=request.user
        )
    except EvaluationError as error:
        messages.error(request, error.message)
        return _to_plan("suggested")
    messages.success(
        request, f"“{priority.title}” is in your plan: add the actions and support you need."
    )
    return _to_plan(f"priority-{priority.pk}")


@login_required
@require_POST
def plan_share(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    shared = request.POST.get("shared") == "yes"
    services.plan_share(participant=participant, shared=shared, by=request.user)
    messages.success(
        request,
        "Your mentor can now read your plan."
        if shared
        else "Your plan is no longer shared with your mentor.",
    )
    return _to_plan("sharing")


@login_required
@require_GET
def plan_history(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    return render(
        request,
        "evaluations/plan_history.html",
        {"participant": participant, "changes": selectors.plan_history(participant)},
    )
