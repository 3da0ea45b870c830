"""A cohort's completion rule and its batches of certificates.

One module of the cohorts models package, whose ``__init__`` imports it so Django finds them
in the cohorts app. They name the cohort by its label (``"cohorts.Cohort"``) rather than
importing it.
"""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from csssl.storage import private_storage


class CompletionRule(models.Model):
    """What a cohort's participants must do to be awarded the certificate.

    The rule is met when every element of it is (``cohorts.completion``: each feature app
    registers its elements, such as the required events). ``description`` says the whole rule
    to people; ``allowed_absences`` is the allowance of the required-events element: the
    required events are those marked "counts towards completion" (cancelled ones never count),
    and a participant meets that element once every required event has ended (or the programme
    has) and they missed no more of them than allowed; apologies are a missed event like any
    other. A cohort without a rule of its own allows no absence.
    """

    cohort = models.OneToOneField(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="completion_rule"
    )
    allowed_absences = models.PositiveSmallIntegerField(
        default=0,
        help_text="How many required events a participant may miss and still be awarded it.",
    )
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Shown to participants, e.g. “Attend every extended day and the online seminars, "
            "and take part in mentoring.”"
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort"]

    def __str__(self) -> str:
        return f"Completion rule for {self.cohort}"

    @property
    def summary(self) -> str:
        """The rule in a sentence, for people: the description, else what it means."""
        if self.description.strip():
            return self.description.strip()
        return "Attend every required event of the programme."

    @property
    def absences_wording(self) -> str:
        if self.allowed_absences == 0:
            return "No required event may be missed."
        if self.allowed_absences == 1:
            return "One required event may be missed."
        return f"Up to {self.allowed_absences} required events may be missed."


def batch_archive_path(instance: "CertificateBatch", filename: str) -> str:
    """Under the cohort's folder, with a random part so that a batch run again never writes
    over a zip someone may be downloading."""
    return f"certificates/{instance.cohort_id}/batch-{instance.pk}-{uuid.uuid4().hex}.zip"


class CertificateBatch(models.Model):
    """A coordinator's request to award a cohort's certificates and gather them in one zip.

    The work is done by the task ``events.certificates_generate`` (the name it had when
    certificates lived with events, kept so that jobs recorded under it still run);
    ``total`` and ``done`` show its progress. The zip is a file on the private storage
    (``csssl.storage``), which every web and worker process shares and which has no address
    of its own: only the coordinators' download view hands it out.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Generating"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="certificate_batches"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificate_batches"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="Certificates to generate.")
    done = models.PositiveIntegerField(default=0, help_text="Certificates generated so far.")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, for the coordinator.")
    archive = models.FileField(
        "zip of certificates",
        storage=private_storage,
        upload_to=batch_archive_path,
        max_length=200,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = "certificate batch"
        verbose_name_plural = "certificate batches"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="certificate_batch_done_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"Certificates for {self.cohort} ({self.get_status_display().lower()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return round(100 * self.done / self.total)


@receiver(post_delete, sender=CertificateBatch)
def _batch_archive_removed(sender, instance: CertificateBatch, **kwargs) -> None:
    """A batch deleted (alone or with its cohort) takes its zip with it, once that commits."""
    name = instance.archive.name
    if name:
        transaction.on_commit(lambda: private_storage().delete(name))
