"""Invoices for external partners' places in the admin panel: read-only for everyone, with the
PDF the payer received and an action by which coordinators record a payment through the
allocation service."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header

from applications.admin.cohort_choices import CohortListFilter
from applications.documents import invoice_pdf
from applications.errors import AllocationError
from applications.models import Invoice
from applications.services.invoices import invoice_mark_paid
from csssl.admin_base import ReadOnlyAdminMixin
from csssl.admin_history import ReadableHistoryAdmin
from csssl.uktime import short_date, uk_today


class OverdueFilter(admin.SimpleListFilter):
    """Invoices by whether payment is late: still issued (neither paid nor cancelled) and due
    before today, in the UK."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        late = Q(status=Invoice.Status.ISSUED, due_on__lt=uk_today())
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdminMixin, ReadableHistoryAdmin):
    """Invoices for external partners' places, raised when the offer is accepted and emailed
    to the payer with their PDF. Read-only for everyone: coordinators record a payment with the
    action, which goes through the allocation service; each change is in the invoice's history
    with who made it and when. The PDF is the one the payer received."""

    list_display = [
        "number",
        "payer_name",
        "amount_in_pounds",
        "issued_on",
        "due_on",
        "status",
        "paid_on",
        "pdf_link",
    ]
    list_filter = ["status", ("offer__cohort", CohortListFilter), OverdueFilter]
    search_fields = ["number", "payer_name", "payer_email", "purchase_order_number"]
    fields = [
        "number",
        "application_link",
        "payer_name",
        "payer_email",
        "payer_address",
        "purchase_order_number",
        "description",
        "amount_in_pounds",
        "issued_on",
        "due_on",
        "status",
        "paid_on",
        "pdf_link",
    ]
    readonly_fields = fields
    actions = ["mark_paid_today"]

    def has_record_payment_permission(self, request: HttpRequest) -> bool:
        """Who may record a payment: those the admin lets change invoices (the coordinators)."""
        return request.user.has_perm("applications.change_invoice")

    @admin.display(description="amount", ordering="amount")
    def amount_in_pounds(self, obj: Invoice) -> str:
        return f"£{obj.amount:,.2f}"

    @admin.display(description="application")
    def application_link(self, obj: Invoice) -> str:
        application = obj.offer.application
        url = reverse("admin:applications_expressionofinterest_change", args=[application.pk])
        return format_html('<a href="{}">{}</a>', url, application)

    @admin.display(description="PDF")
    def pdf_link(self, obj: Invoice) -> str:
        url = reverse("admin:applications_invoice_pdf", args=[obj.pk])
        return format_html(
            '<a href="{}" aria-label="Download PDF of invoice {}">Download PDF</a>', url, obj.number
        )

    @admin.action(
        description="Mark selected invoices as paid (today)", permissions=["record_payment"]
    )
    def mark_paid_today(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> None:
        """Record today (UK) as the day each selected invoice was paid. One already recorded as
        paid keeps the day it was paid on; one the service refuses is named with the reason."""
        today = uk_today()
        recorded = []
        for invoice in queryset.order_by("number"):
            if invoice.status == Invoice.Status.PAID:
                self.message_user(
                    request,
                    f"{invoice.number} was already recorded as paid on "
                    f"{short_date(invoice.paid_on)}, so it is left as it was.",
                    messages.WARNING,
                )
                continue
            try:
                invoice_mark_paid(invoice=invoice, paid_on=today, by=request.user)
            except AllocationError as error:
                self.message_user(request, f"{invoice.number}: {error.message}", messages.ERROR)
            else:
                recorded.append(invoice.number)
        if recorded:
            self.message_user(
                request,
                f"Recorded as paid on {short_date(today)}: {', '.join(recorded)}.",
                messages.SUCCESS,
            )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:object_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="applications_invoice_pdf",
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The invoice's PDF, for anyone who may view invoices."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        invoice = get_object_or_404(
            self.get_queryset(request).select_related("offer__cohort__programme"), pk=object_id
        )
        return HttpResponse(
            invoice_pdf(invoice),
            content_type="application/pdf",
            headers={
                "Content-Disposition": content_disposition_header(
                    as_attachment=True, filename=f"{invoice.number}.pdf"
                )
            },
        )
