"""Everything held about a person, for a subject access request (UK GDPR Article 15).

Each app that keeps something about a person registers a provider, from its
``AppConfig.ready``, the way the reminder, timeline and workspace registries are fed: the
accounts and emails here, applications, offers and invoices from the applications app,
places and certificates from cohorts, attendance and apologies from events, self evaluations
and released reports from evaluations, mentoring, the development plan's neighbours, the
portfolio and placements from mentoring. ``/me/data/`` (and a coordinator's copy for a request
that came by post) reads only this registry, so nothing here imports a feature app.

A provider is ``provider(*, user) -> Section | Iterable[Section]``: plain, JSON-ready data
about ``user`` alone, in a fixed number of queries whatever the size of the record. What it
leaves out belongs in the section's ``intro`` in plain words: other people's identities (who
rated the person, who scored or decided, the mentor's own private notes), links and codes that
act for someone, and file contents (a portfolio file is named and sized, not copied in).

Erasure (Article 17) has a registry of its own beside this one, :mod:`csssl.erasure`: an app
that adds to a person's record here adds its part of an erasure there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone

from .models import OutboxAttachment, OutboxMessage
from .recipient_only import _PLACEHOLDER, _SECRET_LINK
from .roles import _group_names as role_names
from .uktime import spreadsheet_moment

#: What a person reads where an email held a link or code that acted for them.
LINK_REMOVED = "[link removed]"


@dataclass(frozen=True)
class Section:
    """One part of the record: a title, what it holds (and leaves out), and its items, each a
    mapping of label to a plain value (text, number, true/false, None, or a list of these or
    of such mappings)."""

    title: str
    items: list[dict[str, Any]] = field(default_factory=list)
    intro: str = ""
    #: Set by the registry: the provider that gave it, and where it comes in the record.
    key: str = ""
    order: int = 100

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "intro": self.intro, "items": self.items}


Provider = Callable[..., "Section | Iterable[Section]"]


@dataclass(frozen=True)
class Registration:
    name: str
    provider: Provider
    order: int


_providers: dict[str, Registration] = {}


def register(name: str, *, order: int = 100) -> Callable[[Provider], Provider]:
    """Register ``provider(*, user)`` under a unique name; ``order`` places its sections in the
    record (the account first)."""

    def decorator(provider: Provider) -> Provider:
        _providers[name] = Registration(name=name, provider=provider, order=order)
        return provider

    return decorator


def unregister(name: str) -> None:
    _providers.pop(name, None)


def registered() -> dict[str, Registration]:
    return dict(_providers)


def export_for(*, user) -> list[Section]:
    """Every section every provider holds about ``user``, in the record's order."""
    sections: list[Section] = []
    for registration in sorted(_providers.values(), key=lambda r: (r.order, r.name)):
        given = registration.provider(user=user)
        for number, section in enumerate([given] if isinstance(given, Section) else given):
            sections.append(
                Section(
                    title=section.title,
                    items=section.items,
                    intro=section.intro,
                    key=f"{registration.name}.{number}" if number else registration.name,
                    order=registration.order,
                )
            )
    return sections


