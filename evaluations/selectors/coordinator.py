"""Read queries for the coordinators' pages of a round: its progress, the raters of one
participant to correct, the comments to moderate, the cohort's figures and the workspace's
summary of each round.

Progress is counts: per participant, how far their self evaluation is, and per relationship
how many raters were invited, answered and declined; never an answer, and never which rater
did what. The list of a participant's raters gives names, addresses and relationships, and
nothing of where each one's answer stands. A comment is given with the participant it is
about, never with anything of the rater who wrote it. Each query here is a fixed number of
queries however many participants, raters and comments there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F
from django.shortcuts import get_object_or_404

from cohorts.models import Participant
from csssl.uktime import uk_day
from evaluations import anonymity
from evaluations.models import (
    RELATIONSHIPS,
    RaterComment,
    RaterInvitation,
    Relationship,
    Report,
    Round,
    SelfEvaluation,
    VersionQuality,
)
from evaluations.services.reports import quality_refs

State = RaterInvitation.State

# How far a participant's self evaluation is, and how a spreadsheet names it.
NOT_STARTED, IN_PROGRESS, SUBMITTED = "not_started", "in_progress", "submitted"
SELF_STATES = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", SUBMITTED: "Submitted"}
# Where a participant's report stands: (a spreadsheet's word, the page's words).
WAITING, AWAITING_DEBRIEF, RELEASED = "waiting", "awaiting_debrief", "released"
REPORT_STATES = {
    WAITING: ("Waiting", "Waiting: the round is not complete for them"),
    AWAITING_DEBRIEF: ("Awaiting debrief", "Frozen: awaiting a debrief"),
    RELEASED: ("Released", "Released"),
}

#: The filters of the progress page: key -> label. Rows whose report is frozen are behind in
#: nothing, since nothing more can be added to it.
FILTERS: dict[str, str] = {
    "all": "Everyone",
    "behind": "Everyone with something still to do",
    "self": "Self evaluation not submitted",
    "raters": "Raters still to answer",
    "few": "Fewer raters than the round asks for",
    "debrief": "Reports awaiting a debrief",
}


def coordinator_round(*, round_id: int) -> Round:
    """Any round, for a coordinator, with its cohort, programme and version; 404 if none."""
    return get_object_or_404(
        Round.objects.select_related("cohort__programme", "version"), pk=round_id
    )


def round_participant(*, round: Round, participant_id: int) -> Participant:
    """A participant on the round's cohort's programme; 404 for anyone else."""
    return get_object_or_404(
        Participant.objects.select_related("user", "organisation"),
        pk=participant_id,
        cohort_id=round.cohort_id,
        status__in=Participant.ON_PROGRAMME,
    )


# --- Progress ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCount:
    """One relationship of one participant's raters: how many were invited (withdrawn ones
    aside), answered and declined, and what the round asks for."""

    relationship: str
    label: str
    fewest: int
    most: int
    invited: int = 0
    answered: int = 0
    declined: int = 0

    @property
    def waiting(self) -> int:
        return self.invited - self.answered - self.declined

    @property
    def short(self) -> int:
        """How many more the participant should invite to reach the fewest the round asks
        for, counting only those who have answered or still may."""
        return max(self.fewest - (self.answered + self.waiting), 0)


@dataclass
class ProgressRow:
    participant: Participant
    self_state: str
    self_answered: int
    qualities: int
    groups: list[GroupCount]
    report: Report | None
    error: str = ""  # why recording this row's debrief was just refused

    @property
    def name(self) -> str:
        return self.participant.user.display_name

    @property
    def self_label(self) -> str:
        if self.self_state == IN_PROGRESS:
            return f"In progress: {self.self_answered} of {self.qualities} answered"
        return SELF_STATES[self.self_state]

    @property
    def report_state(self) -> str:
        if self.report is None:
            return WAITING
        return RELEASED if self.report.is_released else AWAITING_DEBRIEF

    @property
    def report_label(self) -> str:
        return REPORT_STATES[self.report_state][1]

    @property
    def is_frozen(self) -> bool:
        return self.report is not None

    @property
    def owes_self(self) -> bool:
        return not self.is_frozen and self.self_state != SUBMITTED

    @property
    def raters_waiting(self) -> int:
        return 0 if self.is_frozen else sum(group.waiting for group in self.groups)

    @property
    def too_few(self) -> list[GroupCount]:
        """The relationships the participant has invited too few of."""
        return [] if self.is_frozen else [group for group in self.groups if group.short]

    @property
    def behind(self) -> bool:
        return self.owes_self or bool(self.raters_waiting) or bool(self.too_few)

    @property
    def can_record_debrief(self) -> bool:
        return self.report is not None and self.report.debrief_on is None

    def matches(self, show: str) -> bool:
        return {
            "behind": self.behind,
            "self": self.owes_self,
            "raters": bool(self.raters_waiting),
            "few": bool(self.too_few),
            "debrief": self.report_state == AWAITING_DEBRIEF,
        }.get(show, True)


@dataclass
class Progress:
    round: Round
    relationships: list[tuple[str, str]]  # (key, label) of each group the round asks for
    rows: list[ProgressRow] = field(default_factory=list)

    def row_for(self, participant_id: int) -> ProgressRow | None:
        return next((row for row in self.rows if row.participant.pk == participant_id), None)

    def shown(self, show: str) -> list[ProgressRow]:
        return [row for row in self.rows if row.matches(show)]

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.self_state == SUBMITTED)

    @property
    def released(self) -> int:
        return sum(1 for row in self.rows if row.report_state == RELEASED)

    @property
    def awaiting_debrief(self) -> int:
        return sum(1 for row in self.rows if row.report_state == AWAITING_DEBRIEF)

    @property
    def behind(self) -> int:
        return sum(1 for row in self.rows if row.behind)


def round_progress(*, round: Round, participant: Participant | None = None) -> Progress:
    """Every participant on the cohort's programme (or just ``participant``), surname first,
    with their self evaluation's state, their raters counted per relationship and their
    report's state. Five queries."""
    limits = round.limits()
    relationships = [
        (str(group), anonymity.LABELS[group]) for group in RELATIONSHIPS if group in limits
    ]
    participants = Participant.objects.filter(
        cohort_id=round.cohort_id, status__in=Participant.ON_PROGRAMME
    )
    if participant is not None:
        participants = participants.filter(pk=participant.pk)
    people = list(
        participants.select_related("user", "organisation").order_by(
            "user__last_name", "user__first_name", "pk"
        )
    )
    ids = [person.pk for person in people]
    keys = {
        str(pk)
        for pk in VersionQuality.objects.filter(version_id=round.version_id).values_list(
            "pk", flat=True
        )
    }
    own = {
        row["participant_id"]: row
        for row in SelfEvaluation.objects.filter(round=round, participant_id__in=ids).values(
            "participant_id", "scores", "submitted_at"
        )
    }
    counts: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for row in (
        RaterInvitation.objects.filter(round=round, participant_id__in=ids)
        .exclude(state=State.WITHDRAWN)
        .values("participant_id", "relationship", "state")
        .annotate(total=Count("pk"))
        .order_by()
    ):
        counts[(row["participant_id"], row["relationship"])][row["state"]] = row["total"]
    reports = {
        report.participant_id: report
        for report in Report.objects.filter(round=round, participant_id__in=ids)
        .defer("figures")
        .select_related("debrief_by")
    }
    progress = Progress(round=round, relationships=relationships)
    for person in people:
        mine = own.get(person.pk)
        answered = len(keys & set((mine or {}).get("scores") or {}))
        if mine and mine["submitted_at"]:
            state = SUBMITTED
        elif answered:
            state = IN_PROGRESS
        else:
            state = NOT_STARTED
        groups = []
        for key, label in relationships:
            by_state = counts.get((person.pk, key), {})
            fewest, most = limits[key]
            groups.append(
                GroupCount(
                    relationship=key,
                    label=label,
                    fewest=fewest,
                    most=most,
                    invited=sum(by_state.values()),
                    answered=by_state.get(State.SUBMITTED, 0),
                    declined=by_state.get(State.DECLINED, 0),
                )
            )
        progress.rows.append(
            ProgressRow(
                participant=person,
                self_state=state,
                self_answered=answered,
                qualities=len(keys),
                groups=groups,
                report=reports.get(person.pk),
            )
        )
    return progress


