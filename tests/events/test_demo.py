"""``manage.py load_demo`` for events: venues, every demo cohort's events from its timeline and
its completion rule, and a finished CSSSL Cohort 1 with registers and certificates, loaded
idempotently and without writing any email."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cohorts import completion as engagement
from cohorts.demo.data import CSSSL_COHORT_1
from cohorts.models import Certificate, Cohort, CompletionRule, Milestone, Participant
from csssl.models import OutboxMessage, User
from events.demo.data import COHORT_1_COLLEAGUES, RUNNING_COLLEAGUES, SEMINAR_LEADS
from events.models import (
    EXTENDED_DAY_ENDS,
    EXTENDED_DAY_STARTS,
    AgendaItem,
    Apology,
    AttendanceRecord,
    Event,
    Venue,
)
from tests.database import rows_for_the_module

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 5, 14, 10, 30, tzinfo=LONDON)
PARTICIPANT = "participant@example.org"
NON_COMPLETER = "stephen.hollis@example.org"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Every demo account's password is hashed on the first load; a fast hasher keeps this
    quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(when: datetime = NOW) -> str:
    out = StringIO()
    with time_machine.travel(when, tick=False):
        call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker) -> str:
    """The demo, loaded once for this module's tests (each rolls back what it changes)."""
    with rows_for_the_module(django_db_blocker):
        yield load_demo()


@pytest.fixture
def demo(_demo_loaded, db) -> str:
    return _demo_loaded


def cohort_1() -> Cohort:
    return Cohort.objects.get(programme__slug="csssl", name=CSSSL_COHORT_1)


def current_cohorts() -> list[Cohort]:
    return list(Cohort.objects.filter(status=Cohort.Status.OPEN))


def row_counts() -> dict[str, int]:
    return {
        "venues": Venue.objects.count(),
        "events": Event.objects.count(),
        "event history": Event.history.count(),
        "agenda items": AgendaItem.objects.count(),
        "attendance records": AttendanceRecord.objects.count(),
        "attendance history": AttendanceRecord.history.count(),
        "apologies": Apology.objects.count(),
        "completion rules": CompletionRule.objects.count(),
        "certificates": Certificate.objects.count(),
        "participants": Participant.objects.count(),
        "users": User.objects.count(),
    }


def test_load_demo_twice_leaves_the_same_event_rows(demo):
    first = row_counts()
    ids = {
        "events": set(Event.objects.values_list("pk", flat=True)),
        "agenda": set(AgendaItem.objects.values_list("pk", flat=True)),
        "certificates": set(Certificate.objects.values_list("code", flat=True)),
    }

    load_demo()

    assert first["events"] == 3 * 10 + 2 * 6
    held = Event.objects.filter(cohort=running_cohort(), ends_at__lte=NOW.replace(hour=0, minute=0))
    assert first["attendance records"] == 6 * 10 + len(RUNNING_COLLEAGUES) * held.count()
    assert first["certificates"] == len(COHORT_1_COLLEAGUES)
    assert row_counts() == first
    assert set(Event.objects.values_list("pk", flat=True)) == ids["events"]
    assert set(AgendaItem.objects.values_list("pk", flat=True)) == ids["agenda"]
    assert set(Certificate.objects.values_list("code", flat=True)) == ids["certificates"]


def test_load_demo_writes_no_email(demo):
    load_demo()

    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_participant_account_holds_a_certificate_anyone_can_verify(demo):
    certificate = Certificate.objects.get(participant__user__email=PARTICIPANT)

    response = Client().get(f"/certificates/verify/{certificate.code}/")

    assert response.status_code == 200
    assert certificate.name in response.content.decode()
    assert certificate.programme_short_name == "CSSSL"
    assert certificate.cohort_name == CSSSL_COHORT_1
    assert certificate.participant.status == Participant.Status.COMPLETED
    assert f"certificate {certificate.code}" in demo


