from django.core.management.base import BaseCommand

from csssl.outbox import outbox_sweep
from csssl.reminders import reminders_sweep


class Command(BaseCommand):
    help = (
        "Run the periodic sweeps once: due reminders, then emails waiting in the outbox. "
        "Celery beat does this on a schedule; this command is for machines without it."
    )

    def handle(self, *args, **options):
        for name, count in reminders_sweep().items():
            self.stdout.write(f"reminders {name}: {count}")
        self.stdout.write(f"outbox: {outbox_sweep()} queued again")
