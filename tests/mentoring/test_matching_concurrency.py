"""A mentor's places are never overfilled, however many coordinators pair at once: twelve
threads, each with its own connection to PostgreSQL, pair twelve participants with a mentor
who has three places left."""

import threading

import pytest
from django.db import connections

from mentoring.errors import MentoringError
from mentoring.models import Pairing
from mentoring.services import matching
from tests.factories import (
    CohortFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ParticipantFactory,
    coordinator,
)
from tests.mentoring.factories import MentorFactory, PoolPlaceFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CONTENDERS = 12
PLACES = 3


def test_concurrent_pairings_fill_exactly_the_mentors_places(postgresql):
    cohort = CohortFactory()
    derby = OrganisationFactory(
        local_authority=LocalAuthorityFactory(code="E06000015", name="Derby")
    )
    place = PoolPlaceFactory(
        cohort=cohort, mentor=MentorFactory(organisation=derby), capacity=PLACES
    )
    people = ParticipantFactory.create_batch(CONTENDERS, cohort=cohort)
    by = coordinator()
    start = threading.Barrier(CONTENDERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def contend(participant):
        try:
            start.wait()
            matching.pairing_make(participant=participant, mentor=place.mentor, by=by)
            result = "paired"
        except MentoringError:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - anything else is the failure we look for
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=contend, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert [o for o in outcomes if o.startswith("error")] == []
    assert outcomes.count("paired") == PLACES
    assert Pairing.objects.filter(mentor=place.mentor, status="active").count() == PLACES
