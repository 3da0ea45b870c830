"""Read queries for tutorial groups and action learning sets: a cohort's groups for its
coordinators, a facilitator's groups and registers, a member's groups, and the calendar
entries of their meetings. Each states its queries, which do not grow with the data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from icalendar import Event as CalendarEvent

from cohorts.models import Cohort, Participant
from cohorts.timeline import calendar_file
from csssl import roles
from csssl.uktime import uk_day
from events.selectors.registers import RegisterRow
from mentoring.models import Group, GroupMeeting, MeetingAttendance, Membership
from mentoring.rules.groups import can_see_group

ATTENDED = MeetingAttendance.ATTENDED


def _held(meeting: GroupMeeting, now: datetime) -> bool:
    """A meeting counts as held once it has started, unless it was cancelled."""
    return not meeting.cancelled and meeting.starts_at <= now


@dataclass
class Attendance:
    """Attendances at a group's meetings held so far: marks that say the member came, of the
    members times the meetings held."""

    attended: int = 0
    possible: int = 0

    @property
    def text(self) -> str:
        if not self.possible:
            return "No meetings held yet"
        return f"{self.attended} of {self.possible} attendances ({self.percent}%)"

    @property
    def percent(self) -> int:
        return round(100 * self.attended / self.possible) if self.possible else 0


@dataclass
class MeetingLine:
    meeting: GroupMeeting
    held: bool
    attended: int = 0
    marked: int = 0


@dataclass
class GroupSummary:
    """One group as its coordinators and facilitator see it."""

    group: Group
    members: list[Participant]
    meetings: list[MeetingLine]
    attendance: Attendance

    @property
    def next_meeting(self) -> GroupMeeting | None:
        return next(
            (
                line.meeting
                for line in self.meetings
                if not line.held and not line.meeting.cancelled
            ),
            None,
        )


def _summaries(groups: list[Group], *, now: datetime) -> list[GroupSummary]:
    """Groups read with their members and meetings prefetched, and one query for the marks."""
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    for meeting_id, participant_id, status in MeetingAttendance.objects.filter(
        meeting__group__in=groups
    ).values_list("meeting_id", "participant_id", "status"):
        marks[meeting_id][participant_id] = status
    summaries = []
    for group in groups:
        members = [membership.participant for membership in group.memberships.all()]
        member_ids = {member.pk for member in members}
        lines, attendance = [], Attendance()
        for meeting in group.meetings.all():
            held = _held(meeting, now)
            own = {pk: status for pk, status in marks[meeting.pk].items() if pk in member_ids}
            line = MeetingLine(
                meeting=meeting,
                held=held,
                attended=sum(1 for status in own.values() if status in ATTENDED),
                marked=len(own),
            )
            lines.append(line)
            if held:
                attendance.attended += line.attended
                attendance.possible += len(members)
        summaries.append(GroupSummary(group, members, lines, attendance))
    return summaries


def _members():
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related(
            "participant__user", "participant__organisation"
        ).order_by("participant__user__last_name", "participant__user__first_name", "pk"),
    )


def coordinator_cohort(*, cohort_id: int) -> Cohort:
    """Any cohort, with its programme, for a coordinator; one that does not exist is a 404."""
    return get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_id)


def cohort_groups(*, cohort: Cohort, now: datetime | None = None) -> list[GroupSummary]:
    """The cohort's groups by kind and name, each with its facilitator, members, meetings and
    attendance so far. Four queries, whatever the number of groups, members and meetings."""
    now = now or timezone.now()
    groups = list(
        Group.objects.filter(cohort=cohort)
        .select_related("facilitator")
        .prefetch_related(_members(), "meetings")
    )
    return _summaries(groups, now=now)


def group_summary(*, group: Group, now: datetime | None = None) -> GroupSummary:
    """One group (read with its facilitator) as :func:`cohort_groups` reads it. Three
    queries."""
    now = now or timezone.now()
    prefetch_related_objects([group], _members(), "meetings")
    (summary,) = _summaries([group], now=now)
    return summary


def cohort_group(*, cohort: Cohort, group_id: int) -> Group:
    """A group of ``cohort``, for its coordinators; any other is a 404."""
    return get_object_or_404(
        Group.objects.select_related("facilitator", "cohort__programme"),
        pk=group_id,
        cohort=cohort,
    )


def group_meeting(*, group: Group, meeting_id: int) -> GroupMeeting:
    """A meeting of ``group``; any other is a 404."""
    meeting = get_object_or_404(GroupMeeting, pk=meeting_id, group=group)
    meeting.group = group
    return meeting


def facilitated_group(*, user, group_id: int) -> Group:
    """A group the person facilitates, or any group for a coordinator. Anything else, a group
    that does not exist included, is a 404. One query."""
    group = (
        Group.objects.select_related("facilitator", "cohort__programme").filter(pk=group_id).first()
    )
    if group is None or not can_see_group(user, group):
        raise Http404
    return group


def facilitator_choices():
    """Who can facilitate a group: active accounts in the Mentors or Coordinators group, by
    name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.MENTORS, roles.COORDINATORS])
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def member_choices(*, cohort: Cohort):
    """Who can be a member: the cohort's participants on the programme, by name."""
    return (
        Participant.objects.filter(cohort=cohort, status__in=Participant.ON_PROGRAMME)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def members_elsewhere(*, group: Group) -> dict[int, str]:
    """Participant id -> the other group of the same kind in the cohort they are in. One
    query."""
    return dict(
        Membership.objects.filter(group__cohort_id=group.cohort_id, group__kind=group.kind)
        .exclude(group_id=group.pk)
        .values_list("participant_id", "group__name")
    )


# --- Registers -----------------------------------------------------------------------------------


@dataclass
class MeetingRegister:
    """A meeting's register: a row per member, shaped as an event register's rows."""

    meeting: GroupMeeting
    rows: list[RegisterRow]

    @property
    def active_rows(self) -> list[RegisterRow]:
        return [row for row in self.rows if row.is_active]

    @property
    def summary(self) -> str:
        marked = sum(1 for row in self.active_rows if row.record)
        return f"{marked} of {len(self.active_rows)} marked"

    def row_for(self, participant_id: int) -> RegisterRow | None:
        return next((row for row in self.rows if row.participant.pk == participant_id), None)


def register_member(*, meeting: GroupMeeting, participant_id: int) -> Participant:
    """A member of the meeting's group, or someone already marked at it; anyone else is a
    404."""
    return get_object_or_404(
        Participant.objects.filter(
            Q(group_memberships__group_id=meeting.group_id) | Q(meeting_attendance__meeting=meeting)
        )
        .select_related("user")
        .distinct(),
        pk=participant_id,
    )


def meeting_register(*, meeting: GroupMeeting) -> MeetingRegister:
    """The group's members on the programme by surname, each with their mark and its history,
    and anyone marked who has since left the group or the programme, so no mark drops out.
    Three queries, however many members and marks."""
    records = {
        record.participant_id: record
        for record in MeetingAttendance.objects.filter(meeting=meeting).select_related("marked_by")
    }
    changes = defaultdict(list)
    for change in (
        MeetingAttendance.history.filter(meeting_id=meeting.pk)
        .select_related("history_user", "marked_by")
        .order_by("-history_date", "-history_id")
    ):
        changes[change.participant_id].append(change)
    participants = (
        Participant.objects.filter(
            Q(group_memberships__group_id=meeting.group_id, status__in=Participant.ON_PROGRAMME)
            | Q(pk__in=list(records))
        )
        .distinct()
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    day = uk_day(meeting.starts_at)
    rows = [
        RegisterRow(
            participant=participant,
            record=records.get(participant.pk),
            apology=None,
            changes=changes.get(participant.pk, []),
            day=day,
        )
        for participant in participants
    ]
    return MeetingRegister(meeting=meeting, rows=rows)


# --- The facilitator's and the member's groups ----------------------------------------------------


@dataclass
class FacilitatedGroup:
    group: Group
    members: int
    next_meeting: GroupMeeting | None


def facilitated_groups(*, user, now: datetime | None = None) -> list[FacilitatedGroup]:
    """The groups ``user`` facilitates, with how many members each has and its next meeting
    not cancelled. Two queries."""
    now = now or timezone.now()
    groups = (
        Group.objects.filter(facilitator=user)
        .select_related("cohort__programme")
        .annotate(member_count=Count("memberships"))
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=GroupMeeting.objects.filter(cancelled=False, ends_at__gte=now),
                to_attr="ahead",
            )
        )
        .order_by("cohort__starts_on", "cohort_id", "kind", "name")
    )
    return [
        FacilitatedGroup(group, group.member_count, group.ahead[0] if group.ahead else None)
        for group in groups
    ]


