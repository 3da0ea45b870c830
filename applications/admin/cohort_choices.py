"""Cohorts named with their programme ("CSSSL Cohort 1"), fetched in one query, wherever the
allocation admin offers a choice of cohort: the list filters and the cohort pickers."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from cohorts.models import Cohort
from csssl.admin_lists import without_long_text

#: The cohort filter's query parameter on the applications list.
COHORT_FILTER_PARAM = "cohort__id__exact"


class CohortListFilter(admin.RelatedFieldListFilter):
    """The cohort filter, naming each cohort with its programme from one query."""

    def field_choices(self, field, request, model_admin) -> list[tuple[int, str]]:
        cohorts = without_long_text(Cohort.objects.select_related("programme"), "programme")
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            cohorts = cohorts.order_by(*ordering)
        return [(cohort.pk, str(cohort)) for cohort in cohorts]


class CohortChoicesMixin:
    """Cohort pickers naming each cohort with its programme, from one query."""

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.remote_field.model is Cohort and "queryset" not in kwargs:
            kwargs["queryset"] = Cohort.objects.select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
