"""A cohort's places: its allocation settings, the lock that guards its capacity, the count of
places held, and the numbering of its waiting list.

Capacity is guarded by a row lock on the cohort: every change that could take a place locks
the cohort first (``cohort_lock``) and counts the places held (offers pending, sent or
accepted), so however many people click at once, no more offers hold places than the cohort
has.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F

from applications.models import AllocationSettings, Decision, Offer
from cohorts.models import Cohort
from csssl.uktime import uk_day

Outcome = Decision.Outcome


def settings_for(cohort: Cohort) -> AllocationSettings:
    """The cohort's allocation settings, made with sensible defaults the first time."""
    deadline_day = uk_day(cohort.application_deadline)
    default_close = max(cohort.places_awarded_by - timedelta(days=7), deadline_day)
    found, _ = AllocationSettings.objects.get_or_create(
        cohort=cohort, defaults={"scoring_closes_on": default_close}
    )
    return found


def cohort_lock(cohort_id: int) -> Cohort:
    """The cohort, locked until the end of the transaction: taken before any place is."""
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def places_held(cohort: Cohort) -> int:
    return Offer.objects.filter(cohort=cohort).holding().count()


def bulk_history_create(model, objects: list, by) -> None:
    """History records for rows changed by ``update()``, which writes none by itself."""
    model.history.bulk_history_create(objects, update=True, default_user=by)


def waiting_order(cohort: Cohort) -> list[int]:
    """The decisions on the waiting list, first place first."""
    return list(
        Decision.objects.filter(cohort=cohort, outcome=Outcome.WAITING_LIST)
        .order_by("waiting_rank")
        .values_list("pk", flat=True)
    )


def waiting_list_renumber(
    cohort: Cohort, order: list[int], *, by, placed: int | None = None
) -> None:
    """Give the decisions in ``order`` the ranks 1, 2, 3... in two steps, so that the
    one-applicant-per-rank constraint holds at every moment. Every decision whose rank changes
    (and the one just ``placed``) gets a history record naming ``by``."""
    waiting = Decision.objects.filter(cohort=cohort, outcome=Outcome.WAITING_LIST)
    before = dict(waiting.values_list("pk", "waiting_rank"))
    top = max([rank or 0 for rank in before.values()] + [0]) + len(order) + 1
    for offset, pk in enumerate(order):
        Decision.objects.filter(pk=pk).update(waiting_rank=top + offset)
    changed = []
    for rank, decision in enumerate(
        sorted(waiting.filter(pk__in=order), key=lambda d: order.index(d.pk)), start=1
    ):
        moved = before.get(decision.pk) != rank
        # A new place is a new version: a page showing the old place is out of date.
        Decision.objects.filter(pk=decision.pk).update(
            waiting_rank=rank, **({"version": F("version") + 1} if moved else {})
        )
        if moved or decision.pk == placed:
            decision.waiting_rank = rank
            changed.append(decision)
    if changed:
        bulk_history_create(Decision, changed, by)
