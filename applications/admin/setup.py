"""What coordinators set up before the DCS group allocates a cohort's places, edited in the
admin panel: who is in the DCS group and the authority each member leads, the criteria
applications are scored against, the balance targets the board watches, and each cohort's
allocation settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from applications.admin.cohort_choices import CohortChoicesMixin, CohortListFilter
from applications.models import AllocationSettings, Allocator, BalanceTarget, Criterion, Sector
from cohorts.models import LocalAuthority, Organisation
from csssl import roles
from csssl.admin_history import ReadableHistoryAdmin

# The DCS group


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
        return obj.user.display_name

    @admin.display(description="email", ordering="user__email")
    def email(self, obj: Allocator) -> str:
        return obj.user.email

    @admin.display(description="in the DCS group", boolean=True, ordering="in_group")
    def in_dcs_group(self, obj: Allocator) -> bool:
        return obj.in_group


# Scoring criteria


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


# Balance targets


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


# Allocation settings


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
