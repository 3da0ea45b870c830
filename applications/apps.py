from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications and allocation"
    role_permissions = {
        "Coordinators": ["*"],
        "DCS group": ["view_expressionofinterest", "view_endorsement"],
    }

    def ready(self) -> None:
        from . import reminders  # noqa: F401 - registers the reminder sweeps
