"""Changes to tutorial groups and action learning sets: the group, its members, its meetings
and their registers, with the rules they keep."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import Participant
from csssl.addresses import absolute_url
from csssl.limits import length_problems
from csssl.outbox import Attachment, email_send
from csssl.uktime import uk_day, uk_today, weekday_date
from mentoring.errors import MentoringError
from mentoring.models import Group, GroupMeeting, MeetingAttendance, Membership
from mentoring.rules.groups import can_facilitate, can_keep_register
from mentoring.selectors.groups import meeting_calendar

#: Marks that say how someone attended; they wait for the meeting's day. Apologies do not.
ON_THE_DAY = frozenset(MeetingAttendance.Status.values) - {MeetingAttendance.Status.APOLOGIES}
#: The outbox kind of the email telling members a meeting moved or was cancelled.
UPDATE_KIND = "group_meeting_update"


def _check_length(model, **values: str) -> None:
    problems = length_problems(model, values)
    if problems:
        raise MentoringError(" ".join(problems.values()), errors=problems)


# --- Groups and members ------------------------------------------------------------------------


def group_save(
    *,
    cohort,
    name: str,
    kind: str,
    facilitator,
    counts_toward_completion: bool,
    by,
    group: Group | None = None,
) -> Group:
    """Create a group of ``cohort`` (or change ``group``). Its facilitator is a mentor, tutor
    or coordinator; its name is unique in the cohort. A group with members keeps its kind
    unless none of them is already in a group of the new kind."""
    name = name.strip()
    if not name:
        raise MentoringError("Give the group a name.", errors={"name": "Give the group a name."})
    _check_length(Group, name=name)
    if kind not in Group.Kind.values:
        message = "Choose a tutorial group or an action learning set."
        raise MentoringError(message, errors={"kind": message})
    if not can_facilitate(facilitator):
        message = "Choose a mentor, tutor or coordinator to facilitate the group."
        raise MentoringError(message, errors={"facilitator": message})
    try:
        with transaction.atomic():
            if group is None:
                group = Group(cohort=cohort)
            else:
                group = Group.objects.select_for_update().get(pk=group.pk)
                if group.kind != kind:
                    _check_kind_free(group=group, kind=kind)
            group.name = name
            group.kind = kind
            group.facilitator = facilitator
            group.counts_toward_completion = counts_toward_completion
            group._history_user = by
            group.save()
            return group
    except IntegrityError:
        message = f"{cohort} already has a group called “{name}”."
        raise MentoringError(message, errors={"name": message}) from None


def _check_kind_free(*, group: Group, kind: str) -> None:
    clash = (
        Membership.objects.filter(
            group__cohort_id=group.cohort_id,
            group__kind=kind,
            participant__in=group.members.all(),
        )
        .exclude(group=group)
        .select_related("participant__user", "group")
        .first()
    )
    if clash:
        message = (
            f"{clash.participant.user.display_name} is already in {clash.group.name}, "
            f"a {Group.Kind(kind).label.lower()} of this cohort."
        )
        raise MentoringError(message, errors={"kind": message})


def group_members_set(*, group: Group, participants: Iterable[Participant], by) -> Group:
    """Make ``participants`` the group's members. Each is on the group's cohort and on the
    programme (not withdrawn), and in no other group of the same kind in that cohort. The
    cohort's groups of that kind are locked while checking, so two coordinators filling two
    groups at once cannot put one person in both."""
    wanted = {participant.pk for participant in participants}
    with transaction.atomic():
        locked = list(
            Group.objects.select_for_update()
            .filter(cohort_id=group.cohort_id, kind=group.kind)
            .order_by("pk")
        )
        group = next((g for g in locked if g.pk == group.pk), None)
        if group is None:
            raise MentoringError("That group no longer exists.")
        on_cohort = set(
            Participant.objects.filter(
                pk__in=wanted, cohort_id=group.cohort_id, status__in=Participant.ON_PROGRAMME
            ).values_list("pk", flat=True)
        )
        if on_cohort != wanted:
            message = "Choose only participants of this cohort who are on the programme."
            raise MentoringError(message, errors={"members": message})
        clashes = list(
            Membership.objects.filter(
                group__cohort_id=group.cohort_id, group__kind=group.kind, participant_id__in=wanted
            )
            .exclude(group=group)
            .select_related("participant__user", "group")
        )
        if clashes:
            message = "A participant is in one {kind} of a cohort at most: {who}.".format(
                kind=group.get_kind_display().lower(),
                who="; ".join(
                    f"{m.participant.user.display_name} is in {m.group.name}" for m in clashes
                ),
            )
            raise MentoringError(message, errors={"members": message})
        current = set(group.memberships.values_list("participant_id", flat=True))
        Membership.objects.filter(group=group, participant_id__in=current - wanted).delete()
        Membership.objects.bulk_create(
            [Membership(group=group, participant_id=pk) for pk in sorted(wanted - current)]
        )
    return group


# --- Meetings ------------------------------------------------------------------------------------


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        message = "The meeting must end after it starts."
        raise MentoringError(message, errors={"ends_at": message})


def meeting_add(
    *,
    group: Group,
    starts_at: datetime,
    ends_at: datetime,
    title: str = "",
    place: str = "",
    by,
) -> GroupMeeting:
    """Add a meeting to the group's dates: it ends after it starts. The same meeting asked for
    twice (a double click) is added once: the group is locked while looking for it."""
    _check_times(starts_at, ends_at)
    title, place = title.strip(), place.strip()
    _check_length(GroupMeeting, title=title, place=place)
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        same = GroupMeeting.objects.filter(
            group=group, starts_at=starts_at, ends_at=ends_at, title=title, cancelled=False
        ).first()
        if same is not None:
            return same
        meeting = GroupMeeting(
            group=group, title=title, starts_at=starts_at, ends_at=ends_at, place=place
        )
        meeting._history_user = by
        meeting.save()
        return meeting


def _locked_meeting(meeting: GroupMeeting) -> GroupMeeting:
    return GroupMeeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)


def meeting_move(
    *,
    meeting: GroupMeeting,
    starts_at: datetime,
    ends_at: datetime,
    title: str,
    place: str,
    by,
    now: datetime | None = None,
) -> bool:
    """Change a meeting's time, place or title. A cancelled meeting stays cancelled. When
    anything changed, its calendar sequence goes up (so calendars replace the entry) and, for
    a meeting still to come, its members and facilitator are emailed. Returns whether it
    changed: saving the same details twice (a double click) changes nothing."""
    now = now or timezone.now()
    _check_times(starts_at, ends_at)
    title, place = title.strip(), place.strip()
    _check_length(GroupMeeting, title=title, place=place)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.cancelled:
            raise MentoringError("This meeting is cancelled; add a new meeting instead.")
        new = (starts_at, ends_at, title, place)
        if (meeting.starts_at, meeting.ends_at, meeting.title, meeting.place) == new:
            return False
        meeting.starts_at, meeting.ends_at, meeting.title, meeting.place = new
        meeting.sequence += 1
        meeting._history_user = by
        meeting.save()
        meeting_update_emails(meeting=meeting, now=now)
    return True


def meeting_cancel(*, meeting: GroupMeeting, by, now: datetime | None = None) -> bool:
    """Cancel a meeting: it stays on calendars as cancelled (a new sequence) and its members
    and facilitator are emailed. Returns False when it was already cancelled."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.cancelled:
            return False
        meeting.cancelled = True
        meeting.sequence += 1
        meeting._history_user = by
        meeting.save()
        meeting_update_emails(meeting=meeting, now=now)
    return True


