from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Programmes and cohorts"
    role_permissions = {
        "Coordinators": ["*"],
        "DCS group": ["view_*"],
    }
