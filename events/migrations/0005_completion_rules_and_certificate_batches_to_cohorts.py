"""Completion rules (with their history) and certificate batches belong to the cohorts app now.

The tables are renamed, so every row and id stays as it was; the models leave this app's state
here and join the cohorts app's state in ``cohorts.0007``.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0004_text_length_limits"),
    ]

    operations = [
        migrations.AlterModelTable(name="completionrule", table="cohorts_completionrule"),
        migrations.AlterModelTable(
            name="historicalcompletionrule", table="cohorts_historicalcompletionrule"
        ),
        migrations.AlterModelTable(name="certificatebatch", table="cohorts_certificatebatch"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CertificateBatch"),
                migrations.DeleteModel(name="CompletionRule"),
                migrations.DeleteModel(name="HistoricalCompletionRule"),
            ],
        ),
    ]