def meeting_update_emails(*, meeting: GroupMeeting, now: datetime | None = None) -> int:
    """Tell the members (those on the programme) and the facilitator that a meeting still to
    come moved or was cancelled, each with the replacing calendar entry, once per change (the
    meeting's sequence is the email's occasion). Returns how many were written."""
    now = now or timezone.now()
    if meeting.ends_at < now:
        return 0
    group = Group.objects.select_related("cohort__programme", "facilitator").get(
        pk=meeting.group_id
    )
    meeting.group = group
    members = Participant.objects.filter(
        group_memberships__group=group, status__in=Participant.ON_PROGRAMME
    ).select_related("user")
    readers = [(member.user, absolute_url("mentoring:me")) for member in members]
    readers.append((group.facilitator, absolute_url("mentoring:group_detail", group.pk)))
    ics = meeting_calendar(meeting)
    written = 0
    for user, link in readers:
        _, created = email_send(
            kind=UPDATE_KIND,
            to=user.email,
            about=f"mentoring.groupmeeting:{meeting.pk}:user:{user.pk}",
            occasion=f"sequence-{meeting.sequence}",
            template="mentoring/group_meeting_update",
            context={"meeting": meeting, "group": group, "reader": user, "link": link},
            attachments=[Attachment("meeting.ics", ics, "text/calendar")],
        )
        written += created
    return written


# --- Registers -----------------------------------------------------------------------------------


