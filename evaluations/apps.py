from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "Evaluations"
    role_permissions = {
        "Coordinators": ["*"],
        "DCS group": ["view_*"],
    }

    def ready(self) -> None:
        # Each registers itself when imported: the evaluation window on the participant's
        # year, each cohort's rounds on the coordinators' workspace.
        from . import timeline, workspace  # noqa: F401
