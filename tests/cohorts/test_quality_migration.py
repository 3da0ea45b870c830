"""The move of the leadership qualities from the evaluations app to cohorts keeps every row.

Rows are written through the models as they were before the move (the migration state of
``cohorts.0005`` and ``evaluations.0001``), the migrations are run forward, and the same rows
are read through the models as they are after it: same ids, same values, same links, in the
renamed tables, with the same content types (so the permissions groups hold still apply).
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cohorts", "0005_text_length_limits"), ("evaluations", "0001_initial")]
AFTER = [
    ("cohorts", "0006_qualities_from_evaluations"),
    ("evaluations", "0002_qualities_to_cohorts"),
]
MODELS = ("qualityframework", "quality")


def migrate(targets):
    """Run the migrations to ``targets`` and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def quality_tables() -> set[str]:
    return {
        name
        for name in connection.introspection.table_names()
        if name.endswith(("_qualityframework", "_quality"))
    }


@pytest.fixture
def before(transactional_db):
    """The models as they were before the move; the database is put back to the latest
    migrations afterwards, before the test's rows are flushed."""
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_rows(before):
    """Two frameworks of a programme with three qualities, written in the evaluations app's
    tables, ids given by the database."""
    Programme = before.get_model("cohorts", "Programme")
    QualityFramework = before.get_model("evaluations", "QualityFramework")
    Quality = before.get_model("evaluations", "Quality")
    programme = Programme.objects.create(
        name="Moved Programme",
        short_name="MP",
        slug="moved",
        summary="A programme.",
        who_for="Senior leaders.",
        key_features="Events",
        accreditation="ILM Level 7 certificate",
        how_to_apply="Apply online.",
        contact_email="programme@example.org",
    )
    current = QualityFramework.objects.create(
        programme=programme, name="Agreed qualities", introduction="Agreed.", is_sample=False
    )
    earlier = QualityFramework.objects.create(
        programme=programme, name="Sample qualities", is_sample=True, is_current=False
    )
    qualities = [
        Quality.objects.create(
            framework=current,
            theme="Personal",
            name="Self-awareness",
            description="Knows.",
            order=2,
        ),
        Quality.objects.create(
            framework=current,
            theme="System",
            name="Systems thinking",
            description="Connects.",
            indicators="Builds shared goals\nWorks across agencies",
            order=1,
        ),
        Quality.objects.create(
            framework=earlier, theme="Personal", name="Self-awareness", description="Sample."
        ),
    ]
    return {
        "programme": programme.pk,
        "frameworks": {f.pk: (f.name, f.is_current, f.is_sample) for f in (current, earlier)},
        "qualities": {
            q.pk: (q.framework_id, q.theme, q.name, q.description, q.indicators, q.order)
            for q in qualities
        },
    }


def test_quality_tables_before_the_move_are_the_evaluations_ones(before):
    assert quality_tables() == {"evaluations_qualityframework", "evaluations_quality"}


def test_quality_migration_keeps_frameworks_with_their_ids(old_rows):
    after = migrate(AFTER)

    QualityFramework = after.get_model("cohorts", "QualityFramework")
    assert {
        f.pk: (f.name, f.is_current, f.is_sample) for f in QualityFramework.objects.all()
    } == old_rows["frameworks"]
    assert set(QualityFramework.objects.values_list("programme_id", flat=True)) == {
        old_rows["programme"]
    }


def test_quality_migration_keeps_qualities_with_their_ids_and_frameworks(old_rows):
    after = migrate(AFTER)

    Quality = after.get_model("cohorts", "Quality")
    assert {
        q.pk: (q.framework_id, q.theme, q.name, q.description, q.indicators, q.order)
        for q in Quality.objects.all()
    } == old_rows["qualities"]


def test_quality_migration_renames_the_tables_to_the_cohorts_app(old_rows):
    migrate(AFTER)

    assert quality_tables() == {"cohorts_qualityframework", "cohorts_quality"}


def test_quality_migration_new_rows_continue_the_id_sequence(old_rows):
    after = migrate(AFTER)
    Quality = after.get_model("cohorts", "Quality")
    QualityFramework = after.get_model("cohorts", "QualityFramework")

    framework = QualityFramework.objects.create(
        programme_id=old_rows["programme"], name="Later qualities", is_current=False
    )
    quality = Quality.objects.create(framework=framework, theme="T", name="New", description="D")

    assert framework.pk > max(old_rows["frameworks"])
    assert quality.pk > max(old_rows["qualities"])


def test_quality_migration_keeps_the_foreign_key_constraint(old_rows):
    Quality = migrate(AFTER).get_model("cohorts", "Quality")

    with pytest.raises(IntegrityError):
        Quality.objects.create(framework_id=999_999, theme="T", name="Orphan", description="D")


def test_quality_migration_moves_content_types_with_their_ids(before):
    ContentType = before.get_model("contenttypes", "ContentType")
    old = {
        ct.model: ct.pk
        for ct in ContentType.objects.filter(app_label="evaluations", model__in=MODELS)
    }

    after = migrate(AFTER)

    ContentType = after.get_model("contenttypes", "ContentType")
    assert set(old) == set(MODELS)
    assert {
        ct.model: ct.pk for ct in ContentType.objects.filter(app_label="cohorts", model__in=MODELS)
    } == old
    assert not ContentType.objects.filter(app_label="evaluations", model__in=MODELS).exists()


def test_quality_migration_coordinators_keep_their_permissions(before):
    from django.contrib.auth.models import Group

    def held() -> set[tuple[str, str]]:
        return set(
            Group.objects.get(name="Coordinators")
            .permissions.filter(content_type__model__in=MODELS)
            .values_list("content_type__app_label", "codename")
        )

    granted = held()
    migrate(AFTER)

    assert {codename for _app, codename in granted} >= {"change_quality", "add_qualityframework"}
    assert held() == {("cohorts", codename) for _app, codename in granted}


def test_quality_migration_can_be_reversed_keeping_the_rows(old_rows):
    migrate(AFTER)

    before = migrate(BEFORE)

    assert quality_tables() == {"evaluations_qualityframework", "evaluations_quality"}
    Quality = before.get_model("evaluations", "Quality")
    assert set(Quality.objects.values_list("pk", flat=True)) == set(old_rows["qualities"])
