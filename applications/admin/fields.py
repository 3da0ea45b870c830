"""The admin's application pages, showing each visitor only the fields ``applications.rules``
lets them see: on the change page, in the history (its list of changes and each earlier
version), in the list's columns and search, and in the export."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse

from applications import rules
from applications.exports import application_header, application_rows
from csssl.csv_export import csv_response
from csssl.uktime import uk_today


def without_fields(fieldsets: Sequence, hidden: frozenset[str]) -> list:
    """``fieldsets`` less the ``hidden`` fields (in a row of fields too), and less any
    fieldset left with none."""
    kept = []
    for name, options in fieldsets:
        fields = []
        for entry in options.get("fields", ()):
            if isinstance(entry, list | tuple):
                row = tuple(field for field in entry if field not in hidden)
                if row:
                    fields.append(row)
            elif entry not in hidden:
                fields.append(entry)
        if fields:
            kept.append((name, {**options, "fields": tuple(fields)}))
    return kept


class ApplicationFieldsMixin:
    """For the admin of expressions of interest: nothing of the coordinators' fields reaches
    anyone else, by any page of this admin."""

    def hidden_fields(self, request: HttpRequest) -> frozenset[str]:
        return rules.hidden_fields(request.user)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        return without_fields(super().get_fieldsets(request, obj), self.hidden_fields(request))

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        hidden = self.hidden_fields(request)
        return [field for field in super().get_readonly_fields(request, obj) if field not in hidden]

    def get_list_display(self, request: HttpRequest):
        hidden = self.hidden_fields(request)
        return [field for field in super().get_list_display(request) if field not in hidden]

    def get_search_fields(self, request: HttpRequest):
        # Searching by a hidden field would tell, match by match, what it holds.
        hidden = self.hidden_fields(request)
        return [field for field in super().get_search_fields(request) if field not in hidden]

    def get_history_hidden_fields(self, request: HttpRequest) -> tuple[str, ...]:
        hidden = tuple(sorted(self.hidden_fields(request)))
        return (*super().get_history_hidden_fields(request), *hidden)

    def applications_csv(self, request: HttpRequest, queryset) -> HttpResponse:
        """The export of ``queryset``, with the columns the visitor may see."""
        hidden = self.hidden_fields(request)
        today = uk_today()
        return csv_response(
            filename=f"expressions-of-interest-{today:%Y-%m-%d}.csv",
            header=application_header(hidden=hidden),
            rows=application_rows(queryset, hidden=hidden),
        )
