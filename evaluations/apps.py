from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "Evaluations"
    role_permissions = {
        "Coordinators": ["*"],
        "DCS group": ["view_*"],
    }
