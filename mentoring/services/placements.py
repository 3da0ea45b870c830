"""Placements, shadowing and attachments: planned by the participant, objectives agreed with
their mentor, approved or declined by a coordinator (who tells the host), reflected on after.

A placement is written as a draft and may be changed while it is a draft or has been declined.
Its objectives are agreed by the participant's active mentor; changing them afterwards undoes
the agreement, so what the coordinator approves and the host reads is what the mentor agreed.
It goes for approval only with its objectives agreed. A coordinator approves (the host contact
is emailed the participant's name, the dates and the objectives, and nothing else of the
participant) or declines with a note; the participant is told either way.

Every change locks the placement and looks again at its state, so a double click, two tabs or
two coordinators deciding at once end in one change and a message for the other. An edit
carries the ``revision`` of the placement as the page showed it; a save over newer content is
refused with :class:`StaleEditError`, and the mentor's agreement carries the objectives'
revision, so nobody agrees to words they have not read.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from cohorts.models import Participant
from csssl.addresses import absolute_url
from csssl.limits import length_problems
from csssl.outbox import email_send
from csssl.uktime import long_date, time_on_date, uk_today
from mentoring import rules
from mentoring.errors import MentoringError
from mentoring.models import Pairing, Placement
from mentoring.rules.placements import EDITABLE, WITHDRAWABLE

Status = Placement.Status

#: What a placement says: what an edit may change, and what its revision is a digest of.
CONTENT = (
    "kind",
    "host_organisation",
    "host_contact_name",
    "host_contact_email",
    "starts_on",
    "ends_on",
    "objectives",
)

HOST_EMAIL = "mentoring/placement_host"
APPROVED_EMAIL = "mentoring/placement_approved"
DECLINED_EMAIL = "mentoring/placement_declined"


class StaleEditError(MentoringError):
    """The placement changed after the page was opened; ``current`` is it as it is now."""

    def __init__(self, message: str, *, current: Placement) -> None:
        super().__init__(message)
        self.current = current


def _digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[
        :20
    ]


def placement_revision(placement: Placement) -> str:
    """A digest of what the placement says: content, not a time, so two saves in the same
    instant are still told apart and saving the very same words twice is no conflict."""
    return _digest({name: getattr(placement, name) for name in CONTENT})


def objectives_revision(placement: Placement) -> str:
    """A digest of the objectives alone, as the mentor read them."""
    return _digest({"objectives": placement.objectives})


def _clean(values: dict, *, today: date, was: Placement | None = None) -> dict:
    """The placement's content, tidied, or a :class:`MentoringError` naming each field that
    breaks a rule. A start date may stay in the past only if it was already there."""
    cleaned = {
        "kind": values.get("kind") or "",
        "host_organisation": " ".join((values.get("host_organisation") or "").split()),
        "host_contact_name": " ".join((values.get("host_contact_name") or "").split()),
        "host_contact_email": (values.get("host_contact_email") or "").strip(),
        "starts_on": values.get("starts_on"),
        "ends_on": values.get("ends_on"),
        "objectives": (values.get("objectives") or "").strip(),
    }
    errors: dict[str, str] = {}
    if cleaned["kind"] not in Placement.Kind.values:
        errors["kind"] = "Choose a placement, shadowing or an attachment."
    if not cleaned["host_organisation"]:
        errors["host_organisation"] = "Name the organisation you will spend the time with."
    if not cleaned["host_contact_name"]:
        errors["host_contact_name"] = "Name your contact there."
    if "@" not in cleaned["host_contact_email"]:
        errors["host_contact_email"] = "Give your contact's email address, like name@example.org."
    starts_on, ends_on = cleaned["starts_on"], cleaned["ends_on"]
    if starts_on is None:
        errors["starts_on"] = "Give the first day."
    elif starts_on < today and not (was is not None and was.starts_on == starts_on):
        errors["starts_on"] = "Choose a first day from today onwards."
    if ends_on is None:
        errors["ends_on"] = "Give the last day."
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The last day cannot be before the first day."
    if not cleaned["objectives"]:
        errors["objectives"] = "Say what you mean to learn or do there."
    errors.update(length_problems(Placement, cleaned))
    if errors:
        raise MentoringError(
            "The placement was not saved: please check what is marked.", errors=errors
        )
    return cleaned


def _own(participant: Participant, placement: Placement | int) -> Placement:
    """The participant's own placement, locked for the change being made."""
    pk = placement.pk if isinstance(placement, Placement) else placement
    found = Placement.objects.select_for_update().filter(pk=pk, participant=participant).first()
    if found is None:
        raise MentoringError("That placement is not one of yours.")
    return found


def _who(user) -> str:
    return user.get_full_name() or user.email


