"""The columns of the applications export (the CSV itself is made by csssl.csv_export)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from .models import Endorsement, ExpressionOfInterest

#: The endorsement states of a request that is still in force; any other has been replaced or
#: cancelled. At most one request per application is in force (a database constraint).
LIVE_ENDORSEMENT_STATES = (
    Endorsement.State.PENDING,
    Endorsement.State.CONFIRMED,
    Endorsement.State.DECLINED,
)

#: Shown where an application has no endorsement request in force.
NO_ENDORSEMENT = "No request"


def live_endorsement_state() -> Subquery:
    """The state of the application's endorsement request in force (pending, confirmed or
    declined), or NULL when it has none: one subquery, so a list does not query per row."""
    return Subquery(
        Endorsement.objects.filter(application=OuterRef("pk"), state__in=LIVE_ENDORSEMENT_STATES)
        .order_by("-requested_at", "-pk")
        .values("state")[:1]
    )


def with_endorsement_state(queryset: QuerySet[ExpressionOfInterest]) -> QuerySet:
    """``queryset`` annotated with ``endorsement_state`` (see ``live_endorsement_state``),
    unless it already is."""
    if "endorsement_state" in queryset.query.annotations:
        return queryset
    return queryset.annotate(endorsement_state=live_endorsement_state())


def endorsement_state_label(state: str | None) -> str:
    """What a coordinator calls an endorsement state; ``None`` means no request in force."""
    if not state:
        return NO_ENDORSEMENT
    return str(Endorsement.State(state).label)


#: The columns of the applications export, in order.
APPLICATION_HEADER: tuple[str, ...] = (
    "ID",
    "Submitted at",
    "Cohort",
    "First name",
    "Last name",
    "Email",
    "Telephone",
    "Job title",
    "Employer",
    "Organisation type",
    "External partner",
    "Local authority area",
    "Sector",
    "Service area",
    "Service led",
    "People managed",
    "Endorser name",
    "Endorser email",
    "Endorsement",
    "Status",
    "Access requirements",
    "PO number",
    "Invoice contact name",
    "Invoice contact email",
    "Invoice address",
)


#: The field each column shows, for the columns ``applications.rules`` may hide.
COLUMN_FIELDS = {
    "Telephone": "phone",
    "Access requirements": "access_requirements",
    "PO number": "purchase_order_number",
    "Invoice contact name": "invoice_contact_name",
    "Invoice contact email": "invoice_contact_email",
    "Invoice address": "invoice_address",
}


def _shown(hidden: Collection[str]) -> list[int]:
    return [
        index
        for index, label in enumerate(APPLICATION_HEADER)
        if COLUMN_FIELDS.get(label) not in hidden
    ]


def application_header(*, hidden: Collection[str] = ()) -> list[str]:
    """The export's column names, less those of the ``hidden`` fields."""
    return [APPLICATION_HEADER[index] for index in _shown(hidden)]


def application_rows(
    queryset: QuerySet[ExpressionOfInterest], *, hidden: Collection[str] = ()
) -> Iterator[list[Any]]:
    """One row per application, in the order of ``application_header(hidden=hidden)``, for a
    fixed number of queries however many applications there are. The external-partner column
    is only answered once the organisation type is known."""
    applications = with_endorsement_state(
        queryset.select_related("cohort__programme", "applicant", "local_authority")
    )
    shown = _shown(hidden)
    for application in applications:
        row = [
            application.pk,
            application.submitted_at,
            str(application.cohort),
            application.first_name,
            application.last_name,
            application.applicant.email,
            application.phone,
            application.job_title,
            application.employer,
            application.get_organisation_type_display(),
            application.is_external_partner if application.organisation_type else None,
            application.local_authority.name if application.local_authority else "",
            application.get_sector_display(),
            application.service_area,
            application.service_led,
            application.team_size,
            application.endorser_name,
            application.endorser_email,
            endorsement_state_label(application.endorsement_state),
            application.get_status_display(),
            application.access_requirements,
            application.purchase_order_number,
            application.invoice_contact_name,
            application.invoice_contact_email,
            application.invoice_address,
        ]
        yield [row[index] for index in shown]
