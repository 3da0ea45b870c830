"""List filters for admin lists of tables that grow with every cohort.

Django's related-field filter names each choice with ``str()`` on a row fetched alone, so a
choice named after its parents (an event "Day 1 (CSSSL Cohort 3)", a cohort "CSSSL Cohort 3")
costs one or two queries a choice: four hundred events at national scale, eight hundred
queries before the list itself. These fetch the choices with what their names read, in one
query.
"""

from __future__ import annotations

from django.contrib import admin


class NamedRelatedListFilter(admin.RelatedFieldListFilter):
    """A related-field filter whose choices are fetched with ``select_related``, so naming
    them runs no further query. Made for a field by :func:`related_filter`."""

    select_related: tuple[str, ...] = ()

    def field_choices(self, field, request, model_admin) -> list[tuple[object, str]]:
        rows = field.related_model._default_manager.complex_filter(
            field.get_limit_choices_to()
        ).select_related(*self.select_related)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            rows = rows.order_by(*ordering)
        return [(row.pk, str(row)) for row in rows]


def related_filter(*select_related: str) -> type[NamedRelatedListFilter]:
    """The filter for a related field whose rows' names read ``select_related``, e.g.
    ``("event", related_filter("cohort__programme"))`` in ``list_filter``."""
    return type(
        "NamedRelatedListFilter",
        (NamedRelatedListFilter,),
        {"select_related": tuple(select_related)},
    )
