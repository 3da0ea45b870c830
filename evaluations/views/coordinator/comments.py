"""Raters' comments for coordinators to moderate: each with the participant it is about and
nothing of who wrote it; an abusive one is withheld with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from evaluations.errors import EvaluationError
from evaluations.models import Round
from evaluations.selectors import coordinator as selectors
from evaluations.services import reports

from .base import CoordinatorView
from .forms import REASON_LENGTH, WithholdForm, problems


def _comments_page(
    request: HttpRequest,
    *,
    round: Round,
    groups: list[selectors.CommentGroup] | None = None,
    status: int = 200,
) -> HttpResponse:
    groups = groups if groups is not None else selectors.round_comments(round=round)
    return render(
        request,
        "evaluations/coordinator/comments.html",
        {
            "round": round,
            "cohort": round.cohort,
            "groups": groups,
            "count": sum(len(group.comments) for group in groups),
            "withheld": sum(1 for g in groups for e in g.comments if e.comment.is_withheld),
            "reason_length": REASON_LENGTH,
        },
        status=status,
    )


class CommentsView(CoordinatorView):
    """Every comment of the round by the participant it is about, to withhold an abusive one.
    Nothing about who wrote a comment, nor how they know the participant, is shown."""

    def get(self, request: HttpRequest, round_id: int) -> HttpResponse:
        return _comments_page(request, round=selectors.coordinator_round(round_id=round_id))


class WithholdView(CoordinatorView):
    def post(self, request: HttpRequest, round_id: int, comment_id) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        comment = selectors.round_comment(round=round, comment_id=comment_id)
        form = WithholdForm(request.POST)
        if form.is_valid():
            try:
                reports.comment_withhold(
                    comment=comment, reason=form.cleaned_data["reason"], by=request.user
                )
            except EvaluationError as error:
                problems(form, error)
            else:
                messages.success(
                    request, "The comment is withheld: nobody will see it in a report."
                )
                return redirect(
                    reverse("evaluations:coordinator_comments", kwargs={"round_id": round.pk})
                    + f"#comment-{comment.pk}"
                )
        groups = selectors.round_comments(round=round)
        for group in groups:
            for entry in group.comments:
                if entry.comment.pk == comment.pk:
                    entry.error = " ".join(e for errors in form.errors.values() for e in errors)
                    entry.draft = request.POST.get("reason", "")
        return _comments_page(request, round=round, groups=groups, status=400)
