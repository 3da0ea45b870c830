"""Demo data for the programme pages and every role: run by ``manage.py load_demo``.

Everything is keyed on a natural key (programme slug, programme and cohort name, organisation
name, user email), and a row is written only when its values differ from what is stored, so
loading twice leaves the same rows and no extra history. Reloading also puts back anything a
person changed in the demo rows: the demo is meant to be reset, not kept.

The historic cohorts carry the dates and facts of the published programme descriptions
(``cohorts/demo/data.py``); the current cohorts are placed around ``today`` so that a newcomer
can try every step, from an expression of interest to the last event. The participant
account's place is given by the service that gives every place; the certificate that
completes it is the events demo's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import TextIOBase

from cohorts import services
from cohorts.demo import data
from cohorts.models import Cohort, LocalAuthority, Milestone, Organisation, Participant, Programme
from csssl.demo import DEMO_PASSWORD, at, load_account, update, upsert
from csssl.models import User
from csssl.uktime import time_on_date

THURSDAY = 3


def load_programmes() -> tuple[Programme, Programme]:
    csssl = upsert(Programme, lookup={"slug": "csssl"}, values=data.PROGRAMMES["csssl"])
    alicse = upsert(Programme, lookup={"slug": "alicse"}, values=data.PROGRAMMES["alicse"])
    return csssl, alicse


# --------------------------------------------------------------------------------------------
# Cohorts and their timelines
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One milestone as the demo describes it, before it belongs to a cohort."""

    kind: str
    title: str
    starts_on: date
    precision: str = Milestone.Precision.DAY
    duration: str = ""
    topic: str = ""
    description: str = ""
    ends_on: date | None = None

    def as_tuple(self) -> tuple:
        return (
            self.kind,
            self.title,
            self.topic,
            self.description,
            self.starts_on,
            self.ends_on,
            self.precision,
            self.duration,
        )


def on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def season(day: date) -> str:
    names = {12: "Winter", 1: "Winter", 2: "Winter", 3: "Spring", 4: "Spring", 5: "Spring"}
    names |= {6: "Summer", 7: "Summer", 8: "Summer", 9: "Autumn", 10: "Autumn", 11: "Autumn"}
    return f"{names[day.month]} {day.year}"


def academic_year(day: date) -> int:
    """The calendar year an academic year starts in (September to August)."""
    return day.year if day.month >= 8 else day.year - 1


def cohort_number(first_event: date) -> int:
    """A CSSSL cohort's number, counted from Cohort 1's academic year, 2021/22."""
    return max(academic_year(first_event) - 2021 + 1, 2)


def replace_milestones(cohort: Cohort, steps: list[Step]) -> None:
    """Make the cohort's timeline exactly ``steps``; an unchanged timeline is left alone so its
    rows keep their ids."""
    stored = [
        (m.kind, m.title, m.topic, m.description, m.starts_on, m.ends_on, m.precision, m.duration)
        for m in cohort.milestones.order_by("starts_on", "pk")
    ]
    if stored == [step.as_tuple() for step in steps]:
        return
    cohort.milestones.all().delete()
    for step in steps:
        milestone = Milestone(
            cohort=cohort,
            kind=step.kind,
            title=step.title,
            topic=step.topic,
            description=step.description,
            starts_on=step.starts_on,
            ends_on=step.ends_on,
            precision=step.precision,
            duration=step.duration,
        )
        milestone.full_clean()
        milestone.save()


def csssl_steps(
    *,
    events: list[date],
    seminars: list[date],
    event_precisions: list[str],
    seminar_precision: str,
) -> list[Step]:
    """Four extended days and six seminars on the published topics, in date order."""
    steps = [
        Step(
            kind=Milestone.Kind.EXTENDED_DAY,
            title=title,
            starts_on=day,
            precision=precision,
            duration=data.EXTENDED_DAY,
            description=data.CSSSL_EVENT_TEXT,
        )
        for title, day, precision in zip(
            data.CSSSL_EVENT_TITLES, events, event_precisions, strict=True
        )
    ]
    steps += [
        Step(
            kind=Milestone.Kind.SEMINAR,
            title=f"Online seminar {number}",
            starts_on=day,
            precision=seminar_precision,
            duration=data.SEMINAR,
            topic=topic,
            description=data.CSSSL_SEMINAR_TEXT,
        )
        for number, (day, topic) in enumerate(
            zip(seminars, data.CSSSL_SEMINAR_TOPICS, strict=True), start=1
        )
    ]
    return sorted(steps, key=lambda step: step.starts_on)


