"""The leadership-quality frameworks and qualities now belong to the cohorts app
(``cohorts.0006_qualities_from_evaluations`` took them over with their rows and renamed their
tables): this app forgets them without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cohorts", "0006_qualities_from_evaluations"),
        ("evaluations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Quality"),
                migrations.DeleteModel(name="QualityFramework"),
            ],
        ),
    ]