def attendance_open(*, meeting: GroupMeeting, now: datetime | None = None) -> bool:
    """Whether attendance can be marked now: from the meeting's day (UK time) on."""
    return uk_today(now=now) >= uk_day(meeting.starts_at)


def attendance_not_yet(meeting: GroupMeeting) -> str:
    return (
        f"Attendance can be marked from the day of the meeting, "
        f"{weekday_date(uk_day(meeting.starts_at))}. Until then, only apologies can be recorded."
    )


def _check_marker(*, meeting: GroupMeeting, participant: Participant, by) -> None:
    if not can_keep_register(by, meeting.group):
        raise MentoringError("Only the group's facilitator or a coordinator keeps its register.")
    if meeting.cancelled:
        raise MentoringError("This meeting is cancelled: there is no register to keep.")
    is_member = Membership.objects.filter(group_id=meeting.group_id, participant=participant)
    if not is_member.exists():
        raise MentoringError("That person is not a member of this group.")


def meeting_attendance_mark(
    *,
    meeting: GroupMeeting,
    participant: Participant,
    status: str,
    by,
    note: str | None = None,
    only_if_unmarked: bool = False,
    now: datetime | None = None,
) -> MeetingAttendance:
    """Mark one member at one meeting, as an event's register is marked: only by the group's
    facilitator or a coordinator, only for a member, never at a cancelled meeting. Present,
    late, left early and absent wait for the meeting's day (UK time); apologies may be
    recorded at any time. Each mark is one row written under a lock, and every change is kept
    in its history. With ``only_if_unmarked``, a mark made meanwhile is kept."""
    now = now or timezone.now()
    if status not in MeetingAttendance.Status.values:
        raise MentoringError("Choose present, late, left early, apologies or absent.")
    if note is not None:
        _check_length(MeetingAttendance, note=note.strip())
    _check_marker(meeting=meeting, participant=participant, by=by)
    early = status in ON_THE_DAY and not attendance_open(meeting=meeting, now=now)
    for _ in range(2):  # a second try when someone else created the row a moment ago
        try:
            with transaction.atomic():
                record = (
                    MeetingAttendance.objects.select_for_update()
                    .filter(meeting=meeting, participant=participant)
                    .first()
                )
                if record is not None and only_if_unmarked:
                    return record
                if early and (record is None or record.status != status):
                    raise MentoringError(attendance_not_yet(meeting))
                if record is None:
                    record = MeetingAttendance(meeting=meeting, participant=participant)
                record.status = status
                if note is not None:
                    record.note = note.strip()
                record.marked_by = by
                record.marked_at = now
                record._history_user = by
                record.save()
                return record
        except IntegrityError:
            continue
    raise MentoringError("The register changed while saving; please try again.")


def meeting_attendance_note(
    *, meeting: GroupMeeting, participant: Participant, note: str, by, now: datetime | None = None
) -> MeetingAttendance:
    """Change the note on a member's mark, keeping the mark. A member not yet marked has
    nothing to note against."""
    with transaction.atomic():
        record = (
            MeetingAttendance.objects.select_for_update()
            .filter(meeting=meeting, participant=participant)
            .first()
        )
        if record is None:
            _check_marker(meeting=meeting, participant=participant, by=by)
            raise MentoringError("Mark their attendance first, then add a note.")
        return meeting_attendance_mark(
            meeting=meeting,
            participant=participant,
            status=record.status,
            by=by,
            note=note,
            now=now,
        )


def meeting_all_present(*, meeting: GroupMeeting, by, now: datetime | None = None) -> int:
    """Mark every member not yet marked as present, so the facilitator records only the
    exceptions. Marks already made are kept; it waits for the meeting's day. Returns how many
    this marked."""
    now = now or timezone.now()
    if not can_keep_register(by, meeting.group):
        raise MentoringError("Only the group's facilitator or a coordinator keeps its register.")
    if meeting.cancelled:
        raise MentoringError("This meeting is cancelled: there is no register to keep.")
    if not attendance_open(meeting=meeting, now=now):
        raise MentoringError(attendance_not_yet(meeting))
    marked = 0
    members = Participant.objects.filter(
        group_memberships__group_id=meeting.group_id, status__in=Participant.ON_PROGRAMME
    ).exclude(meeting_attendance__meeting=meeting)
    for participant in members:
        record = meeting_attendance_mark(
            meeting=meeting,
            participant=participant,
            status=MeetingAttendance.Status.PRESENT,
            by=by,
            only_if_unmarked=True,
            now=now,
        )
        # A mark someone made meanwhile is kept, and is not one this marked.
        marked += record.marked_at == now and record.marked_by_id == by.pk
    return marked
