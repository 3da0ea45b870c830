"""Demo venues, events, registers and certificates: run by ``manage.py load_demo``.

Every demo cohort gets its events from its own timeline (the cohort's milestones): CSSSL's
extended days at venues around the region, each with an agenda, and its online seminars with a
lead and a joining link; ALICSE's event days in Nottingham, its overnight residential and the
hand-in of the work-based project. Each cohort also gets its completion rule. The tables are
in ``events/demo/data.py``.

CSSSL Cohort 1 (2021/22) has finished, so it also has a handful of participants beside the demo
participant, apologies sent ahead, a register taken at every event and certificates awarded
to everyone who met the rule, each through the service a participant or coordinator uses, at
the moment it happened: apologies days before the event, each mark on the event's morning,
the certificates three weeks after the final event. One participant missed two required
events and has no certificate, so the coordinator's pages show both outcomes. The current
cohorts have their events ahead of them and nothing else.

Rows are keyed on their natural key (a venue's name; an event's cohort and title; a register
mark's event and participant) and written only when they differ, so loading twice leaves the
same rows and no extra history, and reloading puts back anything changed in the demo rows.
An event whose time, place or link moves on a reload is announced by the events service (a
new calendar sequence, so calendars that hold it replace it); the outbox is muted, so nobody
is emailed.
"""

from __future__ import annotations

from dataclasses import asdict, astuple, dataclass, replace
from datetime import date, datetime, timedelta
from io import TextIOBase

from cohorts.certificates import certificate_award
from cohorts.completion import cohort_completions
from cohorts.demo import data as cohorts_data
from cohorts.demo.load import current_cohort, historic_cohort, place_on, running_cohort
from cohorts.models import (
    Certificate,
    Cohort,
    CompletionRule,
    Milestone,
    Organisation,
    Participant,
)
from csssl.demo import (
    DemoAccount,
    at,
    load_account,
    outbox_muted,
    update,
    upsert,
)
from csssl.models import User
from csssl.uktime import uk_moment
from events import services
from events.demo import data
from events.demo.data import Colleague, EventDay, ExtendedDay, SampleVenue, Session
from events.demo.summary import write_summary
from events.models import (
    EXTENDED_DAY_ENDS,
    EXTENDED_DAY_STARTS,
    AgendaItem,
    Apology,
    AttendanceRecord,
    Event,
    Venue,
)

Status = AttendanceRecord.Status


def load_venues() -> dict[str, Venue]:
    return {
        sample.name: upsert(
            Venue,
            lookup={"name": sample.name},
            values={
                "address": sample.address,
                "postcode": sample.postcode,
                "access_notes": sample.access_notes,
            },
        )
        for sample in data.VENUES
    }


def agenda_for(day: ExtendedDay | EventDay, shape: list[Session]) -> tuple[Session, ...]:
    """The day's agenda: ``shape`` with the names in braces filled from ``day``."""
    fill = asdict(day)
    return tuple(
        replace(
            session,
            title=session.title.format(**fill),
            speaker=session.speaker.format(**fill),
        )
        for session in shape
    )


# --------------------------------------------------------------------------------------------
# Events from the timeline
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedEvent:
    """An event as the demo plans it, before it is stored."""

    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    topic: str = ""
    lead: str = ""
    venue: Venue | None = None
    joining_link: str = ""
    agenda: tuple[Session, ...] = ()

    def values(self) -> dict:
        return {
            "kind": self.kind,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "description": self.description,
            "topic": self.topic,
            "lead": self.lead,
            "venue": self.venue,
            "joining_link": self.joining_link,
            "counts_toward_completion": True,
            "cancelled": False,
        }


def held_on(milestone: Milestone) -> date:
    """The day an event is held. A milestone published only by its month (or as early in the
    month) keeps its date when that falls on a weekday; a weekend date moves to the Monday
    after, or to the Friday before when the month would end first."""
    day = milestone.starts_on
    if milestone.precision == Milestone.Precision.DAY or day.weekday() < 5:
        return day
    monday = day + timedelta(days=7 - day.weekday())
    return monday if monday.month == day.month else day - timedelta(days=day.weekday() - 4)


