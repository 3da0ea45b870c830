"""The longest password accepted.

A password is hashed on every sign-in, and hashing a huge one costs the server dearly, so a
password has a maximum length like any other field. The limit is set once, as this validator's
option in ``AUTH_PASSWORD_VALIDATORS``: Django runs it wherever a password is chosen (allauth's
sign-up, change and reset forms, the admin's user forms), and the account forms in
``csssl.accounts`` read it from there to refuse a longer password typed at sign-in before it
is ever hashed.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from .limits import too_long

DEFAULT_MAX_LENGTH = 128


class MaximumLengthValidator:
    """A password may have at most ``max_length`` characters."""

    def __init__(self, max_length: int = DEFAULT_MAX_LENGTH) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                too_long(limit=self.max_length, length=len(password)),
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password can have up to {self.max_length} characters."


def password_max_length() -> int:
    """The limit ``AUTH_PASSWORD_VALIDATORS`` sets, or the default when it sets none."""
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, MaximumLengthValidator):
            return validator.max_length
    return DEFAULT_MAX_LENGTH
