"""The evaluations app's reminders: each goes once, only in its own window, counted in UK
days; and the sweeps that follow a round's close are registered with the periodic sweep."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from cohorts.models import Participant
from csssl import reminders, retention
from csssl.models import OutboxMessage
from evaluations.emails import (
    rater_reminder_emails,
    review_reminder_emails,
    self_evaluation_reminder_emails,
)
from evaluations.models import Priority, RaterInvitation, Report
from evaluations.reminders import identities_remove
from evaluations.services import plans
from evaluations.services.raters import rater_token
from tests.evaluations.factories import RaterInvitationFactory, RoundFactory, SelfEvaluationFactory
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
OPENS, CLOSES = date(2025, 9, 1), date(2025, 9, 26)  # in British Summer Time


def uk(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UK)


def before_close(days: int, hour: int = 9) -> datetime:
    return uk(CLOSES - timedelta(days=days), hour)


@pytest.fixture
def round():
    return RoundFactory(opens_on=OPENS, closes_on=CLOSES)


@pytest.fixture
def participant(round):
    return ParticipantFactory(cohort=round.cohort)


def sent(kind: str) -> list[tuple[str, str]]:
    return list(
        OutboxMessage.objects.filter(kind=kind).order_by("pk").values_list("recipient", "occasion")
    )


# --- Self evaluation ------------------------------------------------------------------------------

SELF = "evaluation_self_reminder"


def test_self_reminder_a_week_then_two_days_before_close_each_once(round, participant):
    email = participant.user.email
    assert self_evaluation_reminder_emails(now=before_close(8)) == 0
    assert self_evaluation_reminder_emails(now=before_close(7)) == 1
    assert self_evaluation_reminder_emails(now=before_close(7, hour=15)) == 0
    assert self_evaluation_reminder_emails(now=before_close(4)) == 0
    assert self_evaluation_reminder_emails(now=before_close(2)) == 1
    assert self_evaluation_reminder_emails(now=before_close(0, hour=22)) == 0
    assert self_evaluation_reminder_emails(now=before_close(-1)) == 0
    assert sent(SELF) == [(email, "7-days"), (email, "2-days")]
    message = OutboxMessage.objects.filter(kind=SELF).order_by("pk").last()
    assert message.subject.startswith("Two days left")
    assert "Friday 26 September 2025" in message.body_text


def test_self_reminder_missed_window_sends_only_the_one_we_are_in(round, participant):
    self_evaluation_reminder_emails(now=before_close(1))
    assert sent(SELF) == [(participant.user.email, "2-days")]


def test_self_reminder_counts_uk_days(round, participant):
    # 23:30 UTC eight days before the close is already 00:30 BST on the seventh day.
    eighth_day_late = uk(CLOSES - timedelta(days=8), 23, 30)
    assert self_evaluation_reminder_emails(now=eighth_day_late) == 0
    just_after_midnight_uk = datetime(2025, 9, 18, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert self_evaluation_reminder_emails(now=just_after_midnight_uk) == 1


def test_self_reminder_not_to_those_who_submitted_or_left(round, participant):
    done = ParticipantFactory(cohort=round.cohort)
    SelfEvaluationFactory(round=round, participant=done, submitted_at=timezone.now())
    SelfEvaluationFactory(round=round, participant=participant)  # saved, not submitted
    ParticipantFactory(cohort=round.cohort, status=Participant.Status.WITHDRAWN)
    ParticipantFactory()  # another cohort's
    self_evaluation_reminder_emails(now=before_close(7))
    assert sent(SELF) == [(participant.user.email, "7-days")]


def test_self_reminder_not_before_the_round_opens():
    short = RoundFactory(opens_on=CLOSES - timedelta(days=3), closes_on=CLOSES)
    ParticipantFactory(cohort=short.cohort)
    assert self_evaluation_reminder_emails(now=before_close(7)) == 0
    assert self_evaluation_reminder_emails(now=before_close(3)) == 1


# --- Raters ---------------------------------------------------------------------------------------

RATER = "rater_invitation"


def invited(round, participant, on: datetime, **kwargs) -> RaterInvitation:
    return RaterInvitationFactory(round=round, participant=participant, invited_at=on, **kwargs)


def test_rater_reminder_five_days_after_invitation_then_two_before_close(round, participant):
    invitation = invited(round, participant, uk(date(2025, 9, 5), 10))
    five_days = uk(date(2025, 9, 10), 10)
    assert rater_reminder_emails(now=five_days - timedelta(minutes=1)) == 0
    assert rater_reminder_emails(now=five_days) == 1
    assert rater_reminder_emails(now=five_days + timedelta(days=2)) == 0
    assert rater_reminder_emails(now=before_close(2)) == 1
    assert rater_reminder_emails(now=before_close(1)) == 0
    assert rater_reminder_emails(now=before_close(-1)) == 0
    assert sent(RATER) == [(invitation.email, "5-days"), (invitation.email, "2-days")]
    message = OutboxMessage.objects.filter(kind=RATER).order_by("pk").last()
    assert message.subject.startswith("Reminder:")
    assert rater_token(invitation) not in message.body_text  # the link is the rater's alone


def test_rater_invited_in_the_last_days_gets_no_reminder_on_top(round, participant):
    invited(round, participant, before_close(2, hour=8))
    assert rater_reminder_emails(now=before_close(1)) == 0
    assert rater_reminder_emails(now=before_close(0, hour=20)) == 0


def test_rater_reminder_only_while_an_answer_is_wanted(round, participant):
    on = uk(date(2025, 9, 5), 10)
    for state in ("submitted", "declined", "withdrawn"):
        invited(round, participant, on, state=state)
    waiting = invited(round, participant, on)
    leaver = ParticipantFactory(cohort=round.cohort, status=Participant.Status.WITHDRAWN)
    invited(round, leaver, on)
    rater_reminder_emails(now=uk(date(2025, 9, 12)))
    assert sent(RATER) == [(waiting.email, "5-days")]


def test_rater_reminder_not_once_the_report_is_frozen(round, participant):
    invited(round, participant, uk(date(2025, 9, 5), 10))
    Report.objects.create(round=round, participant=participant, figures={})
    assert rater_reminder_emails(now=uk(date(2025, 9, 12))) == 0


# --- Review dates ---------------------------------------------------------------------------------

REVIEW = "evaluation_plan_review"


def test_review_reminder_three_days_before_each_review_date_once(participant):
    start = uk(date(2025, 10, 1))
    priority = plans.priority_add(
        participant=participant, title="Lead the review", review_on=date(2025, 10, 10), now=start
    )
    assert review_reminder_emails(now=uk(date(2025, 10, 6))) == 0
    assert review_reminder_emails(now=uk(date(2025, 10, 7), 0, 5)) == 1
    assert review_reminder_emails(now=uk(date(2025, 10, 9))) == 0
    # A review date moved is a review of its own.
    plans.priority_edit(
        participant=participant,
        priority=priority,
        revision=plans.revision_of(priority),
        title=priority.title,
        quality_id=None,
        actions="",
        support="",
        review_on=date(2025, 10, 20),
        status=Priority.Status.ACTIVE,
        now=uk(date(2025, 10, 11)),
    )
    assert review_reminder_emails(now=uk(date(2025, 10, 17))) == 1
    email = participant.user.email
    assert sent(REVIEW) == [(email, "review-2025-10-10"), (email, "review-2025-10-20")]
    message = OutboxMessage.objects.filter(kind=REVIEW).order_by("pk").last()
    assert "Monday 20 October 2025" in message.subject


def test_review_reminder_not_for_priorities_no_longer_in_hand(participant):
    start = uk(date(2025, 10, 1))
    for status in (Priority.Status.ACHIEVED, Priority.Status.DROPPED):
        priority = plans.priority_add(
            participant=participant, title=status, review_on=date(2025, 10, 10), now=start
        )
        Priority.objects.filter(pk=priority.pk).update(status=status)
    leaver = ParticipantFactory(status=Participant.Status.WITHDRAWN)
    plans.priority_add(participant=leaver, title="Gone", review_on=date(2025, 10, 10), now=start)
    assert review_reminder_emails(now=uk(date(2025, 10, 8))) == 0


# --- The sweep ------------------------------------------------------------------------------------


def test_every_evaluation_sweep_is_registered():
    assert {
        "evaluations.self_evaluation_reminders",
        "evaluations.rater_reminders",
        "evaluations.review_reminders",
        "evaluations.reports_freeze",
    } <= set(reminders.registered())
    assert identities_remove in retention.registered()["rater_identities"]


def test_sweeps_after_the_close_freeze_reports_and_remove_identities(round, participant):
    invitation = invited(round, participant, uk(date(2025, 9, 5), 10))

    written = reminders.reminders_sweep(now=uk(CLOSES + timedelta(days=1), 2))
    removed = retention.retention_sweep(now=uk(CLOSES + timedelta(days=1), 2, 30))

    assert written["evaluations.reports_freeze"] == 1
    assert removed["rater_identities.identities_remove"] == 1
    assert Report.objects.filter(round=round, participant=participant).exists()
    invitation.refresh_from_db()
    assert (invitation.name, invitation.email) == ("", "")
    assert reminders.reminders_sweep(now=uk(CLOSES + timedelta(days=2), 2)) == dict.fromkeys(
        written, 0
    )
    again = retention.retention_sweep(now=uk(CLOSES + timedelta(days=2), 2, 30))
    assert again["rater_identities.identities_remove"] == 0


@override_settings(RETENTION={**settings.RETENTION, "rater_identities": 1})
def test_a_longer_period_keeps_the_raters_for_its_months(round, participant):
    invitation = invited(round, participant, uk(date(2025, 9, 5), 10))

    retention.retention_sweep(now=uk(CLOSES + timedelta(days=20), 2, 30))
    invitation.refresh_from_db()
    assert invitation.email

    retention.retention_sweep(now=uk(CLOSES + timedelta(days=40), 2, 30))
    invitation.refresh_from_db()
    assert invitation.email == ""
