"""Expressions of interest, endorsements and the allocation of places in the admin panel, as
coordinators and the DCS group use them: lists with filters and search, CSV exports, an equality
monitoring summary that shows only counts across a cohort, and the record of allocation.

Every score, decision, offer and invoice is kept with who changed it and when, and shown in its
history; they are read-only here, because they change only through the allocation services
(the allocation board, the applicant's answer, the coordinators' payment action). What
coordinators set up before allocating (criteria, balance targets, settings, who is in the DCS
group and the authority they lead) is edited here.

Equality monitoring answers are never shown with an application: the model is not registered
and no inline shows it. The only way to see them is the per-cohort summary below, which shows
counts with small numbers suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.text import capfirst

from cohorts.models import Cohort, LocalAuthority, Organisation
from csssl import roles
from csssl.admin_history import ReadableHistoryAdmin, uk_time
from csssl.csv_export import UK_TIME

from .admin_fields import ApplicationFieldsMixin
from .documents import invoice_pdf
from .errors import AllocationError
from .exports import endorsement_state_label, with_endorsement_state
from .models import (
    AllocationSettings,
    Allocator,
    BalanceTarget,
    ConflictOfInterest,
    Criterion,
    Decision,
    Endorsement,
    EqualityMonitoring,
    ExpressionOfInterest,
    Invoice,
    Offer,
    Score,
    Sector,
)
from .services.invoices import invoice_mark_paid

#: The cohort filter's query parameter on the applications list.
COHORT_FILTER_PARAM = "cohort__id__exact"

#: Counts from 1 up to (not including) this are shown as "fewer than 5"; so are cohorts with
#: fewer submitted applications than this, whose summary is not shown at all.
SMALL_NUMBER = 5
FEWER_THAN = f"fewer than {SMALL_NUMBER}"
#: A count hidden only so that a "fewer than 5" beside it cannot be worked out from the total.
NOT_SHOWN = "not shown"

#: The questions of the equality monitoring form, in the order the form asks them.
EQUALITY_QUESTIONS = ("age_band", "sex", "ethnicity", "disability")


def uk_date(value: date | None) -> str | None:
    """A day as people in the programme read it, e.g. "2 Jul 2021"."""
    if value is None:
        return None
    return format_date(value, "j M Y")


def uk_today() -> date:
    """Today's date in the UK, whatever the server's clock zone."""
    return timezone.localtime(timezone.now(), UK_TIME).date()


def applicant_name(application: ExpressionOfInterest) -> str:
    """The applicant as lists name them: their name, or their email address if they gave none."""
    return application.full_name or application.applicant.email


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


class CohortListFilter(admin.RelatedFieldListFilter):
    """The cohort filter, naming each cohort with its programme from one query."""

    def field_choices(self, field, request, model_admin) -> list[tuple[int, str]]:
        cohorts = Cohort.objects.select_related("programme")
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            cohorts = cohorts.order_by(*ordering)
        return [(cohort.pk, str(cohort)) for cohort in cohorts]


class ReadOnlyAdminMixin:
    """Nothing is added, changed or deleted here, by anyone: the services own these records."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


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

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [
            ("pending", "Awaiting answer"),
            ("endorsed", "Endorsed"),
            ("declined", "Declined"),
            ("none", "No request"),
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset
        queryset = with_endorsement_state(queryset)
        if value == "none":
            return queryset.filter(endorsement_state__isnull=True)
        if value in self.STATES:
            return queryset.filter(endorsement_state=self.STATES[value])
        return queryset


class EndorsementInline(admin.TabularInline):
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
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(ApplicationFieldsMixin, ReadableHistoryAdmin):
    """Coordinators read and correct applications; the DCS group reads them, less the fields
    that are the coordinators' business (applications.rules). Applications are
    made by applicants, so none is added here, and what the workflow owns (status and its
    times, the endorser, the applicant's declarations) is read-only: those change only through
    the application services, so endorsement requests and emails follow them. Earlier versions
    are read in the history; none is put back from there."""

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
    actions = ["export_selected_csv"]
    inlines = [EndorsementInline]
    fieldsets = (
        (
            "Application",
            {
                "fields": (
                    "cohort",
                    "applicant",
                    "status",
                    "submitted",
                    "withdrawn_at",
                    "withdrawal_reason",
                    "created_at",
                    "updated_at",
                )
            },
        ),
        (
            "About the applicant",
            {
                "fields": (
                    ("first_name", "last_name"),
                    "phone",
                    "job_title",
                    "employer",
                    "organisation_type",
                    "local_authority",
                    "sector",
                    "service_area",
                    "service_led",
                    "team_size",
                    "reports_to",
                )
            },
        ),
        ("Endorser", {"fields": ("endorser_name", "endorser_job_title", "endorser_email")}),
        ("Statements", {"fields": ("why_now", "contribution", "development")}),
        (
            "Access and declarations",
            {
                "fields": (
                    "access_requirements",
                    "can_attend_all_dates",
                    "agrees_full_engagement",
                    "data_protection_consent",
                )
            },
        ),
        (
            "External partners",
            {
                "fields": (
                    "invoice_contact_name",
                    "invoice_contact_email",
                    "invoice_address",
                    "purchase_order_number",
                )
            },
        ),
    )
    readonly_fields = [
        "cohort",
        "applicant",
        "status",
        "submitted",
        "withdrawn_at",
        "withdrawal_reason",
        "created_at",
        "updated_at",
        "endorser_name",
        "endorser_job_title",
        "endorser_email",
        "can_attend_all_dates",
        "agrees_full_engagement",
        "data_protection_consent",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExpressionOfInterest]:
        return with_endorsement_state(super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_deleted_objects(self, objs, request: HttpRequest):
        """What deleting would remove, as the confirmation page lists it, less the equality
        monitoring answers: they go with the application, but are never shown beside it."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        model_count.pop(EqualityMonitoring._meta.verbose_name_plural, None)
        return _without_equality(to_delete), model_count, perms_needed, protected

    @admin.display(description="name", ordering="last_name")
    def name(self, obj: ExpressionOfInterest) -> str:
        return obj.full_name or obj.applicant.email

    @admin.display(description="endorsement", ordering="endorsement_state")
    def endorsement(self, obj: ExpressionOfInterest) -> str:
        return endorsement_state_label(obj.endorsement_state)

    @admin.display(description="submitted (UK time)", ordering="submitted_at")
    def submitted(self, obj: ExpressionOfInterest) -> str | None:
        return uk_time(obj.submitted_at)

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
class EndorsementAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="applicant", ordering="application__last_name")
    def applicant(self, obj: Endorsement) -> str:
        return obj.application.full_name or obj.application.applicant.email

    @admin.display(description="cohort", ordering="application__cohort")
    def cohort(self, obj: Endorsement) -> Cohort:
        return obj.application.cohort

    @admin.display(description="requested (UK time)", ordering="requested_at")
    def requested(self, obj: Endorsement) -> str | None:
        return uk_time(obj.requested_at)

    @admin.display(description="answered (UK time)", ordering="responded_at")
    def responded(self, obj: Endorsement) -> str | None:
        return uk_time(obj.responded_at)

    @admin.display(description="application")
    def application_link(self, obj: Endorsement) -> str:
        url = reverse("admin:applications_expressionofinterest_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, obj.application)


# Allocation: the record, read-only for everyone


class CriterionListFilter(admin.RelatedFieldListFilter):
    """The criterion filter, naming each criterion with its cohort (cohorts often share
    criteria names), from one query."""

    def field_choices(self, field, request, model_admin) -> list[tuple[int, str]]:
        criteria = Criterion.objects.select_related("cohort__programme")
        return [(criterion.pk, f"{criterion.cohort}: {criterion.name}") for criterion in criteria]


class ApplicationColumnsMixin:
    """Columns naming the application a record is about, from rows fetched with
    ``application__applicant`` (see each admin's ``list_select_related``)."""

    @admin.display(description="applicant", ordering="application__last_name")
    def applicant(self, obj) -> str:
        return applicant_name(obj.application)

    @admin.display(description="application")
    def application_link(self, obj) -> str:
        url = reverse("admin:applications_expressionofinterest_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, obj.application)


APPLICANT_SEARCH = [
    "application__first_name",
    "application__last_name",
    "application__applicant__email",
]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, ApplicationColumnsMixin, ReadableHistoryAdmin):
    """Every score the DCS group has given, to look up and audit. Read-only for everyone:
    scores are given and changed on the allocation board, where the rules (members only, no
    scoring of one's own authority) are kept. Each change is in the score's history, with who
    made it and when."""

    list_display = ["application", "scorer", "criterion", "value", "updated"]
    list_filter = [
        ("application__cohort", CohortListFilter),
        ("criterion", CriterionListFilter),
        ("scorer", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [*APPLICANT_SEARCH, "scorer__email", "scorer__first_name", "scorer__last_name"]
    list_select_related = [
        "application__applicant",
        "application__cohort__programme",
        "scorer",
        "criterion",
    ]
    fields = ["application_link", "scorer", "criterion", "value", "comment", "updated"]
    readonly_fields = fields
    history_list_display = ["score"]

    @admin.display(description="last changed (UK time)", ordering="updated_at")
    def updated(self, obj: Score) -> str | None:
        return uk_time(obj.updated_at)

    def score(self, record) -> int:
        """The score as it stood in one version, for the history page."""
        return record.value


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, ApplicationColumnsMixin, ReadableHistoryAdmin):
    """The DCS group's decisions with their reasons, to look up and audit. Read-only for
    everyone: decisions and places on the waiting list are made on the allocation board, where
    capacity is guarded. Each change the services save is in the decision's history with who
    made it and when; "automatically" means the system offered a freed place to the next on the
    waiting list."""

    list_display = [
        "applicant",
        "cohort",
        "outcome",
        "waiting_rank",
        "decided_by_name",
        "decided",
        "letter_sent",
    ]
    list_filter = [("cohort", CohortListFilter), "outcome"]
    search_fields = [*APPLICANT_SEARCH, "reason", "decided_by__email"]
    list_select_related = ["application__applicant", "cohort__programme", "decided_by"]
    fields = [
        "application_link",
        "cohort",
        "outcome",
        "waiting_rank",
        "reason",
        "decided_by_name",
        "decided",
        "letter_sent",
    ]
    readonly_fields = fields
    history_list_display = ["decision", "rank"]

    @admin.display(description="decided by", ordering="decided_by__last_name")
    def decided_by_name(self, obj: Decision) -> str:
        return str(obj.decided_by) if obj.decided_by_id else "automatically"

    @admin.display(description="decided (UK time)", ordering="decided_at")
    def decided(self, obj: Decision) -> str | None:
        return uk_time(obj.decided_at)

    @admin.display(description="letter sent (UK time)", ordering="letter_sent_at")
    def letter_sent(self, obj: Decision) -> str | None:
        return uk_time(obj.letter_sent_at)

    def decision(self, record) -> str:
        """The outcome as it stood in one version, for the history page."""
        return record.get_outcome_display()

    def rank(self, record) -> int | str:
        """The place on the waiting list in one version, for the history page."""
        return record.waiting_rank if record.waiting_rank is not None else "–"


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdminMixin, ApplicationColumnsMixin, ReadableHistoryAdmin):
    """Offers of places and the applicants' answers, to look up and audit. Read-only for
    everyone: offers are made by decisions on the board, sent with the outcomes, and answered
    by the applicant through their link. The nonce the link carries is never shown, not even
    in the history."""

    list_display = ["applicant", "cohort", "state", "sent", "answer_by", "responded"]
    list_filter = [("cohort", CohortListFilter), "state"]
    search_fields = APPLICANT_SEARCH
    list_select_related = ["application__applicant", "cohort__programme"]
    fields = [
        "application_link",
        "cohort",
        "state",
        "created",
        "sent",
        "answer_by",
        "responded",
        "decline_reason",
    ]
    readonly_fields = fields
    history_hidden_fields = ("nonce",)

    @admin.display(description="decided (UK time)", ordering="created_at")
    def created(self, obj: Offer) -> str | None:
        return uk_time(obj.created_at)

    @admin.display(description="sent (UK time)", ordering="sent_at")
    def sent(self, obj: Offer) -> str | None:
        return uk_time(obj.sent_at)

    @admin.display(description="answer by (UK time)", ordering="respond_by")
    def answer_by(self, obj: Offer) -> str | None:
        return uk_time(obj.respond_by)

    @admin.display(description="answered (UK time)", ordering="responded_at")
    def responded(self, obj: Offer) -> str | None:
        return uk_time(obj.responded_at)


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ReadOnlyAdminMixin, ApplicationColumnsMixin, admin.ModelAdmin):
    """Members kept from scoring an application, and why: on the record, read-only for
    everyone. They are recorded by the allocation services when a member leads the applicant's
    authority."""

    list_display = ["applicant", "cohort", "member", "reason", "recorded"]
    list_filter = [
        ("application__cohort", CohortListFilter),
        ("member", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        *APPLICANT_SEARCH,
        "member__email",
        "member__first_name",
        "member__last_name",
        "reason",
    ]
    list_select_related = ["application__applicant", "application__cohort__programme", "member"]
    fields = ["application_link", "member", "reason", "recorded"]
    readonly_fields = fields

    @admin.display(description="cohort", ordering="application__cohort")
    def cohort(self, obj: ConflictOfInterest) -> Cohort:
        return obj.application.cohort

    @admin.display(description="recorded (UK time)", ordering="recorded_at")
    def recorded(self, obj: ConflictOfInterest) -> str | None:
        return uk_time(obj.recorded_at)


# Allocation: what coordinators set up


class CohortChoicesMixin:
    """Cohort pickers naming each cohort with its programme, from one query."""

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.remote_field.model is Cohort and "queryset" not in kwargs:
            kwargs["queryset"] = Cohort.objects.select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DcsMemberSelect(AutocompleteSelect):
    """The admin's type-ahead person picker, asking for active DCS group members only."""

    def get_url(self) -> str:
        return reverse(f"{self.admin_site.name}:applications_allocator_user_autocomplete")


class DcsMemberAutocompleteView(AutocompleteJsonView):
    """Suggestions for the person an allocator record is about: active members of the DCS
    group whose name or email matches what was typed. Only for the allocator's person field,
    and only for those who may add or change allocator records and see people."""

    allocator_admin: admin.ModelAdmin | None = None

    def process_request(self, request: HttpRequest):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if source_field is not Allocator._meta.get_field("user"):
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name

    def has_perm(self, request: HttpRequest, obj=None) -> bool:
        return super().has_perm(request, obj) and (
            self.allocator_admin.has_add_permission(request)
            or self.allocator_admin.has_change_permission(request)
        )

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(groups__name=roles.DCS_GROUP, is_active=True)


class AllocatorForm(forms.ModelForm):
    class Meta:
        model = Allocator
        fields = ["user", "local_authority"]
        labels = {"user": "DCS group member"}
        help_texts = {
            "user": "Type part of their name or email address; only members of the DCS group "
            "are offered."
        }
        error_messages = {
            "user": {
                "invalid_choice": (
                    "Choose a member of the DCS group. Add the person to the group first "
                    "(Users, then Groups)."
                )
            }
        }


@admin.register(Allocator)
class AllocatorAdmin(admin.ModelAdmin):
    """Members of the DCS group and the authority each leads, so that they are kept from
    scoring applicants from their own authority. Coordinators keep these; the person is picked
    from the DCS group only."""

    form = AllocatorForm
    list_display = ["member", "email", "local_authority", "in_dcs_group"]
    list_filter = ["local_authority"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "local_authority__name"]
    list_select_related = ["user", "local_authority"]
    ordering = ["user__last_name", "user__first_name", "user__email"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Allocator]:
        membership = get_user_model().groups.through.objects.filter(
            user_id=OuterRef("user_id"), group__name=roles.DCS_GROUP
        )
        return super().get_queryset(request).annotate(in_group=Exists(membership))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(groups__name=roles.DCS_GROUP)
            kwargs["widget"] = DcsMemberSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self) -> list[URLPattern]:
        view = DcsMemberAutocompleteView.as_view(admin_site=self.admin_site, allocator_admin=self)
        return [
            path(
                "user-autocomplete/",
                self.admin_site.admin_view(view),
                name="applications_allocator_user_autocomplete",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="member", ordering="user__last_name")
    def member(self, obj: Allocator) -> str:
        return obj.user.get_full_name() or obj.user.email

    @admin.display(description="email", ordering="user__email")
    def email(self, obj: Allocator) -> str:
        return obj.user.email

    @admin.display(description="in the DCS group", boolean=True, ordering="in_group")
    def in_dcs_group(self, obj: Allocator) -> bool:
        return obj.in_group


@admin.register(Criterion)
class CriterionAdmin(CohortChoicesMixin, admin.ModelAdmin):
    """What the DCS group scores a cohort's applications against, set by coordinators. Once a
    criterion has scores its cohort is fixed (and it cannot be deleted), so no score ends up
    against another cohort's criterion."""

    list_display = ["name", "cohort", "order", "scores_given"]
    list_filter = [("cohort", CohortListFilter)]
    search_fields = ["name", "guidance", "cohort__name", "cohort__programme__short_name"]
    list_select_related = ["cohort__programme"]
    fields = ["cohort", "name", "guidance", "order"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Criterion]:
        return super().get_queryset(request).annotate(score_count=Count("scores"))

    def get_readonly_fields(self, request: HttpRequest, obj: Criterion | None = None):
        if obj is not None and getattr(obj, "score_count", 0):
            return ["cohort"]
        return []

    @admin.display(description="scores given", ordering="score_count")
    def scores_given(self, obj: Criterion) -> int:
        return obj.score_count


def balance_groups() -> dict[str, dict[str, str]]:
    """For each balance dimension, the groups the allocation board counts, code → name: local
    authorities by ONS code, sectors, organisation types, and "la" / "external"."""
    Dimension = BalanceTarget.Dimension
    return {
        Dimension.LOCAL_AUTHORITY.value: dict(LocalAuthority.objects.values_list("code", "name")),
        Dimension.SECTOR.value: {value: str(label) for value, label in Sector.choices},
        Dimension.ORGANISATION_TYPE.value: {
            value: str(label) for value, label in Organisation.Type.choices
        },
        Dimension.PARTNER.value: dict(BalanceTarget.PARTNER_VALUES),
    }


def balance_value_help(groups: dict[str, dict[str, str]]) -> str:
    """The help beside a balance target's value: every valid code, dimension by dimension."""
    names = dict(BalanceTarget.Dimension.choices)
    items = format_html_join(
        "",
        "<li><strong>{}</strong>: {}</li>",
        (
            (names[dimension], ", ".join(f"{code} ({name})" for code, name in codes.items()))
            for dimension, codes in groups.items()
        ),
    )
    return format_html(
        "Which group the target is for, by its code (its name is accepted too):<ul>{}</ul>", items
    )


class BalanceTargetForm(forms.ModelForm):
    """A balance target for a group the board counts under the chosen dimension: an
    authority's ONS code, a sector, an organisation type, or "la" / "external". A group's
    name is accepted too, in any case, and kept as its code, which is what the board matches."""

    class Meta:
        model = BalanceTarget
        fields = ["cohort", "dimension", "value", "minimum", "maximum"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups = balance_groups()
        if "value" in self.fields:
            self.fields["value"].help_text = balance_value_help(self.groups)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        dimension, value = cleaned.get("dimension"), (cleaned.get("value") or "").strip()
        if not (dimension and value):
            return cleaned
        codes = self.groups.get(dimension, {})
        known = {name.casefold(): code for code, name in codes.items()}
        known.update({code.casefold(): code for code in codes})
        code = known.get(value.casefold())
        if code is None:
            dimension_name = BalanceTarget.Dimension(dimension).label.lower()
            self.add_error(
                "value",
                f"“{value}” is not a group under “{dimension_name}”. "
                f"Use one of: {', '.join(codes)}.",
            )
        else:
            cleaned["value"] = code
        return cleaned


@admin.register(BalanceTarget)
class BalanceTargetAdmin(CohortChoicesMixin, admin.ModelAdmin):
    """Targets for the make-up of a cohort, set by coordinators and shown on the allocation
    board: at least or at most so many places for an authority, a sector, an organisation type,
    or for local authorities or external partners."""

    form = BalanceTargetForm
    list_display = ["cohort", "dimension", "group", "minimum", "maximum"]
    list_filter = [("cohort", CohortListFilter), "dimension"]
    search_fields = ["value", "cohort__name", "cohort__programme__short_name"]
    list_select_related = ["cohort__programme"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BalanceTarget]:
        authority = LocalAuthority.objects.filter(code=OuterRef("value")).values("name")[:1]
        return super().get_queryset(request).annotate(authority_name=Subquery(authority))

    @admin.display(description="group", ordering="value")
    def group(self, obj: BalanceTarget) -> str:
        if obj.dimension == BalanceTarget.Dimension.LOCAL_AUTHORITY:
            name = obj.authority_name
        else:
            name = {
                **dict(Sector.choices),
                **dict(Organisation.Type.choices),
                **dict(BalanceTarget.PARTNER_VALUES),
            }.get(obj.value)
        return f"{name} ({obj.value})" if name else obj.value


@admin.register(AllocationSettings)
class AllocationSettingsAdmin(CohortChoicesMixin, ReadableHistoryAdmin):
    """How each cohort's places are allocated, set by coordinators: when scoring closes, how
    long an offer stays open, and whether a freed place is offered on at once. A cohort's
    settings are made with defaults the first time its board opens; its cohort is then fixed."""

    list_display = ["cohort", "scoring_closes_on", "offer_response_days", "refill"]
    list_filter = [("cohort", CohortListFilter), "refill"]
    search_fields = ["cohort__name", "cohort__programme__name", "cohort__programme__short_name"]
    list_select_related = ["cohort__programme"]
    fields = ["cohort", "scoring_closes_on", "offer_response_days", "refill"]

    def get_readonly_fields(self, request: HttpRequest, obj: AllocationSettings | None = None):
        return ["cohort"] if obj is not None else []


# Fees


class OverdueFilter(admin.SimpleListFilter):
    """Invoices by whether payment is late: still issued (neither paid nor cancelled) and due
    before today, in the UK."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        late = Q(status=Invoice.Status.ISSUED, due_on__lt=uk_today())
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdminMixin, ReadableHistoryAdmin):
    """Invoices for external partners' places, raised when the offer is accepted and emailed
    to the payer with their PDF. Read-only for everyone: coordinators record a payment with the
    action, which goes through the allocation service; each change is in the invoice's history
    with who made it and when. The PDF is the one the payer received."""

    list_display = [
        "number",
        "payer_name",
        "amount_in_pounds",
        "issued_on",
        "due_on",
        "status",
        "paid_on",
        "pdf_link",
    ]
    list_filter = ["status", ("offer__cohort", CohortListFilter), OverdueFilter]
    search_fields = ["number", "payer_name", "payer_email", "purchase_order_number"]
    fields = [
        "number",
        "application_link",
        "payer_name",
        "payer_email",
        "payer_address",
        "purchase_order_number",
        "description",
        "amount_in_pounds",
        "issued_on",
        "due_on",
        "status",
        "paid_on",
        "pdf_link",
    ]
    readonly_fields = fields
    actions = ["mark_paid_today"]

    def has_record_payment_permission(self, request: HttpRequest) -> bool:
        """Who may record a payment: those allowed to change invoices (coordinators)."""
        return request.user.has_perm(f"{self.opts.app_label}.change_invoice")

    @admin.display(description="amount", ordering="amount")
    def amount_in_pounds(self, obj: Invoice) -> str:
        return f"£{obj.amount:,.2f}"

    @admin.display(description="application")
    def application_link(self, obj: Invoice) -> str:
        application = obj.offer.application
        url = reverse("admin:applications_expressionofinterest_change", args=[application.pk])
        return format_html('<a href="{}">{}</a>', url, application)

    @admin.display(description="PDF")
    def pdf_link(self, obj: Invoice) -> str:
        url = reverse("admin:applications_invoice_pdf", args=[obj.pk])
        return format_html(
            '<a href="{}" aria-label="Download PDF of invoice {}">Download PDF</a>', url, obj.number
        )

    @admin.action(
        description="Mark selected invoices as paid (today)", permissions=["record_payment"]
    )
    def mark_paid_today(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> None:
        """Record today (UK) as the day each selected invoice was paid. One already recorded as
        paid keeps the day it was paid on; one the service refuses is named with the reason."""
        today = uk_today()
        recorded = []
        for invoice in queryset.order_by("number"):
            if invoice.status == Invoice.Status.PAID:
                self.message_user(
                    request,
                    f"{invoice.number} was already recorded as paid on {uk_date(invoice.paid_on)}, "
                    "so it is left as it was.",
                    messages.WARNING,
                )
                continue
            try:
                invoice_mark_paid(invoice=invoice, paid_on=today, by=request.user)
            except AllocationError as error:
                self.message_user(request, f"{invoice.number}: {error.message}", messages.ERROR)
            else:
                recorded.append(invoice.number)
        if recorded:
            self.message_user(
                request,
                f"Recorded as paid on {uk_date(today)}: {', '.join(recorded)}.",
                messages.SUCCESS,
            )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:object_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="applications_invoice_pdf",
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The invoice's PDF, for anyone who may view invoices."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        invoice = get_object_or_404(
            self.get_queryset(request).select_related("offer__cohort__programme"), pk=object_id
        )
        return HttpResponse(
            invoice_pdf(invoice),
            content_type="application/pdf",
            headers={
                "Content-Disposition": content_disposition_header(
                    as_attachment=True, filename=f"{invoice.number}.pdf"
                )
            },
        )


# The equality monitoring summary


@dataclass(frozen=True)
class AnswerCount:
    """One answer to a question and how many gave it, as shown ("12", "fewer than 5")."""

    answer: str
    shown: str


@dataclass(frozen=True)
class QuestionSummary:
    """A question and its answer counts; ``withheld`` when no count can be shown safely."""

    question: str
    answers: tuple[AnswerCount, ...]
    withheld: bool = False


@dataclass(frozen=True)
class EqualitySummary:
    submitted: int
    questions: tuple[QuestionSummary, ...]

    @property
    def too_few(self) -> bool:
        """Too few submitted applications to show any count without pointing at someone."""
        return 0 < self.submitted < SMALL_NUMBER


def _suppressed_cells_are_safe(cells: Sequence[int], small: set[int], hidden: set[int]) -> bool:
    """Whether someone who knows the total, the shown counts and these rules can still not
    tell any suppressed small count exactly: each must have at least two possible values.

    A small count lies in 1–4; a count hidden beside it is at least 5 and, being picked
    smallest first, at most the smallest count still shown."""
    primaries = len(small)
    secondaries = len(hidden) - primaries
    hidden_total = sum(cells[i] for i in hidden)
    others = primaries - 1
    if secondaries == 0:
        low = hidden_total - (SMALL_NUMBER - 1) * others
        high = hidden_total - others
    else:
        shown = [cells[i] for i in range(len(cells)) if cells[i] and i not in hidden]
        low = hidden_total - (SMALL_NUMBER - 1) * others - secondaries * min(shown) if shown else 1
        high = hidden_total - others - SMALL_NUMBER * secondaries
    return min(high, SMALL_NUMBER - 1) - max(low, 1) >= 1


def suppress_small_numbers(answered: Sequence[int], no_answer: int) -> list[str] | None:
    """The counts of one question as they may be shown: the answers', then "no answer".

    A count from 1 to 4 is shown as "fewer than 5". Where such a count could be worked out
    from the total and the other counts, the smallest other counts are hidden as well ("not
    shown") until it cannot. None means the question cannot be shown at all: when everyone who
    answered gave the same answer (the count would tell each person's answer), or when hiding
    every count would still not protect a small one."""
    if sum(1 for count in answered if count) == 1:
        return None
    cells = [*answered, no_answer]
    small = {i for i, count in enumerate(cells) if 0 < count < SMALL_NUMBER}
    hidden = set(small)
    while small and not _suppressed_cells_are_safe(cells, small, hidden):
        candidates = sorted(
            (count, i) for i, count in enumerate(cells) if count and i not in hidden
        )
        if not candidates:
            return None
        hidden.add(candidates[0][1])
    return [
        FEWER_THAN if i in small else NOT_SHOWN if i in hidden else str(count)
        for i, count in enumerate(cells)
    ]


def equality_summary(*, cohort: Cohort) -> EqualitySummary:
    """How many of the cohort's submitted applications gave each equality monitoring answer,
    with small numbers suppressed; applications without answers count as "no answer". Two
    queries, whatever the size of the cohort. Nothing is counted for fewer than 5 applications."""
    submitted = ExpressionOfInterest.objects.filter(
        cohort=cohort, status=ExpressionOfInterest.Status.SUBMITTED
    )
    total = submitted.count()
    if total < SMALL_NUMBER:
        return EqualitySummary(submitted=total, questions=())
    fields = [EqualityMonitoring._meta.get_field(name) for name in EQUALITY_QUESTIONS]
    aliases = {
        (field.name, value): f"n{i}_{j}"
        for i, field in enumerate(fields)
        for j, (value, _label) in enumerate(field.choices)
    }
    counts = EqualityMonitoring.objects.filter(application__in=submitted).aggregate(
        **{
            alias: Count("pk", filter=Q(**{name: value}))
            for (name, value), alias in aliases.items()
        }
    )
    questions = []
    for field in fields:
        answered = [counts[aliases[field.name, value]] for value, _label in field.choices]
        labels = [str(label) for _value, label in field.choices] + ["No answer"]
        shown = suppress_small_numbers(answered, total - sum(answered))
        questions.append(
            QuestionSummary(
                question=capfirst(field.verbose_name),
                answers=tuple(map(AnswerCount, labels, shown)) if shown else (),
                withheld=shown is None,
            )
        )
    return EqualitySummary(submitted=total, questions=tuple(questions))
