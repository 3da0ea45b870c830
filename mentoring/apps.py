from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring and learning"
    role_permissions = {"Coordinators": ["*"]}
