"""The applications app's steps of the retention schedule (``csssl.retention``); what each does
is in ``applications.services.retention``."""

from __future__ import annotations

from datetime import datetime

from csssl import retention

from .services.retention import (
    equality_totals_due,
    invoice_payers_remove_due,
    unsuccessful_anonymise_due,
)


@retention.register("unsuccessful_applications")
def unsuccessful_applications(*, months: int, now: datetime) -> int:
    return unsuccessful_anonymise_due(months=months, now=now)


@retention.register("equality_answers")
def equality_answers(*, months: int, now: datetime) -> int:
    return equality_totals_due(months=months, now=now)


@retention.register("invoices")
def invoice_payers(*, months: int, now: datetime) -> int:
    return invoice_payers_remove_due(months=months, now=now)
