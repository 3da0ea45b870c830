"""The columns of the applications export (the CSV itself is made by csssl.csv_export)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from .form_shape import QUESTION
from .models import Endorsement, ExpressionOfInterest

#: Shown where an application has no endorsement request in force.
NO_ENDORSEMENT = "No request"


def live_endorsement_state() -> Subquery:
    """The state of the application's endorsement request in force (pending, confirmed or
    declined), or NULL when it has none: one subquery, so a list does not query per row."""
    return Subquery(
        Endorsement.objects.live()
        .filter(application=OuterRef("pk"))
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


@dataclass(frozen=True)
class Column:
    """One column of the export: its heading, what it shows of an application and, for an
    answer to the form, the field it shows (which ``applications.rules`` may hide)."""

    heading: str
    value: Callable[[ExpressionOfInterest], Any]
    field: str = ""


def _answer(name: str, value: Callable[[ExpressionOfInterest], Any] | None = None) -> Column:
    """The column of one answer to the form, headed as the form's shape names it."""
    return Column(
        QUESTION[name].short,
        value or (lambda application: getattr(application, name)),
        field=name,
    )


#: The columns of the applications export, in order.
COLUMNS: tuple[Column, ...] = (
    Column("ID", lambda a: a.pk),
    Column("Submitted at", lambda a: a.submitted_at),
    Column("Cohort", lambda a: str(a.cohort)),
    _answer("first_name"),
    _answer("last_name"),
    Column("Email", lambda a: a.applicant_email),
    _answer("phone"),
    _answer("job_title"),
    _answer("employer"),
    _answer("organisation_type", lambda a: a.get_organisation_type_display()),
    # Only answered once the organisation type is known.
    Column("External partner", lambda a: a.is_external_partner if a.organisation_type else None),
    _answer("local_authority", lambda a: a.local_authority.name if a.local_authority else ""),
    _answer("sector", lambda a: a.get_sector_display()),
    _answer("service_area"),
    _answer("service_led"),
    _answer("team_size"),
    _answer("endorser_name"),
    _answer("endorser_email"),
    Column("Endorsement", lambda a: endorsement_state_label(a.endorsement_state)),
    Column("Status", lambda a: a.get_status_display()),
    _answer("access_requirements"),
    _answer("purchase_order_number"),
    _answer("invoice_contact_name"),
    _answer("invoice_contact_email"),
    _answer("invoice_address"),
)

#: The columns' headings, in order.
APPLICATION_HEADER: tuple[str, ...] = tuple(column.heading for column in COLUMNS)


def _shown(hidden: Collection[str]) -> list[Column]:
    return [column for column in COLUMNS if column.field not in hidden]


def application_header(*, hidden: Collection[str] = ()) -> list[str]:
    """The export's column names, less those of the ``hidden`` fields."""
    return [column.heading for column in _shown(hidden)]


def application_rows(
    queryset: QuerySet[ExpressionOfInterest], *, hidden: Collection[str] = ()
) -> Iterator[list[Any]]:
    """One row per application, in the order of ``application_header(hidden=hidden)``, for a
    fixed number of queries however many applications there are."""
    applications = with_endorsement_state(
        queryset.select_related("cohort__programme", "applicant", "local_authority")
    )
    shown = _shown(hidden)
    for application in applications:
        yield [column.value(application) for column in shown]