def alicse_steps(event_days: list[date]) -> list[Step]:
    """Five event days in Nottingham; the second is the overnight residential."""
    return [
        Step(
            kind=kind,
            title=title,
            starts_on=day,
            ends_on=day + timedelta(days=1) if kind == Milestone.Kind.RESIDENTIAL else None,
            duration=duration,
            description=description,
        )
        for (kind, title, duration, description), day in zip(
            data.ALICSE_STEPS, event_days, strict=True
        )
    ]


def historic_values(history: dict) -> dict:
    """A historic cohort's fields from its row in ``data``."""
    return {
        "status": Cohort.Status.COMPLETED,
        "capacity": history["capacity"],
        "applications_open": at(*history["applications_open"]),
        "application_deadline": at(*history["application_deadline"]),
        "places_awarded_by": history["places_awarded_by"],
        "evaluation_opens": history["evaluation_opens"],
        "evaluation_closes": history["evaluation_closes"],
        "starts_on": history["starts_on"],
        "ends_on": history["ends_on"],
        "external_partner_fee": None,
        "venue_summary": history["venue_summary"],
    }


def load_history(csssl: Programme, alicse: Programme) -> list[Cohort]:
    """The two cohorts the published descriptions tell of, with their own dates."""
    history = data.CSSSL_HISTORY
    cohort_1 = upsert(
        Cohort,
        lookup={"programme": csssl, "name": history["name"]},
        values=historic_values(history),
    )
    replace_milestones(
        cohort_1,
        csssl_steps(
            events=history["events"],
            seminars=history["seminars"],
            event_precisions=history["event_precisions"],
            seminar_precision=history["seminar_precision"],
        ),
    )

    history = data.ALICSE_HISTORY
    alicse_2012 = upsert(
        Cohort,
        lookup={"programme": alicse, "name": history["name"]},
        values=historic_values(history),
    )
    replace_milestones(alicse_2012, alicse_steps(history["event_days"]))
    return [cohort_1, alicse_2012]


@dataclass(frozen=True)
class Window:
    """An application window and evaluation window placed around a given day."""

    applications_open: datetime
    application_deadline: datetime
    places_awarded_by: date
    evaluation_opens: date
    evaluation_closes: date
    first_event: date

    @classmethod
    def around(cls, today: date) -> Window:
        """Open two weeks ago, close four weeks ahead at 23:59, places three weeks later, a
        six-week evaluation window, then the first event on a Thursday a fortnight after."""
        deadline_day = today + timedelta(weeks=4)
        awarded = deadline_day + timedelta(weeks=3)
        evaluation_opens = awarded + timedelta(weeks=1)
        evaluation_closes = evaluation_opens + timedelta(weeks=6)
        return cls(
            applications_open=at(today - timedelta(weeks=2), 9),
            application_deadline=at(deadline_day, 23, 59),
            places_awarded_by=awarded,
            evaluation_opens=evaluation_opens,
            evaluation_closes=evaluation_closes,
            first_event=on_or_after(evaluation_closes + timedelta(weeks=2), THURSDAY),
        )

    def values(self, *, capacity: int, starts_on: date, ends_on: date, venue: str) -> dict:
        return {
            "status": Cohort.Status.OPEN,
            "capacity": capacity,
            "applications_open": self.applications_open,
            "application_deadline": self.application_deadline,
            "places_awarded_by": self.places_awarded_by,
            "evaluation_opens": self.evaluation_opens,
            "evaluation_closes": self.evaluation_closes,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "external_partner_fee": None,
            "venue_summary": venue,
        }


def current_cohort(slug: str, *, today: date) -> Cohort:
    """The programme's cohort this loader placed around ``today``; the other apps' demos
    build on it."""
    window = Window.around(today)
    cohort = (
        Cohort.objects.select_related("programme")
        .filter(
            programme__slug=slug,
            status=Cohort.Status.OPEN,
            applications_open=window.applications_open,
            application_deadline=window.application_deadline,
        )
        .order_by("pk")
        .first()
    )
    if cohort is None:
        raise Cohort.DoesNotExist(f"No current {slug} cohort: load the cohorts demo first.")
    return cohort


def historic_cohort(slug: str, name: str) -> Cohort:
    """One of the two cohorts the published descriptions tell of."""
    return Cohort.objects.select_related("programme").get(programme__slug=slug, name=name)


