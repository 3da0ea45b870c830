"""What every app's demo loader needs, written once: London wall-clock times, rows kept to
their demo values, demo logins, and an outbox that the demo's own service calls leave empty.

``manage.py load_demo`` runs each app's ``<app>/demo/load.py``; the data those loaders read
live beside them in ``<app>/demo/data.py``. Rows that stand for a step of the workflow (a
submitted application, an endorser's answer, a register mark, a certificate) are made by the
same services people use, so the demo can never hold a state the services would refuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.db.models.signals import post_save

from csssl import outbox
from csssl.models import OutboxMessage, User
from csssl.uktime import uk_moment

DEMO_PASSWORD = "demo-password"

ModelT = TypeVar("ModelT", bound=Model)


# --------------------------------------------------------------------------------------------
# Times
# --------------------------------------------------------------------------------------------


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A London wall-clock moment, as deadlines are published."""
    return uk_moment(day, time(hour, minute))


# --------------------------------------------------------------------------------------------
# Rows kept to their demo values
# --------------------------------------------------------------------------------------------


def upsert(model: type[ModelT], *, lookup: dict[str, Any], values: dict[str, Any]) -> ModelT:
    """Create the row found by ``lookup``, or bring the one found up to ``values``."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        return instance
    return update(instance, values)


def update(instance: ModelT, values: dict[str, Any]) -> ModelT:
    """Set ``values`` on a stored row and save it, validated, only if something differs.

    Saving only on a difference keeps reloads from adding history records and from touching
    rows a page may be showing.
    """
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    if changed:
        instance.full_clean()
        instance.save()
    return instance


# --------------------------------------------------------------------------------------------
# Demo logins
# --------------------------------------------------------------------------------------------


def email_for(name: str) -> str:
    """``Sarah Whitmore`` → ``sarah.whitmore@example.org``."""
    return ".".join(name.lower().replace("'", "").split()) + "@example.org"


@dataclass(frozen=True)
class DemoAccount:
    """A login for one role, with the words the README and the command use to describe it."""

    email: str
    first_name: str
    last_name: str
    role: str
    group: str | None = None
    is_staff: bool = False
    is_superuser: bool = False


def load_account(account: DemoAccount) -> User:
    """A demo account with the published password, its role and a verified email address.

    The password is only hashed again when it no longer matches, so sessions of people already
    signed in to the demo survive a reload.
    """
    user = User.objects.filter(email=account.email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(account.email, DEMO_PASSWORD)
    wanted = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "is_staff": account.is_staff,
        "is_superuser": account.is_superuser,
        "is_active": True,
    }
    changed = [field for field, value in wanted.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, wanted[field])
    if not created and not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)

    groups = [Group.objects.get_or_create(name=account.group)[0]] if account.group else []
    if set(user.groups.all()) != set(groups):
        user.groups.set(groups)

    EmailAddress.objects.filter(user=user).exclude(email=account.email).delete()
    upsert(
        EmailAddress,
        lookup={"user": user, "email": account.email},
        values={"verified": True, "primary": True},
    )
    return user


# --------------------------------------------------------------------------------------------
# A muted outbox
# --------------------------------------------------------------------------------------------


@contextmanager
def outbox_muted(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the block in a transaction (a savepoint inside the caller's) and take every email
    written in it out of the outbox again before it ends.

    The services the demo calls email as they would for real: a receipt, an endorser's link,
    the endorser's answer. The demo's people and dates are made up, so none of that may go
    out, and the outbox a coordinator opens holds nothing from the demo. The messages are
    deleted before the transaction commits, and so are the deliveries the outbox asked for on
    commit, which would find no message to send. Anything else a service asks to run on
    commit still runs. A block that raises is rolled back, emails and all.
    """
    written: list[int] = []

    def note(sender, instance: OutboxMessage, created: bool, **kwargs) -> None:
        if created:
            written.append(instance.pk)

    uid = f"csssl.demo.outbox_muted:{id(written)}"
    with transaction.atomic(using=using):
        connection = connections[using]
        start = len(connection.run_on_commit)
        post_save.connect(note, sender=OutboxMessage, weak=False, dispatch_uid=uid)
        try:
            yield
        finally:
            post_save.disconnect(sender=OutboxMessage, dispatch_uid=uid)
        OutboxMessage.objects.using(using).filter(pk__in=written).delete()
        # Each entry is (savepoint ids, callback, robust); the outbox module's own callbacks
        # are the deliveries it asks for, the one thing it puts there.
        connection.run_on_commit[start:] = [
            entry
            for entry in connection.run_on_commit[start:]
            if entry[1].__module__ != outbox.__name__
        ]
