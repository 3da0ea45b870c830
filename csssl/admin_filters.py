"""List filters for admin lists of tables that grow with every cohort.

Django's related-field filter names each choice with ``str()`` on a row fetched alone, so a
choice named after its parents (an event "Day 1 (CSSSL Cohort 3)", a cohort "CSSSL Cohort 3")
costs one or two queries a choice: four hundred events at national scale, eight hundred
queries before the list itself. These fetch the choices with what their names read, in one
query; a filter whose choices would run to hundreds (every event of every cohort) can offer
only those within another filter's choice (the events of the cohort chosen).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from csssl.admin_lists import without_long_text


class NamedRelatedListFilter(admin.RelatedFieldListFilter):
    """A related-field filter whose choices are fetched with ``select_related`` (and without
    their long text), so naming them runs no further query. Made for a field by :func:`related_filter`.

    With ``within`` (a relation of the choices, e.g. ``"cohort"``) and ``within_parameter``
    (the query parameter of the list's filter on that relation, e.g.
    ``"event__cohort__id__exact"``), the choices are only those within what that filter has
    chosen, and none until it has: ten events of one cohort, not every event of every cohort.
    A choice already made is always offered, so it can be seen and taken back."""

    select_related: tuple[str, ...] = ()
    within: str = ""
    within_parameter: str = ""

    def _narrowed(self, rows, request):
        chosen = request.GET.get(self.within_parameter, "")
        wanted = Q(pk__in=[value for value in (self.lookup_val or []) if str(value).isdigit()])
        if chosen.isdigit():
            wanted |= Q(**{f"{self.within}__pk": int(chosen)})
        return rows.filter(wanted)

    def has_output(self) -> bool:
        # The admin applies only the filters it shows: one chosen must be shown, even as the
        # only choice, or choosing it would narrow nothing.
        if self.within:
            return bool(self.lookup_val) or bool(self.lookup_choices)
        return super().has_output()

    def field_choices(self, field, request, model_admin) -> list[tuple[object, str]]:
        rows = without_long_text(
            field.related_model._default_manager.complex_filter(
                field.get_limit_choices_to()
            ).select_related(*self.select_related),
            *self.select_related,
        )
        if self.within:
            rows = self._narrowed(rows, request)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            rows = rows.order_by(*ordering)
        return [(row.pk, str(row)) for row in rows]


def related_filter(
    *select_related: str, within: str = "", within_parameter: str = ""
) -> type[NamedRelatedListFilter]:
    """The filter for a related field whose rows' names read ``select_related``, e.g.
    ``("event", related_filter("cohort__programme"))`` in ``list_filter``; with ``within``
    and ``within_parameter``, offering only the choices within another filter's choice."""
    return type(
        "NamedRelatedListFilter",
        (NamedRelatedListFilter,),
        {
            "select_related": tuple(select_related),
            "within": within,
            "within_parameter": within_parameter,
        },
    )
