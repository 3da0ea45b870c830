"""Sessions and the answers to "is this pairing working?", for the programme team to follow.
Sessions are read here and changed only by their two sides; a "no" is marked followed up
here, which records when it was. Neither the shared record nor any private
note is shown: the record is the pair's, and a private note has no admin at all."""

from django.contrib import admin, messages
from django.utils import timezone

from mentoring.models import FitAnswer, MentoringSession


@admin.register(MentoringSession)
class MentoringSessionAdmin(admin.ModelAdmin):
    list_display = ["pairing", "starts_at", "status", "proposed_at", "held_at"]
    list_filter = ["status", "pairing__participant__cohort"]
    search_fields = ["pairing__participant__user__last_name", "pairing__mentor__user__last_name"]
    list_select_related = ["pairing__participant__user", "pairing__mentor__user"]
    fields = [
        "pairing",
        "starts_at",
        "ends_at",
        "place",
        "status",
        "proposed_by",
        "proposed_at",
        "agreed_at",
        "held_at",
        "cancelled_by",
        "cancelled_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FitAnswer)
class FitAnswerAdmin(admin.ModelAdmin):
    list_display = ["pairing", "side", "works", "answered_at", "seen_at"]
    list_filter = ["works", "side", ("seen_at", admin.EmptyFieldListFilter)]
    list_select_related = ["pairing__participant__user", "pairing__mentor__user"]
    fields = ["pairing", "side", "works", "comment", "answered_at", "seen_at"]
    readonly_fields = ["pairing", "side", "works", "comment", "answered_at", "seen_at"]
    actions = ["mark_followed_up"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Mark the chosen answers followed up", permissions=["change"])
    def mark_followed_up(self, request, queryset):
        count = queryset.filter(seen_at__isnull=True).update(seen_at=timezone.now())
        messages.success(request, f"{count} answer{'s' if count != 1 else ''} marked followed up.")
