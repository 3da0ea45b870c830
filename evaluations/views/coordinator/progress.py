"""A round's progress for coordinators: the page and its spreadsheet, reminders sent now,
debriefs recorded, and the cohort's figures once the round has closed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from csssl.csv_export import csv_response
from csssl.uktime import long_date, uk_today
from evaluations import anonymity, rules
from evaluations.errors import EvaluationError
from evaluations.models import Report, Round
from evaluations.selectors import coordinator as selectors
from evaluations.services import chasing, reports

from .base import CoordinatorView, progress_url, show_of
from .forms import DebriefForm, problems


def _progress_page(
    request: HttpRequest,
    *,
    round: Round,
    progress: selectors.Progress,
    show: str,
    forms_by_row: dict[int, DebriefForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = uk_today()
    forms_by_row = forms_by_row or {}
    refused = [(progress.row_for(pk), form) for pk, form in forms_by_row.items()]
    rows = [
        (
            row,
            forms_by_row.get(row.participant.pk)
            or DebriefForm(auto_id=f"debrief-{row.participant.pk}-%s"),
        )
        # A row whose change was refused stays in view whatever the filter, with its problem.
        for row in progress.rows
        if row.matches(show) or row.participant.pk in forms_by_row
    ]
    return render(
        request,
        "evaluations/coordinator/progress.html",
        {
            "round": round,
            "cohort": round.cohort,
            "progress": progress,
            "rows": rows,
            "refused": [(row, form) for row, form in refused if row is not None],
            "show": show,
            "filters": selectors.FILTERS.items(),
            "reminders_open": rules.answers_open(round, today),
            "has_opened": round.opens_on <= today,
            "can_record_debrief": rules.can_record_debrief(request.user),
            "today": today,
        },
        status=status,
    )


class ProgressView(CoordinatorView):
    """Every participant of the round: self evaluation, raters counted per relationship,
    report; filtered to whom to chase."""

    def get(self, request: HttpRequest, round_id: int) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        return _progress_page(
            request,
            round=round,
            progress=selectors.round_progress(round=round),
            show=show_of(request),
        )


class ProgressCsvView(CoordinatorView):
    def get(self, request: HttpRequest, round_id: int) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        progress = selectors.round_progress(round=round)
        cohort = round.cohort
        filename = (
            f"evaluation-progress-{cohort.programme.slug}-{slugify(cohort.name)}-{round.kind}.csv"
        )
        return csv_response(
            filename=filename,
            header=selectors.progress_header(progress),
            rows=selectors.progress_rows(progress),
        )


def _sent_message(request: HttpRequest, count: int) -> None:
    if count:
        messages.success(request, f"{count} reminder email{'s' if count != 1 else ''} sent.")
    else:
        messages.info(
            request,
            "No reminders were due: nothing is owed, or today's reminders have already gone.",
        )


class RemindAllView(CoordinatorView):
    """Remind everyone behind, and their raters who have not answered."""

    def post(self, request: HttpRequest, round_id: int) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        try:
            count = chasing.reminders_send(round=round)
        except EvaluationError as error:
            messages.error(request, error.message)
        else:
            _sent_message(request, count)
        return redirect(progress_url(round, show=show_of(request)))


class RemindView(CoordinatorView):
    """Remind one participant, and their raters who have not answered."""

    def post(self, request: HttpRequest, round_id: int, participant_id: int) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        participant = selectors.round_participant(round=round, participant_id=participant_id)
        try:
            count = chasing.reminders_send(round=round, participant=participant)
        except EvaluationError as error:
            messages.error(request, f"{participant.user.display_name}: {error.message}")
        else:
            _sent_message(request, count)
        return redirect(progress_url(round, participant.pk, show=show_of(request)))


class DebriefView(CoordinatorView):
    """Record the debrief of a frozen report, which releases it to the participant."""

    role_test = staticmethod(rules.can_record_debrief)

    def post(self, request: HttpRequest, round_id: int, participant_id: int) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        participant = selectors.round_participant(round=round, participant_id=participant_id)
        name = participant.user.display_name
        form = DebriefForm(request.POST, auto_id=f"debrief-{participant.pk}-%s")
        if form.is_valid():
            report = Report.objects.filter(round=round, participant=participant).first()
            if report is None:
                form.add_error(
                    None, "The report is not complete yet: there is no debrief to record."
                )
            else:
                try:
                    report = reports.debrief_record(
                        report=report, held_on=form.cleaned_data["held_on"], by=request.user
                    )
                except EvaluationError as error:
                    problems(form, error)
        if form.errors:
            progress = selectors.round_progress(round=round)
            row = progress.row_for(participant.pk)
            if row is not None:
                row.error = " ".join(e for errors in form.errors.values() for e in errors)
            return _progress_page(
                request,
                round=round,
                progress=progress,
                show=show_of(request),
                forms_by_row={participant.pk: form},
                status=400,
            )
        messages.success(
            request,
            f"{name}: the debrief of {long_date(report.debrief_on)} is recorded, and the report "
            "is released to them.",
        )
        return redirect(progress_url(round, participant.pk, show=show_of(request)))


# --- The cohort's figures ----------------------------------------------------------------------


class CohortFiguresView(CoordinatorView):
    """The cohort's mean self score and raters' mean per quality, once the round has closed,
    each shown only when enough participants are in it (``anonymity.cohort_figures``)."""

    def get(self, request: HttpRequest, round_id: int) -> HttpResponse:
        round = selectors.coordinator_round(round_id=round_id)
        shown = rules.cohort_figures_shown(round, uk_today())
        return render(
            request,
            "evaluations/coordinator/cohort.html",
            {
                "round": round,
                "cohort": round.cohort,
                "shown": shown,
                "figures": selectors.cohort_aggregate(round=round) if shown else [],
                "minimum": anonymity.COHORT_MINIMUM,
            },
        )
