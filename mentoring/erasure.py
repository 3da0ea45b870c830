"""The mentoring app's part of an erasure (``csssl.erasure``).

Pairings, sessions, group memberships, meeting registers, placements and projects stay (the
cohort's figures and the mentors' records of their work count them), without the person's
words: their private notes go, their portfolio goes with its files (from storage too, once the
erasure is committed), the records of their sessions and the records they wrote are blanked,
their mentoring wishes, change requests and answers to "is it working?" lose their text, and a
mentor's profile loses its free text. The history of every row whose text is removed goes too.
"""

from __future__ import annotations

from django.db.models import Q

from csssl.erasure import register

from .models import (
    ChangeRequest,
    Evidence,
    FitAnswer,
    MeetingAttendance,
    Mentor,
    MentoringPreference,
    Milestone,
    Placement,
    PortfolioEntry,
    PrivateNote,
    Project,
    QualityMark,
    SessionRecord,
)
from .models.mentors import MentorCalendarFeed
from .services.portfolio import _remove_files_after_commit

REMOVED = "Removed"
REMOVED_EMAIL = "removed@removed.invalid"


def _portfolio(user) -> int:
    entries = list(
        PortfolioEntry.objects.filter(participant__user=user).values_list("pk", flat=True)
    )
    files = list(Evidence.objects.filter(entry_id__in=entries).values_list("file", flat=True))
    QualityMark.history.filter(entry_id__in=entries).delete()
    removed, _ = PortfolioEntry.objects.filter(pk__in=entries).delete()
    _remove_files_after_commit(files)
    return removed


def _sessions(user) -> int:
    records = list(
        SessionRecord.objects.filter(
            Q(written_by=user) | Q(session__pairing__participant__user=user)
        ).values_list("pk", flat=True)
    )
    SessionRecord.objects.filter(pk__in=records).update(themes="", actions="")
    SessionRecord.history.filter(id__in=records).delete()
    notes, _ = PrivateNote.objects.filter(author=user).delete()
    wishes = MentoringPreference.objects.filter(participant__user=user).update(wishes="")
    changes = ChangeRequest.objects.filter(pairing__participant__user=user).update(
        reason=REMOVED, outcome=""
    )
    answers = FitAnswer.objects.filter(
        Q(pairing__participant__user=user, side=FitAnswer.Side.PARTICIPANT)
        | Q(pairing__mentor__user=user, side=FitAnswer.Side.MENTOR)
    ).update(comment="")
    return len(records) + notes + wishes + changes + answers


def _work(user) -> int:
    placements = list(Placement.objects.filter(participant__user=user).values_list("pk", flat=True))
    Placement.objects.filter(pk__in=placements).update(
        host_organisation=REMOVED,
        host_contact_name=REMOVED,
        host_contact_email=REMOVED_EMAIL,
        objectives=REMOVED,
        decision_note="",
        reflection="",
    )
    Placement.history.filter(id__in=placements).delete()
    projects = list(Project.objects.filter(participant__user=user).values_list("pk", flat=True))
    Project.objects.filter(pk__in=projects).update(
        title=REMOVED, problem=REMOVED, expected_impact="", final_report=""
    )
    Project.history.filter(id__in=projects).delete()
    Milestone.objects.filter(project_id__in=projects).update(title=REMOVED)
    noted = list(
        MeetingAttendance.objects.filter(participant__user=user)
        .exclude(note="")
        .values_list("pk", flat=True)
    )
    MeetingAttendance.objects.filter(pk__in=noted).update(note="")
    MeetingAttendance.history.filter(participant__user=user).exclude(note="").delete()
    return len(placements) + len(projects) + len(noted)


def _mentor(user) -> int:
    profiles = list(Mentor.objects.filter(user=user).values_list("pk", flat=True))
    Mentor.objects.filter(pk__in=profiles).update(
        role=REMOVED, about="", availability="", is_active=False
    )
    Mentor.history.filter(id__in=profiles).delete()
    MentorCalendarFeed.objects.filter(mentor_id__in=profiles).delete()
    return len(profiles)


@register(
    "mentoring",
    order=50,
    describes=(
        "Their portfolio is deleted with its files; their private notes are deleted; the "
        "records of their mentoring sessions, their wishes for a mentor, change requests, "
        "placements and projects keep their dates and states without their text; a mentor's "
        "profile loses its job title and free text."
    ),
)
def mentoring_erase(*, user, keep_certificates: bool) -> int:
    return _portfolio(user) + _sessions(user) + _work(user) + _mentor(user)
