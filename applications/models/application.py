"""Expressions of interest, the endorsement requests made on them, and their optional
equality monitoring answers; with the words the app uses for them (which endorsement requests
are in force, which applications may be offered places, which side of the local-authority /
external-partner line an application falls on), written once as querysets and constants."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from applications.form_shape import STATEMENT_CHARACTER_LIMIT
from cohorts.models import Cohort, LocalAuthority, Organisation
from csssl.limits import ADDRESS_LENGTH, REASON_LENGTH


class Sector(models.TextChoices):
    SOCIAL_CARE = "social_care", "Children's social care"
    EARLY_HELP = "early_help", "Early help and family support"
    EDUCATION = "education", "Education and schools"
    SEND = "send", "SEND and inclusion"
    HEALTH = "health", "Health"
    YOUTH = "youth", "Youth services"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    POLICE = "police", "Policing and community safety"
    COMMISSIONING = "commissioning", "Commissioning and partnerships"
    THIRD_SECTOR = "third_sector", "Voluntary and community sector"
    OTHER = "other", "Other"


#: Which side of the line between local authorities and their external partners a place
#: falls on, in the balance of a cohort: the employer's side (``Organisation.Partner``).
PartnerGroup = Organisation.Partner


def partner_group(organisation_type: str) -> Organisation.Partner:
    """The balance group of an organisation type. Any type but a local authority is an external
    partner's, and so is a type not given: a place that is not known to be a local authority's
    is counted with the partners, as the allocation board and the assistant count it. (The
    fee is another matter: see ``ExpressionOfInterest.is_external_partner``.)"""
    return Organisation.partner_of(organisation_type)


class ExpressionOfInterestQuerySet(models.QuerySet):
    def submitted(self) -> ExpressionOfInterestQuerySet:
        return self.filter(status=ExpressionOfInterest.Status.SUBMITTED)

    def submitted_and_endorsed(self) -> ExpressionOfInterestQuerySet:
        """The applications the DCS group scores and may offer places to: submitted, and
        endorsed by the endorser. (An endorsement, once confirmed, stays the request in
        force, so this is also "the request in force is confirmed".)"""
        return self.filter(
            status=ExpressionOfInterest.Status.SUBMITTED,
            endorsements__state=EndorsementState.CONFIRMED,
        )

    def in_partner_group(self, group: str) -> ExpressionOfInterestQuerySet:
        """The applications ``partner_group`` puts in ``group`` ("la" or "external")."""
        return self.filter(Organisation.partner_filter(group, field="organisation_type"))


class ExpressionOfInterest(models.Model):
    """An application for a place on a cohort: a draft until it is submitted before the
    deadline, then endorsed (or not) by the applicant's line manager or DCS contact."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    # Empty only once the application is anonymised under the retention schedule.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    # About the applicant
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField("telephone", max_length=40, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    employer = models.CharField("employer organisation", max_length=200, blank=True)
    organisation_type = models.CharField(
        max_length=20, choices=Organisation.Type.choices, blank=True
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name="local authority area",
    )
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    service_area = models.CharField(max_length=200, blank=True)
    service_led = models.CharField("service or area you lead", max_length=300, blank=True)
    team_size = models.PositiveIntegerField("people you manage", null=True, blank=True)
    reports_to = models.CharField("you report to (job title)", max_length=200, blank=True)

    # The endorser: line manager, or for ALICSE the DCS / Children's Trust contact
    endorser_name = models.CharField(max_length=200, blank=True)
    endorser_job_title = models.CharField(max_length=200, blank=True)
    endorser_email = models.EmailField(max_length=254, blank=True)

    # Statements
    why_now = models.TextField(
        "why this programme, and why now", max_length=STATEMENT_CHARACTER_LIMIT, blank=True
    )
    contribution = models.TextField(
        "what you will bring to the cohort", max_length=STATEMENT_CHARACTER_LIMIT, blank=True
    )
    development = models.TextField(
        "what you want to develop", max_length=STATEMENT_CHARACTER_LIMIT, blank=True
    )

    access_requirements = models.TextField(max_length=REASON_LENGTH, blank=True)
    can_attend_all_dates = models.BooleanField(default=False)
    agrees_full_engagement = models.BooleanField(default=False)
    data_protection_consent = models.BooleanField(default=False)

    # External partners only
    invoice_contact_name = models.CharField(max_length=200, blank=True)
    invoice_contact_email = models.EmailField(max_length=254, blank=True)
    invoice_address = models.TextField(max_length=ADDRESS_LENGTH, blank=True)
    purchase_order_number = models.CharField(max_length=60, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(max_length=REASON_LENGTH, blank=True)
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the person's details were removed under the retention schedule.",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ExpressionOfInterestQuerySet.as_manager()

    class Meta:
        verbose_name = "expression of interest"
        verbose_name_plural = "expressions of interest"
        ordering = ["-created_at"]
        # The newest first (and pk, for a stable page) without sorting every application.
        indexes = [models.Index(fields=["created_at", "id"], name="application_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "cohort"], name="one_application_per_person_per_cohort"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="submitted_application_has_submission_time",
            ),
        ]

    def __str__(self) -> str:
        who = self.full_name or self.applicant or "Anonymised application"
        return f"{who} – {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def applicant_email(self) -> str:
        """The applicant's account address; empty once the application is anonymised."""
        return self.applicant.email if self.applicant_id else ""

    @property
    def partner_group(self) -> Organisation.Partner:
        """Local authority or external partner, in the balance of the cohort: see
        ``partner_group`` (an application with no organisation type counts as a partner's)."""
        return partner_group(self.organisation_type)

    @property
    def is_external_partner(self) -> bool:
        """Whether the applicant works for an external partner, for the fee and the invoice
        details: only once they have said what type of organisation they work for. Unlike
        ``partner_group``, a type not given is not a partner's here, so nobody is asked for a
        fee before they have said who they work for."""
        return Organisation.is_external_type(self.organisation_type)

    @property
    def pays_fee(self) -> bool:
        """An external partner's application to a cohort that charges them a fee."""
        return self.is_external_partner and bool(self.cohort.fee)


class EndorsementState(models.TextChoices):
    PENDING = "pending", "Awaiting answer"
    CONFIRMED = "confirmed", "Endorsed"
    DECLINED = "declined", "Declined"
    SUPERSEDED = "superseded", "Replaced by a new request"
    CANCELLED = "cancelled", "Cancelled (application withdrawn)"


#: The states of a request still in force; any other has been replaced or cancelled. At most one
#: request per application is in force (a database constraint).
LIVE_ENDORSEMENT_STATES = (
    EndorsementState.PENDING,
    EndorsementState.CONFIRMED,
    EndorsementState.DECLINED,
)
#: The states of a request the endorser has answered.
ANSWERED_ENDORSEMENT_STATES = (EndorsementState.CONFIRMED, EndorsementState.DECLINED)


class EndorsementQuerySet(models.QuerySet):
    def live(self) -> EndorsementQuerySet:
        """The requests in force (``LIVE_ENDORSEMENT_STATES``)."""
        return self.filter(state__in=LIVE_ENDORSEMENT_STATES)

    def awaiting_answer(self) -> EndorsementQuerySet:
        """Requests the endorser has yet to answer, on applications still submitted."""
        return self.filter(
            state=EndorsementState.PENDING,
            application__status=ExpressionOfInterest.Status.SUBMITTED,
        )


class Endorsement(models.Model):
    """A request to the applicant's endorser to confirm they may attend everything.

    Each request has its own random nonce, which the signed link carries: changing the endorser
    supersedes the request, so the old link stops working; answering uses it up."""

    State = EndorsementState
    LIVE = LIVE_ENDORSEMENT_STATES
    ANSWERED = ANSWERED_ENDORSEMENT_STATES

    class Basis(models.TextChoices):
        APPROVAL = "approval", "I approve their attendance at every required date"
        AUTONOMY = "autonomy", "They have the autonomy to manage their own diary to attend"

    application = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="endorsements"
    )
    endorser_name = models.CharField(max_length=200)
    endorser_job_title = models.CharField(max_length=200, blank=True)
    endorser_email = models.EmailField(max_length=254)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    nonce = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)
    requested_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    basis = models.CharField(max_length=10, choices=Basis.choices, blank=True)
    comments = models.TextField(max_length=REASON_LENGTH, blank=True)
    decline_reason = models.TextField(max_length=REASON_LENGTH, blank=True)

    history = HistoricalRecords()

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["requested_at", "id"], name="endorsement_requested")]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=LIVE_ENDORSEMENT_STATES),
                name="one_live_endorsement_per_application",
            ),
            models.CheckConstraint(
                condition=~Q(state="declined") | ~Q(decline_reason=""),
                name="declined_endorsement_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endorser_name} for {self.application}"


class EqualityMonitoring(models.Model):
    """Optional equality monitoring, kept apart from the application it came with: allocators
    see only counts across a cohort, never one person's answers."""

    PREFER_NOT = ("prefer_not", "Prefer not to say")

    class AgeBand(models.TextChoices):
        UNDER_35 = "under_35", "Under 35"
        FROM_35 = "35_44", "35 to 44"
        FROM_45 = "45_54", "45 to 54"
        FROM_55 = "55_plus", "55 or over"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Other ethnic group"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    class YesNo(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        PREFER_NOT = "prefer_not", "Prefer not to say"

    application = models.OneToOneField(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="equality_monitoring"
    )
    age_band = models.CharField(max_length=12, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=12, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(
        "disabled or long-term health condition", max_length=12, choices=YesNo.choices, blank=True
    )

    class Meta:
        verbose_name = "equality monitoring answer"

    def __str__(self) -> str:
        return f"Equality monitoring #{self.pk}"


class EqualityTotals(models.Model):
    """A cohort's equality monitoring, once only its totals are kept: how many submitted
    applications gave each answer, taken when the retention schedule removes the answers from
    the people who gave them. The summary reads these in place of the answers."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="equality_totals")
    submitted = models.PositiveIntegerField(help_text="Submitted applications when taken.")
    counts = models.JSONField(help_text="Question → answer → how many gave it.")
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "equality monitoring totals"
        verbose_name_plural = "equality monitoring totals"

    def __str__(self) -> str:
        return f"Equality monitoring totals of {self.cohort}"