def test_participant_account_downloads_their_certificate(demo):
    client = Client()
    client.force_login(User.objects.get(email=PARTICIPANT))

    response = client.get("/me/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_cohort_1_registers_were_taken_at_every_event(demo):
    cohort = cohort_1()
    events = list(cohort.events.all())
    participant = Participant.objects.get(user__email=PARTICIPANT, cohort=cohort)
    marks = AttendanceRecord.objects.filter(event__cohort=cohort)

    assert len(events) == 10
    assert all(event.ends_at < NOW for event in events)
    assert set(marks.filter(participant=participant).values_list("status", flat=True)) == {
        AttendanceRecord.Status.PRESENT
    }
    assert marks.filter(participant=participant).count() == len(events)
    assert all(marks.filter(event=event).count() == cohort.participants.count() for event in events)
    assert set(marks.values_list("marked_by__email", flat=True)) == {"coordinator@example.org"}
    # A register is taken on the event's day, never before it.
    assert all(
        timezone.localdate(mark.marked_at) >= mark.event.local_start.date()
        for mark in marks.select_related("event")
    )


def test_one_cohort_1_participant_missed_two_events_and_has_no_certificate(demo):
    cohort = cohort_1()
    completions = {c.participant.user.email: c for c in engagement.cohort_completions(cohort)}
    missed = completions[NON_COMPLETER]
    apology = Apology.objects.get(participant=missed.participant)

    assert not missed.met
    assert sorted(miss.why for miss in missed.missed) == ["Absent", "Apologies"]
    assert not Certificate.objects.filter(participant=missed.participant).exists()
    assert apology.sent_at < apology.event.starts_at
    assert [email for email, c in completions.items() if not c.met] == [NON_COMPLETER]
    assert all(c.certificate for email, c in completions.items() if email != NON_COMPLETER)


def test_extended_days_run_9_to_7_30_at_a_venue_with_the_programme_agenda(demo):
    for event in Event.objects.filter(kind=Event.Kind.EXTENDED_DAY):
        agenda = list(event.agenda.all())
        kinds = {item.kind for item in agenda}

        assert (event.local_start.time(), event.local_end.time()) == (
            EXTENDED_DAY_STARTS,
            EXTENDED_DAY_ENDS,
        )
        assert event.local_start.weekday() < 5
        assert event.venue is not None
        assert event.venue.address
        assert event.venue.access_notes
        assert {AgendaItem.Kind.KEYNOTE, AgendaItem.Kind.WORKSHOP} <= kinds
        assert agenda[1].kind == AgendaItem.Kind.KEYNOTE
        assert "Director" in agenda[1].speaker
        assert "Children" in agenda[1].speaker
        assert any(item.strand == "Project 2035" for item in agenda)
        assert agenda[-1].kind == AgendaItem.Kind.TUTORIAL
        assert agenda[-1].ends_at == EXTENDED_DAY_ENDS


def test_online_seminars_last_two_hours_on_their_topic_with_a_lead_and_a_link(demo):
    seminars = Event.objects.filter(kind=Event.Kind.ONLINE_SEMINAR)

    assert seminars.count() == 18
    for seminar in seminars:
        milestone = seminar.cohort.milestones.get(title=seminar.title)

        assert seminar.ends_at - seminar.starts_at == timedelta(hours=2)
        assert seminar.topic == milestone.topic
        assert seminar.lead == SEMINAR_LEADS[seminar.topic]
        assert seminar.joining_link.startswith("https://meet.example.org/")
        assert seminar.venue is None


def test_events_follow_each_cohort_timeline(demo):
    for cohort in Cohort.objects.all():
        events = {event.title: event for event in cohort.events.all()}
        for milestone in cohort.milestones.all():
            event = events[milestone.title]

            assert event.counts_toward_completion
            assert not event.cancelled
            if milestone.precision == Milestone.Precision.DAY:
                assert event.local_start.date() == milestone.starts_on
            else:
                assert event.local_start.month == milestone.starts_on.month
                assert event.local_start.weekday() < 5


def test_alicse_cohorts_have_a_two_day_residential_and_a_project_hand_in(demo):
    for cohort in Cohort.objects.filter(programme__slug="alicse"):
        residential = cohort.events.get(kind=Event.Kind.RESIDENTIAL)
        hand_in = cohort.events.get(kind=Event.Kind.ASSESSMENT)

        assert cohort.events.filter(kind=Event.Kind.EVENT_DAY).count() == 4
        assert residential.local_end.date() - residential.local_start.date() == timedelta(days=1)
        assert residential.venue is not None
        assert hand_in.counts_toward_completion
        assert cohort.starts_on < hand_in.local_start.date() < cohort.ends_on


def test_each_demo_cohort_has_a_completion_rule_in_the_programme_wording(demo):
    rules = {cohort.pk: cohort.completion_rule for cohort in Cohort.objects.all()}

    assert len(rules) == 5
    for cohort in Cohort.objects.select_related("programme"):
        rule = rules[cohort.pk]
        assert rule.allowed_absences == 0
        if cohort.programme.slug == "csssl":
            assert "extended days" in rule.description
            assert "online seminars" in rule.description
            assert "mentoring" in rule.description
        else:
            assert "five event days" in rule.description
            assert "residential" in rule.description
            assert "assessment" in rule.description


def test_current_cohorts_have_only_future_events_and_no_registers(demo):
    current = current_cohorts()

    assert len(current) == 2
    for cohort in current:
        assert cohort.events.count() in (10, 6)
        assert all(event.starts_at > NOW for event in cohort.events.all())
    assert not AttendanceRecord.objects.filter(event__cohort__in=current).exists()
    assert not Certificate.objects.filter(participant__cohort__in=current).exists()


def test_loading_on_a_later_day_moves_the_current_events_for_calendars(demo):
    before = {e.pk: (e.starts_at, e.sequence) for e in Event.objects.all()}
    later = NOW + timedelta(days=100)

    load_demo(later)

    current = current_cohorts()
    moved = Event.objects.filter(cohort__in=current)
    running = Event.objects.filter(cohort=running_cohort())
    assert set(Event.objects.values_list("pk", flat=True)) == set(before)
    assert all(event.starts_at > later for event in moved)
    assert all(event.sequence == before[event.pk][1] + 1 for event in moved | running)
    assert all(event.starts_at > before[event.pk][0] for event in running)
    assert all(
        (event.starts_at, event.sequence) == before[event.pk]
        for event in Event.objects.exclude(cohort__in=current).exclude(cohort=running_cohort())
    )
    assert OutboxMessage.objects.count() == 0


def test_reloading_puts_back_a_changed_register_and_removes_an_added_event(demo):
    cohort = cohort_1()
    participant = Participant.objects.get(user__email=PARTICIPANT, cohort=cohort)
    AttendanceRecord.objects.filter(participant=participant).update(
        status=AttendanceRecord.Status.ABSENT
    )
    Event.objects.create(
        cohort=cohort,
        kind=Event.Kind.TUTORIAL,
        title="Extra tutorial",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
    )

    load_demo()

    assert not cohort.events.filter(title="Extra tutorial").exists()
    assert set(
        AttendanceRecord.objects.filter(participant=participant).values_list("status", flat=True)
    ) == {AttendanceRecord.Status.PRESENT}


def running_cohort() -> Cohort:
    return Cohort.objects.get(status=Cohort.Status.RUNNING)


def test_the_running_cohort_has_registers_for_what_is_held_and_an_apology_ahead(demo):
    cohort = running_cohort()
    midnight = NOW.replace(hour=0, minute=0)
    held = cohort.events.filter(ends_at__lte=midnight)
    ahead = cohort.events.filter(starts_at__gt=midnight)

    assert cohort.participants.count() == len(RUNNING_COLLEAGUES)
    assert held.count() >= 4
    assert ahead.filter(kind=Event.Kind.EXTENDED_DAY).count() == 2
    assert AttendanceRecord.objects.filter(event__in=held).count() == 8 * held.count()
    assert not AttendanceRecord.objects.filter(event__in=ahead).exists()
    (apology,) = Apology.objects.filter(event__cohort=cohort)
    assert apology.event == ahead.filter(kind=Event.Kind.EXTENDED_DAY).order_by("starts_at")[0]
    assert apology.sent_at < NOW
    risk = {
        c.participant.user.last_name
        for c in engagement.cohort_completions(cohort, now=NOW)
        if c.reasons
    }
    assert risk == {"Keller", "Nowak"}


def test_the_coordinator_workspace_opens_a_register_of_the_running_cohort(demo):
    cohort = running_cohort()
    recent = cohort.events.filter(ends_at__lte=NOW).order_by("-starts_at").first()
    register_url = f"/coordinator/events/{recent.pk}/register/"
    client = Client()
    client.force_login(User.objects.get(email="coordinator@example.org"))

    with time_machine.travel(NOW, tick=False):
        workspace = client.get("/coordinator/").content.decode()
        register = client.get(register_url)

    assert cohort.name in workspace
    assert register_url in workspace
    assert register.status_code == 200
    assert "Joanne Keller" in register.content.decode()
