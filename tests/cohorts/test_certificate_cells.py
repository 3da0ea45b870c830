"""Each element's cells on the coordinators' certificates page, written in Python from the
standing alone: what each shows, "Not asked" where the cohort asks nothing of it, and every
title escaped as text."""

from __future__ import annotations

from datetime import date

from evaluations.completion import RoundDue, SelfEvaluationStanding
from evaluations.completion import cells as evaluation_cells
from events.completion import Miss, RequiredEvents
from events.completion import cells as event_cells
from events.models import Event
from mentoring.models import GroupMeeting
from mentoring.registrations.groups import GroupMeetingsStanding, MeetingMiss
from mentoring.registrations.groups import cells as meeting_cells
from mentoring.registrations.sessions import SessionsStanding
from mentoring.registrations.sessions import cells as session_cells

MARKUP = '<b onclick="x()">Day</b>'
ESCAPED = "&lt;b onclick=&quot;x()&quot;&gt;Day&lt;/b&gt;"


def test_required_events_show_attended_of_held_to_come_and_each_miss_escaped():
    standing = RequiredEvents(
        allowed=1,
        required=3,
        attended=2,
        missed=[Miss(Event(title=MARKUP), "Absent")],
        still_to_come=1,
    )

    assert event_cells(standing) == (
        f'<td>2 of 3<br><span class="small">1 to come</span></td>\n<td>{ESCAPED} (absent)</td>\n'
    )
    assert "<b onclick" not in event_cells(standing)


def test_required_events_with_nothing_missed_say_none():
    standing = RequiredEvents(allowed=0, required=2, attended=2)

    assert event_cells(standing) == "<td>2 of 2</td>\n<td>None</td>\n"


def test_self_evaluation_shows_each_round_and_where_it_stands():
    rounds = [
        RoundDue(MARKUP, date(2031, 7, 2), None, closed=False, days_left=3),
        RoundDue("Post-programme evaluation", date(2031, 9, 1), None, closed=True, days_left=-1),
    ]

    assert evaluation_cells(SelfEvaluationStanding(evaluation_rounds=rounds)) == (
        f"<td>{ESCAPED}: due by 2 July 2031<br>Post-programme evaluation: not submitted</td>\n"
    )
    assert evaluation_cells(SelfEvaluationStanding()) == "<td>Not asked</td>\n"


def test_mentoring_sessions_show_held_of_asked_or_not_asked():
    assert session_cells(SessionsStanding(sessions_required=3, sessions_held=1)) == (
        "<td>1 of 3</td>\n"
    )
    assert session_cells(SessionsStanding(sessions_required=0, sessions_held=2)) == (
        "<td>Not asked</td>\n"
    )


def test_group_meetings_show_attended_of_held_missed_and_to_come():
    standing = GroupMeetingsStanding(
        meetings_allowed_missed=1,
        meetings_held=3,
        meetings_attended=2,
        meetings_missed=[MeetingMiss(GroupMeeting(title="Set 1"), "Absent")],
        meetings_to_come=2,
    )

    assert meeting_cells(standing) == (
        '<td>2 of 3<br><span class="small">1 missed, 1 allowed</span>'
        '<br><span class="small">2 to come</span></td>\n'
    )
    assert meeting_cells(GroupMeetingsStanding()) == "<td>Not asked</td>\n"