@transaction.atomic
def placement_add(*, participant: Participant, now: datetime | None = None, **values) -> Placement:
    """Add a draft placement. It needs a host organisation, a contact with an email address,
    a first day from today and a last day not before it, and its objectives."""
    now = now or timezone.now()
    cleaned = _clean(values, today=uk_today(now=now))
    placement = Placement(participant=participant, created_at=now, **cleaned)
    placement._history_user = participant.user
    placement.save()
    return placement


@transaction.atomic
def placement_edit(
    *,
    participant: Participant,
    placement: Placement | int,
    revision: str,
    now: datetime | None = None,
    **values,
) -> Placement:
    """Change a placement while it is a draft or has been declined. Changed objectives need
    agreeing again. A save from a page whose placement has changed since is refused."""
    now = now or timezone.now()
    placement = _own(participant, placement)
    if placement.status not in EDITABLE:
        raise MentoringError(
            f"This placement is {placement.get_status_display().lower()}, so it can no longer "
            "be changed."
        )
    if revision != placement_revision(placement):
        raise StaleEditError(
            "This placement was changed in another window after you opened it. Your changes "
            "are below, with the placement as it is now saved.",
            current=placement,
        )
    cleaned = _clean(values, today=uk_today(now=now), was=placement)
    if cleaned["objectives"] != placement.objectives:
        placement.objectives_agreed_by = None
        placement.objectives_agreed_at = None
    for name, value in cleaned.items():
        setattr(placement, name, value)
    placement._history_user = participant.user
    placement.save()
    return placement


@transaction.atomic
def placement_objectives_agree(
    *, placement: Placement | int, pairing: Pairing, by, revision: str, now: datetime | None = None
) -> bool:
    """The participant's active mentor agrees the objectives as they read them (``revision``).
    Only while the placement can still change; objectives changed since are refused, with the
    newer words for the mentor to read. Agreeing twice changes nothing: False."""
    now = now or timezone.now()
    if not rules.is_mentor_of(by, pairing):
        raise MentoringError("Only the participant's mentor can agree these objectives.")
    pk = placement.pk if isinstance(placement, Placement) else placement
    placement = (
        Placement.objects.select_for_update()
        .filter(pk=pk, participant_id=pairing.participant_id)
        .first()
    )
    if placement is None:
        raise MentoringError("That placement is not one of your mentee's.")
    if revision != objectives_revision(placement):
        raise MentoringError(
            "The objectives were changed after you opened the page: read them again below "
            "before agreeing."
        )
    if placement.objectives_agreed_at is not None:
        return False
    if placement.status not in EDITABLE:
        raise MentoringError(
            f"This placement is {placement.get_status_display().lower()}: its objectives can "
            "no longer be agreed."
        )
    placement.objectives_agreed_by = by
    placement.objectives_agreed_at = now
    placement._history_user = by
    placement.save(update_fields=["objectives_agreed_by", "objectives_agreed_at"])
    return True


@transaction.atomic
def placement_submit(
    *, participant: Participant, placement: Placement | int, now: datetime | None = None
) -> bool:
    """Send a draft (or a declined placement, changed) to the coordinators for approval. Its
    objectives must be agreed and it must not have ended. Sending twice changes nothing:
    False."""
    now = now or timezone.now()
    placement = _own(participant, placement)
    if placement.status == Status.SUBMITTED:
        return False
    if placement.status not in EDITABLE:
        raise MentoringError(
            f"This placement is {placement.get_status_display().lower()}: it cannot be sent "
            "for approval."
        )
    if placement.objectives_agreed_at is None:
        raise MentoringError(
            "Your mentor or tutor needs to agree the objectives before you send the placement "
            "for approval."
        )
    if placement.ends_on < uk_today(now=now):
        raise MentoringError("This placement has already ended, so it cannot be approved now.")
    placement.status = Status.SUBMITTED
    placement.submitted_at = now
    placement.decided_by = None
    placement.decided_at = None
    placement.decision_note = ""
    placement._history_user = participant.user
    placement.save()
    return True


@transaction.atomic
def placement_withdraw(
    *, participant: Participant, placement: Placement | int, now: datetime | None = None
) -> bool:
    """Withdraw a placement before it is approved. Once approved the host has been told, so
    the programme team changes it. Withdrawing twice changes nothing: False."""
    placement = _own(participant, placement)
    if placement.status == Status.WITHDRAWN:
        return False
    if placement.status not in WITHDRAWABLE:
        raise MentoringError(
            "This placement is approved and its host has been told: please ask the programme "
            "team if it cannot go ahead."
        )
    placement.status = Status.WITHDRAWN
    placement._history_user = participant.user
    placement.save(update_fields=["status"])
    return True


def _decided_already(placement: Placement) -> MentoringError:
    if placement.status in (Status.APPROVED, Status.DECLINED) and placement.decided_by:
        verb = "approved" if placement.status == Status.APPROVED else "declined"
        return MentoringError(
            f"{_who(placement.decided_by)} {verb} this placement at "
            f"{time_on_date(placement.decided_at)}: nothing more was changed."
        )
    if placement.status == Status.WITHDRAWN:
        return MentoringError("The participant has withdrawn this placement.")
    return MentoringError("This placement is not waiting for approval.")


