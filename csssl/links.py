"""Signed, expiring, single-use links: the one way a link acts for someone without an account.

A link carries a token: the object's id and a random nonce the object keeps, signed with the
site's secret key and a salt of its own kind (an endorsement link cannot be used as an offer
link), and stamped with the time it was made. Reading it back tells apart the three ways a
link fails, since each is put to its recipient differently:

- :class:`LinkExpired`: the signature is good but older than the kind's maximum age;
- :class:`LinkInvalid`: tampered with, signed for another kind, or naming nothing that exists
  (or nothing the reader may open: the caller narrows the queryset);
- :class:`LinkUsed`: a true link whose object has since been given a new nonce, because it
  was answered or replaced: :func:`nonce_rotate` makes every earlier link single-use.

The token is Django's ``signing.dumps`` of ``{id_key: id, nonce_key: nonce}`` with the kind's
salt, so the payload's key names are part of a kind: links already sent keep working as long
as a kind keeps its salt and keys.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.crypto import constant_time_compare

ModelT = TypeVar("ModelT", bound=Model)


class LinkError(Exception):
    """A link that cannot be used; ``reason`` says why in one word ("expired", "invalid",
    "used"), ``obj`` is the object it was for when that is known and may be shown."""

    reason = "invalid"

    def __init__(self, message: str = "", *, obj: Model | None = None) -> None:
        super().__init__(message or f"{self.reason} link")
        self.obj = obj


class LinkExpired(LinkError):
    """A genuine link, too old to use."""

    reason = "expired"


class LinkInvalid(LinkError):
    """A link that was tampered with, belongs to another kind, or names nothing open to the
    reader."""

    reason = "invalid"


class LinkUsed(LinkError):
    """A genuine link to an object whose nonce has changed since: answered or replaced."""

    reason = "used"


def new_nonce() -> str:
    """A fresh random nonce: 32 bytes, 43 URL-safe characters (a model field keeping one
    should hold 43)."""
    return secrets.token_urlsafe(32)


def nonce_rotate(obj: Model, *, field: str = "nonce", save: bool = True) -> str:
    """Give ``obj`` a new nonce, so every link made for it until now reads as used. Call it
    inside the transaction that uses the link up (with the row locked), so two clicks cannot
    both get through."""
    nonce = new_nonce()
    setattr(obj, field, nonce)
    if save:
        obj.save(update_fields=[field])
    return nonce


def days_setting(name: str) -> Callable[[], timedelta]:
    """A maximum age read from the setting ``name`` (a number of days) each time a link is
    read, so a changed setting applies to links already sent."""

    def max_age() -> timedelta:
        return timedelta(days=getattr(settings, name))

    return max_age


@dataclass(frozen=True)
class LinkPayload:
    """What a genuine, unexpired token says: the object's id and the nonce it was made with."""

    object_id: int | str
    nonce: str


@dataclass(frozen=True)
class SignedLink:
    """One kind of link: its salt, how long a link stays good, and the payload's key names.

    ``max_age`` is a duration or a function returning one (see :func:`days_setting`)."""

    salt: str
    max_age: timedelta | Callable[[], timedelta]
    id_key: str = "id"
    nonce_key: str = "n"

    def __post_init__(self) -> None:
        if not self.salt:
            raise ValueError("A kind of link needs a salt of its own.")
        if self.id_key == self.nonce_key:
            raise ValueError("The id and the nonce need different keys.")

    def age_limit(self) -> timedelta:
        """How long a link of this kind stays good, as it stands now."""
        return self.max_age() if callable(self.max_age) else self.max_age

    def token(self, *, object_id: int | str, nonce: str) -> str:
        """A signed, time-stamped token for the object ``object_id`` holding ``nonce``."""
        if not nonce:
            raise ValueError("A link needs the object's nonce.")
        return signing.dumps({self.id_key: object_id, self.nonce_key: nonce}, salt=self.salt)

    def token_for(self, obj: Model, *, nonce_field: str = "nonce") -> str:
        """The token for a model instance, from its primary key and nonce field."""
        return self.token(object_id=obj.pk, nonce=getattr(obj, nonce_field))

    def read(self, token: str) -> LinkPayload:
        """What a token says, or :class:`LinkExpired` / :class:`LinkInvalid`. It does not say
        whether the link was used: :meth:`resolve` does, against the object."""
        try:
            payload: Any = signing.loads(token, salt=self.salt, max_age=self.age_limit())
        except signing.SignatureExpired as exc:
            raise LinkExpired() from exc
        except signing.BadSignature as exc:
            raise LinkInvalid() from exc
        if not isinstance(payload, dict):
            raise LinkInvalid()
        object_id = payload.get(self.id_key)
        nonce = payload.get(self.nonce_key)
        if isinstance(object_id, bool) or not isinstance(object_id, int | str):
            raise LinkInvalid()
        if not isinstance(nonce, str) or not nonce:
            raise LinkInvalid()
        return LinkPayload(object_id=object_id, nonce=nonce)

    def resolve(
        self, token: str, queryset: QuerySet[ModelT], *, nonce_field: str = "nonce"
    ) -> ModelT:
        """The object a token is for, from ``queryset`` (narrow it to what the reader may
        open), or :class:`LinkExpired`, :class:`LinkInvalid` or :class:`LinkUsed` (whose
        ``obj`` is the object, for a page that says what became of it)."""
        payload = self.read(token)
        try:
            obj = queryset.filter(pk=payload.object_id).first()
        except (ValueError, ValidationError):
            obj = None
        if obj is None:
            raise LinkInvalid()
        if not constant_time_compare(str(getattr(obj, nonce_field)), payload.nonce):
            raise LinkUsed(obj=obj)
        return obj
