"""The role walk, per field: who pays for a place and how, what it costs and how its invoice
stands, the applicant's telephone number and access requirements are the coordinators'
business (applications.rules). A DCS group member finds none of them on any page or download
of the project; a coordinator finds each where it belongs.

Every field gets a value found nowhere else, on an external partner's accepted place, so that
a page showing it can be told by searching the page for that value."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from applications import services as allocation
from applications.models import Invoice, Offer
from applications.rules import COORDINATOR_FIELDS
from tests.applications.allocation_fixtures import endorsed
from tests.factories import CohortFactory, coordinator, dcs_member

from .test_url_walk import build_url, endpoints, visitor, walk_data

pytestmark = pytest.mark.django_db

FEE = Decimal("987.65")

#: The application's fields, each with a value found nowhere else, before and after a
#: coordinator corrects it (so the history has a change to show).
MARKED = {
    "phone": ("0115 496 0771", "0115 496 0772"),
    "access_requirements": (
        "Quillwort: step-free access, please",
        "Quillwort: step-free access and a quiet room",
    ),
    "invoice_contact_name": ("Quillon Accounts Team", "Quillon Payables"),
    "invoice_contact_email": ("quillon.pay@example.org", "quillon.payables@example.org"),
    "invoice_address": ("4 Quillon Row, Derby", "5 Quillon Row, Derby"),
    "purchase_order_number": ("PO-QUILL-5521", "PO-QUILL-5522"),
}


def test_every_coordinators_field_is_marked_here():
    """A field added to the rule is added here too, or this walk would not look for it."""
    assert set(MARKED) | {"fee", "invoice_number", "invoice_status"} == COORDINATOR_FIELDS


def first_row_values(response) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    return dict(zip(rows[0], rows[1], strict=True))


class Place:
    """An external partner's accepted place, its invoice, and the pages that show them."""

    def __init__(self) -> None:
        self.cohort = CohortFactory(external_partner_fee=FEE)
        coord = coordinator()
        self.application = endorsed(
            self.cohort,
            external=True,
            **{field: before for field, (before, _after) in MARKED.items()},
        )
        for field, (_before, after) in MARKED.items():
            setattr(self.application, field, after)
        self.application.save()  # the second version: a coordinator's correction
        allocation.decision_record(
            application=self.application, outcome="offer", reason="Strong", by=coord
        )
        allocation.outcomes_send(cohort=self.cohort)
        allocation.offer_accept(
            offer=Offer.objects.get(application=self.application), user=self.application.applicant
        )
        self.invoice = Invoice.objects.get(offer__application=self.application)

    def values(self, field: str) -> list[str]:
        """What a page showing ``field`` would show of it."""
        if field in MARKED:
            return list(MARKED[field])
        return {
            # The cohort's fee is public (the form tells applicants); what one person pays is not.
            "fee": [f"Fee £{FEE}"],
            "invoice_number": [self.invoice.number],
            "invoice_status": [],  # a word like "Issued" is not unique: see the CSV's columns
        }[field]

    def pages(self) -> dict[str, str]:
        """The pages and downloads about this place, by what they are."""
        pk = self.application.pk
        history = self.application.history.order_by("history_id").values_list(
            "history_id", flat=True
        )
        eoi = "admin:applications_expressionofinterest"
        return {
            "change page": reverse(f"{eoi}_change", args=[pk]),
            "history": reverse(f"{eoi}_history", args=[pk]),
            **{
                f"version {n}": reverse(
                    "admin:applications_expressionofinterest_simple_history", args=[pk, version]
                )
                for n, version in enumerate(history, start=1)
            },
            "export.csv": reverse(f"{eoi}_export"),
            "cohort.csv": reverse("admin:applications_board_cohort_csv", args=[self.cohort.pk]),
            "board.csv": reverse("admin:applications_board_csv", args=[self.cohort.pk]),
            "board": reverse("admin:applications_board", args=[self.cohort.pk]),
        }


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def export_selected(client: Client, place: Place):
    return client.post(
        reverse("admin:applications_expressionofinterest_changelist"),
        {"action": "export_selected_csv", "_selected_action": [place.application.pk]},
    )


#: Where a coordinator finds each field.
COORDINATOR_FINDS = {
    **dict.fromkeys(MARKED, ("change page", "history", "version 1", "export.csv")),
    "fee": ("cohort.csv",),
    "invoice_number": ("cohort.csv",),
    "invoice_status": (),
}


@pytest.mark.parametrize("field", sorted(COORDINATOR_FIELDS))
def test_field_hidden_from_dcs_member_on_every_page_about_the_place(field):
    place = Place()
    client = signed_in(dcs_member())

    bodies = {name: client.get(url) for name, url in place.pages().items()}
    bodies["export selected"] = export_selected(client, place)

    assert {name: r.status_code for name, r in bodies.items()} == dict.fromkeys(bodies, 200)
    shown = {
        name: value
        for name, response in bodies.items()
        for value in place.values(field)
        if value in response.content.decode("utf-8-sig")
    }
    assert shown == {}, f"{field} shown to a DCS member"
    cohort_columns = first_row_values(bodies["cohort.csv"])
    assert not {"Funding", "Invoice", "Invoice status"} & cohort_columns.keys()
    assert not {"Telephone", "Access requirements", "PO number"} & set(
        first_row_values(bodies["export.csv"])
    )


@pytest.mark.parametrize("field", sorted(COORDINATOR_FIELDS))
def test_field_shown_to_coordinator_where_it_belongs(field):
    place = Place()
    client = signed_in(coordinator())
    pages = place.pages()

    for name in COORDINATOR_FINDS[field]:
        body = client.get(pages[name]).content.decode("utf-8-sig")
        assert any(value in body for value in place.values(field)), f"{field} not on {name}"
    selected = export_selected(client, place).content.decode("utf-8-sig")
    if field in MARKED:
        assert MARKED[field][1] in selected
    cohort_row = first_row_values(client.get(pages["cohort.csv"]))
    assert cohort_row["Funding"] == f"Fee £{FEE}"
    assert cohort_row["Invoice"] == place.invoice.number
    assert cohort_row["Invoice status"] == "Issued"


def test_role_walk_dcs_member_finds_no_coordinators_field_on_any_page():
    """Every URL of the project, as a DCS group member, with a place made first, so that the
    walk's admin pages (each showing the first object of its model) show this one."""
    place = Place()
    data = walk_data()
    client = visitor(dcs_member())

    found, visited = [], set()
    for endpoint in endpoints():
        url = build_url(endpoint, data)
        visited.add(url)
        response = client.get(url)
        body = response.content.decode("utf-8-sig", errors="replace")
        for field in sorted(COORDINATOR_FIELDS):
            for value in place.values(field):
                if value in body:
                    found.append(f"{field} ({value!r}) on {endpoint.key}")

    pages = place.pages()
    assert {
        pages[name] for name in ("change page", "history", "export.csv", "cohort.csv")
    } <= visited
    assert found == [], "\n".join(found)
