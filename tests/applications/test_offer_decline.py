"""Declining an offer on the application's page (where the offer email's link leads): nothing
changes until the whole form is valid, and a refused answer is shown beside its field with what
was typed still in it."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from applications import services as allocation
from applications.forms import OfferDeclineForm
from applications.models import Decision, Offer
from csssl.models import OutboxMessage
from tests.factories import CohortFactory, coordinator

from .allocation_fixtures import endorsed

pytestmark = pytest.mark.django_db

REASON_LENGTH = OfferDeclineForm.base_fields["reason"].max_length


@pytest.fixture
def offer(client) -> Offer:
    cohort = CohortFactory(capacity=2)
    application = endorsed(cohort)
    allocation.decision_record(
        application=application, outcome=Decision.Outcome.OFFER, reason="Strong", by=coordinator()
    )
    allocation.outcomes_send(cohort=cohort)
    client.force_login(application.applicant)
    return Offer.objects.get(application=application, state=Offer.State.SENT)


def decline_url(offer: Offer) -> str:
    return reverse("applications:offer_decline", kwargs={"pk": offer.application_id})


def test_decline_with_too_long_a_reason_changes_nothing_and_keeps_the_text(client, offer):
    typed = "I have taken a new post elsewhere. " + "x" * REASON_LENGTH

    response = client.post(decline_url(offer), {"reason": typed})

    assert response.status_code == 400
    offer.refresh_from_db()
    assert (offer.state, offer.decline_reason, offer.responded_at) == ("sent", "", None)
    assert not OutboxMessage.objects.filter(kind="offer_declined").exists()
    page = unescape(response.content.decode())
    assert "Your place is not declined yet" in page
    field = re.search(r'<textarea name="reason"[^>]*>(.*?)</textarea>', page, re.S)
    assert field is not None
    assert "is-invalid" in field.group(0)
    assert field.group(1).strip() == typed
    error = re.search(r'id="error_1_id_reason"[^>]*>(.*?)</', page, re.S)
    assert error is not None
    assert f"Use {REASON_LENGTH:,} characters or fewer" in error.group(1)
    assert re.search(r"<details open>\s*<summary[^>]*>I cannot take the place", page)


def test_decline_from_the_offer_link_refused_then_corrected(client, offer):
    link = client.get(allocation.offer_url(offer))
    assert link.status_code == 302
    page_url = link["Location"].split("#")[0]
    assert "Decline the place" in client.get(page_url).content.decode()

    refused = client.post(decline_url(offer), {"reason": "y" * (REASON_LENGTH + 1)})
    assert refused.status_code == 400
    offer.refresh_from_db()
    assert offer.state == Offer.State.SENT

    accepted = client.post(decline_url(offer), {"reason": "I have taken a new post."})
    assert accepted.status_code == 302
    assert accepted["Location"] == page_url
    offer.refresh_from_db()
    assert (offer.state, offer.decline_reason) == ("declined", "I have taken a new post.")
    assert OutboxMessage.objects.filter(kind="offer_declined").count() == 1


def test_decline_with_no_reason_is_still_a_decline(client, offer):
    response = client.post(decline_url(offer), {"reason": ""})

    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.state, offer.decline_reason) == ("declined", "")
