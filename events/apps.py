from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and attendance"
    role_permissions = {"Coordinators": ["*"]}

    def ready(self) -> None:
        from . import reminders  # noqa: F401 - registers the reminder sweep
