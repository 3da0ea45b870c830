from datetime import datetime, timedelta

import factory
from django.utils import timezone

from events.models import EXTENDED_DAY_ENDS, EXTENDED_DAY_STARTS, Event, Venue
from tests.factories import CohortFactory


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ("name",)

    name = "East Midlands Conference Centre"
    address = "University Park\nNottingham"
    postcode = "NG7 2RJ"
    access_notes = "Step-free throughout; hearing loop in the main hall."


def _day(days: int, at) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, at))


class EventFactory(factory.django.DjangoModelFactory):
    """A face-to-face extended day (9.00am to 7.30pm) ten days from now."""

    class Meta:
        model = Event

    cohort = factory.SubFactory(CohortFactory)
    kind = Event.Kind.EXTENDED_DAY
    title = factory.Sequence(lambda n: f"Event {n}")
    starts_at = factory.LazyFunction(lambda: _day(10, EXTENDED_DAY_STARTS))
    ends_at = factory.LazyFunction(lambda: _day(10, EXTENDED_DAY_ENDS))
    venue = factory.SubFactory(VenueFactory)

    class Params:
        seminar = factory.Trait(
            kind=Event.Kind.ONLINE_SEMINAR,
            topic="Strategic commissioning",
            lead="Director of Commissioning, Derbyshire",
            venue=None,
            joining_link="https://meet.example.org/seminar-2",
            ends_at=factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=2)),
        )
