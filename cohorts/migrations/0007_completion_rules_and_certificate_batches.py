"""Completion rules (with their history) and certificate batches, from the events app.

Their tables were renamed by ``events.0005``, rows and ids unchanged; here they join this app's
state, and their content types follow them so permissions and admin history stay attached.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = ("completionrule", "historicalcompletionrule", "certificatebatch")


def _move_content_types(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_cohorts(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, source="events", target="cohorts")


def content_types_to_events(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, source="cohorts", target="events")


class Migration(migrations.Migration):

    dependencies = [
        ('cohorts', '0006_qualities_from_evaluations'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('events', '0005_completion_rules_and_certificate_batches_to_cohorts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CompletionRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('allowed_absences', models.PositiveSmallIntegerField(default=0, help_text='How many required events a participant may miss and still be awarded it.')),
                        ('description', models.CharField(blank=True, help_text='Shown to participants, e.g. “Attend every extended day and the online seminars, and take part in mentoring.”', max_length=300)),
                        ('cohort', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='completion_rule', to='cohorts.cohort')),
                    ],
                    options={
                        'ordering': ['cohort'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCompletionRule',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('allowed_absences', models.PositiveSmallIntegerField(default=0, help_text='How many required events a participant may miss and still be awarded it.')),
                        ('description', models.CharField(blank=True, help_text='Shown to participants, e.g. “Attend every extended day and the online seminars, and take part in mentoring.”', max_length=300)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('cohort', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cohorts.cohort')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical completion rule',
                        'verbose_name_plural': 'historical completion rules',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='CertificateBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Generating'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', max_length=8)),
                        ('total', models.PositiveIntegerField(default=0, help_text='Certificates to generate.')),
                        ('done', models.PositiveIntegerField(default=0, help_text='Certificates generated so far.')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('error', models.TextField(blank=True, help_text='Why it failed, for the coordinator.')),
                        ('archive', models.BinaryField(blank=True, null=True, verbose_name='zip of certificates')),
                        ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='certificate_batches', to='cohorts.cohort')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificate_batches', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'certificate batch',
                        'verbose_name_plural': 'certificate batches',
                        'ordering': ['-created_at', '-pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('done__lte', models.F('total'))), name='certificate_batch_done_within_total')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_cohorts, content_types_to_events),
    ]
