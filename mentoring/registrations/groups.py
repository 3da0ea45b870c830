"""What groups registers with the registries of csssl and cohorts (timeline, completion,
workspace, reminders) and with the mentor's workspace sections.

* **Timeline:** each meeting of a participant's groups is on their year and personal calendar
  feed (a cancelled one as cancelled), with their mark once the register is taken.
* **Completion, "group meetings":** it asks for something only of a member of a group whose
  meetings count toward completion. A meeting is *held* once it has started, unless it was
  cancelled; a held meeting is *attended* when the register says present, late or left early,
  and *missed* otherwise (absent, apologies, or not marked). A participant is *within its
  allowance* while they missed no more than the cohort's ``meetings_allowed_missed``; it is
  *finished* when no such meeting is still to come. They are *at risk* on it when they have
  missed more than allowed, or have used the whole allowance with meetings still to come.
  A whole cohort is counted in three queries (one without counting groups), whatever its
  size; the timeline carries the same.
* **Workspace:** a card per cohort with its groups, next meeting and attendance so far.
* **Mentor's workspace, calendar and the participant's page:** the groups a person
  facilitates, their meetings, and a member's own groups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.urls import reverse

from cohorts import completion, timeline, workspace
from cohorts.models import Cohort, CompletionRule, Participant
from mentoring.models import CohortMentoring, GroupMeeting, MeetingAttendance, Membership
from mentoring.sections import Section, register_calendar, register_participant, register_workspace
from mentoring.selectors import groups as selectors

ELEMENT = "mentoring.group_meetings"
TIMELINE = "mentoring.group_meetings"
NOT_MARKED = "not marked on the register"


def _allowed(cohort: Cohort) -> int:
    """The cohort's allowance of missed meetings: its mentoring settings, read once and kept on
    the cohort (``cohort__mentoring`` where a list of groups reads them with it)."""
    try:
        return cohort.mentoring.meetings_allowed_missed
    except CohortMentoring.DoesNotExist:
        return 0


# --- Completion ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingMiss:
    meeting: GroupMeeting
    why: str

    @property
    def title(self) -> str:
        return self.meeting.title or self.meeting.group.name

    def __str__(self) -> str:
        return f"{self.title} ({self.why.lower()})"


def _meetings(count: int) -> str:
    return f"{count} group meeting{'s' if count != 1 else ''}"


@dataclass
class GroupMeetingsStanding:
    """Where one participant stands on the group meetings. Its attributes are named for
    meetings, since a ``Completion`` reads unknown names through every element."""

    meetings_allowed_missed: int = 0
    meetings_held: int = 0
    meetings_attended: int = 0
    meetings_missed: list[MeetingMiss] = field(default_factory=list)
    meetings_to_come: int = 0

    @property
    def meetings_counted(self) -> bool:
        return bool(self.meetings_held or self.meetings_to_come)

    @property
    def finished(self) -> bool:
        return self.meetings_to_come == 0

    @property
    def within_allowance(self) -> bool:
        return len(self.meetings_missed) <= self.meetings_allowed_missed

    @property
    def shortfall(self) -> str:
        return (
            f"missed {_meetings(len(self.meetings_missed))}, {self.meetings_allowed_missed} allowed"
        )

    @property
    def to_come(self) -> str:
        return f"{_meetings(self.meetings_to_come)} to come"

    @property
    def reasons(self) -> list[str]:
        missed = len(self.meetings_missed)
        listed = ", ".join(str(miss) for miss in self.meetings_missed)
        if missed > self.meetings_allowed_missed:
            return [f"Missed {_meetings(missed)}: {listed}; this is more than the rule allows."]
        if missed and missed == self.meetings_allowed_missed and self.meetings_to_come:
            return [f"Missed {_meetings(missed)}: {listed}; missing another breaks the rule."]
        return []


def standing_from(
    *, meetings: list[GroupMeeting], marks: dict[int, str], allowed: int, now: datetime
) -> GroupMeetingsStanding:
    """The element applied to data already read: the meetings of the participant's counting
    groups and their marks (meeting id -> status). No queries."""
    standing = GroupMeetingsStanding(meetings_allowed_missed=allowed)
    for meeting in meetings:
        if meeting.cancelled:
            continue
        if meeting.starts_at > now:
            standing.meetings_to_come += 1
            continue
        standing.meetings_held += 1
        status = marks.get(meeting.pk)
        if status in MeetingAttendance.ATTENDED:
            standing.meetings_attended += 1
        else:
            why = MeetingAttendance.Status(status).label if status else NOT_MARKED
            standing.meetings_missed.append(MeetingMiss(meeting, str(why)))
    return standing


def count(
    *,
    cohort: Cohort,
    rule: CompletionRule,
    participants: list[Participant],
    whole_cohort: bool,
    now: datetime,
) -> dict[int, GroupMeetingsStanding]:
    """Every participant's standing. One query for the meetings of the cohort's counting
    groups (with the cohort's allowance); when there are any, two more: their memberships and
    their marks (of ``participants`` only, unless they are the ``whole_cohort``)."""
    meetings = defaultdict(list)
    allowed = 0
    for meeting in GroupMeeting.objects.filter(
        group__cohort=cohort, group__counts_toward_completion=True
    ).select_related("group__cohort__mentoring"):
        meetings[meeting.group_id].append(meeting)
        allowed = _allowed(meeting.group.cohort)
    if not meetings:
        return {participant.pk: GroupMeetingsStanding() for participant in participants}
    memberships = Membership.objects.filter(
        group__cohort=cohort, group__counts_toward_completion=True
    )
    marks_rows = MeetingAttendance.objects.filter(
        meeting__group__cohort=cohort, meeting__group__counts_toward_completion=True
    )
    if not whole_cohort:
        ids = [participant.pk for participant in participants]
        memberships = memberships.filter(participant_id__in=ids)
        marks_rows = marks_rows.filter(participant_id__in=ids)
    groups_of = defaultdict(list)
    for participant_id, group_id in memberships.values_list("participant_id", "group_id"):
        groups_of[participant_id].append(group_id)
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    for participant_id, meeting_id, status in marks_rows.values_list(
        "participant_id", "meeting_id", "status"
    ):
        marks[participant_id][meeting_id] = status
    return {
        participant.pk: standing_from(
            meetings=sorted(
                (m for group_id in groups_of[participant.pk] for m in meetings[group_id]),
                key=lambda m: (m.starts_at, m.pk),
            ),
            marks=marks[participant.pk],
            allowed=allowed,
            now=now,
        )
        for participant in participants
    }


def from_timeline(
    *, participant: Participant, rule: CompletionRule, items, now: datetime
) -> GroupMeetingsStanding:
    """The same standing from the participant's timeline, whose meeting items carry each
    meeting with the participant's mark and the cohort's allowance: no queries."""
    own = [item.context for item in items if item.source == TIMELINE]
    counting = [c for c in own if c["meeting"].group.counts_toward_completion]
    return standing_from(
        meetings=[c["meeting"] for c in counting],
        marks={c["meeting"].pk: c["attendance"].status for c in counting if c["attendance"]},
        allowed=own[0]["allowed"] if own else 0,
        now=now,
    )


def cells(standing: GroupMeetingsStanding) -> str:
    """The coordinators' certificates page's cell: the counting group meetings attended of
    those held, with how many were missed (and allowed) and how many are to come."""
    if not standing.meetings_counted:
        return "<td>Not asked</td>\n"
    cell = f"{int(standing.meetings_attended)} of {int(standing.meetings_held)}"
    if standing.meetings_missed:
        cell += (
            f'<br><span class="small">{len(standing.meetings_missed)} missed, '
            f"{int(standing.meetings_allowed_missed)} allowed</span>"
        )
    if standing.meetings_to_come:
        cell += f'<br><span class="small">{int(standing.meetings_to_come)} to come</span>'
    return f"<td>{cell}</td>\n"


GROUP_MEETINGS = completion.register(
    completion.Element(
        name=ELEMENT,
        count=count,
        from_timeline=from_timeline,
        card_template="mentoring/groups/_me_engagement.html",
        needed_template="mentoring/groups/_me_needed.html",
        cells=cells,
        headers=("Group meetings",),
        order=40,
    )
)


# --- Timeline -----------------------------------------------------------------------------------


@timeline.register(TIMELINE)
def meeting_items(*, participant: Participant, now: datetime) -> list[timeline.TimelineItem]:
    """Every meeting of the participant's groups, cancelled ones included, with their mark.
    One query for someone in no group with meetings, two otherwise."""
    items = []
    for meeting, attendance in selectors.member_meetings(participant=participant):
        group = meeting.group
        allowed = _allowed(group.cohort)
        items.append(
            timeline.TimelineItem(
                when=meeting.starts_at,
                title=meeting.title or group.name,
                kind="group_meeting",
                detail=f"{group.get_kind_display()}: {group.name}",
                is_past=meeting.ends_at <= now,
                template="mentoring/groups/_timeline_meeting.html",
                next_template="mentoring/groups/_next_meeting.html",
                context={
                    "meeting": meeting,
                    "group": group,
                    "attendance": attendance,
                    "allowed": allowed,
                },
                declined=bool(
                    attendance and attendance.status == MeetingAttendance.Status.APOLOGIES
                )
                or meeting.cancelled,
                calendar_entry=partial(selectors.meeting_calendar_entry, meeting),
            )
        )
    return items


# --- The coordinators' workspace ----------------------------------------------------------------


@workspace.register("mentoring.groups")
def cohort_groups_card(
    *, places: list[workspace.CohortPlace], now: datetime
) -> dict[int, list[workspace.Card]]:
    """For every cohort at once, in two queries."""
    found = selectors.workspace_groups(cohort_ids=[place.cohort.pk for place in places], now=now)
    return {
        place.cohort.pk: [
            workspace.Card(
                "mentoring/groups/_workspace_card.html",
                {
                    "groups": found[place.cohort.pk],
                    "url": reverse("mentoring:group_list", args=[place.cohort.pk]),
                },
                order=40,
            )
        ]
        for place in places
    }


# --- The mentor's workspace and calendar, and the participant's page ----------------------------


@register_workspace("groups")
def facilitator_section(*, user, now: datetime) -> Section | None:
    """The groups the person facilitates, with their next meeting. Two queries."""
    groups = selectors.facilitated_groups(user=user, now=now)
    if not groups:
        return None
    return Section("mentoring/groups/_workspace_section.html", {"groups": groups}, order=30)


@register_calendar("groups")
def facilitator_calendar(*, user, now: datetime):
    """The meetings of the groups the person facilitates. One query."""
    return [
        selectors.meeting_calendar_entry(meeting)
        for meeting in selectors.facilitator_meetings(user=user)
    ]


@register_participant("groups")
def member_section(*, participant: Participant, now: datetime) -> Section | None:
    """The participant's groups, facilitators, fellow members and meetings. Three queries."""
    groups = selectors.member_groups(participant=participant, now=now)
    if not groups:
        return None
    return Section("mentoring/groups/_participant_section.html", {"groups": groups}, order=30)
