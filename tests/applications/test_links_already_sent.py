"""Links already in people's inboxes, made before the shared link module, still open."""

from __future__ import annotations

import pytest
from django.core import signing

from applications import services
from applications.models import Offer
from tests.factories import UserFactory

from .factories import EndorsementFactory, ExpressionOfInterestFactory

pytestmark = pytest.mark.django_db


def test_endorsement_link_signed_before_reads_as_the_same_request():
    endorsement = EndorsementFactory()
    sent = signing.dumps(
        {"e": endorsement.pk, "n": endorsement.nonce}, salt=services.ENDORSEMENT_SALT
    )

    assert services.endorsement_from_token(sent) == endorsement


def test_endorsement_link_signed_before_with_a_guessed_nonce_is_invalid():
    endorsement = EndorsementFactory()
    forged = signing.dumps({"e": endorsement.pk, "n": "guess"}, salt=services.ENDORSEMENT_SALT)

    with pytest.raises(services.EndorsementLinkError) as raised:
        services.endorsement_from_token(forged)
    assert raised.value.reason == "invalid"


def test_offer_link_signed_before_reads_as_the_same_offer():
    application = ExpressionOfInterestFactory(submitted=True)
    offer = Offer.objects.create(application=application, cohort=application.cohort)
    sent = signing.dumps({"o": offer.pk, "n": offer.nonce}, salt=services.OFFER_SALT)

    assert services.offer_from_token(sent, user=application.applicant) == offer
    with pytest.raises(services.OfferLinkError):
        services.offer_from_token(sent, user=UserFactory())


def test_offer_link_signed_before_with_a_guessed_nonce_is_refused():
    application = ExpressionOfInterestFactory(submitted=True)
    offer = Offer.objects.create(application=application, cohort=application.cohort)
    forged = signing.dumps({"o": offer.pk, "n": "guess"}, salt=services.OFFER_SALT)

    with pytest.raises(LookupError):
        services.offer_from_token(forged, user=application.applicant)
