"""A place on a cohort (cohorts.services.participant_enrol): joined when the caller says."""

from datetime import datetime

import pytest
import time_machine

from cohorts import services
from csssl.uktime import UK_TIME
from tests.factories import CohortFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def enrol(**kwargs):
    organisation = OrganisationFactory()
    return services.participant_enrol(
        user=UserFactory(),
        cohort=CohortFactory(),
        organisation=organisation,
        job_title="Head of service",
        local_authority=organisation.local_authority,
        **kwargs,
    )


def test_enrol_joined_at_the_moment_given():
    moment = datetime(2021, 9, 2, 10, 0, tzinfo=UK_TIME)
    participant = enrol(now=moment)
    participant.refresh_from_db()
    assert participant.joined_at == moment


@time_machine.travel(datetime(2024, 5, 1, 9, 30, tzinfo=UK_TIME), tick=False)
def test_enrol_joined_now_by_default():
    participant = enrol()
    participant.refresh_from_db()
    assert participant.joined_at == datetime(2024, 5, 1, 9, 30, tzinfo=UK_TIME)
