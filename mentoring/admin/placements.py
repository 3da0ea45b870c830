"""Placements and projects in the admin panel: to find and correct one. Approving, declining
and handing in are done on the site's own pages, which email the host and the participant, so
their fields are read-only here."""

from django.contrib import admin

from csssl.admin_history import ReadableHistoryAdmin
from csssl.admin_widgets import LabelledTabularInline, LocalDateTimeAdminMixin
from mentoring.models import Milestone, Placement, Project


@admin.register(Placement)
class PlacementAdmin(LocalDateTimeAdminMixin, ReadableHistoryAdmin):
    list_display = ["participant", "kind", "host_organisation", "starts_on", "ends_on", "status"]
    list_filter = ["participant__cohort", "status", "kind"]
    search_fields = [
        "participant__user__first_name",
        "participant__user__last_name",
        "host_organisation",
    ]
    list_select_related = ["participant__user", "participant__cohort__programme"]
    autocomplete_fields = ["participant"]
    readonly_fields = [
        "status",
        "objectives_agreed_by",
        "objectives_agreed_at",
        "submitted_at",
        "decided_by",
        "decided_at",
        "decision_note",
        "reflected_at",
        "created_at",
    ]


class MilestoneInline(LabelledTabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_on", "done_at"]


@admin.register(Project)
class ProjectAdmin(LocalDateTimeAdminMixin, ReadableHistoryAdmin):
    list_display = ["title", "participant", "hand_in_due_on", "handed_in_at"]
    list_filter = ["participant__cohort"]
    search_fields = ["title", "participant__user__first_name", "participant__user__last_name"]
    list_select_related = ["participant__user", "participant__cohort__programme"]
    autocomplete_fields = ["participant"]
    filter_horizontal = ["qualities"]
    readonly_fields = ["handed_in_at", "created_at", "updated_at"]
    inlines = [MilestoneInline]
