"""Sign-up, login and account emails (django-allauth), fitted to this product."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from .outbox import content_occasion, email_queue
from .recipient_only import placeholders

#: What allauth puts in an email's context that grants access: the password reset and email
#: confirmation links, their keys, and the codes for signing in, reauthenticating, resetting a
#: password or confirming an address. (In "account already exists" ``password_reset_url`` is
#: the public reset page; hiding it from staff as well costs nothing.)
SECRET_CONTEXT = ("password_reset_url", "activate_url", "key", "code")


class AccountAdapter(DefaultAccountAdapter):
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


class SignupForm(AllauthSignupForm):
    """Asks for the person's name as well; the adapter stores it on the user."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["first_name", "last_name", "email", "password1", "password2"])
