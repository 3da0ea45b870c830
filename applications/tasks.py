"""Celery tasks of the applications app: thin, idempotent, ids only."""

from celery import shared_task

from applications import services
from cohorts.models import Cohort
from csssl.jobs import JobTask


@shared_task(name="applications.outcomes_send", base=JobTask, acks_late=True)
def outcomes_send(*, cohort_id: int) -> dict[str, int]:
    """Send every unsent outcome of a cohort; running it again sends nothing twice."""
    cohort = Cohort.objects.filter(pk=cohort_id).first()
    if cohort is None:
        return {"offers": 0, "letters": 0}
    return services.outcomes_send(cohort=cohort)
