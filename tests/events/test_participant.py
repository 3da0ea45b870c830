from datetime import timedelta

import pytest
from django.test import Client
from icalendar import Calendar

from cohorts import timeline
from events import services
from events.models import AttendanceRecord, CalendarFeed
from tests.evaluations.factories import RoundFactory
from tests.factories import ParticipantFactory, UserFactory, coordinator

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant():
    return ParticipantFactory()


@pytest.fixture
def client_for(participant) -> Client:
    client = Client()
    client.force_login(participant.user)
    return client


def test_dashboard_without_a_place_explains(client):
    client.force_login(UserFactory())
    response = client.get("/me/")
    assert response.status_code == 200
    assert "You do not have a place on a programme yet" in response.content.decode()


def test_dashboard_anonymous_is_sent_to_login(client):
    response = client.get("/me/")
    assert response["Location"].startswith("/accounts/login/")


def test_dashboard_shows_timeline_next_and_what_is_owed(client_for, participant):
    cohort = participant.cohort
    EventFactory(cohort=cohort, title="Event 1: extended day")
    EventFactory(cohort=cohort, seminar=True, title="Online seminar 2")
    other = EventFactory(title="Someone else's event")
    body = client_for.get("/me/").content.decode()
    assert "Event 1: extended day" in body
    assert "Online seminar 2" in body
    assert "meet.example.org/seminar-2" in body  # the joining link, for participants only
    assert "Someone else&#x27;s event" not in body
    assert other.title not in body
    assert "Pre-programme evaluation" in body
    assert "What we need from you" in body


def test_dashboard_engagement_counts_required_events_attended(client_for, participant):
    coord = coordinator()
    past = [
        EventFactory(
            cohort=participant.cohort,
            starts_at=EventFactory.starts_at.function() - timedelta(days=40 + n),
            ends_at=EventFactory.ends_at.function() - timedelta(days=40 + n),
        )
        for n in range(2)
    ]
    services.attendance_mark(
        event=past[0], participant=participant, status=AttendanceRecord.Status.PRESENT, by=coord
    )
    services.attendance_mark(
        event=past[1], participant=participant, status=AttendanceRecord.Status.ABSENT, by=coord
    )
    body = client_for.get("/me/").content.decode()
    assert "1 of 2" in body
    assert f"Missed: {past[1].title}" in body


@pytest.mark.parametrize("size", [1, 8])
def test_dashboard_query_count_does_not_grow(
    client_for, participant, django_assert_num_queries, size
):
    for _ in range(size):
        event = EventFactory(cohort=participant.cohort)
        services.apology_send(participant=participant, event=event, reason="Away")
    client_for.get("/me/")  # the first visit creates the calendar feed
    # session, user, layout role check, participation (with its certificate and completion
    # rule), events (with the participant's marks and apologies), feed; the evaluation
    # rounds and the plan's review dates; the mentoring settings and sessions, the mentor panel's
    # pairing, the portfolio's counts, approved placements, projects with their milestones, the
    # group meetings
    with django_assert_num_queries(15):
        assert client_for.get("/me/").status_code == 200


def test_apology_sent_and_withdrawn(client_for, participant):
    event = EventFactory(cohort=participant.cohort)
    url = f"/me/events/{event.pk}/apology/"
    response = client_for.post(url, {"reason": "Ofsted inspection that week"})
    assert response.status_code == 302
    assert event.apologies.get().reason == "Ofsted inspection that week"
    assert "Apologies sent" in client_for.get("/me/").content.decode()
    client_for.post(f"/me/events/{event.pk}/apology/withdraw/")
    assert not event.apologies.exists()


def test_apology_without_reason_shows_error_beside_field(client_for, participant):
    event = EventFactory(cohort=participant.cohort)
    response = client_for.post(f"/me/events/{event.pk}/apology/", {"reason": ""})
    assert response.status_code == 200
    assert "Give a reason, so the programme team can plan." in response.content.decode()
    assert not event.apologies.exists()


def test_other_cohorts_events_are_404(client_for):
    other = EventFactory()
    assert client_for.get(f"/me/events/{other.pk}/apology/").status_code == 404
    assert client_for.post(f"/me/events/{other.pk}/apology/", {"reason": "x"}).status_code == 404
    assert client_for.get(f"/me/events/{other.pk}.ics").status_code == 404