def facilitator_meetings(*, user) -> list[GroupMeeting]:
    """Every meeting of the groups ``user`` facilitates, cancelled ones included (so
    calendars remove them). One query."""
    return list(
        GroupMeeting.objects.filter(group__facilitator=user).select_related(
            "group__cohort__programme", "group__facilitator"
        )
    )


@dataclass
class MeetingFor:
    """A meeting as a member sees it, with their mark once the register is taken."""

    meeting: GroupMeeting
    attendance: MeetingAttendance | None
    is_past: bool


@dataclass
class MemberGroup:
    group: Group
    others: list[Participant]
    meetings: list[MeetingFor] = field(default_factory=list)


def member_meetings(
    *, participant: Participant
) -> list[tuple[GroupMeeting, MeetingAttendance | None]]:
    """Every meeting of the participant's groups, cancelled ones included, with their mark;
    each meeting comes with its group and facilitator, and each group's cohort is the
    participant's own, as loaded already (its mentoring settings are read with it once, by
    whoever asks first). One query, and one more for the marks when there are meetings."""
    cohort = participant.cohort
    meetings = list(
        GroupMeeting.objects.filter(
            group__memberships__participant=participant, group__cohort=cohort
        ).select_related("group__facilitator")
    )
    if not meetings:
        return []
    for meeting in meetings:
        meeting.group.cohort = cohort
    marks = {
        mark.meeting_id: mark
        for mark in MeetingAttendance.objects.filter(participant=participant, meeting__in=meetings)
    }
    return [(meeting, marks.get(meeting.pk)) for meeting in meetings]