def plan_csssl(cohort: Cohort, venues: dict[str, Venue]) -> list[PlannedEvent]:
    """The four extended days and six online seminars on the cohort's timeline."""
    milestones = list(cohort.milestones.order_by("starts_on", "pk"))
    extended = [m for m in milestones if m.kind == Milestone.Kind.EXTENDED_DAY]
    seminars = [m for m in milestones if m.kind == Milestone.Kind.SEMINAR]
    planned = []
    for milestone, day, venue in zip(extended, data.EXTENDED_DAYS, data.CSSSL_VENUES, strict=True):
        held = held_on(milestone)
        planned.append(
            PlannedEvent(
                kind=Event.Kind.EXTENDED_DAY,
                title=milestone.title,
                starts_at=uk_moment(held, EXTENDED_DAY_STARTS),
                ends_at=uk_moment(held, EXTENDED_DAY_ENDS),
                description=milestone.description,
                venue=venues[venue.name],
                agenda=agenda_for(day, data.EXTENDED_DAY_AGENDA),
            )
        )
    for number, milestone in enumerate(seminars, start=1):
        starts_at = uk_moment(held_on(milestone), data.SEMINAR_STARTS)
        planned.append(
            PlannedEvent(
                kind=Event.Kind.ONLINE_SEMINAR,
                title=milestone.title,
                starts_at=starts_at,
                ends_at=starts_at + data.SEMINAR_LENGTH,
                description=milestone.description,
                topic=milestone.topic,
                lead=data.SEMINAR_LEADS.get(milestone.topic, ""),
                joining_link=(
                    f"https://meet.example.org/{cohort.programme.slug}/{cohort.pk}/seminar-{number}"
                ),
            )
        )
    return planned


def plan_alicse(
    cohort: Cohort, venues: dict[str, Venue], *, residential_at: SampleVenue
) -> list[PlannedEvent]:
    """The four event days and the residential on the cohort's timeline, and the hand-in of
    the work-based project a fortnight before the last day."""
    milestones = list(cohort.milestones.order_by("starts_on", "pk"))
    days = [m for m in milestones if m.kind == Milestone.Kind.EVENT_DAY]
    residential = next(m for m in milestones if m.kind == Milestone.Kind.RESIDENTIAL)
    planned = []
    for milestone, day in zip(days, data.ALICSE_DAYS, strict=True):
        held = held_on(milestone)
        planned.append(
            PlannedEvent(
                kind=Event.Kind.EVENT_DAY,
                title=milestone.title,
                starts_at=uk_moment(held, data.EVENT_DAY_STARTS),
                ends_at=uk_moment(held, data.EVENT_DAY_ENDS),
                description=milestone.description,
                venue=venues[data.NOTTINGHAM.name],
                agenda=agenda_for(day, data.EVENT_DAY_AGENDA),
            )
        )
    first_day = held_on(residential)
    last_day = residential.ends_on or first_day + timedelta(days=1)
    planned.append(
        PlannedEvent(
            kind=Event.Kind.RESIDENTIAL,
            title=residential.title,
            starts_at=uk_moment(first_day, data.EVENT_DAY_STARTS),
            ends_at=uk_moment(last_day, data.EVENT_DAY_ENDS),
            description=residential.description,
            venue=venues[residential_at.name],
        )
    )
    due = held_on(days[-1]) - data.PROJECT_DUE_BEFORE_FINAL_EVENT
    planned.append(
        PlannedEvent(
            kind=Event.Kind.ASSESSMENT,
            title=data.PROJECT_HAND_IN_TITLE,
            starts_at=uk_moment(due, data.PROJECT_HAND_IN_OPENS),
            ends_at=uk_moment(due, data.PROJECT_HAND_IN),
            description=data.PROJECT_HAND_IN_TEXT,
            lead=data.ALICSE_TUTORS,
        )
    )
    return sorted(planned, key=lambda event: event.starts_at)


def load_event(cohort: Cohort, plan: PlannedEvent) -> Event:
    """Store the planned event, found by its cohort and title. When its time, place or link
    has changed, the events service announces the move, as it does for a coordinator's edit:
    its calendar sequence goes up so that calendars replace it."""
    event = Event.objects.filter(cohort=cohort, title=plan.title).order_by("pk").first()
    if event is None:
        event = Event(cohort=cohort, title=plan.title, **plan.values())
        event.full_clean()
        event.save()
    else:
        values = plan.values()
        if any(getattr(event, field) != value for field, value in values.items()):
            before = services.calendar_snapshot(event)
            for field, value in values.items():
                setattr(event, field, value)
            event.full_clean()
            event.save()
            services.event_changed(event=event, before=before)
    load_agenda(event, plan.agenda)
    return event


def load_agenda(event: Event, sessions: tuple[Session, ...]) -> None:
    """Make the event's agenda exactly ``sessions``; an unchanged agenda keeps its rows."""
    stored = [
        (item.starts_at, item.ends_at, item.kind, item.title, item.speaker, item.strand)
        for item in event.agenda.order_by("starts_at", "pk")
    ]
    if stored == [astuple(session) for session in sessions]:
        return
    event.agenda.all().delete()
    for session in sessions:
        item = AgendaItem(event=event, **asdict(session))
        item.full_clean()
        item.save()


