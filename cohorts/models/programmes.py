"""Programmes, their cohorts and the dated steps on a cohort's published timeline."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from csssl.limits import LONG_TEXT_LENGTH
from csssl.uktime import long_date, uk_day, uk_today

#: Who signs a programme's certificates when nobody is named: the group that owns the programmes.
DEFAULT_SIGNATORY_TITLE = "Chair, East Midlands DCS group"


class Programme(models.Model):
    """A leadership programme (CSSSL, ALICSE) as the public reads about it."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, help_text="The acronym people use, e.g. CSSSL.")
    slug = models.SlugField(unique=True, help_text="Used in the web address: /programmes/<slug>/.")
    strapline = models.CharField(max_length=200, blank=True)
    summary = models.TextField(
        max_length=LONG_TEXT_LENGTH,
        help_text="One or two paragraphs shown on the home page and cover.",
    )
    about = models.TextField(
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text="Longer description. Blank lines start paragraphs.",
    )
    who_for = models.TextField(
        "who it is for", max_length=LONG_TEXT_LENGTH, help_text="Blank lines start paragraphs."
    )
    key_features = models.TextField(max_length=LONG_TEXT_LENGTH, help_text="One feature per line.")
    structure = models.TextField(
        "how the year runs",
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text="Events, seminars, tutorials and mentoring.",
    )
    requirements = models.TextField(
        "requirements of participants",
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text="The commitment a place brings.",
    )
    accreditation = models.CharField(max_length=200, help_text="e.g. ILM Level 7 certificate.")
    accreditation_detail = models.TextField(max_length=LONG_TEXT_LENGTH, blank=True)
    certificate_signatory_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="Who signs the certificates. Leave blank to sign with the title alone.",
    )
    certificate_signatory_title = models.CharField(
        max_length=120,
        blank=True,
        help_text=f"Leave blank for “{DEFAULT_SIGNATORY_TITLE}”.",
    )
    how_to_apply = models.TextField(
        max_length=LONG_TEXT_LENGTH, help_text="Blank lines start paragraphs."
    )
    contact_email = models.EmailField()
    delivered_by = models.CharField(
        max_length=200, blank=True, help_text="Who coordinates it, e.g. SDSA for the EM DCS group."
    )
    external_partner_fee = models.DecimalField(
        "fee for external partners",
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Local-authority places are fully funded. 0 means no fee for anyone.",
    )
    is_published = models.BooleanField(default=True, help_text="Shown on the public site.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(external_partner_fee__gte=0), name="programme_fee_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})"

    def get_absolute_url(self) -> str:
        return reverse("cohorts:programme", kwargs={"slug": self.slug})

    @property
    def feature_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.key_features.splitlines() if line.strip()]

    @property
    def signatory_title(self) -> str:
        """The title printed under the signature: the one set here, else the DCS group's chair."""
        return self.certificate_signatory_title.strip() or DEFAULT_SIGNATORY_TITLE


class CohortQuerySet(models.QuerySet):
    def public(self) -> "CohortQuerySet":
        """Cohorts the public may read about: announced, of a published programme."""
        return self.filter(status__in=Cohort.ANNOUNCED, programme__is_published=True)

    def current_or_upcoming(self, *, today=None) -> "CohortQuerySet":
        today = today or uk_today()
        return self.public().filter(ends_on__gte=today)

    def announced(self) -> "CohortQuerySet":
        """Every cohort but those still being planned (see ``Cohort.ANNOUNCED``)."""
        return self.filter(status__in=Cohort.ANNOUNCED)

    def active(self) -> "CohortQuerySet":
        """Cohorts being worked on now (see ``Cohort.ACTIVE``)."""
        return self.filter(status__in=Cohort.ACTIVE)

    def recruiting(self) -> "CohortQuerySet":
        """Cohorts whose applications are still in play (see ``Cohort.RECRUITING``)."""
        return self.filter(status__in=Cohort.RECRUITING)


