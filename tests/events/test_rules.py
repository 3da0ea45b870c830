"""Who may see or do what with events (``events.rules``)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from events import rules
from tests.factories import (
    CohortFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
    dcs_member,
    mentor,
)

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "coordinator": coordinator(),
        "dcs": dcs_member(),
        "mentor": mentor(),
        "someone": UserFactory(),
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize(
    "rule", [rules.can_keep_registers, rules.can_see_engagement, rules.can_email_cohort]
)
def test_coordinator_pages_are_for_coordinators_only(people, rule):
    assert {name for name, user in people.items() if rule(user)} == {"coordinator"}


def test_an_event_is_a_participants_own_only_on_their_cohort():
    participant = ParticipantFactory()
    assert rules.is_own_event(participant, EventFactory(cohort=participant.cohort))
    assert not rules.is_own_event(participant, EventFactory(cohort=CohortFactory()))


def test_apologies_are_open_until_the_event_starts():
    event = EventFactory()
    assert rules.apologies_open(event, now=event.starts_at - timedelta(seconds=1))
    assert not rules.apologies_open(event, now=event.starts_at)
    assert not rules.apologies_open(event, now=timezone.now() + timedelta(days=3650))