def load_current(csssl: Programme, alicse: Programme, *, today: date) -> list[Cohort]:
    """One cohort of each programme open for applications today, with every event ahead.

    The CSSSL cohort is found by its number and the ALICSE one by its academic year, not by the
    whole name, so that reloading on a later day moves the same cohort rather than adding one.
    """
    window = Window.around(today)
    first = window.first_event

    shape = data.CSSSL_CURRENT
    csssl_events = [first + timedelta(weeks=w) for w in shape["event_weeks"]]
    csssl_seminars = [first + timedelta(weeks=w, days=-2) for w in shape["seminar_weeks"]]
    number = cohort_number(first)
    name = f"Cohort {number}: {season(csssl_events[0])} – {season(csssl_events[-1])}"
    csssl_values = window.values(
        capacity=shape["capacity"],
        starts_on=csssl_events[0],
        ends_on=csssl_events[-1],
        venue=shape["venue_summary"],
    )
    existing = Cohort.objects.filter(programme=csssl, name__startswith=f"Cohort {number}:").first()
    if existing is None:
        csssl_cohort = upsert(
            Cohort, lookup={"programme": csssl, "name": name}, values=csssl_values
        )
    else:
        csssl_cohort = update(existing, {"name": name, **csssl_values})
    replace_milestones(
        csssl_cohort,
        csssl_steps(
            events=csssl_events,
            seminars=csssl_seminars,
            event_precisions=[Milestone.Precision.DAY] * len(csssl_events),
            seminar_precision=Milestone.Precision.DAY,
        ),
    )

    shape = data.ALICSE_CURRENT
    alicse_days = [first + timedelta(weeks=w, days=d) for w, d in shape["event_days"]]
    year = max(academic_year(first), 2013)
    alicse_cohort = upsert(
        Cohort,
        lookup={"programme": alicse, "name": f"{year}/{(year + 1) % 100:02d} cohort"},
        values=window.values(
            capacity=shape["capacity"],
            starts_on=alicse_days[0],
            ends_on=alicse_days[-1],
            venue=shape["venue_summary"],
        ),
    )
    replace_milestones(alicse_cohort, alicse_steps(alicse_days))
    return [csssl_cohort, alicse_cohort]


# --------------------------------------------------------------------------------------------
# Organisations and places
# --------------------------------------------------------------------------------------------


def load_organisations() -> dict[str, Organisation]:
    """Each council's children's services, linked to its authority, and a few external
    partners, one of each kind that applies for places."""
    authorities = {la.name: la for la in LocalAuthority.objects.filter(name__in=data.COUNCILS)}
    missing = set(data.COUNCILS) - set(authorities)
    if missing:
        raise LocalAuthority.DoesNotExist(
            f"Local authorities missing (run migrate first): {', '.join(sorted(missing))}"
        )
    organisations: dict[str, Organisation] = {}
    for authority_name, name in data.COUNCILS.items():
        organisations[name] = upsert(
            Organisation,
            lookup={"name": name},
            values={
                "type": Organisation.Type.LOCAL_AUTHORITY,
                "local_authority": authorities[authority_name],
            },
        )
    for name, kind, area in data.PARTNERS:
        organisations[name] = upsert(
            Organisation,
            lookup={"name": name},
            values={"type": kind, "local_authority": authorities[area]},
        )
    return organisations


def place_on(
    *,
    user: User,
    cohort: Cohort,
    organisation: Organisation,
    job_title: str,
    joined_at: datetime,
) -> Participant:
    """The person's place on ``cohort``, given the first time by ``participant_enrol`` as every
    place is, and on a reload put back to where it was, employer, job title and joining date.

    Whether the place is completed is not set here: a certificate completes it, and awarding
    certificates is the events demo's."""
    values = {
        "organisation": organisation,
        "local_authority": organisation.local_authority,
        "job_title": job_title,
        "joined_at": joined_at,
    }
    participant = Participant.objects.filter(user=user, cohort=cohort).first()
    if participant is not None:
        return update(participant, values)
    return services.participant_enrol(
        user=user,
        cohort=cohort,
        organisation=organisation,
        job_title=job_title,
        local_authority=organisation.local_authority,
        now=joined_at,
    )


# --------------------------------------------------------------------------------------------
# The CSSSL cohort in the middle of its year
# --------------------------------------------------------------------------------------------
#
# Placed around the day the demo is loaded: its first extended day was ten weeks ago, so two
# extended days and two seminars are held and the rest are ahead. It is numbered one before the
# cohort open for applications now, and found again on a reload as the demo's running CSSSL
# cohort, so loading on a later day moves it (renaming it when its seasons change) rather than
# adding another. The events demo gives it its events, participants, registers and an apology.

