from django.core.management.base import BaseCommand, CommandError

from csssl.heartbeat import heartbeat_age, heartbeat_path


class Command(BaseCommand):
    help = (
        "The beat service's health check: exits 0 when Celery beat queued one of its sweeps "
        "within --max-age seconds, and 1 when it has not (or never has)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age",
            type=int,
            default=180,
            help="How many seconds since the last sweep was queued still count as healthy "
            "(the shortest sweep comes every 60).",
        )

    def handle(self, *args, max_age: int, **options):
        age = heartbeat_age()
        if age is None:
            raise CommandError(f"Beat has queued no sweep yet ({heartbeat_path()} is missing).")
        if age > max_age:
            raise CommandError(
                f"Beat last queued a sweep {age:.0f} s ago, more than {max_age} s: it is stuck "
                "or cannot reach the broker."
            )
        self.stdout.write(f"Beat queued a sweep {age:.0f} s ago.")
