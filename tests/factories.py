"""factory_boy factories for every model tests build on."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from cohorts.models import (
    Cohort,
    LocalAuthority,
    Milestone,
    Organisation,
    Participant,
    Programme,
    Quality,
    QualityFramework,
)
from csssl import roles
from csssl.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Mark the email as verified (as after following the sign-up link), unless
        ``verified=False`` is passed."""
        if not create or extracted is False:
            self.save()
            return
        from allauth.account.models import EmailAddress

        self.save()
        EmailAddress.objects.update_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # A transactional test's flush recreates only the groups that hold permissions, so
            # a role group is made here if it is gone.
            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))
            if {roles.COORDINATORS, roles.DCS_GROUP} & set(extracted):
                self.is_staff = True
                self.save(update_fields=["is_staff"])


def coordinator(**kwargs) -> User:
    return UserFactory(roles=[roles.COORDINATORS], **kwargs)


def dcs_member(**kwargs) -> User:
    return UserFactory(roles=[roles.DCS_GROUP], **kwargs)


def mentor(**kwargs) -> User:
    return UserFactory(roles=[roles.MENTORS], **kwargs)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Strategic Leadership Programme {n}")
    short_name = factory.Sequence(lambda n: f"SLP{n}")
    slug = factory.Sequence(lambda n: f"slp{n}")
    strapline = "A regional leadership development programme"
    summary = "A programme for senior leaders in children's services."
    who_for = "Established leaders heading significant areas of service."
    key_features = "A mixed cohort\nFace-to-face days\nPersonal mentoring"
    accreditation = "ILM Level 7 certificate"
    how_to_apply = "Submit an expression of interest before the deadline."
    contact_email = "programme@example.org"
    external_partner_fee = Decimal("750.00")


class CohortFactory(factory.django.DjangoModelFactory):
    """An open cohort whose window runs from a week ago to three weeks ahead."""

    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    status = Cohort.Status.OPEN
    capacity = 30
    applications_open = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    application_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))
    places_awarded_by = factory.LazyAttribute(
        lambda c: timezone.localtime(c.application_deadline).date() + timedelta(days=21)
    )
    evaluation_opens = factory.LazyAttribute(lambda c: c.places_awarded_by + timedelta(days=7))
    evaluation_closes = factory.LazyAttribute(lambda c: c.evaluation_opens + timedelta(days=42))
    starts_on = factory.LazyAttribute(lambda c: c.evaluation_closes + timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda c: c.starts_on + timedelta(days=180))


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    cohort = factory.SubFactory(CohortFactory)
    kind = Milestone.Kind.EXTENDED_DAY
    title = factory.Sequence(lambda n: f"Event {n}")
    starts_on = factory.LazyAttribute(lambda m: m.cohort.starts_on)


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    """East Midlands authorities are loaded by a migration; this returns one of them."""

    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = "E10000024"
    name = "Nottinghamshire"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = Organisation.Type.LOCAL_AUTHORITY
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    local_authority = factory.SelfAttribute("organisation.local_authority")
    job_title = "Head of Service"


class QualityFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityFramework

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.LazyAttribute(lambda f: f"{f.programme.short_name} leadership qualities")
    is_sample = True


class QualityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quality

    framework = factory.SubFactory(QualityFrameworkFactory)
    theme = "Personal qualities"
    name = factory.Sequence(lambda n: f"Quality {n}")
    description = "What this quality means for a strategic leader."
    order = factory.Sequence(int)
