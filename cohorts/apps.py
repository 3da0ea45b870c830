from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Programmes and cohorts"
    role_permissions = {
        "Coordinators": ["*"],
        # Completion rules and certificate batches came from the events app, where only
        # coordinators held their permissions; the DCS group does not see them.
        "DCS group": [
            "view_*",
            "!view_completionrule",
            "!view_historicalcompletionrule",
            "!view_certificatebatch",
        ],
    }

    def ready(self) -> None:
        from . import erasure, personal_data  # noqa: F401 - register its part of a record and of an erasure
