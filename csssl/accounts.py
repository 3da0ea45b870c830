"""Sign-up, login and account emails (django-allauth), fitted to this product."""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.fields import PasswordField
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.views.decorators.debug import sensitive_variables

from .limits import limit_field, max_length
from .outbox import content_occasion, email_queue
from .passwords import password_max_length
from .ratelimit import SigninLimits
from .recipient_only import placeholders

#: What allauth puts in an email's context that grants access: the password reset and email
#: confirmation links, their keys, and the codes for signing in, reauthenticating, resetting a
#: password or confirming an address. (In "account already exists" ``password_reset_url`` is
#: the public reset page; hiding it from staff as well costs nothing.)
SECRET_CONTEXT = ("password_reset_url", "activate_url", "key", "code")


class AccountAdapter(SigninLimits, DefaultAccountAdapter):
    @sensitive_variables("context", "secrets", "message", "html")
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account emails (verification links, password resets, codes) go through the outbox
        too. Their links and codes are rendered as placeholders and passed as the email's
        secrets, so the stored message holds none of them."""
        secrets = {name: str(context[name]) for name in SECRET_CONTEXT if context.get(name)}
        context = {
            "SITE_NAME": settings.SITE_NAME,
            "SITE_URL": settings.SITE_URL,
            **context,
            **placeholders(secrets),
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        email_queue(
            kind=template_prefix.rsplit("/", 1)[-1],
            to=email,
            about=f"account:{email.lower()}",
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            # Two requests make two emails: their content differs only in the secrets.
            occasion=content_occasion(
                message.subject, message.body, *(secrets[name] for name in sorted(secrets))
            ),
            secrets=secrets,
        )


class AccountLimits:
    """Every field of an account form has a maximum length, checked before the form does
    anything with what was typed: a password from ``AUTH_PASSWORD_VALIDATORS`` (so a huge one
    typed at sign-in is refused before it is hashed), an email address from the user model."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        passwords = password_max_length()
        emails = max_length(get_user_model(), "email")
        for field in self.fields.values():
            if isinstance(field, PasswordField):
                limit_field(field, passwords)
            elif isinstance(field, forms.EmailField):
                limit_field(field, emails)
            elif getattr(field, "max_length", None):
                limit_field(field, field.max_length)


class LoginForm(AccountLimits, allauth_forms.LoginForm):
    pass


class ChangePasswordForm(AccountLimits, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(AccountLimits, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(AccountLimits, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(AccountLimits, allauth_forms.ResetPasswordKeyForm):
    pass


class ReauthenticateForm(AccountLimits, allauth_forms.ReauthenticateForm):
    pass


class AddEmailForm(AccountLimits, allauth_forms.AddEmailForm):
    pass


def _name_field(name: str, autocomplete: str) -> forms.CharField:
    field = get_user_model()._meta.get_field(name)
    return forms.CharField(
        label=field.verbose_name.capitalize(),
        max_length=field.max_length,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


class SignupForm(AccountLimits, allauth_forms.SignupForm):
    """Asks for the person's name as well; the adapter stores it on the user."""

    first_name = _name_field("first_name", "given-name")
    last_name = _name_field("last_name", "family-name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["first_name", "last_name", "email", "password1", "password2"])
