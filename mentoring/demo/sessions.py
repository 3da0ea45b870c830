"""The demo mentor's sessions with their two Cohort 1 mentees: three held during the year,
each with the record both keep and, for the first, each side's answer that the pairing works;
then, from the day the demo is loaded, one session agreed with the demo participant a week
ahead and one Rebecca Thornton has proposed, waiting for the mentor to agree. Cohort 1's
certificates were awarded before mentoring counted toward completion, so it asks for no
sessions; the running cohort asks for four (``people``). Found by pairing and start, so loading
twice leaves the same rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from csssl.demo import at, upsert
from mentoring.models import FitAnswer, MentoringSession, Pairing, SessionRecord

Status = MentoringSession.Status

#: Held sessions of Cohort 1: (day, hour, themes, agreed actions).
HELD = [
    (
        date(2021, 10, 21),
        14,
        "Getting started; what each of us hopes for; the 360 feedback on influencing.",
        "Read the feedback report again before December; book a second session.",
    ),
    (
        date(2021, 12, 9),
        15,
        "Leading through a difficult inspection; keeping the team's attention on children.",
        "Shadow a senior leadership team meeting in Leicestershire in January.",
    ),
    (
        date(2022, 2, 17),
        14,
        "Budgets and commissioning with partners; the Project 2035 strand.",
        "Draft the project's problem statement and share it before the next extended day.",
    ),
]


def _session(pairing: Pairing, starts_at: datetime, **values) -> MentoringSession:
    return upsert(
        MentoringSession,
        lookup={"pairing": pairing, "starts_at": starts_at},
        values={"ends_at": starts_at + timedelta(hours=1), **values},
    )


def load(*, today: date, pairings: list[Pairing]) -> list[MentoringSession]:
    loaded = []
    for pairing in pairings:
        mentor = pairing.mentor.user
        for day, hour, themes, actions in HELD:
            starts_at = at(day, hour)
            session = _session(
                pairing,
                starts_at,
                place="Video call",
                status=Status.HELD,
                proposed_by=mentor,
                proposed_at=starts_at - timedelta(days=14),
                agreed_at=starts_at - timedelta(days=13),
                held_at=starts_at + timedelta(hours=1),
            )
            upsert(
                SessionRecord,
                lookup={"session": session},
                values={"themes": themes, "actions": actions, "written_by": mentor},
            )
            loaded.append(session)
        for side in FitAnswer.Side.values:
            upsert(
                FitAnswer,
                lookup={"pairing": pairing, "side": side},
                values={"works": True, "answered_at": at(HELD[0][0], 17)},
            )
    demo, rebecca = pairings
    loaded.append(
        _session(
            demo,
            at(today + timedelta(days=7), 14),
            place="County Hall, Glenfield: the mentor's office",
            status=Status.AGREED,
            proposed_by=demo.mentor.user,
            proposed_at=at(today - timedelta(days=2), 9),
            agreed_at=at(today - timedelta(days=1), 18),
        )
    )
    loaded.append(
        _session(
            rebecca,
            at(today + timedelta(days=10), 16),
            place="Video call",
            status=Status.PROPOSED,
            proposed_by=rebecca.participant.user,
            proposed_at=at(today - timedelta(days=1), 11),
            agreed_at=None,
        )
    )
    return loaded
