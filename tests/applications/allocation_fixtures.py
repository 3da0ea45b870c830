"""Building blocks for allocation tests: endorsed applications, criteria, settings."""

from applications import services
from applications.models import (
    AllocationSettings,
    Allocator,
    BalanceTarget,
    Criterion,
    Decision,
    Endorsement,
    Invoice,
    Offer,
)
from cohorts.models import Cohort
from tests.factories import CohortFactory, LocalAuthorityFactory, coordinator, dcs_member

from .factories import ExpressionOfInterestFactory


def endorsed(cohort: Cohort, **kwargs):
    """A submitted application whose endorser has confirmed."""
    application = ExpressionOfInterestFactory(cohort=cohort, **kwargs)
    services.application_submit(application=application)
    endorsement = application.endorsements.get(state=Endorsement.State.PENDING)
    services.endorsement_confirm(endorsement=endorsement, basis="approval")
    application.refresh_from_db()
    return application


def criteria(cohort: Cohort, *names: str) -> list[Criterion]:
    return [
        Criterion.objects.create(cohort=cohort, name=name, order=index)
        for index, name in enumerate(names or ("Readiness for strategic leadership",))
    ]


def refill_automatically(cohort: Cohort) -> None:
    from applications.services import settings_for

    settings = settings_for(cohort)
    settings.refill = AllocationSettings.Refill.AUTOMATIC
    settings.save()


def allocation_year() -> dict:
    """A cohort with a criterion, targets, a scored external partner who accepted a place (so an
    invoice), a waiting-list decision and a conflict of interest; the outcome emails sent."""
    cohort = CohortFactory()
    staff = coordinator()
    member = dcs_member()
    (criterion,) = criteria(cohort)
    accepted = endorsed(cohort, external=True)
    services.score_record(application=accepted, scorer=member, criterion=criterion, value=4)
    services.decision_record(
        application=accepted, outcome=Decision.Outcome.OFFER, reason="Strong", by=staff
    )
    waiting = endorsed(
        cohort, local_authority=LocalAuthorityFactory(code="E06000015", name="Derby")
    )
    services.decision_record(
        application=waiting, outcome=Decision.Outcome.WAITING_LIST, reason="No place", by=staff
    )
    Allocator.objects.create(user=member, local_authority=waiting.local_authority)
    services.conflicts_record(member=member, cohort=cohort)
    services.outcomes_send(cohort=cohort)
    services.offer_accept(offer=Offer.objects.get(application=accepted), user=accepted.applicant)
    BalanceTarget.objects.create(
        cohort=cohort, dimension=BalanceTarget.Dimension.PARTNER, value="external", maximum=5
    )
    services.settings_for(cohort)
    return {
        "cohort": cohort,
        "criterion": criterion,
        "decision": waiting.decision,
        "invoice": Invoice.objects.get(offer__application=accepted),
        "allocator": Allocator.objects.get(user=member),
    }


def proposal_field(body: str) -> str:
    """The signed field in which the board's proposal form sends back what it showed."""
    import re

    (value,) = re.findall(r'<input type="hidden" name="proposal" value="([^"]+)">', body)
    return value


def proposal_shown(body: str, cohort: Cohort) -> dict[str, list[list[int]]]:
    """What the proposal form on the board ``body`` sends back: the offers and the waiting list
    in order, each as [application id, the version of its decision shown]."""
    from django.core import signing

    from applications.admin.board_proposal import SALT

    return signing.loads(proposal_field(body), salt=f"{SALT}:{cohort.pk}")
