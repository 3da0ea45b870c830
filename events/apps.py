from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and attendance"
    role_permissions = {"Coordinators": ["*"]}

    def ready(self) -> None:
        from cohorts import completion

        # Each registers itself with a registry of csssl or cohorts when imported.
        from . import erasure, personal_data, reminders, timeline, workspace  # noqa: F401
        from .completion import REQUIRED_EVENTS

        completion.register(REQUIRED_EVENTS)
