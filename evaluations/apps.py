from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "Evaluations"
    role_permissions = {
        "Coordinators": ["*"],
        "DCS group": ["view_*"],
    }

    def ready(self) -> None:
        from cohorts import completion

        # Each registers itself with a registry of csssl or cohorts when imported: the rounds
        # and review dates on the participant's year, each cohort's rounds on the
        # coordinators' workspace, the reminders.
        from . import erasure, personal_data, reminders, timeline, workspace  # noqa: F401
        from .completion import SELF_EVALUATION

        completion.register(SELF_EVALUATION)
