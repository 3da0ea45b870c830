"""The coordinator's mentoring page of a cohort: its mentoring settings, the pool, a proposal
for everyone not yet paired (kept or changed pair by pair, then confirmed), and the state of
every pairing, with change requests and ends. Never a session record or a private note."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views import View

from csssl.csv_export import csv_response
from csssl.roles import RoleRequiredMixin
from mentoring import rules
from mentoring.errors import MentoringError
from mentoring.forms.matching import (
    CapacityForm,
    PairChoiceForm,
    PairingEndForm,
    PoolAddForm,
    ResolveForm,
    SettingsForm,
    show_refusal,
)
from mentoring.models import ChangeRequest, Mentor, Pairing, PoolPlace, ProposedPair
from mentoring.selectors import matching as reads
from mentoring.services import matching as services


def _page_url(cohort_id: int, anchor: str = "") -> str:
    url = reverse("mentoring:coordinator", args=[cohort_id])
    return f"{url}#{anchor}" if anchor else url


def _addable_mentors(cohort):
    return (
        Mentor.objects.filter(is_active=True)
        .exclude(pool_places__cohort=cohort)
        .select_related("user", "local_authority")
    )


def _pool_mentors(cohort):
    return Mentor.objects.filter(pool_places__cohort=cohort).select_related(
        "user", "local_authority"
    )


class CoordinatorView(RoleRequiredMixin, View):
    role_test = staticmethod(rules.can_run_mentoring)


def _overview(
    request: HttpRequest,
    cohort,
    *,
    add_form: PoolAddForm | None = None,
    settings_form: SettingsForm | None = None,
    refused: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    settings = reads.settings_for(cohort)
    places = reads.pool(cohort)
    unpaired = reads.unpaired_participants(cohort)
    rows = reads.pairing_rows(cohort)
    refused = refused or {}
    pool_mentors = _pool_mentors(cohort)
    choices = PairChoiceForm.choices_for(pool_mentors)
    return render(
        request,
        "mentoring/coordinator/cohort.html",
        {
            "cohort": cohort,
            "settings": settings,
            "settings_form": settings_form
            or SettingsForm(
                initial={
                    "sessions_required": settings.sessions_required,
                    "meetings_allowed_missed": settings.meetings_allowed_missed,
                }
            ),
            "places": [
                (
                    place,
                    refused.get(("place", place.pk))
                    or CapacityForm(
                        initial={"capacity": place.capacity}, auto_id=f"place-{place.pk}-%s"
                    ),
                )
                for place in places
            ],
            "free_places": sum(max(place.capacity - place.paired, 0) for place in places),
            "add_form": add_form or PoolAddForm(mentors=_addable_mentors(cohort)),
            "unpaired": [
                (
                    participant,
                    refused.get(("pair", participant.pk))
                    or PairChoiceForm(
                        mentors=pool_mentors, choices=choices, auto_id=f"pair-{participant.pk}-%s"
                    ),
                )
                for participant in unpaired
            ],
            "rows": rows,
            "requests": [row for row in rows if row.open_request],
            "concerns": [row for row in rows if row.fit_concern],
            "draft": reads.draft_proposal(cohort),
        },
        status=status,
    )


class CohortMentoringView(CoordinatorView):
    def get(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        return _overview(request, reads.coordinator_cohort(cohort_id=cohort_id))


class PairingsCsvView(CoordinatorView):
    def get(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        return csv_response(
            filename=f"mentoring-{cohort.programme.slug}-{slugify(cohort.name)}.csv",
            header=reads.PAIRINGS_HEADER,
            rows=reads.pairing_csv_rows(reads.pairing_rows(cohort)),
        )


class SettingsView(CoordinatorView):
    def post(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        form = SettingsForm(request.POST)
        if not form.is_valid():
            return _overview(request, cohort, settings_form=form, status=400)
        services.settings_save(cohort=cohort, **form.cleaned_data)
        messages.success(request, "The cohort's mentoring settings are saved.")
        return redirect(_page_url(cohort.pk, "settings"))


class PoolAddView(CoordinatorView):
    def post(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        form = PoolAddForm(request.POST, mentors=_addable_mentors(cohort))
        if form.is_valid():
            try:
                place = services.pool_add(cohort=cohort, **form.cleaned_data)
            except MentoringError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"{place.mentor} is in the pool.")
                return redirect(_page_url(cohort.pk, "pool"))
        return _overview(request, cohort, add_form=form, status=400)


class PoolPlaceView(CoordinatorView):
    """A pool place's capacity changed, or the mentor taken out of the pool."""

    def post(self, request: HttpRequest, cohort_id: int, place_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        place = get_object_or_404(
            PoolPlace.objects.select_related("mentor__user", "cohort"), pk=place_id, cohort=cohort
        )
        if "remove" in request.POST:
            try:
                services.pool_remove(place=place)
            except MentoringError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"{place.mentor} is no longer in the pool.")
            return redirect(_page_url(cohort.pk, "pool"))
        form = CapacityForm(request.POST, auto_id=f"place-{place.pk}-%s")
        if form.is_valid():
            try:
                services.pool_capacity_set(place=place, capacity=form.cleaned_data["capacity"])
            except MentoringError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"{place.mentor} now takes {place.capacity}.")
                return redirect(_page_url(cohort.pk, f"place-{place.pk}"))
        return _overview(request, cohort, refused={("place", place.pk): form}, status=400)


