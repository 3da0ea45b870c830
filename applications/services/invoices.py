"""The fee for an external partner's accepted place: raising its invoice, emailing it with its
PDF, and recording its payment."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from applications import rules
from applications.documents import invoice_pdf
from applications.errors import AllocationError
from applications.models import Invoice, Offer
from cohorts.models import Programme
from csssl.outbox import Attachment, email_send


def invoice_raise(*, offer: Offer, today: date) -> Invoice:
    """Raise the invoice for an external partner's accepted place, numbered in sequence per
    programme and year; it is emailed with its PDF once the acceptance is committed."""
    application = offer.application
    cohort = offer.cohort
    programme = Programme.objects.select_for_update().get(pk=cohort.programme_id)
    prefix = f"{programme.short_name.upper()}-{today.year}-"
    count = Invoice.objects.filter(number__startswith=prefix).count()
    invoice = Invoice.objects.create(
        offer=offer,
        number=f"{prefix}{count + 1:04d}",
        payer_name=application.invoice_contact_name or application.employer,
        payer_email=application.invoice_contact_email or application.applicant.email,
        payer_address=application.invoice_address,
        purchase_order_number=application.purchase_order_number,
        description=f"A place on {programme.name}, {cohort.name}, for {application.full_name}",
        amount=cohort.fee,
        issued_on=today,
        due_on=today + timedelta(days=30),
    )
    invoice_email(invoice=invoice)
    return invoice


def invoice_email(*, invoice: Invoice) -> bool:
    """Email the invoice with its PDF to the payer, once (written in the same transaction as
    the acceptance that raised it, so it cannot be lost)."""
    invoice = Invoice.objects.select_related("offer__cohort__programme", "offer__application").get(
        pk=invoice.pk
    )
    _, created = email_send(
        kind="invoice",
        to=invoice.payer_email,
        about=invoice,
        template="applications/invoice",
        context={"invoice": invoice, "cohort": invoice.offer.cohort},
        attachments=[Attachment(f"{invoice.number}.pdf", invoice_pdf(invoice), "application/pdf")],
    )
    return created


def invoice_mark_paid(*, invoice: Invoice, paid_on: date, by) -> Invoice:
    """A coordinator records the payment (who and when are kept in the invoice's history)."""
    if not rules.can_record_payment(by):
        raise AllocationError("Only coordinators record payments.")
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status == Invoice.Status.CANCELLED:
            raise AllocationError("A cancelled invoice cannot be paid.")
        if locked.status == Invoice.Status.PAID:
            return locked  # paid already: the date first recorded stands
        locked.status = Invoice.Status.PAID
        locked.paid_on = paid_on
        locked._history_user = by
        locked.save(update_fields=["status", "paid_on"])
    return locked
