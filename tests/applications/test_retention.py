"""The retention schedule in the applications app: unsuccessful applications anonymised,
equality answers kept only as cohort totals, invoice payers removed; figures others rely on
stay the same."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from applications import services as allocation
from applications.models import (
    Decision,
    EqualityMonitoring,
    EqualityTotals,
    ExpressionOfInterest,
    Invoice,
    Offer,
)
from applications.services.retention import REMOVED, REMOVED_EMAIL
from csssl import retention
from tests.applications.allocation_fixtures import endorsed
from tests.applications.factories import EqualityMonitoringFactory, ExpressionOfInterestFactory
from tests.applications.test_admin import summary_table
from tests.factories import CohortFactory, UserFactory, coordinator

pytestmark = pytest.mark.django_db

AWARDED = date(2025, 3, 31)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 30, tzinfo=UTC)


@pytest.fixture
def allocated():
    """A cohort whose places were awarded on 31 March 2025: one accepted place, one declined
    on the waiting list... and a draft never submitted."""
    cohort = CohortFactory(external_partner_fee=500)
    boss = coordinator()
    placed = endorsed(cohort, external=True, why_now="Placed person's reasons")
    turned_down = endorsed(cohort, why_now="I led the safeguarding review", phone="0115 000")
    allocation.decision_record(application=placed, outcome="offer", reason="Strong", by=boss)
    allocation.decision_record(
        application=turned_down, outcome="not_offered", reason="Weaker on criterion 2", by=boss
    )
    allocation.outcomes_send(cohort=cohort)
    allocation.offer_accept(offer=Offer.objects.get(application=placed), user=placed.applicant)
    draft = ExpressionOfInterestFactory(cohort=cohort, first_name="Drafty", why_now="Unsent")
    type(cohort).objects.filter(pk=cohort.pk).update(places_awarded_by=AWARDED)
    return placed, turned_down, draft


def test_unsuccessful_applications_are_anonymised_a_year_after_places_are_awarded(allocated):
    placed, turned_down, draft = allocated
    person = turned_down.applicant

    early = retention.retention_sweep(now=at(AWARDED + timedelta(days=300)))
    assert early["unsuccessful_applications.unsuccessful_applications"] == 0

    done = retention.retention_sweep(now=at(date(2026, 4, 1)))

    assert done["unsuccessful_applications.unsuccessful_applications"] == 2
    turned_down.refresh_from_db()
    draft.refresh_from_db()
    assert turned_down.applicant is None
    assert turned_down.anonymised_at is not None
    assert (turned_down.why_now, turned_down.phone, turned_down.first_name) == ("", "", "")
    assert draft.first_name == ""
    assert not person.applications.exists()
    assert turned_down.history.count() == 0
    assert Decision.objects.get(application=turned_down).reason == REMOVED
    endorsement = turned_down.endorsements.get()
    assert (endorsement.endorser_name, endorsement.endorser_email) == (REMOVED, REMOVED_EMAIL)
    assert not endorsement.history.exists()
    # What figures count stays: the status, the sector, the area.
    assert turned_down.status == ExpressionOfInterest.Status.SUBMITTED
    # The placed person keeps everything.
    placed.refresh_from_db()
    assert placed.why_now == "Placed person's reasons"
    assert placed.applicant is not None
    # Done once.
    again = retention.retention_sweep(now=at(date(2026, 4, 2)))
    assert again["unsuccessful_applications.unsuccessful_applications"] == 0


def test_anonymised_applications_still_show_in_the_admin_and_its_export(allocated, client):
    retention.retention_sweep(now=at(date(2026, 4, 1)))
    client.force_login(coordinator())
    changelist = reverse("admin:applications_expressionofinterest_changelist")

    assert client.get(changelist).status_code == 200
    anonymised = ExpressionOfInterest.objects.filter(anonymised_at__isnull=False).first()
    page = client.get(
        reverse("admin:applications_expressionofinterest_change", args=[anonymised.pk])
    )
    assert page.status_code == 200
    assert "I led the safeguarding review" not in page.content.decode()


def test_equality_answers_become_totals_and_the_summary_is_unchanged(client):
    cohort = CohortFactory()
    E = EqualityMonitoring
    for sex in [E.Sex.FEMALE] * 6 + [E.Sex.MALE] * 5:
        EqualityMonitoringFactory(application__cohort=cohort, sex=sex, disability=E.YesNo.NO)
    type(cohort).objects.filter(pk=cohort.pk).update(places_awarded_by=AWARDED)
    client.force_login(coordinator())
    url = reverse("admin:applications_expressionofinterest_equality", args=[cohort.pk])
    before = summary_table(client.get(url))

    done = retention.retention_sweep(now=at(AWARDED + timedelta(days=1)))

    assert done["equality_answers.equality_answers"] == 11
    assert not EqualityMonitoring.objects.filter(application__cohort=cohort).exists()
    assert EqualityTotals.objects.get(cohort=cohort).submitted == 11
    assert summary_table(client.get(url)) == before
    assert before["Sex"] == {"Female": "6", "Male": "5", "Prefer not to say": "0", "No answer": "0"}
    assert (
        retention.retention_sweep(now=at(AWARDED + timedelta(days=2)))[
            "equality_answers.equality_answers"
        ]
        == 0
    )


def test_equality_answers_wait_until_places_are_awarded():
    cohort = CohortFactory()
    EqualityMonitoringFactory(application__cohort=cohort)
    type(cohort).objects.filter(pk=cohort.pk).update(places_awarded_by=AWARDED)

    retention.retention_sweep(now=at(AWARDED))

    assert EqualityMonitoring.objects.filter(application__cohort=cohort).exists()


def test_invoice_payers_are_removed_after_six_years_and_the_amount_stays(allocated):
    invoice = Invoice.objects.get()
    amount, number = invoice.amount, invoice.number

    retention.retention_sweep(now=at(invoice.issued_on + timedelta(days=365 * 5)))
    invoice.refresh_from_db()
    assert invoice.payer_email != REMOVED_EMAIL

    retention.retention_sweep(now=at(invoice.issued_on + timedelta(days=365 * 6 + 10)))
    invoice.refresh_from_db()
    assert (invoice.payer_name, invoice.payer_email) == (REMOVED, REMOVED_EMAIL)
    assert (invoice.amount, invoice.number) == (amount, number)
    assert not invoice.history.exists()


def test_an_anonymised_application_leaves_the_persons_other_applications_alone(allocated):
    _placed, turned_down, _draft = allocated
    later = ExpressionOfInterestFactory(applicant=turned_down.applicant, why_now="Trying again")

    retention.retention_sweep(now=at(date(2026, 4, 1)))

    later.refresh_from_db()
    assert later.why_now == "Trying again"
    assert UserFactory._meta.model.objects.filter(pk=later.applicant_id).exists()
