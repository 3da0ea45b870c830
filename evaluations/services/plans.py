"""The development plan: the priorities a participant takes from their report into the year.

The plan is made the first time the participant adds a priority or chooses to share it, so a
visit to the page changes nothing. A priority's quality, if it has one, is a quality of the
framework version one of their cohort's rounds rates against, so it reads the same as their
report. Every change is kept with its history (``simple_history``), by whoever made it.

Two tabs never silently overwrite each other: an edit carries the ``revision`` of the priority
as the page showed it (a digest of what it said), and a save from a page whose priority has
changed since is refused with the newer text (:class:`StaleEditError`), for the participant to
choose. Reordering changes no revision, so it never makes an open edit stale.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import Participant
from csssl.limits import length_problems, max_length
from csssl.uktime import uk_today
from evaluations.errors import EvaluationError, StaleEditError
from evaluations.models import DevelopmentPlan, Priority, VersionQuality
from evaluations.selectors.plans import latest_released_report, suggestions_from

Status = Priority.Status

#: What a priority says: what its revision is a digest of, and what an edit may change.
CONTENT = ("title", "quality_id", "actions", "support", "review_on", "status")


def revision_of(priority: Priority) -> str:
    """A digest of what the priority says. Content rather than a time, so a save in the same
    instant is still seen, and another tab saving the very same words is no conflict."""
    content = {name: getattr(priority, name) for name in CONTENT}
    content["review_on"] = priority.review_on.isoformat() if priority.review_on else None
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return digest[:20]


def allowed_qualities(participant: Participant):
    """The qualities a priority may be tied to: those of the framework versions the
    participant's cohort's rounds rate against."""
    return VersionQuality.objects.filter(
        version__rounds__cohort_id=participant.cohort_id
    ).distinct()


def _plan_locked(participant: Participant, *, by=None) -> DevelopmentPlan:
    """The participant's plan, made on first use (by ``by``, in its history), locked for the
    change being made. Two first uses at once make one plan: the second finds the first's."""
    if not DevelopmentPlan.objects.filter(participant=participant).exists():
        plan = DevelopmentPlan(participant=participant)
        if by is not None:
            plan._history_user = by
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError:
            pass
    return DevelopmentPlan.objects.select_for_update().get(participant=participant)


def _clean(
    *,
    participant: Participant,
    title: str,
    quality_id: int | None,
    actions: str,
    support: str,
    review_on: date | None,
    status: str,
    today: date,
    review_was: date | None = None,
) -> dict:
    """The priority's content, tidied, or an :class:`EvaluationError` with a message for each
    field that breaks a rule."""
    values = {
        "title": " ".join(title.split()),
        "actions": actions.strip(),
        "support": support.strip(),
        "quality_id": quality_id,
        "review_on": review_on,
        "status": status,
    }
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = "Say what the priority is, in a few words."
    errors.update(length_problems(Priority, values))
    if status not in Status.values:
        errors["status"] = "Choose one of the statuses listed."
    if quality_id is not None and not allowed_qualities(participant).filter(pk=quality_id).exists():
        errors["quality"] = "Choose one of the qualities your programme rates, or none."
    if review_on is not None and review_on != review_was and review_on < today:
        errors["review_on"] = "Choose a review date from today onwards."
    if errors:
        raise EvaluationError(
            "The priority was not saved: please check what is marked.", errors=errors
        )
    return values


def _own(participant: Participant, priority: Priority | int) -> Priority:
    """The priority, locked, if it is in the participant's own plan."""
    pk = priority.pk if isinstance(priority, Priority) else priority
    found = (
        Priority.objects.select_for_update().filter(pk=pk, plan__participant=participant).first()
    )
    if found is None:
        raise EvaluationError("That priority is not in your plan.")
    return found


def _saved(priority: Priority, *, by) -> Priority:
    if by is not None:
        priority._history_user = by
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_add(
    *,
    participant: Participant,
    title: str,
    quality_id: int | None = None,
    actions: str = "",
    support: str = "",
    review_on: date | None = None,
    by=None,
    now: datetime | None = None,
) -> Priority:
    """Add a priority at the end of the participant's plan, making the plan if it is the first.

    A priority needs a title; its quality must be one of the cohort's framework, and a review
    date must not be in the past. Adding exactly what is already there (a second click) gives
    the priority already added; another priority may not take the title of one in hand."""
    today = uk_today(now=now or timezone.now())
    plan = _plan_locked(participant, by=by)
    values = _clean(
        participant=participant,
        title=title,
        quality_id=quality_id,
        actions=actions,
        support=support,
        review_on=review_on,
        status=Status.ACTIVE,
        today=today,
    )
    priorities = list(plan.priorities.all())
    for existing in priorities:
        if existing.status == Status.DROPPED:
            continue
        if existing.title.casefold() == values["title"].casefold():
            if all(getattr(existing, name) == values[name] for name in CONTENT):
                return existing
            raise EvaluationError(
                "You already have a priority with this title.",
                errors={"title": "You already have a priority with this title: edit that one."},
            )
    order = max((p.order for p in priorities), default=0) + 1
    return _saved(Priority(plan=plan, order=order, **values), by=by)


