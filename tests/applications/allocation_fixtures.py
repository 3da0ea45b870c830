"""Building blocks for allocation tests: endorsed applications, criteria, settings."""

from applications import services
from applications.models import AllocationSettings, Criterion, Endorsement
from cohorts.models import Cohort

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