def load_events(cohort: Cohort, plans: list[PlannedEvent]) -> list[Event]:
    """The cohort's events exactly as planned: any other event on the cohort is removed."""
    events = [load_event(cohort, plan) for plan in plans]
    cohort.events.exclude(pk__in=[event.pk for event in events]).delete()
    return events


def load_rule(cohort: Cohort, description: str) -> CompletionRule:
    return upsert(
        CompletionRule,
        lookup={"cohort": cohort},
        values={"allowed_absences": 0, "description": description},
    )


# --------------------------------------------------------------------------------------------
# CSSSL Cohort 1: participants, registers and certificates
# --------------------------------------------------------------------------------------------


def load_colleague(colleague: Colleague, cohort: Cohort) -> Participant:
    user = load_account(
        DemoAccount(
            colleague.email,
            colleague.first_name,
            colleague.last_name,
            f"Participant of {cohort}",
        )
    )
    return place_on(
        user=user,
        cohort=cohort,
        organisation=Organisation.objects.get(name=colleague.employer),
        job_title=colleague.job_title,
        joined_at=at(colleague.joined_on, 10),
    )


def send_apologies(
    participant: Participant, colleague: Colleague | None, by_title: dict[str, Event]
) -> None:
    """The participant's apologies, sent through the apologies service the number of days
    ahead the demo says; any other apology they have for the cohort's events is withdrawn."""
    kept = None
    if colleague and colleague.apology:
        wanted = colleague.apology
        event = by_title[wanted.event]
        sent_at = event.starts_at - timedelta(days=wanted.days_before)
        stored = Apology.objects.filter(participant=participant, event=event).first()
        if stored is None or (stored.reason, stored.sent_at) != (wanted.reason, sent_at):
            services.apology_send(
                participant=participant, event=event, reason=wanted.reason, now=sent_at
            )
        kept = event
    for apology in Apology.objects.filter(participant=participant, event__in=by_title.values()):
        if apology.event != kept:
            services.apology_withdraw(participant=participant, event=apology.event)


def take_register(
    *, event: Event, participant: Participant, status: str, note: str, by: User
) -> AttendanceRecord:
    """The participant's mark at the event, made through the register's service on the
    event's morning, as the coordinator took it; a mark already so is left untouched."""
    taken_at = event.starts_at + data.REGISTER_TAKEN_AFTER
    record = AttendanceRecord.objects.filter(event=event, participant=participant).first()
    if record is not None and (
        record.status,
        record.note,
        record.marked_by_id,
        record.marked_at,
    ) == (
        status,
        note,
        by.pk,
        taken_at,
    ):
        return record
    return services.attendance_mark(
        event=event, participant=participant, status=status, note=note, by=by, now=taken_at
    )


def load_registers(
    events: list[Event], attendees: list[tuple[Participant, Colleague | None]], *, by: User
) -> None:
    """Apologies where sent, then a register for every event: each participant present,
    except for their own marks."""
    by_title = {event.title: event for event in events}
    for participant, colleague in attendees:
        send_apologies(participant, colleague, by_title)
        marks = {mark.event: mark for mark in colleague.marks} if colleague else {}
        for event in events:
            mark = marks.get(event.title)
            take_register(
                event=event,
                participant=participant,
                status=mark.status if mark else Status.PRESENT,
                note=mark.note if mark else "",
                by=by,
            )


def put_back_places(participants: list[Participant]) -> None:
    """A place is completed by its certificate, and the certificate service marks it so. A
    reload puts back the status of a place someone has changed since: completed where a
    certificate was awarded, active where none was."""
    awarded = set(
        Certificate.objects.filter(participant__in=participants).values_list(
            "participant_id", flat=True
        )
    )
    for participant in Participant.objects.filter(pk__in=[p.pk for p in participants]):
        done = participant.pk in awarded
        update(
            participant,
            {"status": Participant.Status.COMPLETED if done else Participant.Status.ACTIVE},
        )


def award_certificates(cohort: Cohort, participants: list[Participant]) -> list[Certificate]:
    """Certificates, awarded as a coordinator would after the final event, to those of
    ``participants`` who met the rule. A certificate already awarded is kept as it is."""
    wanted = {participant.pk for participant in participants}
    awarded = []
    for completion in cohort_completions(cohort, now=data.COHORT_1_AWARDED):
        if completion.participant.pk in wanted and (completion.met or completion.certificate):
            awarded.append(
                certificate_award(
                    participant=completion.participant,
                    completion=completion,
                    now=data.COHORT_1_AWARDED,
                )
            )
    return awarded


