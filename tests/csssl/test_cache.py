"""The shared cache in production is Redis; when Redis is down it reads as an empty cache, so
signing in, signing up and PDFs go on working (csssl/cache.py)."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def forgiving(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "csssl.cache.ForgivingRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


#: Nothing listens on port 1: every connection is refused at once, as when Redis is down.
REDIS_DOWN = forgiving("redis://127.0.0.1:1/0")
#: The Redis of these machines and of CI (a test that needs it fails when it is missing).
REDIS_UP = forgiving("redis://127.0.0.1:6379/9")


@override_settings(CACHES=REDIS_DOWN)
def test_cache_with_redis_down_answers_as_an_empty_cache(caplog):
    cache = caches["default"]

    assert cache.get("anything") is None
    assert cache.get("anything", "fallback") == "fallback"
    assert cache.get("anything", default=(0, 0.0)) == (0, 0.0)
    assert cache.add("lock", True) is True  # on an empty cache a new key is always taken
    assert cache.set("key", "value") is None
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.delete("key") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("count")  # as for a key that is missing
    assert "cache get failed" in caplog.text


@override_settings(CACHES=REDIS_UP)
def test_cache_with_redis_up_keeps_and_counts():
    cache = caches["default"]
    key = f"test-{uuid.uuid4().hex}"

    assert cache.add(key, 1, timeout=30) is True
    assert cache.add(key, 5, timeout=30) is False
    assert cache.incr(key) == 2
    assert cache.get(key) == 2
    cache.delete(key)
    assert cache.get(key, "gone") == "gone"


@override_settings(CACHES=REDIS_DOWN)
def test_signin_with_redis_down_still_signs_in_and_refuses_a_wrong_password():
    user = UserFactory()

    wrong = Client().post("/accounts/login/", {"login": user.email, "password": "not-it"})
    right = Client().post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert wrong.status_code == 200
    assert "password you specified are not correct" in wrong.content.decode()
    assert right.status_code == 302
    assert right.headers["Location"] == "/"