class PairView(CoordinatorView):
    """One participant paired directly with a mentor of the pool."""

    def post(self, request: HttpRequest, cohort_id: int, participant_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        participant = get_object_or_404(
            cohort.participants.select_related("user", "cohort__programme"), pk=participant_id
        )
        form = PairChoiceForm(
            request.POST, mentors=_pool_mentors(cohort), auto_id=f"pair-{participant.pk}-%s"
        )
        if form.is_valid():
            mentor = form.cleaned_data["mentor"]
            if mentor is None:
                form.add_error("mentor", "Choose a mentor.")
            else:
                try:
                    services.pairing_make(participant=participant, mentor=mentor, by=request.user)
                except MentoringError as error:
                    show_refusal(form, error)
                else:
                    messages.success(
                        request,
                        f"{participant.user.get_full_name()} is paired with {mentor}; "
                        "both have been sent an introduction.",
                    )
                    return redirect(_page_url(cohort.pk, "pairings"))
        return _overview(request, cohort, refused={("pair", participant.pk): form}, status=400)


class ProposeView(CoordinatorView):
    def post(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        try:
            proposal = services.proposal_make(cohort=cohort, by=request.user)
        except MentoringError as error:
            messages.error(request, error.message)
            return redirect(_page_url(cohort.pk, "unpaired"))
        return redirect("mentoring:proposal", cohort.pk, proposal.pk)


def _proposal_page(request, cohort, proposal, *, refused=None, problem="", status=200):
    refused = refused or {}
    mentors = _pool_mentors(cohort)
    choices = PairChoiceForm.choices_for(mentors)
    pairs = list(proposal.pairs.all())
    return render(
        request,
        "mentoring/coordinator/proposal.html",
        {
            "cohort": cohort,
            "proposal": proposal,
            "pairs": [
                (
                    pair,
                    refused.get(pair.pk)
                    or PairChoiceForm(
                        mentors=mentors,
                        choices=choices,
                        initial={"mentor": pair.mentor_id},
                        auto_id=f"pair-{pair.pk}-%s",
                    ),
                )
                for pair in pairs
            ],
            "matched": sum(1 for pair in pairs if pair.mentor_id),
            "problem": problem,
        },
        status=status,
    )


class ProposalView(CoordinatorView):
    def get(self, request: HttpRequest, cohort_id: int, proposal_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        proposal = reads.proposal_page(cohort=cohort, proposal_id=proposal_id)
        return _proposal_page(request, cohort, proposal)


class ProposalPairView(CoordinatorView):
    def post(
        self, request: HttpRequest, cohort_id: int, proposal_id: int, pair_id: int
    ) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        proposal = reads.proposal_page(cohort=cohort, proposal_id=proposal_id)
        pair = get_object_or_404(
            ProposedPair.objects.select_related("participant__user"),
            pk=pair_id,
            proposal=proposal,
        )
        form = PairChoiceForm(
            request.POST, mentors=_pool_mentors(cohort), auto_id=f"pair-{pair.pk}-%s"
        )
        if form.is_valid():
            try:
                services.proposal_pair_change(pair=pair, mentor=form.cleaned_data["mentor"])
            except MentoringError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request, f"The choice for {pair.participant.user.get_full_name()} is saved."
                )
                url = reverse("mentoring:proposal", args=[cohort.pk, proposal.pk])
                return redirect(f"{url}#pair-{pair.pk}")
        proposal = reads.proposal_page(cohort=cohort, proposal_id=proposal_id)
        return _proposal_page(request, cohort, proposal, refused={pair.pk: form}, status=400)


class ProposalConfirmView(CoordinatorView):
    def post(self, request: HttpRequest, cohort_id: int, proposal_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        proposal = reads.proposal_page(cohort=cohort, proposal_id=proposal_id)
        try:
            pairings = services.proposal_confirm(proposal=proposal, by=request.user)
        except MentoringError as error:
            proposal = reads.proposal_page(cohort=cohort, proposal_id=proposal_id)
            return _proposal_page(request, cohort, proposal, problem=error.message, status=409)
        count = len(pairings)
        messages.success(
            request,
            f"{count} pairing{'s' if count != 1 else ''} confirmed; each participant and mentor "
            "has been sent an introduction.",
        )
        return redirect(_page_url(cohort.pk, "pairings"))


class ProposalDiscardView(CoordinatorView):
    def post(self, request: HttpRequest, cohort_id: int, proposal_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        proposal = reads.proposal_page(cohort=cohort, proposal_id=proposal_id)
        services.proposal_discard(proposal=proposal)
        messages.info(request, "The proposal is discarded; nobody was paired.")
        return redirect(_page_url(cohort.pk, "unpaired"))


def _cohort_pairing(cohort, pairing_id: int) -> Pairing:
    return get_object_or_404(
        Pairing.objects.select_related(
            "participant__user", "participant__cohort__programme", "mentor__user"
        ),
        pk=pairing_id,
        participant__cohort=cohort,
        status=Pairing.Status.ACTIVE,
    )


class PairingEndView(CoordinatorView):
    def get(self, request: HttpRequest, cohort_id: int, pairing_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        pairing = _cohort_pairing(cohort, pairing_id)
        return render(
            request,
            "mentoring/coordinator/pairing_end.html",
            {"cohort": cohort, "pairing": pairing, "form": PairingEndForm()},
        )

    def post(self, request: HttpRequest, cohort_id: int, pairing_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        pairing = get_object_or_404(Pairing, pk=pairing_id, participant__cohort=cohort)
        form = PairingEndForm(request.POST)
        if form.is_valid():
            try:
                services.pairing_end(
                    pairing=pairing, by=request.user, reason=form.cleaned_data["reason"]
                )
            except MentoringError as error:
                messages.info(request, error.message)
            else:
                messages.success(request, "The pairing has ended; both have been told.")
            return redirect(_page_url(cohort.pk, "unpaired"))
        pairing = _cohort_pairing(cohort, pairing_id)
        return render(
            request,
            "mentoring/coordinator/pairing_end.html",
            {"cohort": cohort, "pairing": pairing, "form": form},
            status=400,
        )


class RequestResolveView(CoordinatorView):
    def post(self, request: HttpRequest, cohort_id: int, request_id: int) -> HttpResponse:
        cohort = reads.coordinator_cohort(cohort_id=cohort_id)
        change = get_object_or_404(
            ChangeRequest.objects.select_related("pairing"),
            pk=request_id,
            pairing__participant__cohort=cohort,
        )
        form = ResolveForm(request.POST)
        if form.is_valid():
            try:
                services.change_request_resolve(
                    request=change, by=request.user, **form.cleaned_data
                )
            except MentoringError as error:
                messages.info(request, error.message)
            else:
                messages.success(request, "The request is answered.")
        else:
            messages.error(request, "What was decided is too long.")
        return redirect(_page_url(cohort.pk, "requests"))
