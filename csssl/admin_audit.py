"""The audit trail in the admin panel, for coordinators: filters, pages, and a CSV of the same.

Nothing here adds, changes or deletes an entry, for anyone, superusers included: the trail has
no add, change or delete pages, and its rows refuse to be saved twice or deleted.
"""

from __future__ import annotations

from datetime import time, timedelta

from django import forms
from django.contrib import admin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse

from . import audit
from .admin_base import ReadOnlyAdmin
from .csv_export import csv_response
from .models import AuditEvent
from .roles import is_coordinator
from .uktime import uk_moment

PAGE_SIZE = 50
#: The most rows one CSV holds; narrow the dates for more.
CSV_LIMIT = 50_000


class TrailForm(forms.Form):
    kind = forms.ChoiceField(label="Record", required=False)
    action = forms.ChoiceField(
        label="What happened", required=False, choices=[("", "Anything"), *audit.ACTIONS.items()]
    )
    actor = forms.CharField(
        label="Done by (email address, or part of it)", required=False, max_length=254
    )
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To (inclusive)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Every kind of record"), *audit.kinds()]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day cannot be before the first.")
        return data

    def filters(self) -> audit.TrailFilter:
        if not self.is_valid():
            return audit.TrailFilter()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        return audit.TrailFilter(
            kind=data.get("kind") or "",
            action=data.get("action") or "",
            actor=(data.get("actor") or "").strip(),
            start=start,
            end=end,
            start_at=uk_moment(start, time(0)) if start else None,
            end_at=uk_moment(end + timedelta(days=1), time(0)) if end else None,
        )


def _found(form: TrailForm):
    """The entries the filters ask for; none while a filter is wrong (its error is beside it),
    rather than every entry as if nothing had been asked."""
    if form.errors:
        return AuditEvent.objects.none()
    return audit.trail(form.filters())


def _history_link(entry: audit.Entry) -> str | None:
    if entry.history_url is None:
        return None
    name, object_id = entry.history_url
    try:
        return reverse(name, args=[object_id])
    except NoReverseMatch:
        return None


def _readable_models(request: HttpRequest) -> set[str]:
    """Labels of the tracked models whose admin history this person may open."""
    allowed = set()
    for model in audit.tracked_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is not None and model_admin.has_view_permission(request):
            allowed.add(model._meta.label_lower)
    return allowed


def hidden_fields(request: HttpRequest) -> dict[str, frozenset[str]]:
    """By model label, the fields this person's history pages leave out: the trail leaves
    them out too."""
    hidden = {}
    for model in audit.tracked_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is not None and hasattr(model_admin, "get_history_hidden_fields"):
            hidden[model._meta.label_lower] = frozenset(
                model_admin.get_history_hidden_fields(request)
            )
    return hidden


@admin.register(AuditEvent)
class AuditTrailAdmin(ReadOnlyAdmin):
    """The audit trail: every record's history, the admin log and account events, in one
    list. Coordinators (and superusers) read it; nobody else sees it in the panel."""

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_coordinator(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_coordinator(request.user)

    def get_urls(self):
        # The admin's own pages for one entry stay (and refuse everyone): the list is the trail.
        own = [url for url in super().get_urls() if url.name != "csssl_auditevent_changelist"]
        return [
            path(
                "trail.csv",
                self.admin_site.admin_view(self.csv_view),
                name="csssl_auditevent_csv",
            ),
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="csssl_auditevent_changelist",
            ),
            *own,
        ]

    def _denied(self, request: HttpRequest) -> bool:
        return not self.has_view_permission(request)

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if self._denied(request):
            raise Http404
        form = TrailForm(request.GET or None)
        page = Paginator(_found(form), PAGE_SIZE).get_page(request.GET.get("page"))
        readable = _readable_models(request)
        rows = audit.entries(list(page.object_list), hidden_fields(request))
        models_by_label = {m._meta.label_lower: m for m in audit.tracked_models()}
        links = []
        for row, entry in zip(page.object_list, rows, strict=True):
            allowed = row["t_kind"] in readable and row["t_kind"] in models_by_label
            links.append(_history_link(entry) if allowed else None)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            **self.admin_site.each_context(request),
            "title": "Audit trail",
            "opts": self.model._meta,
            "form": form,
            "page": page,
            "rows": list(zip(rows, links, strict=True)),
            "query": query.urlencode(),
            "csv_url": reverse("admin:csssl_auditevent_csv")
            + (f"?{query.urlencode()}" if query else ""),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/audit_trail.html", context)

    def csv_view(self, request: HttpRequest) -> HttpResponse:
        if self._denied(request):
            raise Http404
        form = TrailForm(request.GET or None)
        found = list(_found(form)[:CSV_LIMIT])
        hidden = hidden_fields(request)
        rows = []
        for start in range(0, len(found), 500):
            for entry in audit.entries(found[start : start + 500], hidden):
                rows.append(
                    [
                        entry.at,
                        entry.actor.display_name if entry.actor else "",
                        entry.actor.email if entry.actor else "",
                        entry.action_label,
                        entry.kind,
                        entry.record,
                        "; ".join(entry.changes),
                        entry.reason,
                    ]
                )
        return csv_response(
            filename="audit-trail.csv",
            header=[
                "When (UK time)",
                "Done by",
                "Email",
                "What happened",
                "Kind",
                "Record",
                "Changes",
                "Reason",
            ],
            rows=rows,
        )
