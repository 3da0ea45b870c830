import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cohorts.models import Cohort, LocalAuthority, Organisation
from csssl.limits import ADDRESS_LENGTH, REASON_LENGTH

#: The most words each statement may have; shown as people type and enforced on the server.
STATEMENT_WORD_LIMIT = 300
#: The most characters a statement may have, even in a draft: well above what 300 words take,
#: so a long draft still saves, but never so long that the application's PDF takes seconds.
STATEMENT_CHARACTER_LIMIT = 4000


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


class ExpressionOfInterest(models.Model):
    """An application for a place on a cohort: a draft until it is submitted before the
    deadline, then endorsed (or not) by the applicant's line manager or DCS contact."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
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

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "expression of interest"
        verbose_name_plural = "expressions of interest"
        ordering = ["-created_at"]
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
        return f"{self.full_name or self.applicant} – {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_external_partner(self) -> bool:
        return bool(self.organisation_type) and (
            self.organisation_type != Organisation.Type.LOCAL_AUTHORITY
        )


class Endorsement(models.Model):
    """A request to the applicant's endorser to confirm they may attend everything.

    Each request has its own random nonce, which the signed link carries: changing the endorser
    supersedes the request, so the old link stops working; answering uses it up."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting answer"
        CONFIRMED = "confirmed", "Endorsed"
        DECLINED = "declined", "Declined"
        SUPERSEDED = "superseded", "Replaced by a new request"
        CANCELLED = "cancelled", "Cancelled (application withdrawn)"

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

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=["pending", "confirmed", "declined"]),
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


# --- Allocation of places by the DCS group -------------------------------------------------


class AllocationSettings(models.Model):
    """How a cohort's places are allocated: when scoring closes, how long an offer stays open,
    and whether a freed place goes to the waiting list by itself."""

    class Refill(models.TextChoices):
        AUTOMATIC = "automatic", "Offer it to the next on the waiting list at once"
        ON_CLICK = "on_click", "Wait for a coordinator to offer it"

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="allocation")
    scoring_closes_on = models.DateField(
        help_text="The DCS group scores by this date; members still scoring are reminded before."
    )
    offer_response_days = models.PositiveSmallIntegerField(
        default=14, help_text="Days an applicant has to accept or decline an offer."
    )
    refill = models.CharField(
        "when an offered place is freed",
        max_length=10,
        choices=Refill.choices,
        default=Refill.ON_CLICK,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "allocation settings"
        verbose_name_plural = "allocation settings"

    def __str__(self) -> str:
        return f"Allocation of {self.cohort}"


class Criterion(models.Model):
    """Something the DCS group scores every application against, from 1 to 5."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=120)
    guidance = models.TextField(
        max_length=REASON_LENGTH, blank=True, help_text="What a 1 and a 5 look like."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cohort", "order", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="criterion_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Allocator(models.Model):
    """A member of the DCS group and the authority they lead, so that they are kept from
    scoring applicants from their own authority."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="allocator"
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocators",
        help_text="The authority they lead or work for; blank for none.",
    )

    class Meta:
        verbose_name = "DCS group member"

    def __str__(self) -> str:
        return str(self.user)


class Score(models.Model):
    """One member's score of one application against one criterion."""

    application = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="scores"
    )
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=REASON_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "scorer", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "scorer", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="score_from_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} for {self.criterion} by {self.scorer}"


class ConflictOfInterest(models.Model):
    """A member kept from scoring an application, and why: recorded for the file."""

    application = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="conflicts"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts"
    )
    reason = models.CharField(max_length=300)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "conflicts of interest"
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="one_conflict_record"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.reason}"


