"""The allocation board in the admin panel: where the DCS group scores the endorsed
applications, watches the balance of the cohort, asks the assistant for a proposal, decides,
and sends the outcomes. Every change goes through applications.services.allocation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from applications import rules, selectors
from applications.admin import board_proposal
from applications.admin.board_rows import (
    carried_fields,
    filter_options,
    rows_markup,
    rows_prepare,
)
from applications.form_shape import QUESTION
from applications.models import (
    CohortAllocation,
    Criterion,
    Decision,
    ExpressionOfInterest,
    Offer,
    Sector,
)
from applications.services import allocation
from applications.tasks import outcomes_send
from cohorts.models import Cohort, LocalAuthority, Organisation
from csssl import jobs
from csssl.admin_base import ReadOnlyAdmin
from csssl.csv_export import csv_response
from csssl.models import BackgroundJob

Outcome = Decision.Outcome
#: The final cohort's columns about fees, and the field of applications.rules each shows.
FEE_COLUMNS = {"Funding": "fee", "Invoice": "invoice_number", "Invoice status": "invoice_status"}
#: The session key under which a refused decision's form is kept, so nothing typed is lost.
KEPT_DECISIONS = "allocation-board-kept-decisions"
KEPT_FIELDS = ("outcome", "reason", "waiting_rank")
#: The board's word for the applicant's local authority area.
LOCAL_AUTHORITY = "Local authority"


def _headings(*names: str) -> list[str]:
    """The spreadsheet headings of answers to the form, as the applications export has them."""
    return [QUESTION[name].short for name in names]


def _number(value: str | None) -> int | None:
    """A whole number from a form's hidden field, or None when there is none. Digits too many
    to be any page or version (or for Python to read) are 0, which matches neither."""
    if not (value and value.isdecimal()):
        return None
    return int(value) if len(value) <= 18 else 0


def _filters(request: HttpRequest) -> dict[str, str]:
    source = request.GET if request.method == "GET" else request.POST
    return {name: source.get(name, "") for name in selectors.BOARD_FILTERS if source.get(name)}


def _board_query(filters: dict[str, str], number: int) -> str:
    """The board's query string for a page of the filtered list (the first page has none)."""
    return urlencode({**filters, **({"page": number} if number > 1 else {})})


def _pagination(filters: dict[str, str], page: selectors.BoardPage) -> dict | None:
    """The links between the board's pages, each keeping the filters: the previous and next
    page, and each page near this one and at either end, with a gap between. None when the
    board has one page."""
    if page.pages == 1:
        return None
    numbers = Paginator(range(page.total), selectors.PAGE_SIZE).get_elided_page_range(
        page.number, on_each_side=2, on_ends=1
    )
    return {
        "previous": _board_query(filters, page.number - 1) if page.number > 1 else None,
        "next": _board_query(filters, page.number + 1) if page.number < page.pages else None,
        "links": [
            {"number": n, "query": _board_query(filters, n), "current": n == page.number}
            if isinstance(n, int)
            else {"gap": True}
            for n in numbers
        ],
    }


