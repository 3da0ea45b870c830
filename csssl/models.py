from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from .recipient_only import for_staff


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: by email address, never by a user name."""

    email = models.EmailField("email address", max_length=254, unique=True)
    first_name = models.CharField("first name", max_length=150, blank=True)
    last_name = models.CharField("last name", max_length=150, blank=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the admin panel (coordinators and the DCS group).",
    )
    is_active = models.BooleanField("active", default=True)
    date_joined = models.DateTimeField("date joined", default=timezone.now)
    auth_epoch = models.PositiveIntegerField(
        "sign-in generation",
        default=0,
        editable=False,
        help_text="Raised when a role is taken away or the account is disabled: every session "
        "started before then ends (csssl/session_limits.py).",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        """How pages, registers, lists and certificates name the person: their full name, or
        their email address while they have given no name."""
        return self.get_full_name() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email


class OutboxMessage(models.Model):
    """One email, written in the same transaction as the change that causes it.

    The unique key (kind, object, recipient, occasion) makes writing the same email twice a
    no-op; the state moves queued → sending → sent / failed under a row lock, so however often
    the send task runs, the email leaves once.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(
        max_length=80, help_text="What sort of email, e.g. 'endorsement_request'."
    )
    object_ref = models.CharField(
        "about", max_length=120, help_text="The object it is about, as 'app.model:id'."
    )
    recipient = models.EmailField(max_length=254)
    occasion = models.CharField(
        max_length=80, blank=True, default="", help_text="Which time it is sent, e.g. '7-days'."
    )
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True, default="")
    reply_to = models.EmailField(max_length=254, blank=True, default="")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "email"
        verbose_name_plural = "email outbox"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_ref", "recipient", "occasion"],
                name="outbox_one_email_per_occasion",
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_state_due")]

    def __str__(self) -> str:
        return f"{for_staff(self.subject)} → {self.recipient}"


class OutboxSecret(models.Model):
    """The links and codes in one outbox email that only its recipient may read (a password
    reset link, an endorser's link, a sign-in code), kept apart from the message.

    The message's subject and bodies hold a placeholder where each one goes; the values are
    put in only when the email is built for sending, and this row is deleted once it is sent.
    It lives in its own table, shown by no admin page, so no staff page, search or filter on
    the outbox can reach it."""

    message = models.OneToOneField(
        OutboxMessage, on_delete=models.CASCADE, primary_key=True, related_name="recipient_only"
    )
    values = models.JSONField(help_text="Placeholder name → the link or code it stands for.")

    class Meta:
        verbose_name = "recipient-only part of an email"
        default_permissions = ()

    def __str__(self) -> str:
        return f"Recipient-only part of email {self.message_id}"


class OutboxAttachment(models.Model):
    """A file sent with an outbox email (an invoice PDF, a calendar entry)."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.filename


class BackgroundJob(models.Model):
    """Work a request started in the background, written in that request's own transaction.

    Its task is queued when the transaction commits; if the broker cannot take it, the row is
    still here and the beat sweep queues it again. The state moves queued → running → done /
    failed, and a run claims the job first, so a repeated message runs the work once. ``key``
    makes the same work asked for twice one job while it waits to start.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    task = models.CharField(
        max_length=120,
        help_text="The Celery task that does the work, e.g. 'applications.outcomes_send'.",
    )
    kwargs = models.JSONField(
        "arguments", default=dict, blank=True, help_text="The task's arguments: ids only."
    )
    key = models.CharField(max_length=200, help_text="The same key while waiting is one job.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Runs started so far.")
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    enqueued_at = models.DateTimeField(
        "handed to the queue at", null=True, blank=True, help_text="Last taken by the broker."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "background job"
        verbose_name_plural = "background jobs"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(state="queued"),
                name="background_job_one_waiting_per_key",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="background_job_state")]

    def __str__(self) -> str:
        return f"{self.task} {self.kwargs}"


class AuditEvent(models.Model):
    """Something done to an account that the models' own histories do not hold: a staff
    sign-in or failed sign-in, a role given or taken away, an account's email, status or
    password changed, an account erased at its owner's request. Written once and never
    changed; read in the admin's audit trail beside the history of every other record."""

    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        ROLE_ADDED = "role_added", "Role given"
        ROLE_REMOVED = "role_removed", "Role taken away"
        ACCOUNT_CREATED = "account_created", "Account created"
        ACCOUNT_CHANGED = "account_changed", "Account changed"
        ACCOUNT_ERASED = "account_erased", "Account erased"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "csssl.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action)
    subject = models.ForeignKey(
        "csssl.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(
        max_length=500,
        blank=True,
        help_text=(
            "The role given or taken away, the names of the fields changed, or why an account "
            "was erased."
        ),
    )

    class Meta:
        verbose_name = "audit trail entry"
        verbose_name_plural = "audit trail"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.detail}".strip()

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("An audit trail entry is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An audit trail entry is never deleted.")
