"""The completion registry: one rule per cohort, over elements that feature apps count.

A cohort's rule is its ``CompletionRule`` (what it says to people, and the allowances its
elements read; a cohort without one allows no absence). What the rule asks for is made of
*elements*, each registered by the app that owns what it counts, from its ``AppConfig.ready``:
the events app registers "required events"; a mentoring app can register "mentoring
sessions", so that "attend all face-to-face events, participate in mentoring sessions and
online seminars" is one rule over two elements.

An element counts, for a whole cohort at once and in a fixed number of queries, where each
participant stands on it (a ``Standing``): whether everything it asks for has been held
(``finished``), whether they are within what it allows (``within_allowance``), what is short or
still to come in words, and why they are at risk. Then, for each participant:

* the rule is *finished* when every element is, or the programme's last day has passed;
* it is *met* when it is finished and they are within the allowance of every element;
* they are *at risk* when any element gives a reason.

The engagement card on /me/, the at-risk list, the engagement dashboard and certificate
eligibility all read the rule from here. Nothing here imports a feature app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from django.utils import timezone

from csssl.uktime import uk_today

from .models import Certificate, Cohort, CompletionRule, Participant

# --- What an element gives ----------------------------------------------------------------------


class Standing(Protocol):
    """Where one participant stands on one element. An element's own standing adds what it
    counts (the required events' ``attended``, ``missed``…), which a ``Completion`` reads
    through to."""

    @property
    def finished(self) -> bool:
        """Everything the element asks for has been held: nothing more can change."""

    @property
    def within_allowance(self) -> bool:
        """Not short of what the element asks, so far."""

    @property
    def shortfall(self) -> str:
        """Why they are not within the allowance, after "Does not meet the rule: "."""

    @property
    def to_come(self) -> str:
        """What is still to come while unfinished, after "On course: "."""

    @property
    def reasons(self) -> list[str]:
        """Why they need a conversation on this element, as sentences; empty when none."""


#: ``count(*, cohort, rule, participants, whole_cohort, now) -> {participant id: Standing}``:
#: every participant given, in a fixed number of queries. ``whole_cohort`` says the
#: participants are all of the cohort's who have not withdrawn, so rows need no filter by them.
Count = Callable[..., Mapping[int, Standing]]
#: ``from_timeline(*, participant, rule, items, now) -> Standing``: the same standing from the
#: participant's timeline (``cohorts.timeline``), which has read what it needs: no queries.
FromTimeline = Callable[..., Standing]


@dataclass(frozen=True)
class Element:
    """One part of the completion rule, as an app registers it.

    On /me/, ``card_template`` shows the participant's standing in the engagement card and
    ``needed_template`` what is needed of them in the certificate card, until it is awarded
    (both given ``standing``, ``completion``, ``rule`` and ``cohort``). ``cells`` writes it as
    table cells on the coordinators' certificates page, under ``headers``: given the standing,
    the ``<td>`` markup with every value in it escaped (written in Python, since a page of a
    hundred rows rendered a template for each element of each).
    """

    name: str
    count: Count
    from_timeline: FromTimeline | None = None
    card_template: str = ""
    needed_template: str = ""
    cells: Callable[[Any], str] | None = None
    headers: tuple[str, ...] = ()
    order: int = 100


_elements: dict[str, Element] = {}


def register(element: Element) -> Element:
    """Add ``element`` to every cohort's rule (again under the same name: replace it)."""
    _elements[element.name] = element
    return element


def unregister(name: str) -> None:
    _elements.pop(name, None)


def elements() -> list[Element]:
    """The registered elements, in their order."""
    return sorted(_elements.values(), key=lambda element: (element.order, element.name))


# --- Where a participant stands -----------------------------------------------------------------


class Part(NamedTuple):
    element: Element
    standing: Standing


@dataclass
class Completion:
    """Where one participant stands against their cohort's rule.

    An attribute the rule does not have is read from the elements' standings, in their order:
    ``completion.attended`` is the required events' ``attended``.
    """

    participant: Participant
    rule: CompletionRule
    parts: list[Part] = field(default_factory=list)
    programme_ended: bool = False  # the cohort's last day has passed

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "parts":
            raise AttributeError(name)
        for part in self.__dict__.get("parts", ()):
            if hasattr(part.standing, name):
                return getattr(part.standing, name)
        raise AttributeError(f"Neither the rule nor any of its elements has {name!r}.")

    @property
    def standings(self) -> dict[str, Standing]:
        return {part.element.name: part.standing for part in self.parts}

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
        """Nothing more can change: every element is finished, or the programme has ended. A
        cohort whose events are not yet on the calendar is not finished."""
        if self.programme_ended:
            return True
        return bool(self.parts) and all(part.standing.finished for part in self.parts)

    @property
    def within_allowance(self) -> bool:
        return all(part.standing.within_allowance for part in self.parts)

    @property
    def met(self) -> bool:
        """The rule is met: finished, and within the allowance of every element."""
        return self.finished and self.within_allowance

    @property
    def reasons(self) -> list[str]:
        """Why the participant is at risk, element by element; empty when they are not."""
        return [reason for part in self.parts for reason in part.standing.reasons]

    @property
    def outcome(self) -> str:
        """The position in a few words, for a coordinator's list or the participant."""
        if self.met:
            return "Meets the rule"
        short = [
            part.standing.shortfall for part in self.parts if not part.standing.within_allowance
        ]
        if short:
            return "Does not meet the rule: " + "; ".join(short)
        to_come = [part.standing.to_come for part in self.parts if not part.standing.finished]
        if to_come:
            return "On course: " + "; ".join(to_come)
        return "On course: the programme has not ended yet"


@dataclass
class AtRisk:
    """A participant who needs a conversation, with the reasons in plain words."""

    completion: Completion
    reasons: list[str]

    @property
    def participant(self) -> Participant:
        return self.completion.participant


# --- Reading the rule ---------------------------------------------------------------------------


def rule_for(cohort: Cohort) -> CompletionRule:
    """The cohort's rule, or the default (no absence allowed) when it has none of its own.
    Uses the rule already loaded with the cohort (``select_related("completion_rule")``)."""
    try:
        return cohort.completion_rule
    except CompletionRule.DoesNotExist:
        return CompletionRule(cohort=cohort)


def _completion(
    participant: Participant,
    rule: CompletionRule,
    standings: Iterable[tuple[Element, Standing]],
    now: datetime,
) -> Completion:
    return Completion(
        participant=participant,
        rule=rule,
        parts=[Part(element, standing) for element, standing in standings],
        programme_ended=uk_today(now=now) > participant.cohort.ends_on,
    )


def _completions(
    cohort: Cohort,
    participants: list[Participant],
    rule: CompletionRule,
    *,
    whole_cohort: bool,
    now: datetime,
) -> list[Completion]:
    counted = [
        (
            element,
            element.count(
                cohort=cohort,
                rule=rule,
                participants=participants,
                whole_cohort=whole_cohort,
                now=now,
            ),
        )
        for element in elements()
    ]
    # Every participant given is of ``cohort``: whether its programme has ended is asked once.
    ended = uk_today(now=now) > cohort.ends_on
    return [
        Completion(
            participant=participant,
            rule=rule,
            parts=[Part(element, standings[participant.pk]) for element, standings in counted],
            programme_ended=ended,
        )
        for participant in participants
    ]


def _with_programme_and_rule(cohort: Cohort) -> Cohort:
    """The cohort with its programme and rule: as given when they are loaded already
    (``select_related("programme", "completion_rule")``), else read in one query."""
    if Cohort._meta.get_field("programme").is_cached(cohort) and Cohort._meta.get_field(
        "completion_rule"
    ).is_cached(cohort):
        return cohort
    return Cohort.objects.select_related("programme", "completion_rule").get(pk=cohort.pk)


def cohort_completions(cohort: Cohort, *, now: datetime | None = None) -> list[Completion]:
    """Every participant of the cohort who has not withdrawn, with where they stand, in name
    order. Each participant comes with their user, organisation and certificate (if any)
    loaded. Two queries (one when the cohort comes with its programme and rule), then each
    element's: four with the required events alone, whatever the size of the cohort."""
    now = now or timezone.now()
    cohort = _with_programme_and_rule(cohort)
    participants = list(
        Participant.objects.filter(cohort=cohort)
        .exclude(status=Participant.Status.WITHDRAWN)
        .select_related("user", "organisation", "certificate")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for participant in participants:
        participant.cohort = cohort
    return _completions(cohort, participants, rule_for(cohort), whole_cohort=True, now=now)


def completion_of(participant: Participant, *, now: datetime | None = None) -> Completion:
    """Where ``participant`` stands against their cohort's rule. One query for the cohort with
    its programme and rule, then each element's (two for the required events)."""
    now = now or timezone.now()
    cohort = (
        Cohort.objects.select_related("programme", "completion_rule")
        .filter(pk=participant.cohort_id)
        .get()
    )
    participant.cohort = cohort
    (completion,) = _completions(
        cohort, [participant], rule_for(cohort), whole_cohort=False, now=now
    )
    return completion


def completion_from_timeline(
    *, participant: Participant, rule: CompletionRule, items, now: datetime | None = None
) -> Completion:
    """The same rule applied to a participant's timeline (``cohorts.timeline.timeline_for``),
    which has read what the elements count: no further queries for an element that reads the
    timeline; one that cannot counts the participant with its own queries."""
    now = now or timezone.now()
    standings = []
    for element in elements():
        if element.from_timeline is not None:
            standing = element.from_timeline(
                participant=participant, rule=rule, items=items, now=now
            )
        else:
            standing = element.count(
                cohort=participant.cohort,
                rule=rule,
                participants=[participant],
                whole_cohort=False,
                now=now,
            )[participant.pk]
        standings.append((element, standing))
    return _completion(participant, rule, standings, now)


def at_risk(cohort: Cohort, *, now: datetime | None = None) -> list[AtRisk]:
    """Participants of ``cohort`` whom the programme team should talk to, with why: those for
    whom any element of the rule gives a reason (the required events: a required event missed,
    even one the rule allows, or two or more events in a row away from).

    Those who have withdrawn are left out. Each entry carries the participant's ``Completion``
    (so a page can show where they stand and whether they can still meet the rule) and its
    reasons as sentences. Ordered as ``cohort_completions`` (by name), and read in the same
    queries. Pass ``now`` to see the cohort as it stood, or will stand, at another moment.
    """
    return [
        AtRisk(completion=completion, reasons=completion.reasons)
        for completion in cohort_completions(cohort, now=now)
        if completion.reasons
    ]


def certificate_and_rule(participant: Participant) -> tuple[Certificate | None, CompletionRule]:
    """The participant's certificate (None until awarded) and their cohort's rule: no query
    when both come with the participant (``participation_for`` loads them), else one."""
    loaded = participant
    fields = Participant._meta
    if not (
        fields.get_field("certificate").is_cached(participant)
        and fields.get_field("cohort").is_cached(participant)
        and Cohort._meta.get_field("completion_rule").is_cached(participant.cohort)
    ):
        loaded = Participant.objects.select_related("certificate", "cohort__completion_rule").get(
            pk=participant.pk
        )
    try:
        certificate = loaded.certificate
    except Certificate.DoesNotExist:
        certificate = None
    return certificate, rule_for(loaded.cohort)
