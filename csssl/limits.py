"""How long a thing a person may type.

Each limit is written once, as the ``max_length`` of its model field. Model forms pick it up
from there (the field's ``maxlength`` attribute and its validator); other forms and the
services read it with :func:`max_length`, so a limit changed in the model changes everywhere.

The limits are kept by the application, not by the database: a ``TextField``'s ``max_length``
is not a column constraint, so a text saved before a limit existed is still read, and the
person is asked to shorten it the next time they save it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models

#: Sizes the model fields of every app share.
#: A reason, a comment or a note typed in a box of a few lines.
REASON_LENGTH = 2000
#: A postal address.
ADDRESS_LENGTH = 500
#: Longer text written by staff: a description, an email to participants, a page's section.
LONG_TEXT_LENGTH = 10_000


def length_of(text: str) -> int:
    """Characters as a browser counts them for ``maxlength``: a line break is one, though a
    form sends it as two (CR LF)."""
    return len(text) - text.count("\r\n")


def too_long(*, limit: int, length: int) -> str:
    """What a person is told beside a field they typed too much into."""
    return f"Use {limit:,} characters or fewer: this has {length:,}."


def max_length(model: type[models.Model], name: str) -> int:
    """The most characters ``model.name`` holds."""
    limit = model._meta.get_field(name).max_length
    if not limit:
        raise LookupError(f"{model.__name__}.{name} has no max_length")
    return limit


def length_problems(model: type[models.Model], values: Mapping[str, object]) -> dict[str, str]:
    """Field name to message, for each text in ``values`` longer than its model field holds.

    Services call it before writing, so that a caller without a form (a task, the shell, a
    JSON request) is refused in the same words, and a ``TextField`` (which the database does
    not limit) never stores more than its limit."""
    problems = {}
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        field = model._meta.get_field(name)
        # A CharField's column holds so many characters, counting a line break as two.
        length = length_of(value) if isinstance(field, models.TextField) else len(value)
        if field.max_length and length > field.max_length:
            problems[name] = too_long(limit=field.max_length, length=length)
    return problems


class MaxLengthValidator(validators.MaxLengthValidator):
    """Django's check, with the house's message and the numbers written as people read them."""

    def __call__(self, value) -> None:
        length = length_of(value)
        if length > self.limit_value:
            raise ValidationError(
                too_long(limit=self.limit_value, length=length), code="max_length"
            )


def limit_field(field: forms.Field, limit: int) -> None:
    """Give a form field a maximum length, shown in its ``maxlength`` attribute and checked
    on the server with :func:`too_long`'s message."""
    field.max_length = limit
    field.validators = [
        v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
    ]
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


class LengthLimitedForm:
    """A form mixin: every field with a ``max_length`` (from its model field, or declared)
    refuses a longer value with :func:`too_long`'s message, and a box of several lines says
    its limit under it (a ``maxlength`` attribute alone is not read out by screen readers).
    A box that counts words as people type (``data-word-limit``) says its limits itself."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit = getattr(field, "max_length", None)
            if not limit or "max_length" in field.error_messages:
                continue
            limit_field(field, limit)
            widget = field.widget
            if isinstance(widget, forms.Textarea) and "data-word-limit" not in widget.attrs:
                field.help_text = " ".join(
                    part for part in (str(field.help_text), f"Up to {limit:,} characters.") if part
                )
