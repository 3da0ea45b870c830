"""Mentors' profiles, cohorts' pools and mentoring settings, and the pairings' history. Change
requests are answered from the cohort's mentoring page; private notes and portfolio content have
no admin at all."""

from django.contrib import admin

from csssl.admin_history import ReadableHistoryAdmin
from mentoring.models import CohortMentoring, Mentor, Pairing, PoolPlace


class PoolPlaceInline(admin.TabularInline):
    model = PoolPlace
    extra = 0
    fields = ["cohort", "capacity"]
    autocomplete_fields = ["cohort"]


@admin.register(Mentor)
class MentorAdmin(ReadableHistoryAdmin):
    list_display = ["__str__", "role", "organisation", "local_authority", "is_active"]
    list_filter = ["is_active", "local_authority"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "role"]
    autocomplete_fields = ["user", "organisation", "local_authority"]
    filter_horizontal = ["expertise"]
    list_select_related = ["user", "organisation", "local_authority"]
    inlines = [PoolPlaceInline]
    fields = [
        "user",
        "role",
        "organisation",
        "local_authority",
        "expertise",
        "about",
        "availability",
        "is_active",
    ]


@admin.register(CohortMentoring)
class CohortMentoringAdmin(ReadableHistoryAdmin):
    list_display = ["cohort", "sessions_required", "meetings_allowed_missed"]
    autocomplete_fields = ["cohort"]


@admin.register(Pairing)
class PairingAdmin(ReadableHistoryAdmin):
    """Pairings are made and ended from the cohort's mentoring page, which checks the rules and
    tells both people; the admin shows them and their history."""

    list_display = ["participant", "mentor", "status", "confirmed_at", "ended_at"]
    list_filter = ["status", "participant__cohort"]
    search_fields = ["participant__user__last_name", "mentor__user__last_name"]
    list_select_related = ["participant__user", "participant__cohort", "mentor__user"]
    readonly_fields = [
        "participant",
        "mentor",
        "status",
        "confirmed_by",
        "confirmed_at",
        "ended_at",
        "end_reason",
    ]

    def has_add_permission(self, request) -> bool:
        return False