def test_event_ics_for_own_event(client_for, participant):
    event = EventFactory(cohort=participant.cohort)
    response = client_for.get(f"/me/events/{event.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert entry.decoded("dtstart") == event.starts_at


def test_feed_works_without_login_and_reset_retires_it(client_for, participant):
    first = EventFactory(cohort=participant.cohort, title="Event 1")
    EventFactory(cohort=participant.cohort, seminar=True, title="Seminar 1")
    client_for.get("/me/")
    token = CalendarFeed.objects.get(participant=participant).token
    feed = Client().get(f"/me/calendar/{token}.ics")
    assert feed.status_code == 200
    entries = Calendar.from_ical(feed.content).walk("VEVENT")
    assert {str(e["summary"]).split(": ", 1)[1].split(" –")[0] for e in entries} == {
        "Event 1",
        "Seminar 1",
    }
    assert any(str(e["uid"]).startswith(str(first.uid)) for e in entries)
    client_for.post("/me/calendar/reset/")
    assert Client().get(f"/me/calendar/{token}.ics").status_code == 404
    new = CalendarFeed.objects.get(participant=participant).token
    assert new != token
    assert Client().get(f"/me/calendar/{new}.ics").status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_feed_query_count_does_not_grow(client_for, participant, django_assert_num_queries, size):
    by = coordinator()
    for n in range(size):
        held = EventFactory(
            cohort=participant.cohort,
            starts_at=EventFactory.starts_at.function() - timedelta(days=40 + n),
        )
        services.attendance_mark(
            event=held, participant=participant, status=AttendanceRecord.Status.PRESENT, by=by
        )
        coming = EventFactory(cohort=participant.cohort)
        services.apology_send(participant=participant, event=coming, reason="Away")
    # Someone else's mark and apology on the same events stay out of this participant's feed.
    other = ParticipantFactory(cohort=participant.cohort)
    services.apology_send(participant=other, event=coming, reason="Also away")
    client_for.get("/me/")  # makes the calendar feed
    token = CalendarFeed.objects.get(participant=participant).token
    # the feed with its participant, cohort and programme; the events with the participant's
    # marks and apologies; the group meetings, approved placements, projects
    # with their milestones, the mentoring settings and sessions (not the evaluation rounds
    # or review dates: they are never calendar entries)
    with django_assert_num_queries(7):
        feed = Client().get(f"/me/calendar/{token}.ics")
    assert feed.status_code == 200
    entries = Calendar.from_ical(feed.content).walk("VEVENT")
    assert len([e for e in entries if "Event" in str(e["summary"])]) >= 2 * size


def test_dashboard_shows_each_event_with_only_the_participants_own_mark_and_apology(
    client_for, participant
):
    by = coordinator()
    held = EventFactory(
        cohort=participant.cohort,
        title="Held day",
        starts_at=EventFactory.starts_at.function() - timedelta(days=40),
    )
    coming = EventFactory(cohort=participant.cohort, title="Coming day")
    other = ParticipantFactory(cohort=participant.cohort)
    services.attendance_mark(
        event=held, participant=other, status=AttendanceRecord.Status.ABSENT, by=by
    )
    services.apology_send(participant=other, event=coming, reason="Someone else's reason")
    services.attendance_mark(
        event=held, participant=participant, status=AttendanceRecord.Status.LATE, by=by
    )

    body = client_for.get("/me/").content.decode()

    assert "Late" in body
    assert "Absent" not in body
    assert "Someone else" not in body
    assert "Send apologies<span" in body


def test_feed_unknown_token_is_404(client):
    assert client.get("/me/calendar/not-a-token.ics").status_code == 404


def test_timeline_programme_end_comes_after_the_final_event(participant):
    from datetime import datetime, time

    from django.utils import timezone

    from cohorts.timeline import timeline_for

    cohort = participant.cohort
    EventFactory(
        cohort=cohort,
        title="Final event",
        starts_at=timezone.make_aware(datetime.combine(cohort.ends_on, time(9))),
        ends_at=timezone.make_aware(datetime.combine(cohort.ends_on, time(19, 30))),
    )
    titles = [item.title for item in timeline_for(participant=participant)]
    assert titles[-2:] == ["Final event", "Programme ends"]


def test_feed_skips_only_providers_whose_items_are_never_calendar_entries(participant):
    """The feed asks fewer providers than the year does, and loses no entry by it: every item
    of the whole year that has a calendar entry is in the feed's shorter year too."""
    EventFactory(cohort=participant.cohort)
    RoundFactory(cohort=participant.cohort)
    year = timeline.timeline_for(participant=participant)
    feed = timeline.timeline_for(participant=participant, calendar=True)
    assert {item.source for item in year} - {item.source for item in feed}  # some skipped
    in_calendar = [(item.source, item.title) for item in year if item.calendar_entry]
    assert in_calendar
    assert in_calendar == [(item.source, item.title) for item in feed if item.calendar_entry]
