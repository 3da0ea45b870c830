"""Roles and who may do what.

A role is a group. The groups are created by a migration; the permissions each role holds are
declared by each app on its AppConfig (``role_permissions``) and granted after every migrate, so a
new model's permissions reach the right people without a hand-written migration. Anything else a
role may see is decided here once and used by views, templates and selectors.
"""

from fnmatch import fnmatchcase

from django.apps import AppConfig
from django.contrib.auth.mixins import AccessMixin
from django.http import Http404

DCS_GROUP = "DCS group"
COORDINATORS = "Coordinators"
MENTORS = "Mentors"
ROLES = (DCS_GROUP, COORDINATORS, MENTORS)


def _group_names(user) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in _group_names(user)


def is_coordinator(user) -> bool:
    """Coordinators run programmes; superusers may do everything a coordinator does."""
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or has_role(user, COORDINATORS)
    )


def is_dcs_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and has_role(user, DCS_GROUP)


def is_mentor(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and has_role(user, MENTORS)


def is_staff_account(user) -> bool:
    """Whoever can reach other people's records: a member of any role, anyone the admin panel
    opens for, and every superuser. These accounts must use two-factor sign-in
    (csssl/two_factor.py) and are signed out sooner when idle (csssl/session_limits.py)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.is_staff or bool(_group_names(user) & set(ROLES))


class RoleRequiredMixin(AccessMixin):
    """Sends anonymous visitors to log in; answers 404 to a signed-in person without the role,
    so a page's existence is not revealed to those it is not for."""

    role_test = staticmethod(is_coordinator)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.role_test(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def sync_role_permissions(sender: AppConfig, using: str = "default", **kwargs) -> None:
    """Grant each role the permissions the migrated app declares for it (post_migrate).

    ``role_permissions = {"Coordinators": ["*"], "DCS group": ["view_*"]}`` on an AppConfig
    matches permission codenames of that app with shell-style patterns; a pattern starting with
    ``!`` keeps the codenames it matches out (``"!view_certificatebatch"``). Grants are only
    added, so a permission a coordinator gave a group by hand is kept.
    """
    from django.contrib.auth.models import Group, Permission

    if sender.label == "csssl":
        # Every role exists after any migrate, and after a flush (which sends post_migrate
        # too): a role no app grants permissions to, such as Mentors, included.
        for role in ROLES:
            Group.objects.using(using).get_or_create(name=role)
    declared: dict[str, list[str]] = getattr(sender, "role_permissions", None) or {}
    if not declared:
        return

    app_permissions = list(
        Permission.objects.using(using).filter(content_type__app_label=sender.label)
    )
    for role, patterns in declared.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        included = [pattern for pattern in patterns if not pattern.startswith("!")]
        excluded = [pattern[1:] for pattern in patterns if pattern.startswith("!")]
        wanted = [
            p
            for p in app_permissions
            if any(fnmatchcase(p.codename, pattern) for pattern in included)
            and not any(fnmatchcase(p.codename, pattern) for pattern in excluded)
        ]
        if wanted:
            group.permissions.add(*wanted)
