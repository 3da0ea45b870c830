from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "Leadership qualities and evaluations"
    role_permissions = {
        "Coordinators": ["*"],
        "DCS group": ["view_*"],
    }
