"""History pages in the admin that can be read, never posted back.

django-simple-history saves a post to an earlier version's page for anyone who may view the
object, putting that version back in place; that would skip the rules the services and change
forms apply, so it is refused for everyone. Times show in UK time and choices by their labels.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from csssl.uktime import short_moment


class UkHistoryChanges(HistoricalRecordContextHelper):
    """The changes on a history page as people read them: times in UK time and choices by
    their labels, not as stored."""

    def prepare_delta_change_value(self, change, value) -> Any:
        field = self.model._meta.get_field(change.field)
        if isinstance(value, datetime):
            return short_moment(value)
        if field.choices and value not in (None, ""):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """A model admin whose history (who changed what, and when) can be read but never posted
    back. django-simple-history saves a post to an earlier version's page for anyone who may
    view the object, putting that version back in place; here that is refused for everyone,
    because a restored version would skip the rules the services and change forms apply.
    Fields listed in ``history_hidden_fields`` are left out of the list of changes."""

    history_hidden_fields: tuple[str, ...] = ()
    # The package's list carries a style attribute, which the Content-Security-Policy refuses.
    object_history_list_template = "admin/history_list.html"

    def get_history_hidden_fields(self, request: HttpRequest) -> tuple[str, ...]:
        """The fields left out of the list of changes for this visitor."""
        return tuple(self.history_hidden_fields)

    def get_historical_record_context_helper(self, request, historical_record):
        return UkHistoryChanges(self.model, historical_record)

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=self.get_history_hidden_fields(request),
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current
