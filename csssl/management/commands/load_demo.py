"""``manage.py load_demo``: programmes, cohorts, sample qualities and a login for every role.

Each installed app that has a ``demo`` package contributes its own data through
``<app>/demo/load.py``'s ``load(*, today, stdout)``, which reads the tables in
``<app>/demo/data.py`` (shared helpers are in ``csssl/demo.py``). This command finds them in
INSTALLED_APPS order, so the ground layer never imports a feature app and a lower app's data
exists before a higher app builds on it. Everything loads in one transaction: a loader that
fails leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from csssl.uktime import long_date, uk_today

DemoLoader = Callable[..., None]


def demo_loaders() -> list[tuple[str, DemoLoader]]:
    """``(app label, load)`` for every installed app with a ``demo`` package holding a ``load``
    module, in INSTALLED_APPS order."""
    loaders = []
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "demo"):
            continue
        demo = import_module(f"{app_config.name}.demo")
        if not module_has_submodule(demo, "load"):
            continue
        load = getattr(import_module(f"{app_config.name}.demo.load"), "load", None)
        if callable(load):
            loaders.append((app_config.label, load))
    return loaders


class Command(BaseCommand):
    help = (
        "Load the demo data: both programmes with a past and a current cohort each, "
        "organisations, sample leadership qualities and a login for every role. Running it "
        "again brings the demo rows back to their demo values and adds none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Place the current cohorts around this date (YYYY-MM-DD) instead of today.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off. The demo logins share a published password and "
            "include a superuser, so never use this on a site people rely on.",
        )

    def handle(self, *args, today: date | None = None, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a live site. The demo logins share a published "
                "password; run with DEBUG=true, or pass --force if this really is a demo."
            )
        today = today or uk_today()
        loaders = demo_loaders()
        with transaction.atomic():
            for label, load in loaders:
                self.stdout.write(self.style.MIGRATE_HEADING(f"{label}:"))
                load(today=today, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded for {long_date(today)} from: ")
            + ", ".join(label for label, _ in loaders)
        )
