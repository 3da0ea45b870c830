from django.apps import AppConfig


class CssslConfig(AppConfig):
    name = "csssl"
    verbose_name = "Accounts, email and shared services"
    role_permissions = {
        "Coordinators": [
            "view_outboxmessage",
            "change_outboxmessage",
            "view_user",
            "view_backgroundjob",
        ]
    }

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # personal_data registers its sections; the others, their signal receivers.
        from . import audit, inactive_accounts, personal_data, roles, session_limits, two_factor  # noqa: F401

        audit.connect()

        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="csssl.sync_roles")
