"""A participant's raters for coordinators: correct one's name, address or relationship, or
add one. The list has no state, and what a correction says back is the same whether or not
the rater had answered."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from csssl.uktime import uk_today
from evaluations import rules
from evaluations.errors import EvaluationError
from evaluations.models import Relationship, Round
from evaluations.selectors import coordinator as selectors
from evaluations.services import raters

from .base import CoordinatorView
from .forms import RaterForm, problems


def _raters_page(
    request: HttpRequest,
    *,
    round: Round,
    participant,
    add_form: RaterForm | None = None,
    corrected: tuple[int, RaterForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    entries = selectors.participant_raters(round=round, participant=participant)
    add_form = add_form or RaterForm(round=round, auto_id="add-%s")
    rows = []
    for entry in entries:
        if corrected and corrected[0] == entry.invitation_id:
            form = corrected[1]
        else:
            form = RaterForm(
                initial={
                    "name": entry.name,
                    "email": entry.email,
                    "relationship": entry.relationship,
                },
                round=round,
                current=entry.relationship,
                auto_id=f"rater-{entry.invitation_id}-%s",
            )
        rows.append((entry, form))
    limits = [
        (Relationship(key).label, fewest, most) for key, (fewest, most) in round.limits().items()
    ]
    return render(
        request,
        "evaluations/coordinator/raters.html",
        {
            "round": round,
            "cohort": round.cohort,
            "participant": participant,
            "rows": rows,
            "limits": limits,
            "add_form": add_form,
            "error_forms": [f for f in (*(form for _, form in rows), add_form) if f.errors],
            "answers_open": rules.answers_open(round, uk_today()),
        },
        status=status,
    )


class RatersView(CoordinatorView):
    """The participant's raters by name, address and relationship, to correct, and a form to
    add one. Where each one's answer stands is not shown."""

    def get(self, request: HttpRequest, round_id: int, participant_id: int) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        participant = selectors.round_participant(round=round, participant_id=participant_id)
        return _raters_page(request, round=round, participant=participant)


class RaterAddView(CoordinatorView):
    def post(self, request: HttpRequest, round_id: int, participant_id: int) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        participant = selectors.round_participant(round=round, participant_id=participant_id)
        form = RaterForm(request.POST, round=round, auto_id="add-%s")
        if form.is_valid():
            try:
                invitation = raters.rater_invite(
                    participant=participant,
                    round=round,
                    relationship=form.cleaned_data["relationship"],
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    added_by=request.user,
                )
            except EvaluationError as error:
                problems(form, error)
            else:
                messages.success(
                    request,
                    f"{invitation.name} is invited as {participant.user.display_name}'s "
                    f"{invitation.get_relationship_display().lower()}; their link is on its way.",
                )
                return redirect(
                    "evaluations:coordinator_raters",
                    round_id=round.pk,
                    participant_id=participant.pk,
                )
        return _raters_page(
            request, round=round, participant=participant, add_form=form, status=400
        )


class RaterCorrectView(CoordinatorView):
    """Correct a rater's name, address or relationship. What it says back is the same
    whether or not they had answered."""

    def post(
        self, request: HttpRequest, round_id: int, participant_id: int, invitation_id: int
    ) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        participant = selectors.round_participant(round=round, participant_id=participant_id)
        invitation = selectors.participant_invitation(
            round=round, participant=participant, invitation_id=invitation_id
        )
        form = RaterForm(
            request.POST,
            round=round,
            current=invitation.relationship,
            auto_id=f"rater-{invitation.pk}-%s",
        )
        if form.is_valid():
            try:
                invitation = raters.rater_correct(
                    invitation=invitation,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    relationship=form.cleaned_data["relationship"],
                    by=request.user,
                )
            except EvaluationError as error:
                problems(form, error)
            else:
                messages.success(
                    request,
                    f"Saved: {invitation.name}, {invitation.email}, "
                    f"{invitation.get_relationship_display().lower()}.",
                )
                return redirect(
                    reverse(
                        "evaluations:coordinator_raters",
                        kwargs={"round_id": round.pk, "participant_id": participant.pk},
                    )
                    + f"#rater-{invitation.pk}"
                )
        return _raters_page(
            request,
            round=round,
            participant=participant,
            corrected=(invitation.pk, form),
            status=400,
        )
