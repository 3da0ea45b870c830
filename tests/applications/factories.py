"""factory_boy factories for expressions of interest, endorsements and equality monitoring."""

import factory
from django.utils import timezone

from applications.models import Endorsement, EqualityMonitoring, ExpressionOfInterest, Sector
from cohorts.models import Organisation
from tests.factories import CohortFactory, LocalAuthorityFactory, UserFactory

WHY_NOW = (
    "I have led our family help service through two years of change and now hold a wider "
    "strategic brief. I want to test my thinking with peers across the region and learn how "
    "other areas are building partnerships that last beyond one funding round."
)
CONTRIBUTION = (
    "I bring experience of redesigning early help with schools, health visitors and the "
    "voluntary sector, and of making the case for investment to elected members. I am happy to "
    "share what went wrong as well as what worked with the rest of the cohort."
)
DEVELOPMENT = (
    "I want to grow my confidence in system leadership: influencing where I have no direct "
    "authority, holding difficult conversations with partners, and using evidence to shape "
    "commissioning decisions so that children and families feel the difference quickly."
)


class ExpressionOfInterestFactory(factory.django.DjangoModelFactory):
    """A complete draft from someone in a local authority; ``submitted=True`` submits it,
    ``external=True`` makes the applicant an external partner (health) with invoice details."""

    class Meta:
        model = ExpressionOfInterest

    class Params:
        submitted = factory.Trait(
            status=ExpressionOfInterest.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        external = factory.Trait(
            organisation_type=Organisation.Type.HEALTH,
            employer="Nottingham University Hospitals NHS Trust",
            sector=Sector.HEALTH,
            service_area="Community paediatrics",
            invoice_contact_name="Accounts Payable Team",
            invoice_contact_email="invoices@nuh.example.org",
            invoice_address="Finance Department\nQueen's Medical Centre\nNottingham NG7 2UH",
            purchase_order_number="PO-4471203",
        )

    cohort = factory.SubFactory(CohortFactory)
    applicant = factory.SubFactory(UserFactory)
    first_name = factory.SelfAttribute("applicant.first_name")
    last_name = factory.SelfAttribute("applicant.last_name")
    # Ofcom reserves 0115 496 0000–0999 for fiction, so no real line is ever shown.
    phone = "0115 496 0123"
    job_title = "Head of Service"
    employer = "Nottinghamshire County Council"
    organisation_type = Organisation.Type.LOCAL_AUTHORITY
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    sector = Sector.EARLY_HELP
    service_area = "Early help and family support"
    service_led = "Family help hubs across the county"
    team_size = 48
    reports_to = "Service Director, Children's Social Care"
    endorser_name = factory.Faker("name", locale="en_GB")
    endorser_job_title = "Service Director"
    endorser_email = factory.Sequence(lambda n: f"endorser{n}@example.org")
    why_now = WHY_NOW
    contribution = CONTRIBUTION
    development = DEVELOPMENT
    can_attend_all_dates = True
    agrees_full_engagement = True
    data_protection_consent = True


class EndorsementFactory(factory.django.DjangoModelFactory):
    """A request, awaiting an answer, to the endorser named on a submitted application;
    ``confirmed=True`` or ``declined=True`` answers it."""

    class Meta:
        model = Endorsement

    class Params:
        confirmed = factory.Trait(
            state=Endorsement.State.CONFIRMED,
            responded_at=factory.LazyFunction(timezone.now),
            basis=Endorsement.Basis.APPROVAL,
        )
        declined = factory.Trait(
            state=Endorsement.State.DECLINED,
            responded_at=factory.LazyFunction(timezone.now),
            decline_reason="The service cannot release them for every required date this year.",
        )

    application = factory.SubFactory(ExpressionOfInterestFactory, submitted=True)
    endorser_name = factory.SelfAttribute("application.endorser_name")
    endorser_job_title = factory.SelfAttribute("application.endorser_job_title")
    endorser_email = factory.SelfAttribute("application.endorser_email")
    state = Endorsement.State.PENDING


class EqualityMonitoringFactory(factory.django.DjangoModelFactory):
    """Equality monitoring answers given with a submitted application."""

    class Meta:
        model = EqualityMonitoring

    application = factory.SubFactory(ExpressionOfInterestFactory, submitted=True)
    age_band = EqualityMonitoring.AgeBand.FROM_45
    sex = EqualityMonitoring.Sex.FEMALE
    ethnicity = EqualityMonitoring.Ethnicity.WHITE
    disability = EqualityMonitoring.YesNo.NO