def record_json(*, user, sections: list[Section], now: datetime | None = None) -> str:
    """The record as a JSON document (what "Download as JSON" gives)."""
    document = {
        "about": user.email,
        "produced_at": moment(now or timezone.now()),
        "times": "UK time (Europe/London)",
        "sections": [section.as_json() for section in sections],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


# --- Plain values -----------------------------------------------------------------------------


def moment(value: datetime | None) -> str | None:
    """A moment as the record writes it: UK time, "2026-07-02 23:59"."""
    return spreadsheet_moment(value) if value else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def plain(value: Any) -> Any:
    """Any model field's value as JSON-ready data."""
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


#: Fields no record shows: keys, and the nonces that secret links carry.
NEVER_SHOWN = frozenset({"id", "nonce", "token", "password", "uid", "sequence", "version"})


def _label(model_field) -> str:
    name = str(model_field.verbose_name)
    return name[:1].upper() + name[1:]


def _shown(obj, model_field) -> Any:
    if model_field.choices:
        value = getattr(obj, model_field.attname)
        return str(dict(model_field.flatchoices).get(value, value)) if value != "" else ""
    if model_field.is_relation:
        related = getattr(obj, model_field.name, None)
        return str(related) if related is not None else None
    return plain(getattr(obj, model_field.attname))


def fields_of(obj, *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """Every concrete field of ``obj`` by its label, as a person reads it (a choice by its
    words, a related object by its name: select it with ``obj``), except the keys and nonces
    and the fields named in ``leave_out`` (other people, and what the section shows itself)."""
    skipped = NEVER_SHOWN | set(leave_out)
    return {
        _label(f): _shown(obj, f)
        for f in obj._meta.concrete_fields
        if f.name not in skipped and not f.primary_key
    }


def history_items(records: Iterable[Any], *, user, leave_out: Iterable[str] = ()) -> list[dict]:
    """What changed and when, from django-simple-history records of one model (in any
    order): who made each change only as "You" or "The programme team", never by name."""
    skipped = NEVER_SHOWN | set(leave_out)
    ordered = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    items: list[dict[str, Any]] = []
    previous: dict[Any, Any] = {}
    for record in ordered:
        earlier = previous.get(record.id)
        previous[record.id] = record
        if record.history_user_id is None:
            by = "The site"
        else:
            by = "You" if record.history_user_id == user.pk else "The programme team"
        what = {"+": "Created", "-": "Deleted"}.get(record.history_type, "Changed")
        changes = []
        if earlier is not None and record.history_type == "~":
            for f in record.tracked_fields:
                if f.name in skipped or f.primary_key or not f.editable:
                    continue
                if f.is_relation:
                    # The related object is not fetched (a query per record): only that it
                    # changed.
                    if getattr(earlier, f.attname) != getattr(record, f.attname):
                        changes.append({"Field": _label(f), "Before": "", "After": "changed"})
                    continue
                before, after = _shown(earlier, f), _shown(record, f)
                if before != after:
                    changes.append({"Field": _label(f), "Before": before, "After": after})
            if not changes:
                continue
        items.append(
            {
                "When": moment(record.history_date),
                "By": by,
                "What": what,
                "Changes": changes,
            }
        )
    return items


# A Django signed token ("payload:timestamp:signature"), and the address it is part of.
_SIGNED = re.compile(r"[A-Za-z0-9_\-]{8,}:[A-Za-z0-9]{4,}:[A-Za-z0-9_\-]{20,}")
_ADDRESS = re.compile(r"(?:https?://|/)[^\s<>\"']+")
_TOKEN_QUERY = re.compile(r"[?&](?:token|key|code|sig|signature|nonce)=", re.IGNORECASE)


def _address_is_secret(address: str) -> bool:
    return bool(
        _SECRET_LINK.search(address) or _SIGNED.search(address) or _TOKEN_QUERY.search(address)
    )


def without_links(text: str) -> str:
    """An email body as the record holds it: every link or code that acted for the recipient
    (the placeholder where one was sent, a signed token, an address of a secret link or with a
    token in it) replaced by "[link removed]"; every other address kept."""
    text = _PLACEHOLDER.sub(LINK_REMOVED, text)
    text = _ADDRESS.sub(
        lambda match: LINK_REMOVED if _address_is_secret(match[0]) else match[0], text
    )
    return _SIGNED.sub(LINK_REMOVED, text)


# --- What the ground floor holds: the account and the emails ----------------------------------


def addresses_of(user) -> list[EmailAddress]:
    """The person's email addresses (allauth's), read once per record: every provider that
    looks for what was sent to any of them asks here."""
    cached = getattr(user, "_personal_data_addresses", None)
    if cached is None:
        cached = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
        user._personal_data_addresses = cached
    return cached


def emails_of(user) -> set[str]:
    """Every address the person has, in lower case."""
    return {user.email.lower()} | {a.email.lower() for a in addresses_of(user)}


@register("csssl.account", order=0)
def account_section(*, user) -> Section:
    """The account: names, addresses, roles and dates. Two queries."""
    addresses = [
        {"Address": a.email, "Confirmed": a.verified, "Main address": a.primary}
        for a in addresses_of(user)
    ]
    roles = sorted(role_names(user))
    return Section(
        title="Your account",
        intro=(
            "Your name, the email addresses you sign in with, your roles, and when you joined "
            "and last signed in. Your password is kept only as a one-way hash, which is not a "
            "copy of it, and is not shown."
        ),
        items=[
            {
                "First name": user.first_name,
                "Last name": user.last_name,
                "Sign-in email address": user.email,
                "Email addresses": addresses,
                "Roles": roles or ["None: an applicant or participant"],
                "Account active": user.is_active,
                "Admin panel access": user.is_staff,
                "Joined": moment(user.date_joined),
                "Last signed in": moment(user.last_login),
            }
        ],
    )


@register("csssl.emails", order=900)
def emails_section(*, user) -> Section:
    """Every email written to any of the person's addresses, with the links and codes that
    acted for them removed. Three queries."""
    messages = (
        OutboxMessage.objects.filter(recipient__in=emails_of(user))
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=OutboxAttachment.objects.only("pk", "message_id", "filename"),
            )
        )
        .order_by("created_at", "pk")
    )
    return Section(
        title="Emails sent to you",
        intro=(
            "Every email the site wrote to you: its subject, when it was written and sent, and "
            "its text. Links and codes that let you act (sign in, reset a password, answer an "
            "offer) are shown as “[link removed]”: they were for you alone at the time, and an "
            "old one must not work for whoever reads this copy."
        ),
        items=[
            {
                "Subject": without_links(message.subject),
                "To": message.recipient,
                "Written": moment(message.created_at),
                "Sent": moment(message.sent_at),
                "State": message.get_state_display(),
                "Text": without_links(message.body_text),
                "Attachments": [a.filename for a in message.attachments.all()],
            }
            for message in messages
        ],
    )