def progress_header(progress: Progress) -> list[str]:
    header = ["Participant", "Organisation", "Self evaluation", "Qualities answered"]
    for _, label in progress.relationships:
        header += [f"{label}: invited", f"{label}: answered", f"{label}: declined"]
    return [*header, "Report", "Released on", "Debrief held on"]


def progress_rows(progress: Progress) -> Iterable[list[Any]]:
    """The progress page as spreadsheet rows: the same counts, and nothing about any rater
    but how many of each group there are."""
    for row in progress.rows:
        cells: list[Any] = [
            row.name,
            row.participant.organisation.name,
            SELF_STATES[row.self_state],
            f"{row.self_answered} of {row.qualities}",
        ]
        for group in row.groups:
            cells += [group.invited, group.answered, group.declined]
        report = row.report
        released = report.released_at if report else None
        cells += [
            REPORT_STATES[row.report_state][0],
            uk_day(released) if released else None,
            report.debrief_on if report else None,
        ]
        yield cells


# --- A participant's raters, to correct --------------------------------------------------------


@dataclass(frozen=True)
class RaterEntry:
    """A rater as a coordinator corrects them: who, at what address, how they know the
    participant. Nothing else of the invitation is read."""

    invitation_id: int
    name: str
    email: str
    relationship: str

    @property
    def relationship_label(self) -> str:
        return Relationship(self.relationship).label


