"""Expressions of interest and their endorsement requests in the admin panel, as coordinators
and the DCS group use them: lists with filters and search, CSV exports, and the link to a
cohort's equality monitoring summary (``equality``), which shows only counts across a cohort.

The change page shows the form's sections as the form has them (``applications.form_shape``),
after what the workflow owns; each visitor is shown only the fields ``applications.rules``
lets them see (``fields``).

Equality monitoring answers are never shown with an application: the model is not registered
and no inline shows it. The only way to see them is the per-cohort summary, which shows
counts with small numbers suppressed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from applications.admin.cohort_choices import COHORT_FILTER_PARAM, CohortListFilter
from applications.admin.equality import equality_summary
from applications.admin.fields import ApplicationFieldsMixin
from applications.exports import endorsement_state_label, with_endorsement_state
from applications.form_shape import DECLARATIONS, EXTERNAL_PARTNER_FIELDS, SECTION, STATEMENTS
from applications.models import Endorsement, EqualityMonitoring, ExpressionOfInterest
from cohorts.models import Cohort, Programme
from csssl.admin_base import AdminPermissionsMixin, ReadOnlyAdmin, ReadOnlyTabularInline
from csssl.admin_history import ReadableHistoryAdmin
from csssl.admin_lists import GrowingListMixin, long_text
from csssl.disclosure import SMALL_NUMBER
from csssl.uktime import short_moment

#: What the application workflow owns, shown first and never typed in here.
WORKFLOW_FIELDS = (
    "cohort",
    "applicant",
    "status",
    "submitted",
    "withdrawn_at",
    "withdrawal_reason",
    "created_at",
    "updated_at",
)
#: The applicant's names, side by side on one row.
NAME_ROW = ("first_name", "last_name")


def _without_equality(items: list) -> list:
    """The admin's nested list of objects to delete, without equality monitoring answers
    (each listed as "<verbose name>: <object>") and what is nested under them."""
    prefix = f"{capfirst(EqualityMonitoring._meta.verbose_name)}: "
    kept: list = []
    for item in items:
        if isinstance(item, list):
            nested = _without_equality(item)
            if nested:
                kept.append(nested)
        elif not str(item).startswith(prefix):
            kept.append(item)
    return kept


class EndorsementStateFilter(admin.SimpleListFilter):
    """Applications by the state of their endorsement request in force: awaiting an answer,
    endorsed, declined, or no request (a draft, or one whose request was cancelled)."""

    title = "endorsement"
    parameter_name = "endorsement"
    STATES = {
        "pending": Endorsement.State.PENDING,
        "endorsed": Endorsement.State.CONFIRMED,
        "declined": Endorsement.State.DECLINED,
    }

    NONE = "none"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        # Labelled as the list's endorsement column labels each state.
        return [
            *((value, endorsement_state_label(state)) for value, state in self.STATES.items()),
            (self.NONE, endorsement_state_label(None)),
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset
        queryset = with_endorsement_state(queryset)
        if value == self.NONE:
            return queryset.filter(endorsement_state__isnull=True)
        if value in self.STATES:
            return queryset.filter(endorsement_state=self.STATES[value])
        return queryset


class EndorsementInline(ReadOnlyTabularInline):
    """The application's endorsement requests, newest first, to read: answers are given by the
    endorser through their link, never typed in here. The link's nonce is not shown."""

    model = Endorsement
    template = "admin/edit_inline/tabular_scroll.html"  # scrolls in a region of its own
    fields = [
        "state",
        "endorser_name",
        "endorser_job_title",
        "endorser_email",
        "requested_at",
        "responded_at",
        "basis",
        "comments",
        "decline_reason",
    ]
    readonly_fields = fields
    ordering = ["-requested_at", "-pk"]
    show_change_link = True


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(
    GrowingListMixin, AdminPermissionsMixin, ApplicationFieldsMixin, ReadableHistoryAdmin
):
    """Coordinators read and correct applications; the DCS group reads them, less the fields
    that are the coordinators' business (applications.rules). Applications are
    made by applicants, so none is added here, and what the workflow owns (status and its
    times, the endorser, the applicant's declarations) is read-only: those change only through
    the application services, so endorsement requests and emails follow them. Earlier versions
    are read in the history; none is put back from there."""

    allows_add = False
    change_list_template = "admin/applications/expressionofinterest/change_list.html"
    list_display = [
        "name",
        "cohort",
        "employer",
        "organisation_type",
        "local_authority",
        "sector",
        "status",
        "endorsement",
        "submitted",
    ]
    list_display_links = ["name"]
    list_filter = [
        ("cohort", CohortListFilter),
        "status",
        "local_authority",
        "sector",
        "organisation_type",
        EndorsementStateFilter,
    ]
    search_fields = [
        "first_name",
        "last_name",
        "applicant__email",
        "employer",
        "job_title",
        "endorser_name",
        "endorser_email",
    ]
    list_select_related = ["cohort__programme", "local_authority", "applicant"]
    list_per_page = 50
    # Twenty thousand applications at national scale: the page counts what it shows, once
    # (GrowingListMixin), and reads none of the statements and prose no column shows.
    list_defer = [
        *long_text(ExpressionOfInterest),
        *long_text(Cohort, "cohort"),
        *long_text(Programme, "cohort__programme"),
    ]
    actions = ["export_selected_csv"]
    inlines = [EndorsementInline]
    fieldsets = (
        ("Application", {"fields": WORKFLOW_FIELDS}),
        (
            "About the applicant",
            {
                "fields": (
                    NAME_ROW,
                    *(name for name in SECTION["about"].fields if name not in NAME_ROW),
                    *SECTION["role"].fields,
                )
            },
        ),
        ("Endorser", {"fields": SECTION["endorser"].fields}),
        ("Statements", {"fields": STATEMENTS}),
        ("Access and declarations", {"fields": SECTION["commitments"].fields}),
        ("External partners", {"fields": EXTERNAL_PARTNER_FIELDS}),
    )
    # The endorser and the declarations change only through the application services.
    readonly_fields = [*WORKFLOW_FIELDS, *SECTION["endorser"].fields, *DECLARATIONS]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExpressionOfInterest]:
        return with_endorsement_state(super().get_queryset(request))

    def get_deleted_objects(self, objs, request: HttpRequest):
        """What deleting would remove, as the confirmation page lists it, less the equality
        monitoring answers: they go with the application, but are never shown beside it."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        model_count.pop(EqualityMonitoring._meta.verbose_name_plural, None)
        return _without_equality(to_delete), model_count, perms_needed, protected

    @admin.display(description="name", ordering="last_name")
    def name(self, obj: ExpressionOfInterest) -> str:
        return obj.full_name or obj.applicant_email

    @admin.display(description="endorsement", ordering="endorsement_state")
    def endorsement(self, obj: ExpressionOfInterest) -> str:
        return endorsement_state_label(obj.endorsement_state)

    @admin.display(description="submitted (UK time)", ordering="submitted_at")
    def submitted(self, obj: ExpressionOfInterest) -> str | None:
        return short_moment(obj.submitted_at)

    # Exports

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            path(
                "equality/<int:cohort_id>/",
                self.admin_site.admin_view(self.equality_summary_view),
                name="{}_{}_equality".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        """The list, with a link to export what it shows and, once filtered to one cohort, to
        that cohort's equality monitoring summary."""
        params = request.GET.copy()
        for name in (PAGE_VAR, ERROR_FLAG, IS_POPUP_VAR):
            params.pop(name, None)
        export_url = reverse("admin:applications_expressionofinterest_export")
        context: dict[str, Any] = {
            "export_url": f"{export_url}?{params.urlencode()}" if params else export_url
        }
        cohort_id = request.GET.get(COHORT_FILTER_PARAM, "")
        if cohort_id.isdigit():
            context["equality_url"] = reverse(
                "admin:applications_expressionofinterest_equality", args=[int(cohort_id)]
            )
        return super().changelist_view(request, extra_context={**context, **(extra_context or {})})

    @admin.action(description="Export selected to CSV", permissions=["view"])
    def export_selected_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self.applications_csv(request, queryset)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Every application the list shows with the same filters and search, on every page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            changelist_url = reverse("admin:applications_expressionofinterest_changelist")
            return HttpResponseRedirect(f"{changelist_url}?{ERROR_FLAG}=1")
        return self.applications_csv(request, changelist.queryset)

    # Equality monitoring

    def equality_summary_view(self, request: HttpRequest, cohort_id: int) -> TemplateResponse:
        """Counts of the equality monitoring answers given with a cohort's submitted
        applications; for anyone who may view applications."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_id)
        changelist_url = reverse("admin:applications_expressionofinterest_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Equality monitoring summary",
            "subtitle": str(cohort),
            "cohort": cohort,
            "summary": equality_summary(cohort=cohort),
            "small_number": SMALL_NUMBER,
            "cohort_changelist_url": f"{changelist_url}?{COHORT_FILTER_PARAM}={cohort.pk}",
            "changelist_url": changelist_url,
        }
        return TemplateResponse(request, "admin/applications/equality_summary.html", context)


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyAdmin):
    """Endorsement requests, to look one up: read-only for everyone, because requests are
    made, replaced and answered only through the application services and the endorser's
    link. The nonce the link carries is never shown."""

    list_display = [
        "endorser_name",
        "endorser_email",
        "applicant",
        "cohort",
        "state",
        "requested",
        "responded",
    ]
    list_filter = ["state", ("application__cohort", CohortListFilter)]
    search_fields = [
        "endorser_name",
        "endorser_email",
        "application__first_name",
        "application__last_name",
        "application__applicant__email",
    ]
    list_select_related = ["application__cohort__programme", "application__applicant"]
    show_full_result_count = False
    fields = [
        "application_link",
        "state",
        "endorser_name",
        "endorser_job_title",
        "endorser_email",
        "requested",
        "responded",
        "basis",
        "comments",
        "decline_reason",
    ]
    readonly_fields = fields

    @admin.display(description="applicant", ordering="application__last_name")
    def applicant(self, obj: Endorsement) -> str:
        return obj.application.full_name or obj.application.applicant_email

    @admin.display(description="cohort", ordering="application__cohort")
    def cohort(self, obj: Endorsement) -> Cohort:
        return obj.application.cohort

    @admin.display(description="requested (UK time)", ordering="requested_at")
    def requested(self, obj: Endorsement) -> str | None:
        return short_moment(obj.requested_at)

    @admin.display(description="answered (UK time)", ordering="responded_at")
    def responded(self, obj: Endorsement) -> str | None:
        return short_moment(obj.responded_at)

    @admin.display(description="application")
    def application_link(self, obj: Endorsement) -> str:
        url = reverse("admin:applications_expressionofinterest_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, obj.application)