def member_groups(*, participant: Participant, now: datetime | None = None) -> list[MemberGroup]:
    """The participant's groups, each with its facilitator, the other members' names and its
    meetings with their mark. Three queries."""
    now = now or timezone.now()
    groups = list(
        Group.objects.filter(memberships__participant=participant)
        .select_related("facilitator", "cohort__programme")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.exclude(participant=participant)
                .select_related("participant__user")
                .order_by("participant__user__last_name", "participant__user__first_name"),
            ),
            "meetings",
        )
    )
    marks = {
        mark.meeting_id: mark
        for mark in MeetingAttendance.objects.filter(
            participant=participant, meeting__group__in=groups
        )
    }
    return [
        MemberGroup(
            group=group,
            others=[membership.participant for membership in group.memberships.all()],
            meetings=[
                MeetingFor(meeting, marks.get(meeting.pk), meeting.ends_at <= now)
                for meeting in group.meetings.all()
            ],
        )
        for group in groups
    ]


# --- The coordinators' workspace -----------------------------------------------------------------


@dataclass
class CohortGroups:
    """A cohort's groups on the coordinators' workspace."""

    groups: int = 0
    next_meeting: GroupMeeting | None = None
    attendance: Attendance = field(default_factory=Attendance)


def workspace_groups(
    *, cohort_ids: list[int], now: datetime | None = None
) -> dict[int, CohortGroups]:
    """For each cohort: how many groups, the next meeting not cancelled, and attendance of the
    members at meetings held so far. Two queries, for every cohort at once."""
    now = now or timezone.now()
    found = {cohort_id: CohortGroups() for cohort_id in cohort_ids}
    members: dict[int, int] = {}
    for group in (
        Group.objects.filter(cohort_id__in=cohort_ids)
        .order_by()
        .annotate(member_count=Count("memberships"))
    ):
        found[group.cohort_id].groups += 1
        members[group.pk] = group.member_count
    meetings = (
        GroupMeeting.objects.filter(group__cohort_id__in=cohort_ids, cancelled=False)
        .select_related("group")
        .annotate(
            attended=Count(
                "attendance",
                filter=Q(
                    attendance__status__in=ATTENDED,
                    attendance__participant__group_memberships__group_id=F("group_id"),
                ),
            )
        )
    )
    for meeting in meetings:
        place = found[meeting.group.cohort_id]
        if meeting.starts_at <= now:
            place.attendance.possible += members.get(meeting.group_id, 0)
            place.attendance.attended += meeting.attended
        elif place.next_meeting is None or meeting.starts_at < place.next_meeting.starts_at:
            place.next_meeting = meeting
    return found


# --- Calendar entries ----------------------------------------------------------------------------


def meeting_calendar_entry(meeting: GroupMeeting) -> CalendarEvent:
    """The meeting's calendar entry: a stable UID, and a sequence that goes up each time it
    moves or is cancelled, so calendars replace the entry they have. Reads the meeting's group
    with its cohort, programme and facilitator."""
    group = meeting.group
    entry = CalendarEvent()
    entry.add("uid", f"{meeting.uid}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}")
    entry.add("sequence", meeting.sequence)
    entry.add("dtstamp", timezone.now())
    entry.add("last-modified", meeting.updated_at)
    entry.add("dtstart", meeting.starts_at)
    entry.add("dtend", meeting.ends_at)
    entry.add("summary", f"{group.cohort.programme.short_name}: {meeting.title or group.name}")
    entry.add(
        "description",
        f"{group.get_kind_display()}: {group.name}\n\nFacilitated by {group.facilitator.display_name}",
    )
    if meeting.place:
        entry.add("location", meeting.place)
    entry.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    return entry


def meeting_calendar(meeting: GroupMeeting) -> bytes:
    """A calendar file holding the one meeting, for an email's attachment."""
    return calendar_file(
        [meeting_calendar_entry(meeting)], name=meeting.title or meeting.group.name
    )
