"""A cohort's engagement dashboard for coordinators (/coordinator/cohorts/<id>/engagement/).

Every participant against the cohort's completion rule: attended of the required events held so
far, those missed, the longest run of absences, on track or at risk with the reasons in words;
those at risk first. Coordinators only, in a fixed number of queries.
"""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, CompletionRule, Participant
from events import services
from events.models import AttendanceRecord, Event
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
    dcs_member,
)

from .factories import EventFactory

pytestmark = pytest.mark.django_db

Status = AttendanceRecord.Status


# --- Reading the page -----------------------------------------------------------------------------


class Table(HTMLParser):
    """The rows of the page's engagement table: each row's id and the text of its cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self._cell: list[str] | None = None
        self._row: tuple[str, list[str]] | None = None
        self._in_table = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == "engagement":
            self._in_table = True
        elif self._in_table and tag == "tr" and attrs.get("id"):
            self._row = (attrs["id"], [])
        elif self._row is not None and tag in ("th", "td"):
            self._cell = []
        elif self._cell is not None and tag in ("br", "p"):
            self._cell.append(" ")

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row[1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._in_table = False


def table(response) -> dict[str, list[str]]:
    """Cells by participant: name and organisation, standing, attended, missed, absences in a
    row, why. In the order the page lists them (dicts keep it)."""
    parser = Table()
    parser.feed(response.content.decode())
    return {cells[0]: cells[1:] for _, cells in parser.rows}


# --- Fixtures -------------------------------------------------------------------------------------


def days_ago(days: int, *, hours: int = 2) -> dict:
    start = timezone.now() - timedelta(days=days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=hours)}


@pytest.fixture
def cohort() -> Cohort:
    cohort = CohortFactory(status=Cohort.Status.RUNNING, name="Cohort 4: 2027 – 2028")
    CompletionRule.objects.create(
        cohort=cohort,
        allowed_absences=1,
        description="Attend every extended day and the online seminars.",
    )
    return cohort


@pytest.fixture
def events(cohort) -> list[Event]:
    """Three events held (two required extended days and a tutorial that does not count), and
    one required day still to come."""
    return [
        EventFactory(cohort=cohort, title="Event 1: extended day", **days_ago(30)),
        EventFactory(cohort=cohort, title="Event 2: extended day", **days_ago(20)),
        EventFactory(
            cohort=cohort, title="Tutorial group 1", counts_toward_completion=False, **days_ago(10)
        ),
        EventFactory(cohort=cohort, title="Event 3: extended day"),
    ]


def person(cohort, first: str, last: str, **kwargs) -> Participant:
    return ParticipantFactory(
        cohort=cohort,
        user=UserFactory(first_name=first, last_name=last),
        organisation=OrganisationFactory(name=f"{last} County Council"),
        **kwargs,
    )


def mark(event: Event, participant: Participant, status: str) -> None:
    services.attendance_mark(event=event, participant=participant, status=status, by=coordinator())


def apologise(event: Event, participant: Participant) -> None:
    services.apology_send(
        participant=participant,
        event=event,
        reason="Ofsted inspection that week",
        now=event.starts_at - timedelta(days=3),
    )


@pytest.fixture
def signed_in() -> Client:
    client = Client()
    client.force_login(coordinator(first_name="Alex", last_name="Morgan"))
    return client


def url(cohort) -> str:
    return reverse("coordinator:engagement", kwargs={"cohort_id": cohort.pk})


# --- Who may see it -------------------------------------------------------------------------------


def test_engagement_anonymous_sent_to_login(cohort):
    response = Client().get(url(cohort))

    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={url(cohort)}")


def test_engagement_for_participant_dcs_member_and_staff_not_found(cohort, events):
    participant = person(cohort, "Priya", "Shah")
    for user in (participant.user, dcs_member(), UserFactory(is_staff=True)):
        client = Client()
        client.force_login(user)
        assert client.get(url(cohort)).status_code == 404, user


def test_engagement_of_missing_cohort_not_found(signed_in, cohort):
    assert signed_in.get(f"/coordinator/cohorts/{cohort.pk + 1000}/engagement/").status_code == 404


def test_engagement_answers_only_get(signed_in, cohort):
    assert signed_in.post(url(cohort)).status_code == 405


# --- What it shows --------------------------------------------------------------------------------


def test_engagement_lists_those_at_risk_first_with_reasons_in_words(signed_in, cohort, events):
    tom = person(cohort, "Tom", "Adebayo")
    priya = person(cohort, "Priya", "Shah")
    grace = person(cohort, "Grace", "Hughes")
    person(cohort, "Sam", "Left", status=Participant.Status.WITHDRAWN)
    for event in events[:3]:
        mark(event, tom, Status.PRESENT)
    mark(events[0], priya, Status.PRESENT)
    mark(events[1], priya, Status.ABSENT)
    mark(events[2], priya, Status.PRESENT)
    apologise(events[0], grace)
    mark(events[1], grace, Status.LATE)

    response = signed_in.get(url(cohort))

    assert response.status_code == 200
    rows = table(response)
    assert list(rows) == [
        "Grace Hughes Hughes County Council",
        "Priya Shah Shah County Council",
        "Tom Adebayo Adebayo County Council",
    ]
    assert rows["Grace Hughes Hughes County Council"] == [
        "At risk",
        "1 of 2 so far 1 to come",
        "Event 1: extended day (apologies sent)",
        "1",
        "Missed Event 1: extended day (apologies sent).",
    ]
    assert rows["Priya Shah Shah County Council"][:4] == [
        "At risk",
        "1 of 2 so far 1 to come",
        "Event 2: extended day (absent)",
        "1",
    ]
    assert rows["Tom Adebayo Adebayo County Council"] == [
        "On track",
        "2 of 2 so far 1 to come",
        "None",
        "0",
        "On course: 1 required event to come.",
    ]
    body = response.content.decode()
    assert "Sam Left" not in body
    assert "Attend every extended day and the online seminars." in body
    assert "One required event may be missed." in body
    assert "3 participants, 2 at risk." in " ".join(body.split())


def test_engagement_shows_absences_in_a_row_and_a_rule_broken(signed_in, cohort, events):
    owen = person(cohort, "Owen", "Walsh")
    mark(events[0], owen, Status.ABSENT)
    apologise(events[1], owen)
    mark(events[2], owen, Status.APOLOGIES)

    rows = table(signed_in.get(url(cohort)))

    standing, attended, missed, in_a_row, why = rows["Owen Walsh Walsh County Council"]
    assert (standing, attended, in_a_row) == ("At risk", "0 of 2 so far 1 to come", "3")
    assert missed == "Event 1: extended day (absent) Event 2: extended day (apologies sent)"
    assert why == (
        "Missed Event 1: extended day (absent), Event 2: extended day (apologies sent); "
        "this is more than the rule allows. Away from 3 events in a row: Event 1: extended "
        "day, Event 2: extended day, Tutorial group 1."
    )


def test_engagement_links_to_email_those_at_risk_and_certificates(signed_in, cohort, events):
    mark(events[0], person(cohort, "Priya", "Shah"), Status.ABSENT)

    body = signed_in.get(url(cohort)).content.decode()

    email = reverse("coordinator:email", kwargs={"cohort_id": cohort.pk})
    assert f'href="{email}?who=at_risk"' in body
    assert f'href="{reverse("certificates:cohort", args=[cohort.pk])}"' in body


def test_engagement_of_cohort_with_nobody_says_so(signed_in, cohort):
    body = signed_in.get(url(cohort)).content.decode()

    assert "Nobody has a place on this cohort yet." in body
    assert "Email those at risk" not in body


def test_workspace_links_each_cohort_to_engagement_email_and_certificates(signed_in, cohort):
    other = CohortFactory(status=Cohort.Status.OPEN)

    body = signed_in.get("/coordinator/").content.decode()

    for each in (cohort, other):
        assert f'href="/coordinator/cohorts/{each.pk}/engagement/"' in body
        assert f'href="/coordinator/cohorts/{each.pk}/email/"' in body
        assert f'href="{reverse("certificates:cohort", args=[each.pk])}"' in body


@pytest.mark.parametrize("size", [2, 10])
def test_engagement_query_count_does_not_grow(signed_in, cohort, django_assert_num_queries, size):
    by = coordinator()
    held = [EventFactory(cohort=cohort, **days_ago(10 * (n + 1))) for n in range(size)]
    EventFactory(cohort=cohort)
    for n in range(size):
        participant = ParticipantFactory(cohort=cohort)
        for event in held:
            status = Status.ABSENT if n % 2 else Status.PRESENT
            services.attendance_mark(event=event, participant=participant, status=status, by=by)
    apologise(
        EventFactory(cohort=cohort, starts_at=timezone.now() + timedelta(days=3)), participant
    )

    # session, user, the role check, the cohort with its programme and rule; the board's
    # participants, events, marks with apologies, evaluation rounds, mentoring sessions held and
    # group meetings, each read once (who is at risk comes from the same reading)
    with django_assert_num_queries(10):
        response = signed_in.get(url(cohort))

    assert response.status_code == 200
    assert [cells[0] for cells in table(response).values()].count("At risk") == size // 2


def test_engagement_counts_an_event_once_it_has_ended(signed_in, cohort):
    """An event that ended a minute ago is held (and, unmarked, missed); one still going on is
    to come."""
    now = timezone.now()
    start = now - timedelta(hours=2)
    EventFactory(
        cohort=cohort, title="Online seminar 1", starts_at=start, ends_at=now - timedelta(minutes=1)
    )
    EventFactory(
        cohort=cohort, title="Online seminar 2", starts_at=start, ends_at=now + timedelta(hours=1)
    )
    person(cohort, "Priya", "Shah")

    rows = table(signed_in.get(url(cohort)))

    assert rows["Priya Shah Shah County Council"][:3] == [
        "At risk",
        "0 of 1 so far 1 to come",
        "Online seminar 1 (not marked on the register)",
    ]


def test_engagement_rows_show_a_name_that_looks_like_markup_as_text(signed_in, cohort, events):
    """The rows are written in Python, not the template language: every value is still escaped."""
    mark(events[0], person(cohort, '<img src=x onerror="x()">', "O'Neil & Co"), Status.ABSENT)

    body = signed_in.get(url(cohort)).content.decode()

    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=&quot;x()&quot;&gt; O&#x27;Neil &amp; Co" in body
