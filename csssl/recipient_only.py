"""Links and codes that only an email's recipient may read.

A link or code that grants access or acts for someone (a password reset link, an email
confirmation, an endorser's or an offer link, a sign-in code, a calendar address) is never stored
in an outbox message's subject or bodies. Those hold a placeholder where it goes, which survives
HTML autoescaping; the values themselves are kept apart (``OutboxSecret``) and put in only when
the email is built for sending (:func:`reveal`). Staff see a placeholder as words
(:func:`for_staff`), never the value.

:func:`redact_links` does the same for text that leaves the database: log lines and error
reports name the page of a secret link, never its token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.html import escape

_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_PLACEHOLDER = re.compile(r"\[\[recipient-only:([a-z][a-z0-9_]*)\]\]")

#: What staff read in place of a link, and of a code (a placeholder named ``...code`` or
#: ``...key``).
FOR_STAFF_LINK = "[link for the recipient only]"
FOR_STAFF_CODE = "[code for the recipient only]"


def placeholder(name: str) -> str:
    """The marker stored where the secret ``name`` goes: plain characters that HTML
    autoescaping leaves as they are."""
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a placeholder name (lower case, digits, underscores)")
    return f"[[recipient-only:{name}]]"


def placeholders(secrets: Mapping[str, str]) -> dict[str, str]:
    """A template context that renders each secret as its placeholder."""
    return {name: placeholder(name) for name in secrets}


def conceal(text: str, secrets: Mapping[str, str], *, html: bool = False) -> str:
    """``text`` with any secret value that was rendered into it anyway replaced by its
    placeholder (longest first, so a link is hidden whole before a key inside it)."""
    for name, value in sorted(secrets.items(), key=lambda item: -len(item[1])):
        if not value:
            continue
        text = text.replace(value, placeholder(name))
        if html:
            text = text.replace(str(escape(value)), placeholder(name))
    return text


def reveal(text: str, secrets: Mapping[str, str], *, html: bool = False) -> str:
    """``text`` as the recipient reads it: each placeholder replaced by its value (escaped in
    an HTML body). A placeholder with no value is left as it is."""

    def value(match: re.Match) -> str:
        name = match[1]
        if name not in secrets:
            return match[0]
        return str(escape(secrets[name])) if html else secrets[name]

    return _PLACEHOLDER.sub(value, text)


def for_staff(text: str) -> str:
    """``text`` as staff read it: each placeholder in words."""

    def words(match: re.Match) -> str:
        return FOR_STAFF_CODE if match[1].endswith(("code", "key")) else FOR_STAFF_LINK

    return _PLACEHOLDER.sub(words, text)


# --- Secret links in logs and error reports --------------------------------------------------

HIDDEN = "[hidden]"
_SLASH = r"(?:/|%2[Ff])"
#: The pages whose next path segment is a secret: the endorser's link, offer and rater links,
#: the personal calendar address, and allauth's password reset and email confirmation links.
#: Also matched URL-encoded, as in ``/accounts/login/?next=%2Foffers%2F...``.
_SECRET_LINK = re.compile(
    rf"(?P<page>{_SLASH}(?:endorse|offers|rate){_SLASH}"
    rf"|{_SLASH}me{_SLASH}calendar{_SLASH}"
    rf"|{_SLASH}accounts{_SLASH}password{_SLASH}reset{_SLASH}key{_SLASH}"
    rf"|{_SLASH}accounts{_SLASH}confirm-email{_SLASH})"
    r"(?P<token>(?:[^/\s?#&\"'<>%]|%3[Aa])+)"
)


def redact_links(text: str) -> str:
    """``text`` with the token of every secret link replaced by ``[hidden]``, e.g.
    ``/endorse/[hidden]/``: the page stays readable, the link is no longer usable."""
    return _SECRET_LINK.sub(lambda match: match["page"] + HIDDEN, text)
