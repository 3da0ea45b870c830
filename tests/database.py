"""Rows the migrations write, and rows a module's tests share."""

from __future__ import annotations

import importlib
from contextlib import contextmanager


def migration_rows_restore() -> None:
    """The East Midlands authorities back, if a flush took them."""
    from django.apps import apps

    from cohorts.models import LocalAuthority

    authorities = importlib.import_module("cohorts.migrations.0003_east_midlands_authorities")
    codes = [code for code, _, _ in authorities.AUTHORITIES]
    if LocalAuthority.objects.filter(code__in=codes).count() < len(codes):
        authorities.load(apps, None)


@contextmanager
def rows_for_the_module(django_db_blocker):
    """For a module-scoped fixture: what it writes inside is kept for each test of the module
    and rolled back after the last. Each test runs in a savepoint of this transaction (its own
    ``db``), so it sees the rows as written and leaves them so; a module's tests that load the
    whole demo load it once instead of once each. Only for modules whose database tests all
    start from those rows, and never with a transactional test (it would empty them)."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        migration_rows_restore()
        yield
        transaction.set_rollback(True)


def tallied(model) -> None:
    """Has PostgreSQL tally ``model``'s table, as the admin's long lists read it (ANALYZE
    counts this transaction's rows too)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
