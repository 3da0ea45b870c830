"""What the events demo says it loaded, for the person running ``manage.py load_demo``."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from io import TextIOBase

from cohorts.completion import cohort_completions
from cohorts.models import Certificate, Cohort, Participant
from csssl.uktime import long_date, uk_day, weekday_date
from events.demo import data
from events.models import Apology, AttendanceRecord, Event, Venue

KIND_WORDS = {
    Event.Kind.EXTENDED_DAY: ("extended day", "extended days"),
    Event.Kind.ONLINE_SEMINAR: ("online seminar", "online seminars"),
    Event.Kind.EVENT_DAY: ("event day", "event days"),
    Event.Kind.RESIDENTIAL: ("residential", "residentials"),
    Event.Kind.ASSESSMENT: ("project hand-in", "project hand-ins"),
}


def counted(kinds: Counter) -> str:
    """``Counter({"extended_day": 4, ...})`` → ``4 extended days, ...``, in a fixed order."""
    return ", ".join(
        f"{kinds[kind]} {words[kinds[kind] != 1]}"
        for kind, words in KIND_WORDS.items()
        if kinds[kind]
    )


def write_summary(
    stdout: TextIOBase,
    *,
    venues: dict[str, Venue],
    loaded: dict[Cohort, list[Event]],
    cohort_1: Cohort,
    certificates: list[Certificate],
    demo_participant: Participant,
    running: Cohort,
    now: datetime,
) -> None:
    def say(text: str) -> None:
        stdout.write(text + "\n")

    say(f"Venues: {', '.join(venues)}")
    say("Events:")
    for cohort, events in loaded.items():
        first = uk_day(min(event.starts_at for event in events))
        kinds = Counter(event.kind for event in events)
        say(f"  {cohort}: {counted(kinds)}, from {weekday_date(first)}")
    say("Completion rules:")
    say(f"  CSSSL: {data.CSSSL_RULE}")
    say(f"  ALICSE: {data.ALICSE_RULE}")

    marks = AttendanceRecord.objects.filter(event__cohort=cohort_1).count()
    people = Participant.objects.filter(cohort=cohort_1).count()
    awarded_on = data.COHORT_1_AWARDED
    say(
        f"{cohort_1}: {people} participants, {marks} register marks at {len(loaded[cohort_1])} "
        f"events, {len(certificates)} certificates awarded on {long_date(uk_day(awarded_on))}"
    )
    for completion in cohort_completions(cohort_1, now=awarded_on):
        if not completion.met:
            say(f"  No certificate for {completion.participant.user}: {completion.outcome}")
    certificate = Certificate.objects.get(participant=demo_participant)
    say(
        f"{demo_participant.user.email}: certificate {certificate.code}, checked at "
        f"{certificate.get_absolute_url()} and downloaded from /me/certificate.pdf"
    )

    held = [event for event in loaded[running] if event.ends_at <= now]
    people = Participant.objects.filter(cohort=running).count()
    marks = AttendanceRecord.objects.filter(event__cohort=running).count()
    apologies = Apology.objects.filter(event__cohort=running).count()
    say(
        f"{running}: running, {people} participants, {len(held)} of {len(loaded[running])} "
        f"events held, {marks} register marks, {apologies} apology for an event ahead; open its "
        "registers, apologies and engagement from /coordinator/"
    )
    for completion in cohort_completions(running, now=now):
        if completion.reasons:
            say(f"  At risk: {completion.participant.user}: {' '.join(completion.reasons)}")