def _decidable(placement: Placement | int, *, by) -> Placement:
    if not rules.can_run_mentoring(by):
        raise MentoringError("Only the programme team can approve placements.")
    pk = placement.pk if isinstance(placement, Placement) else placement
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("participant__user", "participant__cohort__programme", "decided_by")
        .get(pk=pk)
    )
    if placement.status != Status.SUBMITTED:
        raise _decided_already(placement)
    return placement


def _host_context(placement: Placement) -> dict:
    """All the host email may say: the participant's name, the dates and the objectives, with
    the host's own details and the programme's. Nothing else of the participant is given to
    the template, so no later change to it can let more out."""
    programme = placement.participant.cohort.programme
    return {
        "name": placement.participant.user.get_full_name(),
        "kind": placement.get_kind_display().lower(),
        "host_organisation": placement.host_organisation,
        "host_contact_name": placement.host_contact_name,
        "starts_on": long_date(placement.starts_on),
        "ends_on": long_date(placement.ends_on),
        "objectives": placement.objectives,
        "programme_name": programme.name,
        "programme_contact": programme.contact_email,
    }


def _participant_context(placement: Placement) -> dict:
    return {
        "placement": placement,
        "participant": placement.participant,
        "programme": placement.participant.cohort.programme,
        "link": absolute_url("mentoring:placement_detail", placement_id=placement.pk),
    }


@transaction.atomic
def placement_approve(*, placement: Placement | int, by, now: datetime | None = None) -> Placement:
    """A coordinator approves a placement waiting for approval. The host contact is emailed
    the participant's name, the dates and the agreed objectives (nothing else about the
    participant), and the participant is told. A placement decided already is refused, with
    who decided it and when."""
    now = now or timezone.now()
    placement = _decidable(placement, by=by)
    placement.status = Status.APPROVED
    placement.decided_by = by
    placement.decided_at = now
    placement.decision_note = ""
    placement._history_user = by
    placement.save()
    occasion = now.isoformat()
    email_send(
        kind="placement_host",
        to=placement.host_contact_email,
        about=placement,
        template=HOST_EMAIL,
        context=_host_context(placement),
        occasion=occasion,
        # A host's answer goes to the programme team, never to the participant's address.
        reply_to=placement.participant.cohort.programme.contact_email,
    )
    email_send(
        kind="placement_approved",
        to=placement.participant.user.email,
        about=placement,
        template=APPROVED_EMAIL,
        context=_participant_context(placement),
        occasion=occasion,
    )
    return placement


@transaction.atomic
def placement_decline(
    *, placement: Placement | int, by, note: str, now: datetime | None = None
) -> Placement:
    """A coordinator declines a placement waiting for approval, saying why; the participant
    is told, and may change it and send it again. Refused as approval is, once decided."""
    now = now or timezone.now()
    note = note.strip()
    errors = {}
    if not note:
        errors["note"] = "Say why, so the participant knows what to change."
    errors.update(length_problems(Placement, {"decision_note": note}))
    if "decision_note" in errors:
        errors["note"] = errors.pop("decision_note")
    if errors:
        raise MentoringError(
            "The placement was not declined: please check what is marked.", errors=errors
        )
    placement = _decidable(placement, by=by)
    placement.status = Status.DECLINED
    placement.decided_by = by
    placement.decided_at = now
    placement.decision_note = note
    placement._history_user = by
    placement.save()
    email_send(
        kind="placement_declined",
        to=placement.participant.user.email,
        about=placement,
        template=DECLINED_EMAIL,
        context=_participant_context(placement),
        occasion=now.isoformat(),
    )
    return placement


@transaction.atomic
def placement_reflect(
    *,
    participant: Participant,
    placement: Placement | int,
    reflection: str,
    now: datetime | None = None,
) -> Placement:
    """Write (or rewrite) the reflection on an approved placement, from its last day on."""
    now = now or timezone.now()
    placement = _own(participant, placement)
    if placement.status != Status.APPROVED:
        raise MentoringError("Only an approved placement has a reflection.")
    if uk_today(now=now) < placement.ends_on:
        raise MentoringError(
            f"You can reflect on this placement from its last day, {long_date(placement.ends_on)}."
        )
    reflection = reflection.strip()
    errors = {}
    if not reflection:
        errors["reflection"] = "Write your reflection before saving it."
    errors.update(length_problems(Placement, {"reflection": reflection}))
    if errors:
        raise MentoringError(
            "The reflection was not saved: please check what is marked.", errors=errors
        )
    placement.reflection = reflection
    placement.reflected_at = now
    placement._history_user = participant.user
    placement.save(update_fields=["reflection", "reflected_at"])
    return placement
