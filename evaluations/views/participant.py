"""The participant's evaluation pages (/me/evaluations/): each round of their cohort with their
self evaluation and the raters they invite, and the self evaluation itself.

The raters are listed without any word of whether each answered: the page shows how many in
each group answered, from the anonymous responses. Removing a rater looks the same whether or
not they had answered.
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
from evaluations import rules
from evaluations.errors import EvaluationError
from evaluations.forms.answers import AnswersForm, InviteForm
from evaluations.models import NOT_ABLE_TO_SAY
from evaluations.selectors.participant import (
    answered_count,
    own_invitation,
    own_round,
    rounds_for,
    self_evaluation_page,
)
from evaluations.services import answers, raters


def _participant(request: HttpRequest) -> Participant:
    participant = participation_for(user=request.user)
    if participant is None:
        raise Http404
    return participant


def _overview_url(round_id: int | None = None) -> str:
    url = reverse("evaluations:overview")
    return f"{url}#round-{round_id}" if round_id else url


def _overview(
    request: HttpRequest,
    participant: Participant,
    *,
    bound: InviteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    summaries = rounds_for(participant=participant, today=uk_today())
    for summary in summaries:
        if bound is not None and bound.round.pk == summary.round.pk:
            summary.invite_form = bound
        else:
            summary.invite_form = InviteForm(round=summary.round)
    return render(
        request,
        "evaluations/me_evaluations.html",
        {
            "participant": participant,
            "cohort": participant.cohort,
            "summaries": summaries,
            "invite_errors": bound.problems() if bound is not None else [],
            "invite_non_field": bound.non_field_errors() if bound is not None else [],
        },
        status=status,
    )


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    participant = participation_for(user=request.user)
    if participant is None:
        return render(request, "cohorts/me_none.html")
    return _overview(request, participant)


@login_required
@require_POST
def invite(request: HttpRequest, round_id: int) -> HttpResponse:
    participant = _participant(request)
    round = own_round(participant=participant, round_id=round_id)
    form = InviteForm(request.POST, round=round)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = raters.rater_invite(
                participant=participant,
                round=round,
                relationship=data["relationship"],
                name=data["name"],
                email=data["email"],
                added_by=request.user,
            )
        except EvaluationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                f"{invitation.name} is invited: we have emailed them a link to give you feedback.",
            )
            return redirect(_overview_url(round.pk))
    return _overview(request, participant, bound=form)


@login_required
@require_POST
def rater_remove(request: HttpRequest, invitation_id: int) -> HttpResponse:
    participant = _participant(request)
    invitation = own_invitation(participant=participant, invitation_id=invitation_id)
    raters.rater_withdraw(invitation=invitation)
    # The same words whether or not they had answered: removing someone never tells which.
    messages.success(
        request,
        f"{invitation.name or 'The rater'} is no longer on your list, and their link no longer "
        "works.",
    )
    return redirect(_overview_url(invitation.round_id))


@login_required
@require_http_methods(["GET", "POST"])
def self_evaluation(request: HttpRequest, round_id: int) -> HttpResponse:
    participant = _participant(request)
    round = own_round(participant=participant, round_id=round_id)
    page = self_evaluation_page(participant=participant, round=round)
    evaluation = page.evaluation
    today = uk_today()
    if evaluation is not None and evaluation.is_submitted:
        if request.method == "POST":
            return redirect("evaluations:self", round_id=round.pk)
        return _self_page(request, page=page, form=None, today=today)

    initial = AnswersForm.initial_from(
        scores=evaluation.scores if evaluation else {},
        evidence=evaluation.evidence if evaluation else {},
    )
    revision = evaluation.revision if evaluation else 0
    form = AnswersForm(
        request.POST or None,
        initial=initial,
        round=round,
        qualities=page.qualities,
        evidence=True,
    )
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        service = answers.self_evaluation_submit if submitting else answers.self_evaluation_save
        try:
            service(
                participant=participant,
                round=round,
                scores=form.scores(),
                evidence=form.evidence(),
                revision=_posted_revision(request),
                now=timezone.now(),
            )
        except EvaluationError as error:
            form.add_service_error(error)
        else:
            if submitting:
                messages.success(
                    request, "Your self evaluation is submitted. Thank you: your answers are below."
                )
            else:
                messages.success(
                    request,
                    "Your answers are saved. Come back to them at any time before the round "
                    "closes.",
                )
            return redirect("evaluations:self", round_id=round.pk)
    if request.method == "POST":
        # Keep what was typed, with the revision as it now stands, so a save after a refusal
        # (another window saved meanwhile) goes through once the person has checked it.
        revision = _current_revision(participant=participant, round=round)
    return _self_page(request, page=page, form=form, today=today, revision=revision)


def _posted_revision(request: HttpRequest) -> int:
    try:
        return max(int(request.POST.get("revision", "0")), 0)
    except ValueError:
        return -1


def _current_revision(*, participant: Participant, round) -> int:
    page = self_evaluation_page(participant=participant, round=round)
    return page.evaluation.revision if page.evaluation else 0


def _self_page(request, *, page, form, today, revision: int = 0) -> HttpResponse:
    round = page.round
    evaluation = page.evaluation
    total = len(page.qualities)
    return render(
        request,
        "evaluations/self_evaluation.html",
        {
            "round": round,
            "cohort": round.cohort,
            "evaluation": evaluation,
            "form": form,
            "revision": revision,
            "qualities": total,
            "answered": form.answered() if form is not None else answered_count(evaluation, total),
            "is_open": rules.answers_open(round, today),
            "not_yet_open": today < round.opens_on,
            "report_frozen": page.report_frozen,
            "submitted": _submitted_answers(page) if form is None else None,
        },
    )


def _submitted_answers(page) -> list[dict]:
    """The submitted answers, to read back: each quality's rating (or not able to say) and
    evidence, by theme."""
    evaluation = page.evaluation
    points = {str(score): label for score, label, _ in page.round.version.points}
    themes: list[dict] = []
    for quality in page.qualities:
        key = str(quality.pk)
        score = evaluation.scores.get(key)
        if key not in evaluation.scores:
            answer = "Not answered"
        elif score is None:
            answer = NOT_ABLE_TO_SAY
        else:
            answer = f"{score}: {points.get(str(score), '')}"
        if not themes or themes[-1]["name"] != quality.theme:
            themes.append({"name": quality.theme, "rows": []})
        themes[-1]["rows"].append(
            {"quality": quality, "answer": answer, "evidence": evaluation.evidence.get(key, "")}
        )
    return themes