TUESDAY_BEFORE = timedelta(days=-2)


def running_first_event(today: date) -> date:
    """The running cohort's first extended day: the Thursday on or after ten weeks ago."""
    shape = data.CSSSL_RUNNING
    return on_or_after(today - timedelta(weeks=shape["first_event_weeks_ago"]), THURSDAY)


def running_cohort(*, today: date) -> Cohort:
    """The demo's running CSSSL cohort; the other apps' demos build on it."""
    cohort = _stored()
    if cohort is None:
        raise Cohort.DoesNotExist("No running CSSSL cohort: load the cohorts demo first.")
    return cohort


def _stored() -> Cohort | None:
    return (
        Cohort.objects.select_related("programme")
        .filter(
            programme__slug="csssl",
            status=Cohort.Status.RUNNING,
            venue_summary=data.CSSSL_RUNNING["venue_summary"],
        )
        .exclude(name=data.CSSSL_COHORT_1)
        .order_by("pk")
        .first()
    )


def load_running(csssl: Programme, *, today: date) -> Cohort:
    """The running cohort and its timeline: four extended days and six seminars."""
    shape = data.CSSSL_RUNNING
    first = running_first_event(today)
    events = [first + timedelta(weeks=w) for w in shape["event_weeks"]]
    seminars = [first + timedelta(weeks=w) + TUESDAY_BEFORE for w in shape["seminar_weeks"]]
    opens_before, closes_before = shape["evaluation_weeks_before"]
    number = max(cohort_number(Window.around(today).first_event) - 1, 2)
    values = {
        "name": f"Cohort {number}: {season(events[0])} – {season(events[-1])}",
        "status": Cohort.Status.RUNNING,
        "capacity": shape["capacity"],
        "applications_open": at(
            first - timedelta(weeks=shape["applications_open_weeks_before"]), 9
        ),
        "application_deadline": at(first - timedelta(weeks=shape["deadline_weeks_before"]), 23, 59),
        "places_awarded_by": first - timedelta(weeks=shape["places_weeks_before"]),
        "evaluation_opens": first - timedelta(weeks=opens_before),
        "evaluation_closes": first - timedelta(weeks=closes_before),
        "starts_on": events[0],
        "ends_on": events[-1],
        "external_partner_fee": None,
        "venue_summary": shape["venue_summary"],
    }
    stored = _stored()
    if stored is None:
        cohort = upsert(
            Cohort, lookup={"programme": csssl, "name": values.pop("name")}, values=values
        )
    else:
        cohort = update(stored, values)
    replace_milestones(
        cohort,
        csssl_steps(
            events=events,
            seminars=seminars,
            event_precisions=[Milestone.Precision.DAY] * len(events),
            seminar_precision=Milestone.Precision.DAY,
        ),
    )
    return cohort


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def load(*, today: date, stdout: TextIOBase) -> None:
    """Load the programmes, cohorts, organisations and demo accounts."""
    csssl, alicse = load_programmes()
    history = load_history(csssl, alicse)
    current = load_current(csssl, alicse, today=today)
    current.insert(0, load_running(csssl, today=today))
    organisations = load_organisations()
    users = {account.email: load_account(account) for account in data.DEMO_ACCOUNTS}
    place = data.DEMO_PARTICIPANT
    place_on(
        user=users[place["email"]],
        cohort=next(cohort for cohort in history if cohort.name == place["cohort"]),
        organisation=organisations[place["employer"]],
        job_title=place["job_title"],
        joined_at=at(*place["joined_at"]),
    )

    def say(text: str) -> None:
        stdout.write(text + "\n")

    say(f"Programmes: {csssl.short_name} ({csssl.slug}), {alicse.short_name} ({alicse.slug})")
    say("Cohorts:")
    for cohort in history + current:
        state = (
            f"open until {time_on_date(cohort.application_deadline)}"
            if cohort.status == Cohort.Status.OPEN
            else cohort.get_status_display().lower()
        )
        say(f"  {cohort} – {state}, {cohort.milestones.count()} dates on the timeline")
    partners = sum(1 for o in organisations.values() if o.is_external_partner)
    say(f"Organisations: {len(organisations) - partners} councils, {partners} external partners")
    say(f'Demo logins (password "{DEMO_PASSWORD}"):')
    width = max(len(email) for email, _ in data.DEMO_LOGINS)
    for email, role in data.DEMO_LOGINS:
        say(f"  {email:<{width}}  {role}")
