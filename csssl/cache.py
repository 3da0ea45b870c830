"""The shared cache, forgiving of a Redis that is down.

Everything the project keeps in the cache can be done without it: a rendered PDF is rendered
again, and a sign-in rate limit that cannot be counted lets the attempt through (allauth's limits
and csssl/ratelimit.py alike), as it would on a fresh window. Django's ``RedisCache`` raises on a
connection error instead, which would turn a Redis outage into a server error on every sign-in.
Here each operation that fails on Redis is logged and answered as an empty cache would answer it.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What an empty cache answers to each operation: a miss, nothing found, and every add taken
# (on an empty cache the key is always new; allauth's lock waits a second and refuses the
# attempt when an add is not taken).
EMPTY_ANSWERS = {
    "add": True,
    "get": None,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": None,
}


def _forgiving(name: str, empty):
    method = getattr(RedisCache, name)

    def operation(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("cache %s failed, answered as empty: %s", name, error)
            if name == "get":
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            return empty

    operation.__name__ = name
    operation.__doc__ = method.__doc__
    return operation


class ForgivingRedisCache(RedisCache):
    """``RedisCache`` whose failures read as an empty cache (see the module's docstring)."""

    def incr(self, key, delta=1, version=None):
        # A key Redis cannot be asked about is as good as missing: incr's own answer to that
        # is ValueError, which callers of a cache already handle.
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            logger.warning("cache incr failed, answered as a missing key: %s", error)
            raise ValueError(f"Key '{key}' not found") from error


for _name, _empty in EMPTY_ANSWERS.items():
    setattr(ForgivingRedisCache, _name, _forgiving(_name, _empty))
