"""Full engagement: who meets their cohort's completion rule, who is at risk, and certificates.

The rule (``CompletionRule``, one per cohort; a cohort without one allows no absence):

* The required events are the cohort's events marked "counts towards completion" that are not
  cancelled. An event is *held* once it has ended.
* A held required event is *attended* when the register says present, late or left early.
  Anything else is *missed*: absent, apologies (sent beforehand or marked on the register)
  or not marked at all. Apologies are a courtesy, not an exemption.
* A participant *meets* the rule when every required event has ended (or the programme's last
  day has passed) and they missed no more required events than the rule allows. Before the
  last day, a cohort with no required event on its calendar yet is met by nobody.

Certificates are awarded only to those who meet the rule, never before the cohort's end date
(``certificate_award``, which calls down to ``cohorts.services.certificate_issue``). A
coordinator awards a whole cohort at once with a ``CertificateBatch``, run by the task
``events.certificates_generate``.

Everything here that looks at a whole cohort reads it in a fixed number of queries, whatever the
number of participants or events, so a coordinator's page can call it freely.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cohorts import services as cohort_services
from cohorts.certificates import certificate_filename, certificate_pdf
from cohorts.models import Certificate, Cohort, Participant
from csssl import jobs

from .models import Apology, AttendanceRecord, CertificateBatch, CompletionRule, Event
from .services import EventError

logger = logging.getLogger(__name__)

#: Register marks that say the participant was not there.
ABSENCE_MARKS = (AttendanceRecord.Status.ABSENT, AttendanceRecord.Status.APOLOGIES)

#: Why a held required event counts as missed, when the register does not say.
APOLOGIES_SENT = "Apologies sent"
NOT_MARKED = "Not marked on the register"

#: A batch still "running" after this long was abandoned by a worker that stopped (a task is
#: killed at CELERY_TASK_TIME_LIMIT), so it may be started again.
BATCH_ABANDONED_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 1800))


@dataclass(frozen=True)
class Miss:
    """One required event a participant missed, and what the register says about it."""

    event: Event
    why: str  # "Absent", "Apologies", "Apologies sent" or "Not marked on the register"

    def __str__(self) -> str:
        return f"{self.event.title} ({self.why.lower()})"


@dataclass
class Completion:
    """Where one participant stands against their cohort's completion rule."""

    participant: Participant
    rule: CompletionRule
    required: int  # required events held so far
    attended: int  # of those, attended
    missed: list[Miss] = field(default_factory=list)
    still_to_come: int = 0  # required events not yet ended
    programme_ended: bool = False  # the cohort's last day has passed

    @property
    def certificate(self) -> Certificate | None:
        """The participant's certificate, if awarded (loaded with them by
        ``cohort_completions``; otherwise read when first asked for)."""
        try:
            return self.participant.certificate
        except Certificate.DoesNotExist:
            return None

    @property
    def finished(self) -> bool:
        """Nothing more can change: the required events have all been held, or the programme
        has ended. A cohort whose events are not yet on the calendar is not finished."""
        return self.programme_ended or (self.still_to_come == 0 and self.required > 0)

    @property
    def within_allowance(self) -> bool:
        return len(self.missed) <= self.rule.allowed_absences

    @property
    def met(self) -> bool:
        """The rule is met: finished, and no more required events missed than allowed."""
        return self.finished and self.within_allowance

    @property
    def outcome(self) -> str:
        """The position in a few words, for a coordinator's list or the participant."""
        if self.met:
            return "Meets the rule"
        if not self.within_allowance:
            return (
                f"Does not meet the rule: missed {len(self.missed)} required "
                f"event{'s' if len(self.missed) != 1 else ''}, "
                f"{self.rule.allowed_absences} allowed"
            )
        if self.still_to_come:
            return (
                f"On course: {self.still_to_come} required "
                f"event{'s' if self.still_to_come != 1 else ''} to come"
            )
        return "On course: no required event is on the calendar yet"


@dataclass
class AtRisk:
    """A participant who needs a conversation, with the reasons in plain words."""

    completion: Completion
    reasons: list[str]

    @property
    def participant(self) -> Participant:
        return self.completion.participant


# --- Reading a cohort --------------------------------------------------------------------------


@dataclass
class _Registers:
    """A cohort's events and, per participant, their register marks and apologies."""

    events: list[Event]
    marks: dict[int, dict[int, str]]  # participant id -> event id -> status
    apologies: dict[int, set[int]]  # participant id -> event ids


