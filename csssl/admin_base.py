"""What the admin panel may do to a model's rows, written once for every app.

Many rows are made and changed only by the services (decisions, offers, invoices, registers,
certificates, the outbox), so their rules cannot be skipped by editing a row by hand. Their
admins say so by class, not by overriding ``has_add_permission`` and the rest each time: what a
class turns off is refused to everyone, superusers too; what it leaves on is still decided by
each person's own permissions, as Django's admin decides it.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


class AdminPermissionsMixin:
    """Turns off adding, changing or deleting this admin's rows, for everyone, by setting
    ``allows_add``, ``allows_change`` or ``allows_delete`` to False. Works for model admins and
    inlines alike (an inline's permission checks are also given the parent object)."""

    allows_add: bool = True
    allows_change: bool = True
    allows_delete: bool = True

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return self.allows_add and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.allows_change and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.allows_delete and super().has_delete_permission(request, obj)


class ReadOnlyAdminMixin(AdminPermissionsMixin):
    """Rows to read only: nothing is added, changed or deleted here, by anyone."""

    allows_add = False
    allows_change = False
    allows_delete = False


class ReadAndDeleteAdminMixin(AdminPermissionsMixin):
    """Rows made elsewhere, to read: nothing is added or changed here; one may be deleted by
    those with permission to delete it."""

    allows_add = False
    allows_change = False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A model admin to read only (see ``ReadOnlyAdminMixin``)."""


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Related rows shown in a table on their parent's page, to read only: no empty form to add
    one, no box to delete one."""

    extra = 0
    can_delete = False