@admin.register(CohortAllocation)
class CohortAllocationAdmin(ReadOnlyAdmin):
    """The list of cohorts, each opening onto its allocation board."""

    list_display = ["name", "programme", "status", "capacity", "held", "board_link"]
    list_filter = ["programme", "status"]
    search_fields = ["name", "programme__name", "programme__short_name"]
    list_select_related = ["programme"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .announced()
            .annotate(_held=Count("offers", filter=Q(offers__state__in=Offer.HOLDING)))
        )

    @admin.display(description="places held", ordering="_held")
    def held(self, obj) -> int:
        return obj._held

    @admin.display(description="board")
    def board_link(self, obj) -> str:
        return format_html(
            '<a href="{}">Open the allocation board<span class="visually-hidden"> for {}</span></a>',
            reverse("admin:applications_board", args=[obj.pk]),
            obj,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:applications_board", cohort_id=object_id)

    def get_urls(self):
        def view(function, post_only=False):
            wrapped = require_POST(function) if post_only else function
            return self.admin_site.admin_view(wrapped)

        return [
            path("<int:cohort_id>/board/", view(self.board_view), name="applications_board"),
            path(
                "<int:cohort_id>/board/score/<int:application_id>/",
                view(self.score_view, True),
                name="applications_board_score",
            ),
            path(
                "<int:cohort_id>/board/decide/<int:application_id>/",
                view(self.decide_view, True),
                name="applications_board_decide",
            ),
            path(
                "<int:cohort_id>/board/confirm-proposal/",
                view(self.confirm_proposal_view, True),
                name="applications_board_confirm_proposal",
            ),
            path(
                "<int:cohort_id>/board/send-outcomes/",
                view(self.send_outcomes_view, True),
                name="applications_board_send_outcomes",
            ),
            path(
                "<int:cohort_id>/board/offer-next/",
                view(self.offer_next_view, True),
                name="applications_board_offer_next",
            ),
            path(
                "<int:cohort_id>/board/board.csv",
                view(self.board_csv_view),
                name="applications_board_csv",
            ),
            path(
                "<int:cohort_id>/board/cohort.csv",
                view(self.cohort_csv_view),
                name="applications_board_cohort_csv",
            ),
            *super().get_urls(),
        ]

    # --- access ----------------------------------------------------------------------------

    def _cohort(self, request: HttpRequest, cohort_id: int) -> Cohort:
        """The cohort, for the DCS group and coordinators only: 404 for anyone else."""
        if not (rules.can_allocate(request.user) and self.has_view_permission(request)):
            raise Http404
        return get_object_or_404(
            Cohort.objects.select_related("programme", "allocation").announced(),
            pk=cohort_id,
        )

    def _back(
        self,
        request: HttpRequest,
        cohort: Cohort,
        application: ExpressionOfInterest | None = None,
        *,
        at_row: bool = False,
    ) -> HttpResponse:
        """Back to the board with the filters the person had, on the page that now shows
        ``application`` (a score moves a row), else on the page they were on; with ``at_row``,
        opened at the row, which then takes focus (when the filters no longer show the row,
        focus goes to the message that says what was done)."""
        filters = _filters(request)
        number, found = _number(request.POST.get("page")) or 1, None
        if application is not None:
            found, pages = selectors.board_position(
                cohort=cohort, member=request.user, filters=filters, application_id=application.pk
            )
            number = found or min(number, pages)
        url = reverse("admin:applications_board", args=[cohort.pk])
        query = _board_query(filters, number)
        anchor = f"#app-{application.pk}" if at_row and found else ""
        return redirect(f"{url}{'?' + query if query else ''}{anchor}")

    # --- the board -------------------------------------------------------------------------

    def board_view(self, request: HttpRequest, cohort_id: int) -> HttpResponse:
        cohort = self._cohort(request, cohort_id)
        if rules.can_score(request.user):
            allocation.conflicts_record(member=request.user, cohort=cohort)
        filters = _filters(request)
        page = selectors.board_page(
            cohort=cohort, member=request.user, filters=filters, number=request.GET.get("page")
        )
        shown = board_proposal.proposal_context(cohort) if request.GET.get("propose") else {}
        # Read with the cohort; made with its defaults on the first visit.
        settings = getattr(cohort, "allocation", None) or allocation.settings_for(cohort)
        counts = selectors.board_counts(cohort)
        # A decision that was refused comes back as it was typed, so nothing typed is lost.
        rows_prepare(page.rows, cohort_id=cohort.pk, kept=request.session.pop(KEPT_DECISIONS, {}))
        carried = carried_fields(request, filters=filters, page_number=str(page.number))
        can_score = rules.can_score(request.user) and rules.scoring_open(cohort)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Allocation board: {cohort}",
            "subtitle": None,
            "opts": self.model._meta,
            "cohort": cohort,
            "settings": settings,
            "page": page,
            "rows": page.rows,
            "pagination": _pagination(filters, page),
            "criteria": page.criteria,
            "balance": selectors.balance_of(cohort),
            "awaiting": counts.awaiting,
            "unsent": counts.unsent,
            "filters": filters,
            "page_query": _board_query(filters, page.number),
            "rows_markup": rows_markup(page.rows, page=page, can_score=can_score, carried=carried),
            "filter_options": filter_options(
                filters,
                local_authority=[
                    (str(pk), name)
                    for pk, name in LocalAuthority.objects.filter(is_active=True).values_list(
                        "pk", "name"
                    )
                ],
                sector=Sector.choices,
                organisation_type=Organisation.Type.choices,
                partner=Organisation.Partner.choices,
                decided=[("none", "No decision yet"), *Outcome.choices],
            ),
            "can_score": can_score,
            **shown,
            "waiting_count": counts.waiting,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/applications/board.html", context)

    def score_view(self, request: HttpRequest, cohort_id: int, application_id: int):
        cohort = self._cohort(request, cohort_id)
        application = get_object_or_404(cohort.applications, pk=application_id)
        saved = 0
        try:
            with transaction.atomic():
                for criterion in Criterion.objects.filter(cohort=cohort):
                    value = request.POST.get(f"criterion-{criterion.pk}", "")
                    if not value:
                        continue
                    allocation.score_record(
                        application=application,
                        scorer=request.user,
                        criterion=criterion,
                        value=int(value),
                        comment=request.POST.get(f"comment-{criterion.pk}", ""),
                    )
                    saved += 1
        except (allocation.AllocationError, ValueError) as error:
            messages.error(request, getattr(error, "message", "A score is a number from 1 to 5."))
        else:
            if saved:
                messages.success(request, f"Scores saved for {application.full_name}.")
            else:
                messages.warning(request, "Choose a score from 1 to 5 before saving.")
        return self._back(request, cohort, application, at_row=True)

    def decide_view(self, request: HttpRequest, cohort_id: int, application_id: int):
        cohort = self._cohort(request, cohort_id)
        application = get_object_or_404(cohort.applications, pk=application_id)
        rank = request.POST.get("waiting_rank") or None
        before = set(selectors.balance_of(cohort).exceeded)
        try:
            allocation.decision_record(
                application=application,
                outcome=request.POST.get("outcome", ""),
                reason=request.POST.get("reason", ""),
                by=request.user,
                waiting_rank=int(rank) if rank and rank.isdecimal() else None,
                seen_version=_number(request.POST.get("version")),
            )
        except allocation.AllocationError as error:
            message = f"{application.full_name}: {error.message}"
            if isinstance(error, allocation.DecisionConflict):
                message += (
                    " Yours was not saved; it is kept in the form, to check against theirs "
                    "and record again if it should replace it."
                )
            messages.error(request, message)
            kept = request.session.get(KEPT_DECISIONS, {})
            kept[str(application.pk)] = {name: request.POST.get(name, "") for name in KEPT_FIELDS}
            request.session[KEPT_DECISIONS] = kept
            return self._back(request, cohort, application)  # the message is at the top: show it
        else:
            messages.success(request, f"Decision recorded for {application.full_name}.")
            for problem in sorted(set(selectors.balance_of(cohort).exceeded) - before):
                messages.warning(request, f"This decision breaks a target: {problem}.")
        return self._back(request, cohort, application, at_row=True)

    def confirm_proposal_view(self, request: HttpRequest, cohort_id: int):
        """Apply the proposal the group reviewed: offers for the ticked applications, the
        waiting list for the others in the order shown. All of it, or none of it."""
        cohort = self._cohort(request, cohort_id)
        try:
            chosen, waiting, versions = board_proposal.proposal_read(request.POST, cohort)
        except board_proposal.ProposalMismatch:
            messages.error(
                request, "Nothing was recorded: the proposal no longer matches the board."
            )
            return self._back(request, cohort)
        reason = request.POST.get("reason", "").strip()
        applications = {a.pk: a for a in cohort.applications.filter(pk__in=chosen + waiting)}
        try:
            with transaction.atomic():
                for outcome, pks in ((Outcome.OFFER, chosen), (Outcome.WAITING_LIST, waiting)):
                    for pk in pks:
                        allocation.decision_record(
                            application=applications[pk],
                            outcome=outcome,
                            reason=reason,
                            by=request.user,
                            seen_version=versions[pk],
                        )
        except (allocation.AllocationError, KeyError) as error:
            messages.error(
                request,
                "Nothing was recorded: "
                + getattr(error, "message", "the proposal no longer matches the board."),
            )
        else:
            messages.success(
                request,
                f"Recorded {len(chosen)} offers and {len(waiting)} places on the waiting list. "
                "Nothing has been sent yet.",
            )
        return self._back(request, cohort)

    def send_outcomes_view(self, request: HttpRequest, cohort_id: int):
        cohort = self._cohort(request, cohort_id)
        unsent = allocation.outcomes_unsent(cohort)
        if not any(unsent.values()):
            messages.info(request, "Every outcome has been sent already.")
            return self._back(request, cohort)
        job, _ = jobs.job_start(task=outcomes_send.name, kwargs={"cohort_id": cohort.pk})
        job.refresh_from_db(fields=["state", "last_error"])  # run already when in-process
        counts = f"{unsent['offers']} offers and {unsent['letters']} letters"
        if job.state == BackgroundJob.State.DONE:
            messages.success(request, f"Sent {counts}.")
        elif job.state == BackgroundJob.State.FAILED:
            messages.error(
                request,
                f"Sending the outcomes stopped ({job.last_error}). None was sent twice; "
                "press the button again to send the rest.",
            )
        else:
            messages.success(
                request,
                f"{counts} will go out shortly. Each goes once, even if this is pressed again.",
            )
        return self._back(request, cohort)

    def offer_next_view(self, request: HttpRequest, cohort_id: int):
        cohort = self._cohort(request, cohort_id)
        offer = allocation.offer_next_from_waiting_list(cohort=cohort, by=request.user)
        if offer is None:
            messages.warning(request, "There is no free place, or nobody is on the waiting list.")
        else:
            messages.success(
                request, f"{offer.application.full_name} has been offered the place by email."
            )
        return self._back(request, cohort)

    # --- exports ---------------------------------------------------------------------------

    def board_csv_view(self, request: HttpRequest, cohort_id: int):
        cohort = self._cohort(request, cohort_id)
        rows = selectors.allocation_board(cohort=cohort, member=request.user, filters={})
        header = [
            "Application",
            *_headings("first_name", "last_name", "job_title", "employer", "organisation_type"),
            LOCAL_AUTHORITY,
            *_headings("sector"),
            "Mean score",
            "Lowest",
            "Highest",
            "Scorers",
            "Decision",
            "Waiting-list rank",
            "Reason",
            "Decided by",
            "Decided at",
            "Offer",
        ]
        lines = []
        for row in rows:
            a, decision = row.application, row.decision
            lines.append(
                [
                    a.pk,
                    a.first_name,
                    a.last_name,
                    a.job_title,
                    a.employer,
                    a.get_organisation_type_display(),
                    a.local_authority.name if a.local_authority else "",
                    a.get_sector_display(),
                    f"{a.mean_score:.2f}" if a.mean_score is not None else "",
                    a.low_score or "",
                    a.high_score or "",
                    a.scorers,
                    decision.get_outcome_display() if decision else "",
                    decision.waiting_rank or "" if decision else "",
                    decision.reason if decision else "",
                    (decision.decided_by or "automatically") if decision else "",
                    decision.decided_at if decision else "",
                    row.offer.get_state_display() if row.offer else "",
                ]
            )
        return csv_response(
            filename=f"{cohort.programme.slug}-allocation-board.csv", header=header, rows=lines
        )

    def cohort_csv_view(self, request: HttpRequest, cohort_id: int):
        cohort = self._cohort(request, cohort_id)
        offers = (
            Offer.objects.filter(cohort=cohort, state=Offer.State.ACCEPTED)
            .select_related("application__local_authority", "application__applicant", "invoice")
            .order_by("application__last_name", "application__first_name")
        )
        header = [
            *_headings("first_name", "last_name"),
            "Email",
            *_headings("job_title", "employer", "organisation_type"),
            LOCAL_AUTHORITY,
            *_headings("sector"),
            "Accepted",
            "Funding",
            "Invoice",
            "Invoice status",
        ]
        # The fee columns are the coordinators' business (applications.rules).
        hidden = rules.hidden_fields(request.user)
        shown = [i for i, label in enumerate(header) if FEE_COLUMNS.get(label) not in hidden]
        lines = []
        for offer in offers:
            a = offer.application
            invoice = getattr(offer, "invoice", None)
            lines.append(
                [
                    a.first_name,
                    a.last_name,
                    a.applicant_email,
                    a.job_title,
                    a.employer,
                    a.get_organisation_type_display(),
                    a.local_authority.name if a.local_authority else "",
                    a.get_sector_display(),
                    offer.responded_at,
                    f"Fee £{invoice.amount}" if invoice else "Fully funded",
                    invoice.number if invoice else "",
                    invoice.get_status_display() if invoice else "",
                ]
            )
        return csv_response(
            filename=f"{cohort.programme.slug}-final-cohort.csv",
            header=[header[i] for i in shown],
            rows=[[line[i] for i in shown] for line in lines],
        )