@transaction.atomic
def priority_edit(
    *,
    participant: Participant,
    priority: Priority | int,
    revision: str,
    title: str,
    quality_id: int | None,
    actions: str,
    support: str,
    review_on: date | None,
    status: str,
    by=None,
    now: datetime | None = None,
) -> Priority:
    """Change a priority of the participant's own plan.

    ``revision`` is the priority's revision as the page being saved showed it: if the priority
    has changed since (another tab, another device), nothing is saved and
    :class:`StaleEditError` carries the priority as it now stands. A review date already passed
    may stay as it was; a new one must not be in the past."""
    today = uk_today(now=now or timezone.now())
    _plan_locked(participant)
    current = _own(participant, priority)
    if revision != revision_of(current):
        raise StaleEditError(
            "This priority was changed in another window since you opened it, so your "
            "changes were not saved.",
            current=current,
        )
    values = _clean(
        participant=participant,
        title=title,
        quality_id=quality_id,
        actions=actions,
        support=support,
        review_on=review_on,
        status=status,
        today=today,
        review_was=current.review_on,
    )
    if all(getattr(current, name) == values[name] for name in CONTENT):
        return current
    for name, value in values.items():
        setattr(current, name, value)
    return _saved(current, by=by)


@transaction.atomic
def priority_move(*, participant: Participant, priority: Priority | int, up: bool) -> Priority:
    """Move a priority one place up or down the participant's plan (at either end it stays
    where it is). The plan is locked, so two quick moves each take effect once, in turn."""
    plan = _plan_locked(participant)
    moving = _own(participant, priority)
    priorities = list(plan.priorities.select_for_update().order_by("order", "pk"))
    index = next(i for i, p in enumerate(priorities) if p.pk == moving.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(priorities):
        priorities[index], priorities[other] = priorities[other], priorities[index]
    for order, each in enumerate(priorities, start=1):
        each.order = order
    # The order is how the plan is laid out, not what a priority says: no history, no revision.
    Priority.objects.bulk_update(priorities, ["order"])
    return next(p for p in priorities if p.pk == moving.pk)


@transaction.atomic
def priority_add_suggestion(
    *, participant: Participant, key: str, by=None, now: datetime | None = None
) -> Priority:
    """Add, as a priority, a quality suggested by the participant's most recent released
    report (a blind spot, a hidden strength or one of the qualities rated lowest), read from
    its frozen figures. A quality already in hand in the plan gives that priority again."""
    report = latest_released_report(participant)
    suggestion = next(
        (s for s in suggestions_from(report.figures if report else {}) if s.key == key), None
    )
    if suggestion is None:
        raise EvaluationError("That suggestion is no longer in your report.")
    plan = _plan_locked(participant, by=by)
    quality_id = int(suggestion.key)
    existing = plan.priorities.filter(quality_id=quality_id).exclude(status=Status.DROPPED).first()
    if existing is not None:
        return existing
    most = max_length(Priority, "title")
    title = suggestion.name[:most]
    taken = {p.title.casefold() for p in plan.priorities.exclude(status=Status.DROPPED)}
    if title.casefold() in taken:
        title = f"{title} ({suggestion.label.lower()})"[:most]
    return priority_add(participant=participant, title=title, quality_id=quality_id, by=by, now=now)


@transaction.atomic
def plan_share(*, participant: Participant, shared: bool, by=None) -> DevelopmentPlan:
    """Share the plan with the participant's mentor, or stop sharing it: the participant's
    choice alone, off until they make it. Asking for what already holds changes nothing."""
    plan = _plan_locked(participant, by=by)
    if plan.shared_with_mentor != shared:
        plan.shared_with_mentor = shared
        if by is not None:
            plan._history_user = by
        plan.save(update_fields=["shared_with_mentor", "updated_at"])
    return plan
