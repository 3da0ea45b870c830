from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import admin_audit, outbox, two_factor  # noqa: F401 (admin_audit registers the audit trail)
from .admin_base import AdminPermissionsMixin, ReadOnlyAdmin
from .models import BackgroundJob, OutboxAttachment, OutboxMessage, User
from .recipient_only import for_staff
from .roles import is_coordinator

admin.site.site_header = "Leadership programmes administration"
admin.site.site_title = "Leadership programmes"
admin.site.index_title = "Programmes, cohorts and allocation"
_admin_login = admin.site.login


def staff_login(request, extra_context=None):
    """One way in for everybody: the admin's own login page sends visitors to the site's
    login, and tells a signed-in person without staff access nothing (404)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    return _admin_login(request, extra_context)


admin.site.login = staff_login


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    show_full_result_count = False
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["personal_data_copy", "personal_data_erase"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not is_coordinator(request.user):
            return fieldsets
        # A subject access request that came by post: the coordinators' page that makes the copy.
        return (
            *fieldsets,
            (_("Personal data"), {"fields": ("personal_data_copy", "personal_data_erase")}),
        )

    @admin.display(description="Subject access request")
    def personal_data_copy(self, obj: User) -> str:
        return format_html(
            '<a href="{}">Produce a copy of everything held about this person</a>',
            reverse("personal_data:person", args=[obj.pk]),
        )

    @admin.display(description="Erasure request")
    def personal_data_erase(self, obj: User) -> str:
        return format_html(
            '<a href="{}">Erase this person\'s data at their request</a>',
            reverse("personal_data:erase", args=[obj.pk]),
        )


class OutboxAttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    fields = ["filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(AdminPermissionsMixin, admin.ModelAdmin):
    """The email outbox, to see what went to whom and send failed emails again. A link or code
    that only the recipient may read is shown as "[link for the recipient only]": its value is
    kept apart from the message (``OutboxSecret``), which no page here shows or searches."""

    list_display = [
        "created_at",
        "kind",
        "recipient",
        "subject_for_staff",
        "state",
        "attempts",
        "sent_at",
    ]
    list_filter = ["state", "kind"]
    search_fields = ["recipient", "subject", "object_ref"]
    date_hierarchy = "created_at"
    # Every email ever sent is a row: one count a page (the newest first, from an index).
    show_full_result_count = False
    inlines = [OutboxAttachmentInline]
    actions = ["retry_failed"]
    fields = [
        "kind",
        "object_ref",
        "recipient",
        "occasion",
        "subject_for_staff",
        "body_text_for_staff",
        "body_html_for_staff",
        "reply_to",
        "state",
        "attempts",
        "error_for_staff",
        "created_at",
        "claimed_at",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields
    # Emails are written by the services and kept; "change" is the permission to send a
    # failed one again.
    allows_add = False
    allows_delete = False

    @admin.display(description="subject", ordering="subject")
    def subject_for_staff(self, obj: OutboxMessage) -> str:
        return for_staff(obj.subject)

    @admin.display(description="body text")
    def body_text_for_staff(self, obj: OutboxMessage) -> str:
        return for_staff(obj.body_text)

    @admin.display(description="body html")
    def body_html_for_staff(self, obj: OutboxMessage) -> str:
        return for_staff(obj.body_html)

    @admin.display(description="last error")
    def error_for_staff(self, obj: OutboxMessage) -> str:
        return for_staff(obj.last_error)

    @admin.action(description="Send the selected failed emails again", permissions=["change"])
    def retry_failed(self, request, queryset):
        count = outbox.outbox_retry(messages=queryset)
        self.message_user(request, f"{count} email(s) queued again.", messages.SUCCESS)


@admin.register(BackgroundJob)
class BackgroundJobAdmin(ReadOnlyAdmin):
    """What the background has been asked to do and how far it got: for coordinators to see
    that work waits for the task queue rather than being lost. Nothing here can be changed."""

    list_display = ["created_at", "task", "kwargs", "state", "attempts", "finished_at"]
    list_filter = ["state", "task"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in BackgroundJob._meta.fields]


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdmin):
    """Who has set up two-factor sign-in, with what, and when it was last used. The secret an
    app's codes come from and the recovery codes stay out of every page here: only their owner
    may read them. A superuser may remove someone's authenticators when a phone or key is lost
    (``two_factor.two_factor_reset``)."""

    list_display = ["user", "email", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields
    actions = ["reset_two_factor"]

    @admin.display(description="email address", ordering="user__email")
    def email(self, obj: Authenticator) -> str:
        return obj.user.email

    def has_reset_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    @admin.action(description="Reset two-factor sign-in", permissions=["reset"])
    def reset_two_factor(self, request, queryset):
        users = User.objects.filter(pk__in=queryset.values("user_id"))
        count = two_factor.two_factor_reset(users=users, by=request.user)
        self.message_user(
            request,
            f"Two-factor sign-in reset for {count} account(s): they set it up again when they "
            "next sign in.",
            messages.SUCCESS,
        )