def participant_raters(*, round: Round, participant: Participant) -> list[RaterEntry]:
    """The raters the participant has asked (those taken off their list aside), by
    relationship then name. One query, of the name, address and relationship only."""
    order = {str(group): index for index, group in enumerate(RELATIONSHIPS)}
    entries = [
        RaterEntry(invitation_id=pk, name=name, email=email, relationship=relationship)
        for pk, name, email, relationship in RaterInvitation.objects.filter(
            round=round, participant=participant
        )
        .exclude(state=State.WITHDRAWN)
        .values_list("pk", "name", "email", "relationship")
    ]
    return sorted(
        entries, key=lambda e: (order.get(e.relationship, 99), e.name.casefold(), e.email)
    )


def participant_invitation(
    *, round: Round, participant: Participant, invitation_id: int
) -> RaterInvitation:
    """One of the participant's raters (not one taken off their list); 404 otherwise."""
    return get_object_or_404(
        RaterInvitation.objects.exclude(state=State.WITHDRAWN),
        pk=invitation_id,
        round=round,
        participant=participant,
    )


# --- Comments to moderate ----------------------------------------------------------------------


@dataclass
class CommentEntry:
    """A comment as a coordinator moderates it: its words and question, and whom it is
    about. The response it belongs to is never loaded, so nothing of its rater is either."""

    comment: RaterComment
    about: str  # the participant's name
    error: str = ""  # why withholding it was just refused
    draft: str = ""  # the reason typed, shown again


@dataclass
class CommentGroup:
    participant_id: int
    name: str
    comments: list[CommentEntry] = field(default_factory=list)


def round_comments(*, round: Round) -> list[CommentGroup]:
    """Every rater's comment of the round, by the participant it is about (surname first),
    then by question and in alphabetical order, which says nothing of who wrote it or when.
    Two queries."""
    comments = list(
        RaterComment.objects.filter(response__round=round)
        .annotate(about_id=F("response__participant_id"))
        .select_related("withheld_by")
        .order_by()
    )
    people = {
        person.pk: person
        for person in Participant.objects.filter(cohort_id=round.cohort_id).select_related("user")
    }
    groups: dict[int, CommentGroup] = {}
    for comment in comments:
        person = people.get(comment.about_id)
        name = person.user.display_name if person else "A former participant"
        group = groups.setdefault(comment.about_id, CommentGroup(comment.about_id, name))
        group.comments.append(CommentEntry(comment=comment, about=name))
    questions = {value: index for index, value in enumerate(RaterComment.Question.values)}
    for group in groups.values():
        group.comments.sort(
            key=lambda e: (questions.get(e.comment.question, 9), e.comment.text.casefold())
        )

    def surname_first(group: CommentGroup):
        person = people.get(group.participant_id)
        user = person.user if person else None
        return (user.last_name.casefold(), user.first_name.casefold()) if user else ("", "")

    return sorted(groups.values(), key=lambda g: (surname_first(g), g.participant_id))


def round_comment(*, round: Round, comment_id) -> RaterComment:
    """One comment of the round; 404 otherwise."""
    return get_object_or_404(RaterComment, pk=comment_id, response__round=round)


# --- The cohort's figures ----------------------------------------------------------------------


def cohort_aggregate(*, round: Round) -> list[dict[str, Any]]:
    """The cohort's figure per quality (``anonymity.cohort_figures``), from the frozen reports
    of the participants on the programme, so it never carries what a report left out and never
    moves as one rater answers; by theme, in the framework's order
    (``[{"name": theme, "qualities": [...]}]``). Two queries."""
    reports = list(
        Report.objects.filter(round=round, participant__status__in=Participant.ON_PROGRAMME)
        .order_by()
        .values_list("figures", flat=True)
    )
    figures = anonymity.cohort_figures(qualities=quality_refs(round), reports=reports)
    themes: dict[str, dict[str, Any]] = {}
    for row in figures:
        themes.setdefault(row["theme"], {"name": row["theme"], "qualities": []})[
            "qualities"
        ].append(row)
    return list(themes.values())