def rule_for(cohort: Cohort) -> CompletionRule:
    """The cohort's rule, or the default (no absence allowed) when it has none of its own.
    Uses the rule already loaded with the cohort (``select_related("completion_rule")``)."""
    try:
        return cohort.completion_rule
    except CompletionRule.DoesNotExist:
        return CompletionRule(cohort=cohort)


def _registers(cohort: Cohort, participant_ids: Iterable[int] | None = None) -> _Registers:
    """Three queries: the events, the marks and the apologies (for some participants only,
    when ``participant_ids`` is given)."""
    events = list(Event.objects.filter(cohort=cohort).order_by("starts_at", "pk"))
    mark_rows = AttendanceRecord.objects.filter(event__cohort=cohort)
    apology_rows = Apology.objects.filter(event__cohort=cohort)
    if participant_ids is not None:
        ids = list(participant_ids)
        mark_rows = mark_rows.filter(participant_id__in=ids)
        apology_rows = apology_rows.filter(participant_id__in=ids)
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    for participant_id, event_id, status in mark_rows.values_list(
        "participant_id", "event_id", "status"
    ):
        marks[participant_id][event_id] = status
    apologies: dict[int, set[int]] = defaultdict(set)
    for participant_id, event_id in apology_rows.values_list("participant_id", "event_id"):
        apologies[participant_id].add(event_id)
    return _Registers(events=events, marks=marks, apologies=apologies)


def _why_missed(status: str | None, apologised: bool) -> str:
    if status:
        return str(AttendanceRecord.Status(status).label)
    return APOLOGIES_SENT if apologised else NOT_MARKED


def completion_from(
    *,
    participant: Participant,
    rule: CompletionRule,
    events: Iterable[Event],
    marks: dict[int, str],
    apologies: set[int],
    now: datetime,
) -> Completion:
    """The rule applied to data already read: ``marks`` maps event id to register status and
    ``apologies`` holds the ids of events the participant sent apologies for. No queries."""
    ended = timezone.localdate(now) > participant.cohort.ends_on
    attended = 0
    held = 0
    still = 0
    missed: list[Miss] = []
    for event in events:
        if not event.counts_toward_completion or event.cancelled:
            continue
        if event.ends_at > now:
            still += 1
            continue
        held += 1
        status = marks.get(event.pk)
        if status in AttendanceRecord.ATTENDED:
            attended += 1
        else:
            missed.append(Miss(event, _why_missed(status, event.pk in apologies)))
    return Completion(
        participant=participant,
        rule=rule,
        required=held,
        attended=attended,
        missed=missed,
        still_to_come=still,
        programme_ended=ended,
    )


def completion_of(participant: Participant, *, now: datetime | None = None) -> Completion:
    """Where ``participant`` stands against their cohort's rule (see the module's docstring):
    required events held, attended, missed (with why), still to come, and whether it is met.
    Four queries."""
    now = now or timezone.now()
    cohort = (
        Cohort.objects.select_related("programme", "completion_rule")
        .filter(pk=participant.cohort_id)
        .get()
    )
    participant.cohort = cohort
    registers = _registers(cohort, [participant.pk])
    return completion_from(
        participant=participant,
        rule=rule_for(cohort),
        events=registers.events,
        marks=registers.marks.get(participant.pk, {}),
        apologies=registers.apologies.get(participant.pk, set()),
        now=now,
    )


def certificate_and_rule(participant: Participant) -> tuple[Certificate | None, CompletionRule]:
    """The participant's certificate (None until awarded) and their cohort's rule: one query."""
    loaded = Participant.objects.select_related("certificate", "cohort__completion_rule").get(
        pk=participant.pk
    )
    try:
        certificate = loaded.certificate
    except Certificate.DoesNotExist:
        certificate = None
    return certificate, rule_for(loaded.cohort)


def completion_from_timeline(
    *, participant: Participant, rule: CompletionRule, items, now: datetime | None = None
) -> Completion:
    """The same rule applied to a participant's timeline (``selectors.timeline_for``), which
    has read their events, marks and apologies already: no further queries."""
    now = now or timezone.now()
    events = [item.event for item in items if item.event is not None]
    marks = {item.event.pk: item.attendance.status for item in items if item.attendance}
    apologies = {item.event.pk for item in items if item.apology}
    return completion_from(
        participant=participant, rule=rule, events=events, marks=marks, apologies=apologies, now=now
    )


