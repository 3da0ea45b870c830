"""Reminders a coordinator sends now, from a round's progress page: to participants who have
not submitted their self evaluation or have invited too few raters, and to the raters they
invited who have not answered yet.

Each person gets at most one a UK day (the outbox occasion is ``chase-<date>``), so pressing
the button twice, or for everyone after one person, sends nobody anything twice. Nothing goes
once a participant's report is frozen, since nothing more can be added to it. The coordinator
is told how many emails went, never to whom: which raters were reminded would say which had
answered.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from cohorts.models import Participant
from csssl.addresses import absolute_url
from csssl.outbox import email_send
from csssl.uktime import long_date, uk_today
from evaluations.errors import EvaluationError
from evaluations.models import RaterInvitation, Round
from evaluations.selectors.coordinator import ProgressRow, round_progress
from evaluations.services.raters import invitation_email

#: The outbox kind of the reminder to a participant.
PARTICIPANT_CHASE = "evaluation_participant_chase"


def chase_occasion(today: date) -> str:
    """The outbox occasion of a day's reminders: one per person a UK day."""
    return f"chase-{today.isoformat()}"


def _participant_email(*, round: Round, row: ProgressRow, occasion: str) -> bool:
    participant = row.participant
    _, created = email_send(
        kind=PARTICIPANT_CHASE,
        to=participant.user.email,
        about=f"evaluations.round:{round.pk}:participant:{participant.pk}",
        occasion=occasion,
        template="evaluations/participant_chase",
        context={
            "participant": participant,
            "round": round,
            "cohort": round.cohort,
            "owes_self": row.owes_self,
            "self_label": row.self_label,
            "too_few": row.too_few,
            "link": absolute_url("evaluations:overview"),
        },
        reply_to=round.cohort.programme.contact_email,
    )
    return created


@transaction.atomic
def reminders_send(
    *, round: Round, participant: Participant | None = None, now: datetime | None = None
) -> int:
    """Remind everyone behind in the round (or only ``participant`` and their raters): the
    participant if their self evaluation is not submitted or they have invited too few
    raters, and each rater of theirs who has not answered, with their link again. Only while
    the round is open; at most once a UK day each. Returns how many emails were written."""
    now = now or timezone.now()
    today = uk_today(now=now)
    if today < round.opens_on:
        raise EvaluationError(
            f"The round opens on {long_date(round.opens_on)}: reminders can be sent from then."
        )
    if round.has_closed(today):
        raise EvaluationError("The round has closed, so there is nothing left to remind of.")
    occasion = chase_occasion(today)
    behind = [
        row for row in round_progress(round=round, participant=participant).rows if row.behind
    ]
    written = 0
    for row in behind:
        if row.owes_self or row.too_few:
            written += _participant_email(round=round, row=row, occasion=occasion)
    waiting = (
        RaterInvitation.objects.filter(
            round=round,
            participant_id__in=[row.participant.pk for row in behind if row.raters_waiting],
            state=RaterInvitation.State.INVITED,
        )
        .exclude(email="")
        .select_related("participant__user", "round__cohort__programme")
        .order_by()
    )
    for invitation in waiting:
        written += invitation_email(invitation=invitation, occasion=occasion, now=now)
    return written
