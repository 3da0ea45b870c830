"""The people with a place on a cohort, and the certificates they are awarded."""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cohorts.models.organisations import LocalAuthority, Organisation
from cohorts.models.programmes import Cohort
from csssl.addresses import absolute_url
from csssl.uktime import uk_day


class Participant(models.Model):
    """A person with a place on a cohort (an accepted offer)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    #: Who is on the cohort's registers: everyone who has not withdrawn, whether still active
    #: or already completed.
    ON_PROGRAMME = (Status.ACTIVE, Status.COMPLETED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participations"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participants"
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        help_text="The area they work in.",
    )
    job_title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort"], name="participant_once_per_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.cohort}"


#: The characters of a certificate code: capital letters and digits without the ones people
#: confuse when reading or typing (0 and O, 1, I and L), so a code read aloud or copied from
#: paper is typed right the first time.
CERTIFICATE_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CERTIFICATE_CODE_LENGTH = 12


def new_certificate_code() -> str:
    """A random certificate code: 12 characters from a 31-character alphabet (about 59 bits),
    so codes cannot be guessed or walked through."""
    return "".join(
        secrets.choice(CERTIFICATE_CODE_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH)
    )


class Certificate(models.Model):
    """The record that a participant completed their programme, with a public verification code.

    What the certificate says is copied here when it is issued (name, programme, cohort,
    accreditation, dates and signatory), so a certificate reads the same for ever, whatever is
    later changed on the programme, the cohort or the person's account. Issued only through
    ``cohorts.services.certificate_issue``.
    """

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(
        max_length=CERTIFICATE_CODE_LENGTH,
        unique=True,
        default=new_certificate_code,
        editable=False,
        help_text="Printed on the certificate; anyone can check it at /certificates/verify/.",
    )
    issued_at = models.DateTimeField(default=timezone.now)
    name = models.CharField(max_length=300, help_text="The participant's name as printed.")
    programme_name = models.CharField(max_length=200)
    programme_short_name = models.CharField(max_length=20)
    cohort_name = models.CharField(max_length=200)
    accreditation = models.CharField(max_length=200, help_text="e.g. ILM Level 7 certificate.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    signatory_name = models.CharField(max_length=120, blank=True)
    signatory_title = models.CharField(max_length=120)
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Withdrawn at the holder's request, when their data was erased: the name is "
        "removed, and the public check says so.",
    )

    class Meta:
        ordering = ["-issued_at", "name"]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}, {self.programme_short_name} {self.cohort_name}"

    def get_absolute_url(self) -> str:
        return reverse("cohorts:certificate_verify", kwargs={"code": self.code})

    @property
    def awarded_on(self) -> date:
        """The date of award, as a person in the UK would write it."""
        return uk_day(self.issued_at)

    @property
    def verify_url(self) -> str:
        """The full public address that confirms this certificate."""
        return absolute_url("cohorts:certificate_verify", code=self.code)