def _read_cohort(cohort: Cohort) -> tuple[list[Participant], CompletionRule, _Registers]:
    """The cohort's participants who have not withdrawn (with user, organisation and any
    certificate; each given the cohort, programme and rule loaded here), its rule and its
    registers. Five queries, or four when the cohort comes with its programme and rule."""
    if not (
        Cohort._meta.get_field("programme").is_cached(cohort)
        and Cohort._meta.get_field("completion_rule").is_cached(cohort)
    ):
        cohort = Cohort.objects.select_related("programme", "completion_rule").get(pk=cohort.pk)
    participants = list(
        Participant.objects.filter(cohort=cohort)
        .exclude(status=Participant.Status.WITHDRAWN)
        .select_related("user", "organisation", "certificate")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for participant in participants:
        participant.cohort = cohort
    return participants, rule_for(cohort), _registers(cohort)


def _completions(
    participants: list[Participant], rule: CompletionRule, registers: _Registers, now: datetime
) -> list[Completion]:
    return [
        completion_from(
            participant=participant,
            rule=rule,
            events=registers.events,
            marks=registers.marks.get(participant.pk, {}),
            apologies=registers.apologies.get(participant.pk, set()),
            now=now,
        )
        for participant in participants
    ]


def cohort_completions(cohort: Cohort, *, now: datetime | None = None) -> list[Completion]:
    """Every participant of the cohort who has not withdrawn, with where they stand, in name
    order. Each participant comes with their user, organisation and certificate (if any)
    loaded. Five queries, whatever the size of the cohort or its programme."""
    now = now or timezone.now()
    participants, rule, registers = _read_cohort(cohort)
    return _completions(participants, rule, registers, now)


def consecutive_absences(
    *, events: Iterable[Event], marks: dict[int, str], apologies: set[int], now: datetime
) -> list[Event]:
    """The longest run of events in a row the participant was away from, among every held,
    uncancelled event of the cohort (required or not). Away means marked absent or apologies,
    or apologies sent with no mark; attending ends a run; an event nobody marked says nothing
    and neither ends nor lengthens one."""
    longest: list[Event] = []
    run: list[Event] = []
    for event in events:
        if event.cancelled or event.ends_at > now:
            continue
        status = marks.get(event.pk)
        if status in AttendanceRecord.ATTENDED:
            run = []
        elif status in ABSENCE_MARKS or (status is None and event.pk in apologies):
            run.append(event)
            if len(run) > len(longest):
                longest = list(run)
    return longest


def at_risk(cohort: Cohort, *, now: datetime | None = None) -> list[AtRisk]:
    """Participants of ``cohort`` whom the programme team should talk to, with why.

    A participant is at risk when either

    * they have missed a required event (see the module's docstring: apologies and unmarked
      registers count as missed), even one the rule allows, since a second may cost them the
      certificate; or
    * they were away from two or more events in a row, required or not (``consecutive_absences``).

    Those who have withdrawn are left out. Each entry carries the participant's ``Completion``
    (so a page can show attended / missed / still to come and whether they can still meet the
    rule) and its reasons as sentences. Ordered as ``cohort_completions``: by name.

    Reads the whole cohort in five queries, whatever its size: the cohort with its rule, the
    participants (with user, organisation and certificate), events, register marks and
    apologies. Pass ``now`` to see the cohort as it stood, or will stand, at another moment.
    """
    now = now or timezone.now()
    participants, rule, registers = _read_cohort(cohort)
    flagged = []
    for completion in _completions(participants, rule, registers, now):
        reasons = []
        if completion.missed:
            reasons.append(
                "Missed "
                + ", ".join(str(miss) for miss in completion.missed)
                + (
                    "; this is more than the rule allows."
                    if not completion.within_allowance
                    else "."
                )
            )
        run = consecutive_absences(
            events=registers.events,
            marks=registers.marks.get(completion.participant.pk, {}),
            apologies=registers.apologies.get(completion.participant.pk, set()),
            now=now,
        )
        if len(run) >= 2:
            reasons.append(
                f"Away from {len(run)} events in a row: " + ", ".join(e.title for e in run) + "."
            )
        if reasons:
            flagged.append(AtRisk(completion=completion, reasons=reasons))
    return flagged


# --- Certificates ------------------------------------------------------------------------------


def certificate_award(
    *, participant: Participant, completion: Completion | None = None, now: datetime | None = None
) -> Certificate:
    """Award the participant their certificate, or return the one they already have.

    Rules: only to someone who meets their cohort's completion rule (``completion_of(...).met``;
    pass ``completion`` when it is known already), and never before the cohort's end date
    (``cohorts.services.certificate_issue`` keeps that, with one certificate per participation
    and unique codes). A certificate once issued stays issued: this never takes one back.
    Raises ``EventError`` with a message for a person.
    """
    now = now or timezone.now()
    existing = Certificate.objects.filter(participant=participant).first()
    if existing is not None:
        return existing
    completion = completion or completion_of(participant, now=now)
    if not completion.met:
        raise EventError(f"{participant.user} does not meet the rule yet: {completion.outcome}.")
    try:
        return cohort_services.certificate_issue(participant=participant, now=now)
    except cohort_services.CohortError as error:
        raise EventError(str(error)) from error


def certificates_open_on(cohort: Cohort) -> date:
    """The first day certificates can be awarded: the cohort's last day."""
    return cohort.ends_on


def certificate_batch_request(
    *, cohort: Cohort, by, now: datetime | None = None
) -> tuple[CertificateBatch, bool]:
    """A coordinator asks for a cohort's certificates to be awarded and gathered in a zip.

    Refused before the cohort's end date. While a batch for the cohort is waiting or
    running, asking again returns that batch instead of starting another; one left waiting
    (its message lost to a broker outage) or abandoned by a stopped worker is queued again.
    The work is a background job (``csssl.jobs``), queued once the transaction commits and
    picked up by the beat sweep if the broker cannot take it then. Returns the batch and
    whether it is new.
    """
    now = now or timezone.now()
    if timezone.localdate(now) < certificates_open_on(cohort):
        raise EventError(
            f"Certificates can be awarded from {certificates_open_on(cohort):%-d %B %Y}, "
            "when the programme ends."
        )
    with transaction.atomic():
        Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
        batch = (
            CertificateBatch.objects.filter(cohort=cohort, status__in=CertificateBatch.ACTIVE)
            .defer("archive")
            .order_by("-created_at", "-pk")
            .first()
        )
        created = batch is None
        if created:
            batch = CertificateBatch.objects.create(cohort=cohort, requested_by=by, created_at=now)
        elif batch.status == CertificateBatch.Status.RUNNING and not _abandoned(batch, now):
            return batch, False
        # Recorded with the batch and queued on commit; a broker outage only delays it.
        jobs.job_start(task="events.certificates_generate", kwargs={"batch_id": batch.pk})
    return batch, created


def _abandoned(batch: CertificateBatch, now: datetime) -> bool:
    return batch.started_at is not None and now - batch.started_at > BATCH_ABANDONED_AFTER


def _claim(batch_id: int, now: datetime) -> bool:
    """Take the batch for this run: it must be waiting, or running but abandoned. Two
    deliveries of the same task cannot both claim it."""
    claimable = Q(status=CertificateBatch.Status.QUEUED) | Q(
        status=CertificateBatch.Status.RUNNING, started_at__lt=now - BATCH_ABANDONED_AFTER
    )
    return bool(
        CertificateBatch.objects.filter(claimable, pk=batch_id).update(
            status=CertificateBatch.Status.RUNNING, started_at=now, done=0, total=0, error=""
        )
    )


def certificate_batch_run(*, batch_id: int, now: datetime | None = None) -> str:
    """Do a batch's work: award a certificate to every participant who meets the rule, render
    each (with those awarded before) to PDF and store them in one zip, counting progress as it
    goes. Safe to run again: a batch already done or being run elsewhere is left alone, and
    awarding is idempotent, so no one ever gets two certificates. Returns the batch's status.
    """
    now = now or timezone.now()
    if not _claim(batch_id, now):
        batch = CertificateBatch.objects.filter(pk=batch_id).only("status").first()
        return batch.status if batch else "gone"
    batch = CertificateBatch.objects.select_related("cohort").defer("archive").get(pk=batch_id)
    try:
        due = [
            completion
            for completion in cohort_completions(batch.cohort, now=now)
            if completion.met or completion.certificate
        ]
        CertificateBatch.objects.filter(pk=batch_id).update(total=len(due))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, completion in enumerate(due, start=1):
                certificate = certificate_award(
                    participant=completion.participant, completion=completion, now=now
                )
                archive.writestr(certificate_filename(certificate), certificate_pdf(certificate))
                CertificateBatch.objects.filter(pk=batch_id).update(done=done)
        CertificateBatch.objects.filter(pk=batch_id).update(
            status=CertificateBatch.Status.DONE,
            archive=buffer.getvalue(),
            finished_at=timezone.now(),
        )
        return CertificateBatch.Status.DONE
    except Exception as error:
        logger.exception("Certificate batch %s failed", batch_id)
        CertificateBatch.objects.filter(pk=batch_id).update(
            status=CertificateBatch.Status.FAILED,
            error=str(error) or error.__class__.__name__,
            finished_at=timezone.now(),
        )
        return CertificateBatch.Status.FAILED
