"""Local authorities and the organisations people work for: a council's children's services
or an external partner."""

from django.db import models
from django.db.models import Q


class LocalAuthority(models.Model):
    """An English local authority with children's services responsibilities."""

    name = models.CharField(max_length=120, unique=True)
    code = models.CharField("ONS code", max_length=9, unique=True)
    region = models.CharField(max_length=60, default="East Midlands")
    is_active = models.BooleanField(
        default=True, help_text="Authorities since reorganised stay for the record."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An employer: a local authority's children's services or an external partner."""

    class Type(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        SCHOOL = "school", "School or academy trust"
        YOUTH_SERVICE = "youth_service", "Youth service"
        THIRD_SECTOR = "third_sector", "Third sector"
        HIGHER_EDUCATION = "higher_education", "Higher education"
        OTHER = "other", "Other"

    class Partner(models.TextChoices):
        """The side of the funding line an employer is on: local-authority places are fully
        funded, an external partner's place carries the programme's fee. Balance targets and
        the allocation board count places by it."""

        LOCAL_AUTHORITY = "la", "Local authority"
        EXTERNAL = "external", "External partner"

    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=20, choices=Type.choices)
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="The area it serves, or the authority it is.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_external_partner(self) -> bool:
        return self.partner_of(self.type) == self.Partner.EXTERNAL

    @classmethod
    def partner_of(cls, organisation_type: str) -> "Organisation.Partner":
        """The side an employer of this type is on: a local authority, or an external partner
        (every other type)."""
        if organisation_type == cls.Type.LOCAL_AUTHORITY:
            return cls.Partner.LOCAL_AUTHORITY
        return cls.Partner.EXTERNAL

    @classmethod
    def is_external_type(cls, organisation_type: str) -> bool:
        """Whether someone who gave this type of employer works for an external partner; an
        answer not given yet (blank) is not taken to be one."""
        return bool(organisation_type) and cls.partner_of(organisation_type) == cls.Partner.EXTERNAL

    @classmethod
    def partner_filter(cls, partner: str, *, field: str = "type") -> Q:
        """The rows on one side (``Partner``), whose organisation type is stored in ``field``."""
        local_authority = Q(**{field: cls.Type.LOCAL_AUTHORITY})
        return local_authority if partner == cls.Partner.LOCAL_AUTHORITY else ~local_authority