class Decision(models.Model):
    """The DCS group's decision on an application, with its reason, on the record."""

    class Outcome(models.TextChoices):
        OFFER = "offer", "Offer a place"
        WAITING_LIST = "waiting_list", "Waiting list"
        NOT_OFFERED = "not_offered", "Not offered"

    application = models.OneToOneField(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="decision"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    waiting_rank = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(max_length=REASON_LENGTH)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text="Blank when the system offered a freed place by itself.",
    )
    decided_at = models.DateTimeField(default=timezone.now)
    letter_sent_at = models.DateTimeField(null=True, blank=True)
    #: Goes up by one with every change of the outcome, reason or waiting-list place, so a
    #: decision made on a page that showed an older version is refused, not saved over this one.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["cohort", "outcome", "waiting_rank"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="waiting_list") & Q(waiting_rank__isnull=False))
                | (~Q(outcome="waiting_list") & Q(waiting_rank__isnull=True)),
                name="waiting_rank_only_on_waiting_list",
            ),
            models.UniqueConstraint(
                fields=["cohort", "waiting_rank"],
                condition=Q(outcome="waiting_list"),
                name="one_applicant_per_waiting_rank",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="decision_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application}"


class Offer(models.Model):
    """A place offered to an applicant. While pending, sent or accepted it holds one of the
    cohort's places; declined, lapsed or withdrawn it frees it."""

    class State(models.TextChoices):
        PENDING = "pending", "Decided, not yet sent"
        SENT = "sent", "Sent, awaiting answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        LAPSED = "lapsed", "Lapsed (no answer by the date)"
        WITHDRAWN = "withdrawn", "Withdrawn before it was sent"

    HOLDING = (State.PENDING, State.SENT, State.ACCEPTED)

    application = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="offers"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="offers")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    nonce = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(max_length=REASON_LENGTH, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=["pending", "sent", "accepted"]),
                name="one_live_offer_per_application",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(respond_by__isnull=False),
                name="sent_offer_has_response_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer to {self.application} ({self.get_state_display()})"


class BalanceTarget(models.Model):
    """A target for the make-up of the cohort, set by the coordinator: at most or at least so
    many places for one authority, sector, organisation type, or for external partners."""

    class Dimension(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        SECTOR = "sector", "Sector"
        ORGANISATION_TYPE = "organisation_type", "Organisation type"
        PARTNER = "partner", "Local authority or external partner"

    PARTNER_VALUES = (("la", "Local authority"), ("external", "External partner"))

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="balance_targets")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    value = models.CharField(
        max_length=40,
        help_text=(
            "Which group: an authority's ONS code, a sector, an organisation type, or "
            "'la' / 'external'."
        ),
    )
    minimum = models.PositiveSmallIntegerField("at least", null=True, blank=True)
    maximum = models.PositiveSmallIntegerField("at most", null=True, blank=True)

    class Meta:
        ordering = ["cohort", "dimension", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "dimension", "value"], name="one_target_per_group"
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=False) | Q(maximum__isnull=False),
                name="target_has_a_bound",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=F("maximum")),
                name="target_minimum_not_above_maximum",
            ),
        ]

    def __str__(self) -> str:
        bounds = []
        if self.minimum is not None:
            bounds.append(f"at least {self.minimum}")
        if self.maximum is not None:
            bounds.append(f"at most {self.maximum}")
        return f"{' and '.join(bounds)} {self.get_dimension_display().lower()}: {self.value}"


class Invoice(models.Model):
    """The fee for an external partner's accepted place."""

    class Status(models.TextChoices):
        ISSUED = "issued", "Issued"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField(max_length=30, unique=True)
    payer_name = models.CharField(max_length=200)
    payer_email = models.EmailField(max_length=254)
    payer_address = models.TextField(max_length=ADDRESS_LENGTH)
    purchase_order_number = models.CharField(max_length=60, blank=True)
    description = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    issued_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED)
    paid_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoice_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False), name="paid_invoice_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CohortAllocation(Cohort):
    """A cohort seen as its allocation board: where the DCS group scores and decides."""

    class Meta:
        proxy = True
        verbose_name = "allocation board"
        verbose_name_plural = "allocation boards"
