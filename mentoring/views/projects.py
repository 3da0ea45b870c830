"""Work-based projects: the participant's own pages (/me/projects/): the project, its
milestones and the final hand-in.

Thin: reads through ``selectors.placements``, changes through ``services.projects``. Anyone
else's project or milestone, and the pages for someone without a place, answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.errors import MentoringError
from mentoring.forms.placements import MilestoneForm, ProjectForm, ReportForm
from mentoring.rules.placements import project_is_open
from mentoring.selectors import placements as selectors
from mentoring.services import projects as services
from mentoring.views.placements import participant_of, show_errors


def _detail(project_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("mentoring:project_detail", args=[project_id])
    return redirect(url + (f"#{anchor}" if anchor else ""))


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    participant = participant_of(request)
    return render(
        request,
        "mentoring/projects/list.html",
        {"participant": participant, "projects": selectors.own_projects(participant)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_add(request: HttpRequest) -> HttpResponse:
    participant = participant_of(request)
    form = ProjectForm(request.POST or None, qualities=selectors.project_qualities(participant))
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_add(participant=participant, **form.values())
        except MentoringError as error:
            problem = show_errors(form, error)
        else:
            messages.success(request, f"“{project.title}” is saved: add its milestones below.")
            return _detail(project.pk, "milestones")
    return render(
        request,
        "mentoring/projects/form.html",
        {"participant": participant, "form": form, "problem": problem, "project": None},
    )


def _detail_page(request, participant, project, *, milestone_form=None, problem=""):
    return render(
        request,
        "mentoring/projects/detail.html",
        {
            "participant": participant,
            "project": project,
            "is_open": project_is_open(project),
            "milestone_form": milestone_form or MilestoneForm(),
            "problem": problem,
        },
    )


@login_required
@require_GET
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    participant = participant_of(request)
    return _detail_page(request, participant, selectors.own_project(participant, project_id))


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    participant = participant_of(request)
    project = selectors.own_project(participant, project_id)
    # As with placements: a save from a page opened before the hand-in is refused beside
    # what was typed.
    if request.method == "GET" and not project_is_open(project):
        messages.info(request, "This project is handed in, so it can no longer be changed.")
        return _detail(project.pk)
    qualities = selectors.project_qualities(participant)
    problem, newer = "", None
    if request.method == "POST":
        form = ProjectForm(request.POST, qualities=qualities, editing=True)
        if form.is_valid():
            try:
                services.project_edit(
                    participant=participant,
                    project=project,
                    revision=form.cleaned_data["revision"],
                    **form.values(),
                )
            except services.StaleEditError as stale:
                newer = selectors.own_project(participant, stale.current.pk)
                data = request.POST.copy()
                data["revision"] = services.project_revision(newer)
                form = ProjectForm(data, qualities=qualities, editing=True)
                form.is_valid()
                problem = stale.message
            except MentoringError as error:
                problem = show_errors(form, error)
            else:
                messages.success(request, "Your changes to the project are saved.")
                return _detail(project.pk)
    else:
        form = ProjectForm(
            qualities=qualities,
            editing=True,
            initial={
                "title": project.title,
                "problem": project.problem,
                "expected_impact": project.expected_impact,
                "qualities": [quality.pk for quality in project.qualities.all()],
                "hand_in_due_on": project.hand_in_due_on,
                "revision": services.project_revision(project),
            },
        )
    return render(
        request,
        "mentoring/projects/form.html",
        {
            "participant": participant,
            "form": form,
            "problem": problem,
            "project": project,
            "newer": newer,
        },
    )


@login_required
@require_POST
def project_milestone_add(request: HttpRequest, project_id: int) -> HttpResponse:
    participant = participant_of(request)
    project = selectors.own_project(participant, project_id)
    form = MilestoneForm(request.POST)
    problem = ""
    if form.is_valid():
        try:
            services.milestone_add(participant=participant, project=project, **form.cleaned_data)
        except MentoringError as error:
            problem = show_errors(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['title'].strip()}” is added.")
            return _detail(project.pk, "milestones")
    return _detail_page(request, participant, project, milestone_form=form, problem=problem)


@login_required
@require_POST
def project_milestone_tick(request: HttpRequest, milestone_id: int) -> HttpResponse:
    participant = participant_of(request)
    milestone = selectors.own_milestone(participant, milestone_id)
    done = request.POST.get("done") == "yes"
    try:
        services.milestone_tick(participant=participant, milestone=milestone, done=done)
    except MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"“{milestone.title}” is {'done' if done else 'marked as not done'}."
        )
    return _detail(milestone.project_id, f"milestone-{milestone.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def project_hand_in(request: HttpRequest, project_id: int) -> HttpResponse:
    participant = participant_of(request)
    project = selectors.own_project(participant, project_id)
    if not project_is_open(project):
        if request.method == "POST":
            messages.info(request, "Your project was handed in already.")
        return _detail(project.pk, "report")
    form = ReportForm(request.POST or None, initial={"final_report": project.final_report})
    problem = ""
    if request.method == "POST" and form.is_valid():
        hand_in = request.POST.get("action") == "hand_in"
        try:
            services.project_report_save(
                participant=participant,
                project=project,
                final_report=form.cleaned_data["final_report"],
                hand_in=hand_in,
            )
        except MentoringError as error:
            problem = show_errors(form, error)
        else:
            if hand_in:
                messages.success(request, "Your project is handed in. Well done.")
                return _detail(project.pk, "report")
            messages.success(request, "Your report is saved as a draft.")
            return redirect("mentoring:project_hand_in", project_id=project.pk)
    return render(
        request,
        "mentoring/projects/hand_in.html",
        {"participant": participant, "project": project, "form": form, "problem": problem},
    )
