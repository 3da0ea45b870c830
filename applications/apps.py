from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications and allocation"
    role_permissions = {
        "Coordinators": ["*"],
        # The DCS group reads the whole allocation record and works on the board; invoices
        # (fees and payers) are the coordinators' business.
        "DCS group": [
            "view_expressionofinterest",
            "view_endorsement",
            "view_score",
            "view_decision",
            "view_offer",
            "view_conflictofinterest",
            "view_criterion",
            "view_balancetarget",
            "view_allocationsettings",
            "view_allocator",
            "view_cohortallocation",
        ],
    }

    def ready(self) -> None:
        # Each registers itself with a registry of csssl when imported: the reminder sweeps,
        # the retention schedule's steps, a person's record.
        from . import erasure, personal_data, reminders, retention  # noqa: F401
