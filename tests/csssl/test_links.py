"""Signed, expiring, single-use links: made once, read back with the reason a link fails."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core import signing
from django.test import override_settings
from django.utils import timezone

from applications import services
from applications.models import Endorsement
from csssl.links import (
    LinkError,
    LinkExpired,
    LinkInvalid,
    LinkPayload,
    LinkUsed,
    SignedLink,
    days_setting,
    new_nonce,
    nonce_rotate,
)
from tests.applications.factories import EndorsementFactory

RATER = SignedLink(salt="tests.rater", max_age=timedelta(days=14), id_key="r")
#: The two kinds already sent by email, with their salts, keys and settings as they are.
ENDORSEMENT = SignedLink(
    salt="applications.endorsement", max_age=days_setting("ENDORSEMENT_LINK_DAYS"), id_key="e"
)
OFFER = SignedLink(salt="applications.offer", max_age=days_setting("OFFER_LINK_DAYS"), id_key="o")


def test_links_token_reads_back_its_id_and_nonce():
    token = RATER.token(object_id=41, nonce="abc")

    assert RATER.read(token) == LinkPayload(object_id=41, nonce="abc")


def test_links_token_is_signing_dumps_of_the_kinds_keys():
    with time_machine.travel(timezone.now(), tick=False):
        token = RATER.token(object_id=41, nonce="abc")

        assert token == signing.dumps({"r": 41, "n": "abc"}, salt="tests.rater")


def test_links_endorsement_tokens_match_the_ones_already_sent():
    endorsement = SimpleNamespace(pk=12, nonce=new_nonce())

    with time_machine.travel(timezone.now(), tick=False):
        assert ENDORSEMENT.token(object_id=12, nonce=endorsement.nonce) == (
            services.endorsement_token(endorsement)
        )


def test_links_offer_tokens_match_the_ones_already_sent():
    offer = SimpleNamespace(pk=7, nonce=new_nonce())

    with time_machine.travel(timezone.now(), tick=False):
        assert OFFER.token(object_id=7, nonce=offer.nonce) == services.offer_token(offer)


def test_links_offer_token_already_sent_reads_back():
    offer = SimpleNamespace(pk=7, nonce="offer-nonce")

    assert OFFER.read(services.offer_token(offer)) == LinkPayload(7, "offer-nonce")


def test_links_token_good_until_its_maximum_age():
    token = RATER.token(object_id=1, nonce="abc")

    with time_machine.travel(timezone.now() + timedelta(days=14) - timedelta(minutes=1)):
        assert RATER.read(token).object_id == 1


def test_links_token_past_its_maximum_age_is_expired():
    token = RATER.token(object_id=1, nonce="abc")

    with (
        time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)),
        pytest.raises(LinkExpired) as caught,
    ):
        RATER.read(token)
    assert caught.value.reason == "expired"
    assert not isinstance(caught.value, LinkInvalid)


@override_settings(ENDORSEMENT_LINK_DAYS=30)
def test_links_days_setting_is_read_when_the_link_is():
    token = ENDORSEMENT.token(object_id=1, nonce="abc")

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert ENDORSEMENT.read(token).object_id == 1
        with override_settings(ENDORSEMENT_LINK_DAYS=2), pytest.raises(LinkExpired):
            ENDORSEMENT.read(token)


def test_links_age_limit_from_a_duration_or_a_setting():
    assert RATER.age_limit() == timedelta(days=14)
    with override_settings(OFFER_LINK_DAYS=9):
        assert OFFER.age_limit() == timedelta(days=9)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("xx" if not token.endswith("xx") else "yy"),
        lambda token: "A" + token[1:] if token[0] != "A" else "B" + token[1:],
        lambda token: token.split(":", 1)[0],
        lambda token: "",
        lambda token: "not a token at all",
    ],
    ids=["signature", "payload", "unsigned", "empty", "garbage"],
)
def test_links_tampered_token_is_invalid(tamper):
    token = RATER.token(object_id=1, nonce="abc")

    with pytest.raises(LinkInvalid) as caught:
        RATER.read(tamper(token))
    assert caught.value.reason == "invalid"


def test_links_token_of_another_kind_is_invalid():
    token = OFFER.token(object_id=1, nonce="abc")

    with pytest.raises(LinkInvalid):
        ENDORSEMENT.read(token)


@pytest.mark.parametrize(
    "payload",
    [{"e": 1, "n": "abc"}, {"r": 1}, {"r": 1, "n": ""}, {"r": True, "n": "abc"}, ["r", 1], "r"],
    ids=["other-keys", "no-nonce", "empty-nonce", "boolean-id", "list", "text"],
)
def test_links_signed_payload_of_another_shape_is_invalid(payload):
    token = signing.dumps(payload, salt="tests.rater")

    with pytest.raises(LinkInvalid):
        RATER.read(token)


def test_links_kind_needs_a_salt_and_two_keys():
    with pytest.raises(ValueError, match="salt"):
        SignedLink(salt="", max_age=timedelta(days=1))
    with pytest.raises(ValueError, match="different keys"):
        SignedLink(salt="x", max_age=timedelta(days=1), id_key="n")


def test_links_token_needs_a_nonce():
    with pytest.raises(ValueError, match="nonce"):
        RATER.token(object_id=1, nonce="")


def test_links_errors_share_one_base_with_distinct_reasons():
    reasons = {error.reason for error in (LinkExpired(), LinkInvalid(), LinkUsed())}

    assert reasons == {"expired", "invalid", "used"}
    assert all(issubclass(error, LinkError) for error in (LinkExpired, LinkInvalid, LinkUsed))
    assert str(LinkUsed()) == "used link"


def test_links_new_nonce_is_random_and_fits_a_nonce_field():
    nonces = {new_nonce() for _ in range(50)}

    assert len(nonces) == 50
    assert {len(nonce) for nonce in nonces} == {43}


# --- Against the database ------------------------------------------------------------------


@pytest.fixture
def endorsement(db):
    return EndorsementFactory()


def test_links_resolve_finds_the_object(endorsement):
    token = ENDORSEMENT.token_for(endorsement)

    assert ENDORSEMENT.resolve(token, Endorsement.objects.all()) == endorsement


def test_links_resolve_reads_an_endorsement_link_already_sent(endorsement):
    token = services.endorsement_token(endorsement)

    assert ENDORSEMENT.resolve(token, Endorsement.objects.all()) == endorsement


def test_links_endorsement_link_made_here_opens_the_endorsers_page(endorsement):
    token = ENDORSEMENT.token_for(endorsement)

    assert services.endorsement_from_token(token) == endorsement


def test_links_resolve_unknown_object_is_invalid(endorsement):
    token = ENDORSEMENT.token(object_id=endorsement.pk + 1000, nonce=endorsement.nonce)

    with pytest.raises(LinkInvalid):
        ENDORSEMENT.resolve(token, Endorsement.objects.all())


def test_links_resolve_outside_the_readers_queryset_is_invalid(endorsement):
    token = ENDORSEMENT.token_for(endorsement)

    with pytest.raises(LinkInvalid):
        ENDORSEMENT.resolve(token, Endorsement.objects.exclude(pk=endorsement.pk))


def test_links_resolve_id_of_the_wrong_type_is_invalid(endorsement):
    token = ENDORSEMENT.token(object_id="not-a-number", nonce=endorsement.nonce)

    with pytest.raises(LinkInvalid):
        ENDORSEMENT.resolve(token, Endorsement.objects.all())


def test_links_resolve_after_the_nonce_is_rotated_is_used(endorsement):
    token = ENDORSEMENT.token_for(endorsement)

    nonce_rotate(endorsement)

    with pytest.raises(LinkUsed) as caught:
        ENDORSEMENT.resolve(token, Endorsement.objects.all())
    assert caught.value.obj == endorsement
    assert caught.value.reason == "used"


def test_links_rotated_nonce_is_saved_and_a_new_link_works(endorsement):
    old = endorsement.nonce

    nonce = nonce_rotate(endorsement)

    endorsement.refresh_from_db()
    assert endorsement.nonce == nonce != old
    assert ENDORSEMENT.resolve(ENDORSEMENT.token_for(endorsement), Endorsement.objects.all())


def test_links_rotate_without_saving_leaves_the_row(endorsement):
    old = endorsement.nonce

    nonce_rotate(endorsement, save=False)

    assert endorsement.nonce != old
    endorsement.refresh_from_db()
    assert endorsement.nonce == old


@override_settings(ENDORSEMENT_LINK_DAYS=30)
def test_links_expired_link_is_expired_even_when_used(endorsement):
    token = ENDORSEMENT.token_for(endorsement)
    nonce_rotate(endorsement)

    with (
        time_machine.travel(timezone.now() + timedelta(days=31)),
        pytest.raises(LinkExpired),
    ):
        ENDORSEMENT.resolve(token, Endorsement.objects.all())
