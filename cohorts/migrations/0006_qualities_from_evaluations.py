"""The leadership-quality frameworks and their qualities move here from the evaluations app.

The rows stay where they are, with their ids: the models are taken into this app's state
without touching the database, then their two tables are renamed to this app's names
(``evaluations_qualityframework`` → ``cohorts_qualityframework``, ``evaluations_quality`` →
``cohorts_quality``). A rename keeps every row, id, sequence, index and foreign key; on
PostgreSQL and SQLite it is a change to the catalogue, not a copy. Their content types follow
them, so the permissions given to groups and the admin's record of changes stay attached.
``evaluations.0002_qualities_to_cohorts`` then drops the models from that app's state.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("qualityframework", "quality")


def _move_content_types(apps, schema_editor, *, source: str, target: str) -> None:
    """Relabel the models' content types, keeping their ids, so the permissions and admin log
    entries that point at them now point at the moved models. Where the target already has
    one (never on a normal upgrade), both are left for ``remove_stale_contenttypes``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_cohorts(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, source="evaluations", target="cohorts")


def content_types_to_evaluations(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, source="cohorts", target="evaluations")


class Migration(migrations.Migration):

    dependencies = [
        ("cohorts", "0005_text_length_limits"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("evaluations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="QualityFramework",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=200)),
                        ("introduction", models.TextField(blank=True, help_text="Blank lines start paragraphs.")),
                        ("is_sample", models.BooleanField(default=False, help_text="Sample wording for coordinators to replace; marked as a sample wherever shown.")),
                        ("is_current", models.BooleanField(default=True, help_text="The framework published for the programme (one per programme).")),
                        ("programme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="frameworks", to="cohorts.programme")),
                    ],
                    options={
                        "ordering": ["programme", "name"],
                        "db_table": "evaluations_qualityframework",
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("is_current", True)), fields=("programme",), name="one_current_framework_per_programme"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Quality",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("theme", models.CharField(max_length=120)),
                        ("name", models.CharField(max_length=200)),
                        ("description", models.TextField()),
                        ("indicators", models.TextField(blank=True, help_text="What it looks like in practice, one indicator per line.")),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        ("framework", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="qualities", to="cohorts.qualityframework")),
                    ],
                    options={
                        "verbose_name_plural": "qualities",
                        "ordering": ["framework", "order", "pk"],
                        "db_table": "evaluations_quality",
                        "constraints": [
                            models.UniqueConstraint(fields=("framework", "name"), name="quality_name_unique"),
                        ],
                    },
                ),
            ],
        ),
        # Back to the default names: cohorts_qualityframework and cohorts_quality.
        migrations.AlterModelTable(name="qualityframework", table=None),
        migrations.AlterModelTable(name="quality", table=None),
        migrations.RunPython(content_types_to_cohorts, content_types_to_evaluations),
    ]
