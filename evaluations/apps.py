from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "Evaluations"
    role_permissions = {
        "Coordinators": ["*"],
        "DCS group": ["view_*"],
    }

    def ready(self) -> None:
        from . import timeline  # noqa: F401 - registers the evaluation window on the year
