"""Groups, their members, meetings and registers in the admin: to read. Groups, members and
meetings change only through the coordinators' groups pages, and marks through the register,
so the one-group-of-each-kind rule, the calendar sequence and the emails are never skipped."""

from django.contrib import admin

from csssl.admin_base import ReadOnlyAdminMixin
from csssl.admin_history import ReadableHistoryAdmin
from mentoring.models import Group, GroupMeeting, MeetingAttendance, Membership


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Membership
    fields = ["participant", "joined_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Group)
class GroupAdmin(ReadOnlyAdminMixin, ReadableHistoryAdmin):
    list_display = ["name", "cohort", "kind", "facilitator", "counts_toward_completion"]
    list_filter = ["cohort__programme", "cohort", "kind", "counts_toward_completion"]
    search_fields = ["name", "facilitator__email", "facilitator__last_name"]
    list_select_related = ["cohort__programme", "facilitator"]
    inlines = [MembershipInline]


@admin.register(GroupMeeting)
class GroupMeetingAdmin(ReadOnlyAdminMixin, ReadableHistoryAdmin):
    list_display = ["__str__", "group", "starts_at", "place", "cancelled", "sequence"]
    list_filter = ["group__cohort", "cancelled"]
    search_fields = ["title", "group__name", "place"]
    list_select_related = ["group__cohort"]
    date_hierarchy = "starts_at"


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(ReadOnlyAdminMixin, ReadableHistoryAdmin):
    list_display = ["participant", "meeting", "status", "marked_by", "marked_at"]
    list_filter = ["meeting__group__cohort", "status"]
    search_fields = ["participant__user__email", "participant__user__last_name"]
    list_select_related = ["participant__user", "meeting__group", "marked_by"]
