"""Reminders about expressions of interest, found by the periodic sweep (csssl.reminders).

Each reminder is written through the outbox with its occasion in the key, so it goes once
however often the sweep runs. A reminder is only due to someone who was already waiting when
its moment came: a draft started two days before the deadline gets the two-day reminder, not
the seven-day one as well.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import F

from applications import rules
from applications.models import AllocationSettings, Endorsement, ExpressionOfInterest, Offer
from applications.services.allocation import scoring_gaps
from applications.services.endorsements import endorsement_email
from applications.services.offer_answers import offers_lapse
from applications.services.offers import offer_context, offer_link_secret
from cohorts.models import Cohort
from csssl import reminders
from csssl.addresses import absolute_url
from csssl.outbox import email_send
from csssl.uktime import uk_today

DRAFT_REMINDERS = (("draft-7-days", timedelta(days=7)), ("draft-2-days", timedelta(days=2)))
ENDORSER_AFTER = timedelta(days=3)
ENDORSER_BEFORE_DEADLINE = timedelta(days=2)


def _open_cohorts(now: datetime) -> list[Cohort]:
    return [
        cohort
        for cohort in Cohort.objects.filter(
            status=Cohort.Status.OPEN, applications_open__lte=now
        ).select_related("programme")
        if now < cohort.closes_at
    ]


def _draft_occasion(cohort: Cohort, now: datetime) -> tuple[str, datetime] | None:
    """The draft reminder whose window we are in, and when that window began."""
    for index, (occasion, before) in enumerate(DRAFT_REMINDERS):
        start = cohort.closes_at - before
        end = (
            cohort.closes_at - DRAFT_REMINDERS[index + 1][1]
            if index + 1 < len(DRAFT_REMINDERS)
            else cohort.closes_at
        )
        if start <= now < end:
            return occasion, start
    return None


@reminders.register("applications.draft_reminders")
def draft_reminders(*, now: datetime) -> int:
    """Remind holders of unsubmitted drafts 7 days and 2 days before the deadline."""
    written = 0
    for cohort in _open_cohorts(now):
        due = _draft_occasion(cohort, now)
        if due is None:
            continue
        occasion, window_start = due
        drafts = ExpressionOfInterest.objects.filter(
            cohort=cohort,
            status=ExpressionOfInterest.Status.DRAFT,
            created_at__lt=window_start,
        ).select_related("applicant")
        for draft in drafts:
            _, created = email_send(
                kind="draft_reminder",
                to=draft.applicant.email,
                about=draft,
                occasion=occasion,
                template="applications/draft_reminder",
                context={
                    "application": draft,
                    "cohort": cohort,
                    "link": absolute_url("applications:apply", cohort.pk),
                },
            )
            written += created
    return written


@reminders.register("applications.endorser_reminders")
def endorser_reminders(*, now: datetime) -> int:
    """Remind endorsers who have not answered: 3 days after the request, and 2 days before
    the deadline. When the two would fall together, the deadline reminder alone goes."""
    written = 0
    pending = (
        Endorsement.objects.awaiting_answer()
        .filter(
            application__cohort__status__in=rules.SELECTING,
            requested_at__lte=now - ENDORSER_AFTER,
        )
        .select_related("application__cohort__programme", "application__applicant")
        .order_by("pk")
    )
    close_to_deadline = (
        Endorsement.objects.awaiting_answer()
        .filter(
            application__cohort__status=Cohort.Status.OPEN,
            requested_at__lt=F("application__cohort__application_deadline")
            - ENDORSER_BEFORE_DEADLINE,
        )
        .select_related("application__cohort__programme", "application__applicant")
    )
    for endorsement in close_to_deadline:
        cohort = endorsement.application.cohort
        start = cohort.closes_at - ENDORSER_BEFORE_DEADLINE
        if start <= now < cohort.closes_at:
            written += endorsement_email(endorsement=endorsement, occasion="reminder-2-days")
    for endorsement in pending:
        cohort = endorsement.application.cohort
        deadline_window = cohort.closes_at - ENDORSER_BEFORE_DEADLINE
        three_days_on = endorsement.requested_at + ENDORSER_AFTER
        if endorsement.requested_at < deadline_window <= three_days_on:
            continue  # the deadline reminder, due first, covers it
        written += endorsement_email(endorsement=endorsement, occasion="reminder-3-days")
    return written


@reminders.register("applications.offer_lapses")
def offer_lapses(*, now: datetime) -> int:
    """Offers not answered by their date lapse; their places go back to the allocation."""
    return offers_lapse(now=now)


OFFER_REMINDER_BEFORE = timedelta(days=3)


@reminders.register("applications.offer_reminders")
def offer_reminders(*, now: datetime) -> int:
    """Remind an applicant who has not answered an offer, three days before its date."""
    written = 0
    due = Offer.objects.filter(
        state=Offer.State.SENT,
        respond_by__gt=now,
        respond_by__lte=now + OFFER_REMINDER_BEFORE,
        sent_at__lt=now - timedelta(days=1),
    ).select_related("application__applicant", "cohort__programme")
    for offer in due:
        _, created = email_send(
            kind="offer_reminder",
            to=offer.application.applicant.email,
            about=offer,
            occasion="3-days",
            template="applications/offer_reminder",
            context=offer_context(offer),
            secrets=offer_link_secret(offer),
        )
        written += created
    return written


SCORING_REMINDER_BEFORE = timedelta(days=3)


@reminders.register("applications.scoring_reminders")
def scoring_reminders(*, now: datetime) -> int:
    """Remind members of the DCS group who still have applications to score, three days
    before scoring closes and on the last day."""
    today = uk_today(now=now)
    written = 0
    for allocation in AllocationSettings.objects.filter(
        cohort__status__in=rules.SELECTING,
        scoring_closes_on__gte=today,
        scoring_closes_on__lte=today + SCORING_REMINDER_BEFORE,
    ).select_related("cohort__programme"):
        last_day = allocation.scoring_closes_on == today
        occasion = "scoring-last-day" if last_day else "scoring-3-days"
        gaps = {pk: owed for pk, owed in scoring_gaps(allocation.cohort).items() if owed}
        for member in get_user_model().objects.filter(pk__in=gaps):
            _, created = email_send(
                kind="scoring_reminder",
                to=member.email,
                about=allocation,
                occasion=occasion,
                template="applications/scoring_reminder",
                context={
                    "member": member,
                    "cohort": allocation.cohort,
                    "owed": gaps[member.pk],
                    "closes_on": allocation.scoring_closes_on,
                    "link": absolute_url("admin:applications_board", allocation.cohort_id),
                },
            )
            written += created
    return written