# --------------------------------------------------------------------------------------------
# The CSSSL cohort in the middle of its year: participants, registers so far, an apology
# --------------------------------------------------------------------------------------------


def load_newcomer(newcomer: data.Newcomer, cohort: Cohort, *, joined_at: datetime) -> Participant:
    user = load_account(
        DemoAccount(
            newcomer.email,
            newcomer.first_name,
            newcomer.last_name,
            f"Participant of {cohort}",
        )
    )
    return place_on(
        user=user,
        cohort=cohort,
        organisation=Organisation.objects.get(name=newcomer.employer),
        job_title=newcomer.job_title,
        joined_at=joined_at,
    )


def load_running_year(
    cohort: Cohort, events: list[Event], *, today: date, by: User
) -> list[Participant]:
    """The running cohort's participants, a register for every event that ended before the
    demo's day (each present except for their own marks), and apologies for the next extended
    day from whoever sends them. Events of the demo's day and after have no register yet."""
    before_today = at(today, 0)
    held = [event for event in events if event.ends_at <= before_today]
    next_day = next(
        event
        for event in events
        if event.kind == Event.Kind.EXTENDED_DAY and event.starts_at > before_today
    )
    joined = at(cohort.places_awarded_by, 10)
    participants = []
    for number, newcomer in enumerate(data.RUNNING_COLLEAGUES):
        participant = load_newcomer(
            newcomer, cohort, joined_at=joined + number * data.RUNNING_JOINED_AFTER_AWARD
        )
        participants.append(participant)
        marks = {mark.event: mark for mark in newcomer.marks}
        for event in held:
            mark = marks.get(event.title)
            take_register(
                event=event,
                participant=participant,
                status=mark.status if mark else Status.PRESENT,
                note=mark.note if mark else "",
                by=by,
            )
        apologies = Apology.objects.filter(participant=participant, event__cohort=cohort)
        if newcomer.apology:
            sent_at = at(today - timedelta(days=newcomer.apology_days_ago), 18)
            stored = apologies.filter(event=next_day).first()
            if stored is None or (stored.reason, stored.sent_at) != (newcomer.apology, sent_at):
                services.apology_send(
                    participant=participant, event=next_day, reason=newcomer.apology, now=sent_at
                )
            apologies = apologies.exclude(event=next_day)
        for apology in apologies:
            services.apology_withdraw(participant=participant, event=apology.event)
        AttendanceRecord.objects.filter(participant=participant, event__cohort=cohort).exclude(
            event__in=held
        ).delete()
    put_back_places(participants)
    return participants


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def load(*, today: date, stdout: TextIOBase) -> None:
    """Load venues, every demo cohort's events and completion rule, and CSSSL Cohort 1's
    participants, apologies, registers and certificates."""
    venues = load_venues()
    cohort_1 = historic_cohort("csssl", cohorts_data.CSSSL_COHORT_1)
    alicse_2012 = historic_cohort("alicse", cohorts_data.ALICSE_2012)
    csssl_now = current_cohort("csssl", today=today)
    csssl_running = running_cohort(today=today)
    alicse_now = current_cohort("alicse", today=today)

    loaded: dict[Cohort, list[Event]] = {}
    with outbox_muted():
        for cohort in (cohort_1, csssl_running, csssl_now):
            loaded[cohort] = load_events(cohort, plan_csssl(cohort, venues))
            load_rule(cohort, data.CSSSL_RULE)
        for cohort, residential_at in (
            (alicse_2012, data.HISTORIC_RESIDENTIAL_AT),
            (alicse_now, data.CURRENT_RESIDENTIAL_AT),
        ):
            loaded[cohort] = load_events(
                cohort, plan_alicse(cohort, venues, residential_at=residential_at)
            )
            load_rule(cohort, data.ALICSE_RULE)

        coordinator = User.objects.get(email=data.DEMO_COORDINATOR)
        demo_participant = Participant.objects.get(
            user__email=cohorts_data.DEMO_PARTICIPANT["email"], cohort=cohort_1
        )
        attendees: list[tuple[Participant, Colleague | None]] = [(demo_participant, None)]
        attendees += [(load_colleague(c, cohort_1), c) for c in data.COHORT_1_COLLEAGUES]
        participants = [participant for participant, _ in attendees]
        put_back_places(participants)
        load_registers(loaded[cohort_1], attendees, by=coordinator)
        certificates = award_certificates(cohort_1, participants)
        load_running_year(csssl_running, loaded[csssl_running], today=today, by=coordinator)

    write_summary(
        stdout,
        venues=venues,
        loaded=loaded,
        cohort_1=cohort_1,
        certificates=certificates,
        demo_participant=demo_participant,
        running=csssl_running,
        now=at(today, 0),
    )
