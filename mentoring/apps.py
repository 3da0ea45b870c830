from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring and learning"
    # Private notes and portfolio content are their authors' alone: no role is granted any
    # permission on them, and neither has an admin.
    role_permissions = {
        "Coordinators": [
            "*",
            "!*_privatenote",
            "!*_portfolioentry",
            "!*_evidence",
        ],
    }

    def ready(self) -> None:
        from . import erasure, personal_data, registrations  # noqa: F401
