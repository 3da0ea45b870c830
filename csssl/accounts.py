"""Sign-up, login and account emails (django-allauth), fitted to this product."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings

from .outbox import content_occasion, email_queue
from .ratelimit import SigninLimits


class AccountAdapter(SigninLimits, DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account emails (verification links, password resets) go through the outbox too."""
        context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
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
            occasion=content_occasion(message.subject, message.body),
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
