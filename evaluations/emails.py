"""The evaluations app's reminders, each to its person once: the participant's self
evaluation before a round closes, raters who have not answered, and the review dates of a
development plan. Found by the periodic sweep (``evaluations.reminders``).

The outbox key (kind, object, recipient, occasion) makes each go once however often the sweep
runs. A reminder's occasion is its window; only the reminder whose window we are in goes, so a
sweep that missed one window (a long outage) sends the next, never both. A review reminder's
occasion is the review date itself, so a date moved gets a reminder of its own. Days are UK
days (``csssl.uktime``): a round closes at the end of its last UK day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef

from cohorts.models import Participant
from csssl.addresses import absolute_url
from csssl.outbox import email_send
from csssl.uktime import uk_day, uk_today

from .models import Priority, RaterInvitation, Report, Round, SelfEvaluation
from .services.raters import invitation_email

#: Self evaluation not submitted: a week before the round closes, then two days before.
SELF_WEEK, SELF_LAST = 7, 2
#: Raters who have not answered: five days after their invitation, then two days before close.
RATER_AFTER, RATER_LAST = timedelta(days=5), 2
#: Plan review dates: three days before each.
REVIEW_BEFORE = 3


def self_reminder_window(*, closes_on: date, today: date) -> str:
    """The self evaluation reminder due for a round closing on ``closes_on``: "7-days" in the
    week before it closes, "2-days" in its last two days and on the day, else ""."""
    days_left = (closes_on - today).days
    if 0 <= days_left <= SELF_LAST:
        return "2-days"
    if SELF_LAST < days_left <= SELF_WEEK:
        return "7-days"
    return ""


def rater_reminder_window(*, invitation: RaterInvitation, now: datetime) -> str:
    """The reminder due for a rater who has not answered: "2-days" in the round's last two
    days (unless the invitation itself came in them), else "5-days" from five days after
    the invitation, else ""."""
    today = uk_today(now=now)
    closes_on = invitation.round.closes_on
    days_left = (closes_on - today).days
    if days_left < 0:
        return ""
    if days_left <= RATER_LAST:
        invited_on = uk_day(invitation.invited_at)
        return "2-days" if invited_on < closes_on - timedelta(days=RATER_LAST) else ""
    return "5-days" if now - invitation.invited_at >= RATER_AFTER else ""


def self_evaluation_reminder_emails(*, now: datetime) -> int:
    """Remind each active participant whose self evaluation is not submitted, a week and two
    days before their round closes. Returns how many reminders were written."""
    today = uk_today(now=now)
    rounds = Round.objects.filter(
        opens_on__lte=today,
        closes_on__gte=today,
        closes_on__lte=today + timedelta(days=SELF_WEEK),
    ).select_related("cohort__programme")
    written = 0
    for round in rounds:
        occasion = self_reminder_window(closes_on=round.closes_on, today=today)
        submitted = SelfEvaluation.objects.filter(
            round=round, participant=OuterRef("pk"), submitted_at__isnull=False
        )
        waiting = (
            Participant.objects.filter(cohort_id=round.cohort_id, status=Participant.Status.ACTIVE)
            .exclude(Exists(submitted))
            .select_related("user")
        )
        for participant in waiting:
            _, created = email_send(
                kind="evaluation_self_reminder",
                to=participant.user.email,
                about=f"evaluations.round:{round.pk}:participant:{participant.pk}",
                occasion=occasion,
                template="evaluations/self_reminder",
                context={
                    "round": round,
                    "cohort": round.cohort,
                    "participant": participant,
                    "final": occasion == "2-days",
                    "link": absolute_url("evaluations:overview"),
                },
            )
            written += created
    return written


def rater_reminder_emails(*, now: datetime) -> int:
    """Remind each rater who has not answered, five days after their invitation and two days
    before the round closes, with a fresh copy of their link. Not once the participant's
    report is frozen (no answer is taken then), nor for a participant who has withdrawn."""
    today = uk_today(now=now)
    frozen = Report.objects.filter(round=OuterRef("round"), participant=OuterRef("participant"))
    invitations = (
        RaterInvitation.objects.filter(
            state=RaterInvitation.State.INVITED,
            round__opens_on__lte=today,
            round__closes_on__gte=today,
            participant__status=Participant.Status.ACTIVE,
        )
        .exclude(email="")
        .exclude(Exists(frozen))
        .select_related("round__cohort__programme", "participant__user")
    )
    written = 0
    for invitation in invitations:
        occasion = rater_reminder_window(invitation=invitation, now=now)
        if occasion:
            written += invitation_email(invitation=invitation, occasion=occasion, now=now)
    return written


def review_reminder_emails(*, now: datetime) -> int:
    """Remind each active participant of a review date they set for a priority they are
    working on, three days before it."""
    today = uk_today(now=now)
    priorities = Priority.objects.filter(
        status=Priority.Status.ACTIVE,
        review_on__gte=today,
        review_on__lte=today + timedelta(days=REVIEW_BEFORE),
        plan__participant__status=Participant.Status.ACTIVE,
    ).select_related("plan__participant__user", "plan__participant__cohort__programme", "quality")
    written = 0
    for priority in priorities:
        participant = priority.plan.participant
        _, created = email_send(
            kind="evaluation_plan_review",
            to=participant.user.email,
            about=priority,
            occasion=f"review-{priority.review_on.isoformat()}",
            template="evaluations/plan_review",
            context={
                "priority": priority,
                "participant": participant,
                "cohort": participant.cohort,
                "link": absolute_url("evaluations:plan"),
            },
        )
        written += created
    return written
