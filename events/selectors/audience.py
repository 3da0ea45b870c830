"""Read queries for choosing whom a coordinator emails: everyone, those at risk, or those with
an attendance at one event; and the messages already sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, TextChoices

from cohorts import completion
from cohorts.models import Cohort, Participant
from csssl.uktime import long_date, uk_day
from events.models import Apology, AttendanceRecord, CoordinatorMessage, Event


class Who(TextChoices):
    """The ways a coordinator chooses whom to email."""

    EVERYONE = "everyone", "Everyone active on the cohort"
    EVENT = "event", "People by their attendance at one event"
    AT_RISK = "at_risk", "Those at risk of not completing"


#: Attendance at one event to choose people by: value -> (label, how the record reads).
EVENT_STATUSES: dict[str, tuple[str, str]] = {
    "attended": ("Attended (present, late or left early)", "Attended"),
    "present": ("Present", "Present at"),
    "late": ("Late", "Late to"),
    "left_early": ("Left early", "Left early from"),
    "apologies": ("Sent apologies (or marked apologies)", "Sent apologies for"),
    "absent": ("Absent", "Absent from"),
    "not_marked": ("Not marked, and no apologies sent", "Not marked for"),
}


@dataclass(frozen=True)
class Audience:
    """Whom a coordinator chose to write to: everyone, those at risk, or those with an
    attendance (``status``, a key of ``EVENT_STATUSES``) at one ``event``."""

    who: str
    event: Event | None = None
    status: str = ""

    @property
    def description(self) -> str:
        if self.who == Who.AT_RISK:
            return Who.AT_RISK.label
        if self.who == Who.EVENT and self.event is not None:
            day = long_date(uk_day(self.event.starts_at))
            return f"{EVENT_STATUSES[self.status][1]} {self.event.title} ({day})"
        return Who.EVERYONE.label


def _attendance(event: Event, status: str) -> Q:
    """Participants with ``status`` (a key of ``EVENT_STATUSES``) at ``event``, as the register
    shows them: apologies sent and not marked count as apologies."""
    records = AttendanceRecord.objects.filter(event=event, participant=OuterRef("pk"))
    marked = Exists(records)
    apologised = Exists(Apology.objects.filter(event=event, participant=OuterRef("pk")))
    if status == "attended":
        return Q(Exists(records.filter(status__in=AttendanceRecord.ATTENDED)))
    if status == "apologies":
        return Q(Exists(records.filter(status=AttendanceRecord.Status.APOLOGIES))) | (
            ~Q(marked) & Q(apologised)
        )
    if status == "not_marked":
        return ~Q(marked) & ~Q(apologised)
    return Q(Exists(records.filter(status=status)))


def audience_recipients(
    *, cohort: Cohort, audience: Audience, now: datetime | None = None
) -> list[Participant]:
    """The cohort's active participants (with their user) whom ``audience`` chooses, by name.
    One query; for those at risk, those of ``cohorts.completion.at_risk`` (the participants,
    then each registered element's), with the cohort from ``coordinator_cohort``."""
    if audience.who == Who.AT_RISK:
        return [
            entry.participant
            for entry in completion.at_risk(cohort, now=now)
            if entry.participant.status == Participant.Status.ACTIVE
        ]
    people = Participant.objects.filter(cohort=cohort, status=Participant.Status.ACTIVE)
    if audience.who == Who.EVENT and audience.event is not None:
        people = people.filter(_attendance(audience.event, audience.status))
    return list(people.select_related("user").order_by("user__last_name", "user__first_name", "pk"))


def messages_sent(*, cohort: Cohort) -> list[CoordinatorMessage]:
    """The messages coordinators have sent to the cohort, latest first, with who sent them."""
    return list(CoordinatorMessage.objects.filter(cohort=cohort).select_related("sent_by"))
