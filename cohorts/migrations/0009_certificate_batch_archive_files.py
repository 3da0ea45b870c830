"""A certificate batch's zip leaves the database for the private storage (``csssl.storage``)
that every web and worker process shares: the bytes of each zip are written there as a file
and the column becomes the file's name. Reversed, each file's bytes go back into the
database and the file is removed once that commits."""

from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import migrations, models, transaction

import cohorts.models.awards
import csssl.storage


def zips_to_files(apps, schema_editor):
    CertificateBatch = apps.get_model("cohorts", "CertificateBatch")
    batches = CertificateBatch.objects.using(schema_editor.connection.alias)
    storage = csssl.storage.private_storage()
    # One zip in memory at a time: they are megabytes each.
    for pk, cohort_id in list(batches.filter(archive__isnull=False).values_list("pk", "cohort_id")):
        data = batches.filter(pk=pk).values_list("archive", flat=True).get()
        path = cohorts.models.awards.batch_archive_path(
            SimpleNamespace(pk=pk, cohort_id=cohort_id), "certificates.zip"
        )
        name = storage.save(path, ContentFile(bytes(data)))
        batches.filter(pk=pk).update(archive_file=name)


def files_to_zips(apps, schema_editor):
    CertificateBatch = apps.get_model("cohorts", "CertificateBatch")
    batches = CertificateBatch.objects.using(schema_editor.connection.alias)
    storage = csssl.storage.private_storage()
    moved = []
    for pk, name in list(batches.exclude(archive_file="").values_list("pk", "archive_file")):
        try:
            with storage.open(name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            # A zip already lost stays lost: the batch can be generated again.
            continue
        batches.filter(pk=pk).update(archive=data)
        moved.append(name)

    def remove_files():
        for name in moved:
            storage.delete(name)

    transaction.on_commit(remove_files, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0008_quality_descriptors"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificatebatch",
            name="archive_file",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=200,
                storage=csssl.storage.private_storage,
                upload_to=cohorts.models.awards.batch_archive_path,
                verbose_name="zip of certificates",
            ),
        ),
        migrations.RunPython(zips_to_files, files_to_zips, elidable=False),
        migrations.RemoveField(model_name="certificatebatch", name="archive"),
        migrations.RenameField(
            model_name="certificatebatch", old_name="archive_file", new_name="archive"
        ),
    ]
