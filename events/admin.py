from django.contrib import admin, messages

from cohorts.models import Cohort
from csssl.admin_base import ReadAndDeleteAdminMixin
from csssl.admin_filters import related_filter
from csssl.admin_history import ReadableHistoryAdmin
from csssl.admin_lists import GrowingListMixin, long_text, share_related, without_long_text
from csssl.admin_widgets import LabelledTabularInline, LocalDateTimeAdminMixin

from . import services
from .models import AgendaItem, Apology, AttendanceRecord, Event, Venue

#: The event filter of the lists of apologies and attendance: the events of the cohort chosen
#: in the cohort filter beside it (four hundred events at national scale are no list to read).
EVENT_OF_COHORT = related_filter(
    "cohort__programme", within="cohort", within_parameter="event__cohort__id__exact"
)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "postcode"]
    search_fields = ["name", "address", "postcode"]


class AgendaItemInline(LabelledTabularInline):
    model = AgendaItem
    extra = 0
    fields = ["starts_at", "ends_at", "kind", "title", "speaker", "strand"]


@admin.register(Event)
class EventAdmin(LocalDateTimeAdminMixin, ReadableHistoryAdmin):
    list_display = [
        "title",
        "cohort",
        "kind",
        "topic",
        "starts_at",
        "venue",
        "counts_toward_completion",
        "cancelled",
    ]
    list_filter = [
        "cohort__programme",
        ("cohort", related_filter("programme")),
        "kind",
        "counts_toward_completion",
        "cancelled",
    ]
    search_fields = ["title", "topic", "lead", "venue__name"]
    list_select_related = ["cohort__programme", "venue"]
    show_full_result_count = False
    autocomplete_fields = ["venue"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]
    fieldsets = (
        (None, {"fields": ("cohort", "kind", "title", "topic", "lead", "description")}),
        ("When and where", {"fields": ("starts_at", "ends_at", "venue", "joining_link")}),
        ("Completion", {"fields": ("counts_toward_completion", "cancelled")}),
    )

    def save_model(self, request, obj, form, change):
        before = (
            services.calendar_snapshot(Event.objects.get(pk=obj.pk)) if change and obj.pk else None
        )
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
        if services.event_changed(event=obj, before=before):
            messages.info(
                request,
                "The time, place or link changed: participants are sent the update with a "
                "calendar entry that replaces the old one.",
            )


@admin.register(Apology)
class ApologyAdmin(ReadAndDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["participant", "event", "reason", "sent_at"]
    list_filter = [
        ("event__cohort", related_filter("programme")),
        ("event", EVENT_OF_COHORT),
    ]
    search_fields = ["participant__user__first_name", "participant__user__last_name", "reason"]
    list_select_related = [
        "participant__user",
        "participant__cohort__programme",
        "event__cohort__programme",
    ]
    show_full_result_count = False


@admin.register(AttendanceRecord)
class AttendanceRecordAdmin(GrowingListMixin, ReadAndDeleteAdminMixin, ReadableHistoryAdmin):
    list_display = ["participant", "event", "status", "note", "marked_by", "marked_at"]
    list_filter = [
        ("event__cohort", related_filter("programme")),
        ("event", EVENT_OF_COHORT),
        "status",
    ]
    search_fields = ["participant__user__first_name", "participant__user__last_name", "note"]
    # The cohorts the page's records name (each participant's and each event's) are fetched
    # once, in ``rows_shown``: joined into the records, they made a query of nine tables.
    list_select_related = ["participant__user", "event", "marked_by"]
    list_defer = long_text(Event, "event")
    # Latest marked first, read from an index (the model's order, by event and participant,
    # sorts every record through four joins).
    ordering = ["-marked_at", "-pk"]

    def rows_shown(self, request, rows):
        cohorts = without_long_text(Cohort.objects.select_related("programme"), "programme")
        share_related(rows, ["participant__cohort", "event__cohort"], cohorts)
        return rows