class Cohort(models.Model):
    """One year's intake of a programme, from its application window to its last event."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for applications"
        ALLOCATING = "allocating", "Allocating places"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"

    #: Applications are still in play: being taken, endorsed, scored or allocated. Endorsers
    #: may answer, the DCS group may score and endorsers are reminded only then.
    RECRUITING = (Status.OPEN, Status.ALLOCATING)
    #: Being worked on now, from the first application to the last event: the cohorts on a
    #: coordinator's workspace, a participant's current cohort, and the ones whose places are
    #: still allocated (a place given up while running goes to the waiting list).
    ACTIVE = (Status.OPEN, Status.ALLOCATING, Status.RUNNING)
    #: Every cohort no longer being planned: what the public and the allocation board may see.
    ANNOUNCED = (Status.OPEN, Status.ALLOCATING, Status.RUNNING, Status.COMPLETED)

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200, help_text="e.g. Cohort 1: Autumn 2021 – Spring 2022.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    capacity = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], help_text="How many places there are."
    )
    applications_open = models.DateTimeField("applications open")
    application_deadline = models.DateTimeField(
        help_text="Applications close at this moment (UK time), e.g. 23:59 on 2 July."
    )
    places_awarded_by = models.DateField(help_text="The date applicants will hear by.")
    evaluation_opens = models.DateField("pre-programme evaluation opens", null=True, blank=True)
    evaluation_closes = models.DateField("pre-programme evaluation closes", null=True, blank=True)
    starts_on = models.DateField(help_text="The first event.")
    ends_on = models.DateField(help_text="The last event.")
    external_partner_fee = models.DecimalField(
        "fee for external partners",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Leave blank to use the programme's fee.",
    )
    venue_summary = models.CharField(
        max_length=200, blank=True, help_text="e.g. Nottingham, with one residential."
    )

    objects = CohortQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "programme__order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="cohort_capacity_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(applications_open__lt=F("application_deadline")),
                name="cohort_window_opens_before_deadline",
            ),
            models.CheckConstraint(
                condition=Q(application_deadline__date__lt=F("starts_on")),
                name="cohort_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="cohort_starts_before_it_ends"
            ),
            models.CheckConstraint(
                condition=Q(evaluation_opens__isnull=True)
                | Q(evaluation_closes__isnull=True)
                | Q(evaluation_opens__lte=F("evaluation_closes")),
                name="cohort_evaluation_window_in_order",
            ),
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.short_name} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("cohorts:programme", kwargs={"slug": self.programme.slug})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        deadline_day = uk_day(self.application_deadline) if self.application_deadline else None
        if (
            self.applications_open
            and self.application_deadline
            and self.applications_open >= self.application_deadline
        ):
            errors["application_deadline"] = "The deadline must come after applications open."
        if deadline_day and self.starts_on and deadline_day >= self.starts_on:
            errors["starts_on"] = "The programme must start after the application deadline."
        if deadline_day and self.places_awarded_by and self.places_awarded_by < deadline_day:
            errors["places_awarded_by"] = "Places can only be awarded after the deadline."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The programme must end on or after the day it starts."
        if (
            self.evaluation_opens
            and self.evaluation_closes
            and self.evaluation_closes < self.evaluation_opens
        ):
            errors["evaluation_closes"] = "The evaluation window must close after it opens."
        if errors:
            raise ValidationError(errors)

    @property
    def fee(self) -> Decimal:
        """The fee an external partner pays for a place on this cohort."""
        if self.external_partner_fee is not None:
            return self.external_partner_fee
        return self.programme.external_partner_fee

    @property
    def closes_at(self):
        """The first moment applications are refused. A deadline shown as 23:59 accepts
        submissions until the end of that minute, as a person reading it would expect."""
        return self.application_deadline.replace(second=0, microsecond=0) + timedelta(minutes=1)

    def is_open_for_applications(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.applications_open <= now < self.closes_at

    def application_window_state(self, *, now=None) -> str:
        """'upcoming', 'open' or 'closed', as a visitor would put it."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "upcoming"
        if self.status == self.Status.OPEN and now < self.applications_open:
            return "upcoming"
        if self.is_open_for_applications(now=now):
            return "open"
        return "closed"


class Milestone(models.Model):
    """A dated step on a cohort's published timeline: an event, a seminar and its topic, a
    residential. Dates may be known only to the month while venues are being finalised."""

    class Kind(models.TextChoices):
        EXTENDED_DAY = "extended_day", "Face-to-face extended day"
        EVENT_DAY = "event_day", "Event day"
        RESIDENTIAL = "residential", "Residential"
        SEMINAR = "seminar", "Online seminar"
        TUTORIAL = "tutorial", "Tutorial or group session"
        ACTION_LEARNING = "action_learning", "Action learning"
        PLACEMENT = "placement", "Placement"
        ASSESSMENT = "assessment", "Assessment"
        OTHER = "other", "Other"

    class Precision(models.TextChoices):
        DAY = "day", "Exact date"
        EARLY_MONTH = "early", "Early in the month"
        MONTH = "month", "Month only"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, help_text="e.g. Event 1 or Online seminar 3.")
    topic = models.CharField(max_length=200, blank=True, help_text="A seminar's topic.")
    description = models.TextField(max_length=LONG_TEXT_LENGTH, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="For a residential over two days.")
    precision = models.CharField(max_length=8, choices=Precision.choices, default=Precision.DAY)
    duration = models.CharField(
        max_length=60, blank=True, help_text="e.g. 9.00am – 7.30pm, 2 hours."
    )

    class Meta:
        ordering = ["cohort", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="milestone_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.cohort})"

    @property
    def when(self) -> str:
        if self.precision == self.Precision.MONTH:
            return self.starts_on.strftime("%B %Y")
        if self.precision == self.Precision.EARLY_MONTH:
            return f"Early {self.starts_on.strftime('%B %Y')}"
        if self.ends_on and self.ends_on != self.starts_on:
            if (self.starts_on.year, self.starts_on.month) != (
                self.ends_on.year,
                self.ends_on.month,
            ):
                start = f"{self.starts_on:%-d %B}"
                if self.starts_on.year != self.ends_on.year:
                    start += f" {self.starts_on:%Y}"
                return f"{start} – {long_date(self.ends_on)}"
            return f"{self.starts_on:%-d} – {long_date(self.ends_on)}"
        return long_date(self.starts_on)
