"""What the mentoring app holds about a person, for their copy of their record
(``csssl.personal_data``): their mentoring (pairings, wishes, sessions and their shared
records, their own answers to "is it working?", change requests), the private notes they wrote
themselves, their tutorial groups and action learning sets with their attendance, placements
and projects, and their portfolio (entries, with each evidence file's name and size: the
files themselves are downloaded from the portfolio). A mentor also finds their profile and
the mentees paired with them.

Never included: a private note written by anyone else (a mentor's notes on a session are
theirs alone), the other side's answer to "is it working?", and the programme team's own notes
on why a pairing ended. Who marked a register or confirmed a pairing is not named.
Fourteen queries, whatever the size of the record.
"""

from __future__ import annotations

from django.db.models import Prefetch

from csssl.personal_data import Section, fields_of, moment, register

from .models import (
    ChangeRequest,
    Evidence,
    FitAnswer,
    MeetingAttendance,
    Membership,
    Mentor,
    MentoringPreference,
    MentoringSession,
    Milestone,
    Pairing,
    Placement,
    PortfolioEntry,
    PrivateNote,
    Project,
    QualityMark,
)

STAFF_ONLY = {"confirmed_by", "end_reason"}


def _pairings(user) -> list[Section]:
    pairings = list(
        Pairing.objects.filter(participant__user=user)
        .select_related("mentor__user", "participant__cohort__programme")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=MentoringSession.objects.select_related("record").order_by("starts_at"),
            ),
            Prefetch("change_requests", queryset=ChangeRequest.objects.order_by("created_at")),
            Prefetch(
                "fit_answers", queryset=FitAnswer.objects.filter(side=FitAnswer.Side.PARTICIPANT)
            ),
        )
        .order_by("confirmed_at", "pk")
    )
    preferences = MentoringPreference.objects.filter(participant__user=user).prefetch_related(
        "qualities", "avoid__user"
    )
    notes = (
        PrivateNote.objects.filter(author=user)
        .select_related("session__pairing__participant__user", "session__pairing__mentor__user")
        .order_by("session__starts_at", "pk")
    )
    items = []
    for pairing in pairings:
        items.append(
            {
                "Cohort": str(pairing.participant.cohort),
                "Mentor": str(pairing.mentor),
                **fields_of(pairing, leave_out={"participant", "mentor", *STAFF_ONLY}),
                "Sessions": [
                    {
                        **fields_of(session, leave_out={"pairing", "proposed_by", "cancelled_by"}),
                        "Record of the session": (
                            fields_of(session.record, leave_out={"session", "written_by"})
                            if hasattr(session, "record")
                            else None
                        ),
                    }
                    for session in pairing.sessions.all()
                ],
                "Is it working? (your answer)": [
                    fields_of(answer, leave_out={"pairing", "side", "seen_at"})
                    for answer in pairing.fit_answers.all()
                ],
                "Changes you asked for": [
                    fields_of(request, leave_out={"pairing", "resolved_by"})
                    for request in pairing.change_requests.all()
                ],
            }
        )
    return [
        Section(
            title="Mentoring",
            intro=(
                "Your mentors, your sessions with the record of each that you both see, your "
                "own answers to “is it working?” and the changes you asked for."
            ),
            items=items,
        ),
        Section(
            title="What you asked of a mentor",
            intro="Your wishes for the matching, and anyone you asked not to be paired with.",
            items=[
                {
                    "Qualities to work on": [q.name for q in preference.qualities.all()],
                    "Wishes": preference.wishes,
                    "Not to be paired with": [str(m) for m in preference.avoid.all()],
                    "Updated": moment(preference.updated_at),
                }
                for preference in preferences
            ],
        ),
        Section(
            title="Your private notes",
            intro=(
                "The private notes you wrote about sessions, which only you can read. Notes "
                "anyone else wrote are theirs and are not included."
            ),
            items=[
                {
                    "Session": moment(note.session.starts_at),
                    "Text": note.text,
                    "Updated": moment(note.updated_at),
                }
                for note in notes
            ],
        ),
    ]


