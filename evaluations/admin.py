"""The evaluations app in the admin panel: coordinators set up a cohort's rounds here and can
read the framework versions they rate against.

Nothing anyone answered is here, nor who was asked: self evaluations, raters' invitations,
their answers and their comments have no admin page. Coordinators follow a round on its
progress page (counts only), correct raters and withhold comments there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from cohorts.models import Cohort
from csssl.admin_base import ReadOnlyAdmin, ReadOnlyTabularInline
from csssl.admin_history import ReadableHistoryAdmin

from .errors import EvaluationError
from .models import FrameworkVersion, Round, VersionQuality
from .services.rounds import round_version


class RoundForm(forms.ModelForm):
    """A round's settings. Its version is not chosen here: it is set when the round is saved
    (``services.rounds.round_version``), and problems with it are shown beside the field they
    come from."""

    refresh_version = forms.BooleanField(
        label="Rate against the qualities as they stand now",
        required=False,
        help_text=(
            "Tick after editing the programme's framework, to have this round rate against the "
            "new wording. Only before anyone has answered, and only while the cohort has no "
            "other round."
        ),
    )

    class Meta:
        model = Round
        fields = [
            "cohort",
            "kind",
            "opens_on",
            "closes_on",
            "line_manager",
            "peers_min",
            "peers_max",
            "reports_min",
            "reports_max",
            "others_min",
            "others_max",
            "score_threshold",
            "comment_threshold",
            "release",
            "counts_toward_completion",
        ]

    def clean(self) -> dict:
        data = super().clean()
        cohort = data.get("cohort") if "cohort" in self.fields else self.instance.cohort
        kind = data.get("kind") if "kind" in self.fields else self.instance.kind
        if cohort is None or not kind:
            return data
        try:
            self.instance.version = round_version(
                cohort=cohort,
                kind=kind,
                round=self.instance if self.instance.pk else None,
                refresh=bool(data.get("refresh_version")),
            )
        except EvaluationError as error:
            for field, message in error.errors.items():
                self.add_error(field if field in self.fields else None, message)
            if not error.errors:
                self.add_error(None, error.message)
        return data


def _scale_list(points: Iterable[tuple[str, str]]) -> str:
    """The points of a scale as a list: each label, then what it means."""
    items = format_html_join("", "<li><strong>{}</strong>: {}</li>", points)
    return format_html('<ol class="mb-0">{}</ol>', items)


class VersionQualityInline(ReadOnlyTabularInline):
    model = VersionQuality
    template = "admin/edit_inline/tabular_scroll.html"  # scrolls in a region of its own
    fields = ["order", "theme", "name", "description", "descriptor_lines"]
    readonly_fields = fields

    @admin.display(description="what each point of the scale looks like")
    def descriptor_lines(self, obj: VersionQuality) -> str:
        return _scale_list((label, text) for _, label, text in obj.scale_with_descriptors())

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("version")


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    """The frozen copies of a framework that rounds rate against: made when a round is set up,
    never edited, so past answers and reports keep meaning what they meant."""

    list_display = ["name", "number", "framework", "created_at"]
    list_filter = ["framework__programme", "framework"]
    list_select_related = ["framework"]
    search_fields = ["name", "framework__name", "qualities__name"]
    fields = ["framework", "number", "name", "introduction", "scale_lines", "created_at"]
    readonly_fields = fields
    inlines = [VersionQualityInline]

    @admin.display(description="rating scale")
    def scale_lines(self, obj: FrameworkVersion) -> str:
        return _scale_list((label, meaning) for _, label, meaning in obj.points)


@admin.register(Round)
class RoundAdmin(ReadableHistoryAdmin):
    """A cohort's evaluation rounds: when each is open, whom participants invite, the
    thresholds under which raters' answers are never shown, and when reports are released."""

    form = RoundForm
    list_display = [
        "cohort",
        "kind",
        "opens_on",
        "closes_on",
        "version",
        "release",
        "counts_toward_completion",
        "progress_link",
    ]
    list_filter = ["cohort__programme", "kind", "release"]
    list_select_related = ["cohort__programme", "version"]
    search_fields = ["cohort__name", "cohort__programme__short_name", "cohort__programme__name"]
    date_hierarchy = "opens_on"

    def get_fieldsets(self, request, obj=None):
        first = ["cohort", "kind"]
        if obj is not None:
            first.append("version")
            if self.has_change_permission(request, obj):
                first.append("refresh_version")
            first.append("identities_removed_at")
        return (
            (None, {"fields": first}),
            ("When answers are taken", {"fields": ["opens_on", "closes_on"]}),
            (
                "Whom participants invite",
                {
                    "fields": [
                        "line_manager",
                        ("peers_min", "peers_max"),
                        ("reports_min", "reports_max"),
                        ("others_min", "others_max"),
                    ]
                },
            ),
            (
                "Anonymity",
                {
                    "description": "No group of raters but the line manager is shown with fewer "
                    "answers than these, and never fewer than three.",
                    "fields": ["score_threshold", "comment_threshold"],
                },
            ),
            ("Reports and completion", {"fields": ["release", "counts_toward_completion"]}),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The cohort and kind fix the version; once set up, neither moves.
        return ["cohort", "kind", "version", "identities_removed_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cohort":
            kwargs["queryset"] = Cohort.objects.select_related("programme").order_by(
                "programme__order", "-starts_on", "name"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="progress")
    def progress_link(self, obj: Round) -> str:
        url = reverse("evaluations:coordinator_progress", kwargs={"round_id": obj.pk})
        return format_html(
            '<a href="{}">Progress<span class="visually-hidden"> of {}</span></a>', url, obj
        )
