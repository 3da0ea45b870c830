from django.contrib import admin

from csssl.admin_base import ReadAndDeleteAdminMixin, ReadOnlyAdmin
from csssl.admin_filters import related_filter
from csssl.admin_history import ReadableHistoryAdmin
from csssl.admin_lists import GrowingListMixin, long_text
from csssl.admin_widgets import LabelledTabularInline, LocalDateTimeAdminMixin

from .models import (
    Certificate,
    CertificateBatch,
    Cohort,
    CompletionRule,
    LocalAuthority,
    Milestone,
    Organisation,
    Participant,
    Programme,
    Quality,
    QualityFramework,
)


@admin.register(Programme)
class ProgrammeAdmin(ReadableHistoryAdmin):
    list_display = [
        "name",
        "short_name",
        "slug",
        "accreditation",
        "external_partner_fee",
        "is_published",
    ]
    list_filter = ["is_published"]
    search_fields = ["name", "short_name", "summary"]
    prepopulated_fields = {"slug": ["short_name"]}
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "strapline", "is_published", "order")}),
        (
            "What the public reads",
            {
                "fields": (
                    "summary",
                    "about",
                    "who_for",
                    "key_features",
                    "structure",
                    "requirements",
                    "how_to_apply",
                )
            },
        ),
        (
            "Accreditation, fees and contact",
            {
                "fields": (
                    "accreditation",
                    "accreditation_detail",
                    "certificate_signatory_name",
                    "certificate_signatory_title",
                    "external_partner_fee",
                    "contact_email",
                    "delivered_by",
                )
            },
        ),
    )


class MilestoneInline(LabelledTabularInline):
    model = Milestone
    extra = 0
    fields = ["kind", "title", "topic", "starts_on", "ends_on", "precision", "duration"]


@admin.register(Cohort)
class CohortAdmin(LocalDateTimeAdminMixin, ReadableHistoryAdmin):
    list_display = [
        "name",
        "programme",
        "status",
        "capacity",
        "participant_count",
        "application_deadline",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["programme", "status"]
    search_fields = ["name", "programme__name", "programme__short_name"]
    list_select_related = ["programme"]
    date_hierarchy = "starts_on"
    inlines = [MilestoneInline]
    fieldsets = (
        (None, {"fields": ("programme", "name", "status", "capacity", "venue_summary")}),
        (
            "Applications",
            {"fields": ("applications_open", "application_deadline", "places_awarded_by")},
        ),
        (
            "Programme year",
            {"fields": ("evaluation_opens", "evaluation_closes", "starts_on", "ends_on")},
        ),
        ("Fees", {"fields": ("external_partner_fee",)}),
    )

    def get_queryset(self, request):
        from django.db.models import Count, Q

        return (
            super()
            .get_queryset(request)
            .annotate(
                _participants=Count(
                    "participants", filter=~Q(participants__status=Participant.Status.WITHDRAWN)
                )
            )
        )

    @admin.display(description="participants", ordering="_participants")
    def participant_count(self, obj: Cohort) -> int:
        return obj._participants


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "is_active"]
    list_filter = ["region", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "local_authority"]
    list_filter = ["type", "local_authority"]
    search_fields = ["name"]
    list_select_related = ["local_authority"]
    autocomplete_fields = ["local_authority"]


@admin.register(Participant)
class ParticipantAdmin(GrowingListMixin, LocalDateTimeAdminMixin, ReadableHistoryAdmin):
    list_display = ["user", "cohort", "organisation", "job_title", "local_authority", "status"]
    list_filter = [
        "cohort__programme",
        ("cohort", related_filter("programme")),
        "status",
        "organisation__type",
        "local_authority",
    ]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "job_title",
        "organisation__name",
    ]
    list_select_related = ["user", "cohort__programme", "organisation", "local_authority"]
    # Each row is sorted with its cohort's programme: not with its pages of prose.
    list_defer = [*long_text(Cohort, "cohort"), *long_text(Programme, "cohort__programme")]
    # By cohort, then surname and first name: no index serves an order across three tables.
    page_keys_first = True
    autocomplete_fields = ["user", "organisation", "local_authority"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    """Certificates are a record: issued only by awarding (the coordinators' certificates page),
    never added, edited or deleted here."""

    list_display = ["code", "name", "programme_short_name", "cohort_name", "issued_at"]
    list_filter = ["programme_short_name", "cohort_name"]
    search_fields = ["code", "name", "participant__user__email"]
    list_select_related = ["participant__user"]
    date_hierarchy = "issued_at"
    fields = [
        "code",
        "participant",
        "issued_at",
        "name",
        "programme_name",
        "programme_short_name",
        "cohort_name",
        "accreditation",
        "starts_on",
        "ends_on",
        "signatory_name",
        "signatory_title",
    ]
    readonly_fields = fields


class QualityInline(admin.StackedInline):
    model = Quality
    extra = 0
    fields = ["order", "theme", "name", "description", "indicators", "descriptors"]


@admin.register(QualityFramework)
class QualityFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "is_current", "is_sample"]
    list_filter = ["programme", "is_current", "is_sample"]
    search_fields = ["name", "qualities__name"]
    inlines = [QualityInline]


@admin.register(Quality)
class QualityAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "framework", "order"]
    list_filter = ["framework__programme", "framework", "theme"]
    search_fields = ["name", "description", "theme"]
    list_select_related = ["framework"]


@admin.register(CompletionRule)
class CompletionRuleAdmin(ReadableHistoryAdmin):
    list_display = ["cohort", "allowed_absences", "description"]
    list_filter = ["cohort__programme"]
    list_select_related = ["cohort__programme"]
    search_fields = ["cohort__name", "cohort__programme__short_name", "description"]
    autocomplete_fields = ["cohort"]
    fields = ["cohort", "allowed_absences", "description"]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(ReadAndDeleteAdminMixin, admin.ModelAdmin):
    """A record of each request to award and generate a cohort's certificates; the work and
    the zip are on the coordinators' certificates page."""

    list_display = ["cohort", "status", "done", "total", "requested_by", "created_at"]
    list_filter = ["status", "cohort__programme"]
    list_select_related = ["cohort__programme", "requested_by"]
    fields = [
        "cohort",
        "requested_by",
        "status",
        "total",
        "done",
        "created_at",
        "started_at",
        "finished_at",
        "error",
    ]
    readonly_fields = fields
