"""The allocation of places by the DCS group: its settings, criteria and members, scores and
conflicts of interest, decisions, offers, balance targets and the invoices for external
partners' places."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from applications.models.application import ExpressionOfInterest, PartnerGroup
from cohorts.models import Cohort, LocalAuthority
from csssl.limits import ADDRESS_LENGTH, REASON_LENGTH


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


class DecisionQuerySet(models.QuerySet):
    def letters_due(self) -> DecisionQuerySet:
        """Waiting-list and not-offered decisions whose letter has not gone, on applications
        still submitted."""
        return self.filter(
            outcome__in=[Decision.Outcome.WAITING_LIST, Decision.Outcome.NOT_OFFERED],
            letter_sent_at__isnull=True,
            application__status=ExpressionOfInterest.Status.SUBMITTED,
        )


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

    objects = DecisionQuerySet.as_manager()

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


class OfferState(models.TextChoices):
    PENDING = "pending", "Decided, not yet sent"
    SENT = "sent", "Sent, awaiting answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    LAPSED = "lapsed", "Lapsed (no answer by the date)"
    WITHDRAWN = "withdrawn", "Withdrawn before it was sent"


#: The states of an offer that holds one of the cohort's places.
HOLDING_OFFER_STATES = (OfferState.PENDING, OfferState.SENT, OfferState.ACCEPTED)
#: The states of an offer the applicant has never been sent.
UNSENT_OFFER_STATES = (OfferState.PENDING, OfferState.WITHDRAWN)


class OfferQuerySet(models.QuerySet):
    def holding(self) -> OfferQuerySet:
        """Offers holding a place: pending, sent or accepted."""
        return self.filter(state__in=HOLDING_OFFER_STATES)

    def sent_to_applicant(self) -> OfferQuerySet:
        """Offers the applicant has been sent, whatever became of them since."""
        return self.exclude(state__in=UNSENT_OFFER_STATES)


class Offer(models.Model):
    """A place offered to an applicant. While pending, sent or accepted it holds one of the
    cohort's places; declined, lapsed or withdrawn it frees it."""

    State = OfferState
    HOLDING = HOLDING_OFFER_STATES

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

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=HOLDING_OFFER_STATES),
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

    PARTNER_VALUES = tuple(PartnerGroup.choices)

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
