"""``manage.py bench_data [--scale 1.0] [--manifest FILE]``: the national data set `make bench`
measures pages against (mentoring/bench_data.py says what it holds). It needs every app, so it
lives on the top floor."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from mentoring import bench_data


class Command(BaseCommand):
    help = (
        "Fill an empty database with a national data set for `make bench`: 150 local "
        "authorities, 40 cohorts, 20,000 applications, 4,000 participants, 400 events and "
        "100,000 attendance records at scale 1, and three accounts with a published password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 national, 0.1 a tenth.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the data set even to a database that already holds data.",
        )
        parser.add_argument(
            "--manifest", type=Path, help="Write the accounts and the measured pages here (JSON)."
        )

    def handle(self, *args, scale: float, force: bool, manifest: Path | None, **options) -> None:
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        if bench_data.has_data() and not force:
            raise CommandError(
                "This database already holds data. bench_data is for a scratch database; "
                "--force adds the data set anyway, with accounts whose password is published."
            )
        started = time.monotonic()
        with transaction.atomic():
            result = bench_data.build(scale=scale, stdout=self.stdout)
        if connection.vendor == "postgresql":
            # The planner's statistics, as a database in use has them from autovacuum: without
            # them it takes tables of thousands of rows for empty ones, and which tables the
            # autovacuum daemon reaches before the pages are measured would decide the figures.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if manifest:
            manifest.write_text(bench_data.manifest_json(result))
        self.stdout.write(f"Bench data at scale {scale} in {time.monotonic() - started:.1f} s.")
