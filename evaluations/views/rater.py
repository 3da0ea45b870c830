"""The rater's page (/rate/<token>/): no account, just the signed link from their invitation.

The rater sees whom they rate and who will see what they say, answers against the round's
qualities, saves to come back with the same link, submits once, or declines with one click.
A link that can no longer be used says why, in the rater's terms, with a status that says the
same to a machine (404 for a link that is not one, 410 for one that has ended).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from evaluations.errors import EvaluationError, RaterLinkError
from evaluations.forms.answers import AnswersForm
from evaluations.models import RaterInvitation, Relationship
from evaluations.services import answers, raters

#: reason -> (status, title, what to do), for the links that cannot be used.
LINK_PROBLEMS = {
    "invalid": (
        404,
        "This link is not valid",
        "Check that you used the whole link from the email. If it still does not work, ask "
        "the person who invited you to send the invitation again.",
    ),
    "expired": (
        410,
        "This link has expired",
        "Links to give feedback work for a limited time. If you would still like to answer, "
        "ask the person who invited you for a new link.",
    ),
    "withdrawn": (
        410,
        "Your feedback is no longer needed",
        "The person who invited you has taken this request back, so there is nothing more "
        "for you to do. Thank you for your time.",
    ),
    "closed": (
        410,
        "Feedback has closed",
        "Answers for this round are no longer taken, so there is nothing more for you to do. "
        "Thank you for your time.",
    ),
    "complete": (
        410,
        "Feedback is complete",
        "The report your feedback was for is complete, so no more answers are added. There "
        "is nothing more for you to do. Thank you for your time.",
    ),
}


def _backup_key(invitation: RaterInvitation) -> str:
    """The name of the copy the rater's browser keeps of what they type (never the token)."""
    return f"rate-{invitation.pk}"


def _unavailable(request: HttpRequest, reason: str, *, clear_backup: str = "") -> HttpResponse:
    if reason in ("answered", "declined"):
        return render(
            request,
            "evaluations/rate_done.html",
            {"declined": reason == "declined", "clear_backup": clear_backup},
        )
    status, title, detail = LINK_PROBLEMS.get(reason, LINK_PROBLEMS["invalid"])
    return render(
        request,
        "evaluations/rate_unavailable.html",
        {"title": title, "detail": detail},
        status=status,
    )


@sensitive_variables("token")  # kept out of error reports: the token is the link
@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = raters.invitation_from_token(token)
    except RaterLinkError as problem:
        return _unavailable(request, problem.reason)
    key = _backup_key(invitation)
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "decline":
        try:
            answers.rater_decline(invitation=invitation)
        except RaterLinkError as problem:
            return _unavailable(request, problem.reason, clear_backup=key)
        return _unavailable(request, "declined", clear_backup=key)

    round = invitation.round
    qualities = list(round.version.qualities.order_by("order", "pk"))
    draft = invitation.draft or {}
    form = AnswersForm(
        request.POST or None,
        initial=AnswersForm.initial_from(
            scores=draft.get("scores"), comments=draft.get("comments")
        ),
        round=round,
        qualities=qualities,
        comments=True,
    )
    if request.method == "POST" and form.is_valid():
        submitting = action == "submit"
        try:
            if submitting:
                answers.rater_submit(
                    invitation=invitation, scores=form.scores(), comments=form.comments()
                )
            else:
                answers.rater_save(
                    invitation=invitation, scores=form.scores(), comments=form.comments()
                )
        except RaterLinkError as problem:
            return _unavailable(request, problem.reason, clear_backup=key)
        except EvaluationError as error:
            form.add_service_error(error)
        else:
            if submitting:
                return _unavailable(request, "answered", clear_backup=key)
            messages.success(
                request,
                "Your answers are saved. Use the link in your email to come back to them.",
            )
            return redirect("evaluations:rate", token=token)
    participant = invitation.participant
    return render(
        request,
        "evaluations/rate.html",
        {
            "invitation": invitation,
            "person": participant.user.display_name,
            "participant": participant,
            "round": round,
            "cohort": round.cohort,
            "is_line_manager": invitation.relationship == Relationship.LINE_MANAGER,
            "form": form,
            "qualities": len(qualities),
            "answered": form.answered(),
            "backup_key": key,
        },
    )
