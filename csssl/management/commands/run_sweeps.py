from django.core.management.base import BaseCommand

from csssl.jobs import job_sweep
from csssl.outbox import outbox_sweep
from csssl.reminders import reminders_sweep


class Command(BaseCommand):
    help = (
        "Run the periodic sweeps once: due reminders, background jobs left waiting, then "
        "emails waiting in the outbox. "
        "Celery beat does this on a schedule; this command is for machines without it."
    )

    def handle(self, *args, **options):
        for name, count in reminders_sweep().items():
            self.stdout.write(f"reminders {name}: {count}")
        self.stdout.write(f"background jobs: {job_sweep()} queued again")
        self.stdout.write(f"outbox: {outbox_sweep()} queued again")