def _as_mentor(user) -> Section:
    profiles = Mentor.objects.filter(user=user).select_related("organisation", "local_authority")
    mentees = (
        Pairing.objects.filter(mentor__user=user)
        .select_related("participant__user", "participant__cohort__programme")
        .order_by("confirmed_at", "pk")
    )
    return Section(
        title="As a mentor",
        intro="Your mentor profile, and the participants paired with you.",
        items=[fields_of(profile, leave_out={"user"}) for profile in profiles]
        + [
            {
                "Mentee": pairing.participant.user.display_name,
                "Cohort": str(pairing.participant.cohort),
                "Status": pairing.get_status_display(),
                "Confirmed": moment(pairing.confirmed_at),
                "Ended": moment(pairing.ended_at),
            }
            for pairing in mentees
        ],
    )


def _groups(user) -> Section:
    memberships = (
        Membership.objects.filter(participant__user=user)
        .select_related("group__cohort__programme")
        .order_by("joined_at")
    )
    attendance = (
        MeetingAttendance.objects.filter(participant__user=user)
        .select_related("meeting__group")
        .order_by("meeting__starts_at")
    )
    return Section(
        title="Groups",
        intro="Your tutorial groups and action learning sets, and your attendance at meetings.",
        items=[
            {
                "Group": m.group.name,
                "Kind": m.group.get_kind_display(),
                "Cohort": str(m.group.cohort),
                "Joined": moment(m.joined_at),
            }
            for m in memberships
        ]
        + [
            {
                "Meeting": record.meeting.title or record.meeting.group.name,
                "Starts": moment(record.meeting.starts_at),
                **fields_of(record, leave_out={"meeting", "participant", "marked_by"}),
            }
            for record in attendance
        ],
    )


def _placements(user) -> Section:
    placements = Placement.objects.filter(participant__user=user).order_by("starts_on", "pk")
    projects = (
        Project.objects.filter(participant__user=user)
        .prefetch_related(
            "qualities", Prefetch("milestones", queryset=Milestone.objects.order_by("due_on"))
        )
        .order_by("created_at", "pk")
    )
    return Section(
        title="Placements and projects",
        intro="Your placements, and your work-based projects with their milestones.",
        items=[
            fields_of(p, leave_out={"participant", "objectives_agreed_by", "decided_by"})
            for p in placements
        ]
        + [
            {
                **fields_of(project, leave_out={"participant"}),
                "Qualities": [q.name for q in project.qualities.all()],
                "Milestones": [
                    fields_of(milestone, leave_out={"project"})
                    for milestone in project.milestones.all()
                ],
            }
            for project in projects
        ],
    )


def _portfolio(user) -> Section:
    entries = (
        PortfolioEntry.objects.filter(participant__user=user)
        .select_related("event", "placement", "project")
        .prefetch_related(
            "qualities",
            Prefetch("evidence", queryset=Evidence.objects.defer("file").order_by("uploaded_at")),
            Prefetch("marks", queryset=QualityMark.objects.select_related("quality")),
        )
        .order_by("created_at", "pk")
    )
    return Section(
        title="Portfolio",
        intro=(
            "Your portfolio entries, and the name and size of each evidence file (download the "
            "files themselves from your portfolio)."
        ),
        items=[
            {
                **fields_of(entry, leave_out={"participant", "session", "meeting"}),
                "Qualities": [q.name for q in entry.qualities.all()],
                "Evidence files": [
                    {
                        "Name": evidence.name,
                        "Type": evidence.content_type,
                        "Size in bytes": evidence.size,
                        "Uploaded": moment(evidence.uploaded_at),
                    }
                    for evidence in entry.evidence.all()
                ],
                "Marked as meeting": [
                    {"Quality": mark.quality.name, "Marked": moment(mark.marked_at)}
                    for mark in entry.marks.all()
                ],
            }
            for entry in entries
        ],
    )


@register("mentoring", order=50)
def mentoring_sections(*, user) -> list[Section]:
    return [*_pairings(user), _as_mentor(user), _groups(user), _placements(user), _portfolio(user)]
