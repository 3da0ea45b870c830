"""Placements through their services: every transition, every refusal, stale edits, double
clicks, two coordinators at once, and what the host is told."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from csssl.models import OutboxMessage
from mentoring.errors import MentoringError
from mentoring.models import Pairing, Placement
from mentoring.services import placements as services
from tests.factories import coordinator
from tests.mentoring.factories import PairingFactory, PlacementFactory

pytestmark = pytest.mark.django_db
Status = Placement.Status


def values(**changes) -> dict:
    today = timezone.localdate()
    base = {
        "kind": Placement.Kind.SHADOWING,
        "host_organisation": "  Nottingham   City Council ",
        "host_contact_name": "Ruth Okafor",
        "host_contact_email": "ruth.okafor@host.example.org",
        "starts_on": today + timedelta(days=10),
        "ends_on": today + timedelta(days=12),
        "objectives": "Shadow the DCS through a week of decisions.",
    }
    return {**base, **changes}


@pytest.fixture
def pairing() -> Pairing:
    return PairingFactory()


def agreed(pairing: Pairing, **kwargs) -> Placement:
    placement = PlacementFactory(participant=pairing.participant, **kwargs)
    services.placement_objectives_agree(
        placement=placement,
        pairing=pairing,
        by=pairing.mentor.user,
        revision=services.objectives_revision(placement),
    )
    placement.refresh_from_db()
    return placement


def submitted(pairing: Pairing) -> Placement:
    placement = agreed(pairing)
    services.placement_submit(participant=pairing.participant, placement=placement)
    placement.refresh_from_db()
    return placement


def test_placement_add_tidies_and_saves_a_draft(pairing):
    placement = services.placement_add(participant=pairing.participant, **values())
    assert placement.status == Status.DRAFT
    assert placement.host_organisation == "Nottingham City Council"
    assert placement.objectives_agreed_at is None


def test_placement_add_refuses_missing_and_wrong_fields(pairing):
    today = timezone.localdate()
    with pytest.raises(MentoringError) as refused:
        services.placement_add(
            participant=pairing.participant,
            **values(
                kind="holiday",
                host_organisation=" ",
                host_contact_email="nobody",
                starts_on=today - timedelta(days=1),
                ends_on=today - timedelta(days=3),
                objectives="",
            ),
        )
    assert set(refused.value.errors) == {
        "kind",
        "host_organisation",
        "host_contact_email",
        "starts_on",
        "ends_on",
        "objectives",
    }
    assert not Placement.objects.exists()


def test_placement_add_refuses_text_too_long(pairing):
    with pytest.raises(MentoringError) as refused:
        services.placement_add(participant=pairing.participant, **values(objectives="x" * 3001))
    assert "objectives" in refused.value.errors


def test_mentor_agrees_objectives_once(pairing):
    placement = PlacementFactory(participant=pairing.participant)
    revision = services.objectives_revision(placement)
    assert services.placement_objectives_agree(
        placement=placement, pairing=pairing, by=pairing.mentor.user, revision=revision
    )
    assert not services.placement_objectives_agree(
        placement=placement, pairing=pairing, by=pairing.mentor.user, revision=revision
    )
    placement.refresh_from_db()
    assert placement.objectives_agreed_by == pairing.mentor.user


def test_someone_elses_mentor_cannot_agree(pairing):
    placement = PlacementFactory(participant=pairing.participant)
    other = PairingFactory()
    with pytest.raises(MentoringError):
        services.placement_objectives_agree(
            placement=placement,
            pairing=other,
            by=other.mentor.user,
            revision=services.objectives_revision(placement),
        )
    with pytest.raises(MentoringError):
        services.placement_objectives_agree(
            placement=placement,
            pairing=pairing,
            by=other.mentor.user,
            revision=services.objectives_revision(placement),
        )
    pairing.status = Pairing.Status.ENDED
    pairing.save()
    with pytest.raises(MentoringError):
        services.placement_objectives_agree(
            placement=placement,
            pairing=pairing,
            by=pairing.mentor.user,
            revision=services.objectives_revision(placement),
        )
    placement.refresh_from_db()
    assert placement.objectives_agreed_at is None


def test_mentor_cannot_agree_objectives_changed_after_reading(pairing):
    placement = PlacementFactory(participant=pairing.participant)
    read = services.objectives_revision(placement)
    services.placement_edit(
        participant=pairing.participant,
        placement=placement,
        revision=services.placement_revision(placement),
        **values(objectives="Something else entirely."),
    )
    with pytest.raises(MentoringError, match="changed"):
        services.placement_objectives_agree(
            placement=placement, pairing=pairing, by=pairing.mentor.user, revision=read
        )


def test_changing_objectives_clears_agreement_and_other_changes_keep_it(pairing):
    placement = agreed(pairing)
    services.placement_edit(
        participant=pairing.participant,
        placement=placement,
        revision=services.placement_revision(placement),
        **{**values(), "objectives": placement.objectives, "host_contact_name": "New Person"},
    )
    placement.refresh_from_db()
    assert placement.objectives_agreed_at is not None
    services.placement_edit(
        participant=pairing.participant,
        placement=placement,
        revision=services.placement_revision(placement),
        **values(objectives="New objectives."),
    )
    placement.refresh_from_db()
    assert placement.objectives_agreed_at is None
    assert placement.objectives_agreed_by is None


def test_stale_edit_is_refused_with_the_newer_placement(pairing):
    placement = PlacementFactory(participant=pairing.participant)
    opened = services.placement_revision(placement)
    services.placement_edit(
        participant=pairing.participant,
        placement=placement,
        revision=opened,
        **values(host_organisation="First tab"),
    )
    with pytest.raises(services.StaleEditError) as stale:
        services.placement_edit(
            participant=pairing.participant,
            placement=placement,
            revision=opened,
            **values(host_organisation="Second tab"),
        )
    assert stale.value.current.host_organisation == "First tab"


def test_edit_keeps_a_start_date_already_past(pairing):
    past = timezone.localdate() - timedelta(days=2)
    placement = PlacementFactory(participant=pairing.participant, starts_on=past)
    services.placement_edit(
        participant=pairing.participant,
        placement=placement,
        revision=services.placement_revision(placement),
        **values(starts_on=past, ends_on=past + timedelta(days=5)),
    )
    placement.refresh_from_db()
    assert placement.starts_on == past


def test_only_the_owner_changes_a_placement(pairing):
    placement = PlacementFactory(participant=pairing.participant)
    stranger = PairingFactory().participant
    for change in (
        lambda: services.placement_edit(
            participant=stranger,
            placement=placement,
            revision=services.placement_revision(placement),
            **values(),
        ),
        lambda: services.placement_submit(participant=stranger, placement=placement),
        lambda: services.placement_withdraw(participant=stranger, placement=placement),
        lambda: services.placement_reflect(
            participant=stranger, placement=placement, reflection="Mine"
        ),
    ):
        with pytest.raises(MentoringError):
            change()
    placement.refresh_from_db()
    assert placement.status == Status.DRAFT


def test_submit_needs_agreed_objectives(pairing):
    placement = PlacementFactory(participant=pairing.participant)
    with pytest.raises(MentoringError, match="agree the objectives"):
        services.placement_submit(participant=pairing.participant, placement=placement)
    placement.refresh_from_db()
    assert placement.status == Status.DRAFT


def test_submit_twice_changes_nothing_the_second_time(pairing):
    placement = agreed(pairing)
    assert services.placement_submit(participant=pairing.participant, placement=placement)
    placement.refresh_from_db()
    first = placement.submitted_at
    later = timezone.now() + timedelta(minutes=1)
    assert not services.placement_submit(
        participant=pairing.participant, placement=placement, now=later
    )
    placement.refresh_from_db()
    assert placement.status == Status.SUBMITTED
    assert placement.submitted_at == first


def test_submit_refuses_a_placement_that_has_ended(pairing):
    placement = agreed(pairing)
    with pytest.raises(MentoringError, match="ended"):
        services.placement_submit(
            participant=pairing.participant,
            placement=placement,
            now=timezone.now() + timedelta(days=60),
        )


def test_a_submitted_placement_cannot_be_edited_or_agreed(pairing):
    placement = submitted(pairing)
    with pytest.raises(MentoringError, match="no longer"):
        services.placement_edit(
            participant=pairing.participant,
            placement=placement,
            revision=services.placement_revision(placement),
            **values(),
        )


def test_approve_emails_host_and_participant_once(pairing):
    placement = submitted(pairing)
    coordinator_user = coordinator()
    services.placement_approve(placement=placement, by=coordinator_user)
    placement.refresh_from_db()
    assert placement.status == Status.APPROVED
    assert placement.decided_by == coordinator_user
    sent = OutboxMessage.objects.filter(object_ref=f"mentoring.placement:{placement.pk}")
    assert {(m.kind, m.recipient) for m in sent} == {
        ("placement_host", placement.host_contact_email),
        ("placement_approved", pairing.participant.user.email),
    }


def test_second_coordinator_is_told_who_decided(pairing):
    placement = submitted(pairing)
    first = coordinator(first_name="Alex", last_name="Morgan")
    services.placement_approve(placement=placement, by=first)
    with pytest.raises(MentoringError, match="Alex Morgan approved"):
        services.placement_approve(placement=placement, by=coordinator())
    with pytest.raises(MentoringError, match="Alex Morgan approved"):
        services.placement_decline(placement=placement, by=coordinator(), note="No")
    assert OutboxMessage.objects.filter(kind="placement_host").count() == 1


def test_only_coordinators_decide(pairing):
    placement = submitted(pairing)
    with pytest.raises(MentoringError):
        services.placement_approve(placement=placement, by=pairing.mentor.user)
    with pytest.raises(MentoringError):
        services.placement_decline(placement=placement, by=pairing.participant.user, note="No")
    placement.refresh_from_db()
    assert placement.status == Status.SUBMITTED


def test_only_a_submitted_placement_is_decided(pairing):
    draft = PlacementFactory(participant=pairing.participant)
    with pytest.raises(MentoringError, match="not waiting"):
        services.placement_approve(placement=draft, by=coordinator())
    services.placement_withdraw(participant=pairing.participant, placement=draft)
    with pytest.raises(MentoringError, match="withdrawn"):
        services.placement_approve(placement=draft, by=coordinator())


def test_decline_needs_a_note_then_tells_the_participant(pairing):
    placement = submitted(pairing)
    with pytest.raises(MentoringError) as refused:
        services.placement_decline(placement=placement, by=coordinator(), note="  ")
    assert "note" in refused.value.errors
    services.placement_decline(placement=placement, by=coordinator(), note="Dates clash.")
    placement.refresh_from_db()
    assert placement.status == Status.DECLINED
    assert placement.decision_note == "Dates clash."
    kinds = set(OutboxMessage.objects.values_list("kind", "recipient"))
    assert kinds == {("placement_declined", pairing.participant.user.email)}


def test_declined_placement_is_changed_and_sent_again(pairing):
    placement = submitted(pairing)
    services.placement_decline(placement=placement, by=coordinator(), note="Other dates")
    placement.refresh_from_db()
    services.placement_edit(
        participant=pairing.participant,
        placement=placement,
        revision=services.placement_revision(placement),
        **{**values(), "objectives": placement.objectives},
    )
    assert services.placement_submit(participant=pairing.participant, placement=placement)
    placement.refresh_from_db()
    assert placement.status == Status.SUBMITTED
    assert placement.decision_note == ""
    assert placement.decided_by is None


def test_withdraw_before_approval_but_not_after(pairing):
    placement = submitted(pairing)
    assert services.placement_withdraw(participant=pairing.participant, placement=placement)
    assert not services.placement_withdraw(participant=pairing.participant, placement=placement)
    approved = submitted(pairing)
    services.placement_approve(placement=approved, by=coordinator())
    with pytest.raises(MentoringError, match="programme team"):
        services.placement_withdraw(participant=pairing.participant, placement=approved)
    with pytest.raises(MentoringError):
        services.placement_submit(participant=pairing.participant, placement=placement)


def test_reflection_only_on_an_approved_placement_from_its_last_day(pairing):
    placement = submitted(pairing)
    with pytest.raises(MentoringError, match="approved"):
        services.placement_reflect(
            participant=pairing.participant, placement=placement, reflection="Early"
        )
    services.placement_approve(placement=placement, by=coordinator())
    with pytest.raises(MentoringError, match="last day"):
        services.placement_reflect(
            participant=pairing.participant, placement=placement, reflection="Early"
        )
    last_day = timezone.make_aware(
        timezone.datetime.combine(placement.ends_on, timezone.datetime.min.time())
    ) + timedelta(hours=12)
    with pytest.raises(MentoringError) as empty:
        services.placement_reflect(
            participant=pairing.participant, placement=placement, reflection=" ", now=last_day
        )
    assert "reflection" in empty.value.errors
    services.placement_reflect(
        participant=pairing.participant,
        placement=placement,
        reflection="I learned a lot.",
        now=last_day,
    )
    placement.refresh_from_db()
    assert placement.reflection == "I learned a lot."
    assert placement.reflected_at == last_day


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approving_at_once_make_one_decision():
    """The row lock makes the second wait and then find it decided: one approval, one host
    email, and a message for the other."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    pairing = PairingFactory()
    placement = submitted(pairing)
    people = [coordinator(), coordinator()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(person):
        barrier.wait()
        try:
            services.placement_approve(placement=placement.pk, by=person)
            outcomes.append("approved")
        except MentoringError:
            outcomes.append("told")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "told"]
    assert OutboxMessage.objects.filter(kind="placement_host").count() == 1
