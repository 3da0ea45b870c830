"""The sessions services: who may propose, agree, move, cancel and record a session held, the
shared record and its stale edits, private notes, the fit question, and the emails each
change sends to the other side."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from csssl.models import OutboxMessage
from mentoring.errors import MentoringError
from mentoring.models import FitAnswer, MentoringSession, Pairing, PrivateNote
from mentoring.services import sessions as services
from tests.factories import UserFactory
from tests.mentoring.factories import MentorFactory, PairingFactory, SessionFactory

pytestmark = pytest.mark.django_db

Status = MentoringSession.Status


@pytest.fixture
def pairing():
    return PairingFactory()


def propose(pairing, by, *, days=7, hours=1, place="Video call", now=None):
    starts = (now or timezone.now()) + timedelta(days=days)
    return services.session_propose(
        pairing=pairing,
        by=by,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        place=place,
        now=now,
    )


def mails(kind):
    return list(OutboxMessage.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_session_propose_by_either_side_emails_the_other(pairing):
    mentor, participant = pairing.mentor.user, pairing.participant.user

    by_mentor = propose(pairing, mentor)
    by_participant = propose(pairing, participant, days=8)

    assert by_mentor.status == by_participant.status == Status.PROPOSED
    assert sorted(mails(services.PROPOSED)) == sorted([participant.email, mentor.email])


def test_session_propose_refuses_past_and_backwards_times(pairing):
    mentor = pairing.mentor.user
    with pytest.raises(MentoringError) as past:
        propose(pairing, mentor, days=-1)
    assert "starts" in past.value.errors
    with pytest.raises(MentoringError) as backwards:
        propose(pairing, mentor, hours=-1)
    assert "ends" in backwards.value.errors
    assert not MentoringSession.objects.exists()


def test_session_propose_refuses_outsiders_and_ended_pairings(pairing):
    with pytest.raises(MentoringError):
        propose(pairing, MentorFactory().user)
    with pytest.raises(MentoringError):
        propose(pairing, UserFactory())
    pairing.status = Pairing.Status.ENDED
    pairing.save()
    with pytest.raises(MentoringError):
        propose(pairing, pairing.mentor.user)
    assert not MentoringSession.objects.exists()


def test_session_propose_twice_is_one_session(pairing):
    now = timezone.now()
    first = propose(pairing, pairing.mentor.user, now=now)
    second = propose(pairing, pairing.mentor.user, now=now)
    assert first.pk == second.pk
    assert len(mails(services.PROPOSED)) == 1


def test_session_agree_only_by_the_other_side(pairing):
    session = propose(pairing, pairing.mentor.user)
    with pytest.raises(MentoringError, match="other side agrees"):
        services.session_agree(session=session, by=pairing.mentor.user)
    with pytest.raises(MentoringError):
        services.session_agree(session=session, by=MentorFactory().user)

    agreed = services.session_agree(session=session, by=pairing.participant.user, sequence=0)

    assert agreed.status == Status.AGREED
    assert agreed.agreed_at
    assert mails(services.AGREED) == [pairing.mentor.user.email]
    again = services.session_agree(session=session, by=pairing.participant.user)
    assert again.status == Status.AGREED
    assert len(mails(services.AGREED)) == 1


def test_session_agree_refuses_a_time_moved_since_it_was_read(pairing):
    session = propose(pairing, pairing.mentor.user)
    propose_again = timezone.now() + timedelta(days=9)
    services.session_move(
        session=session,
        by=pairing.mentor.user,
        starts_at=propose_again,
        ends_at=propose_again + timedelta(hours=1),
    )
    with pytest.raises(MentoringError, match="changed since"):
        services.session_agree(session=session, by=pairing.participant.user, sequence=0)
    session.refresh_from_db()
    assert session.status == Status.PROPOSED


def test_session_agree_refuses_a_time_that_has_passed(pairing):
    session = propose(pairing, pairing.mentor.user)
    with pytest.raises(MentoringError, match="passed"):
        services.session_agree(
            session=session, by=pairing.participant.user, now=timezone.now() + timedelta(days=8)
        )


def test_session_move_back_to_proposed_with_a_new_sequence(pairing):
    session = SessionFactory(pairing=pairing)
    starts = timezone.now() + timedelta(days=10)

    moved = services.session_move(
        session=session,
        by=pairing.participant.user,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        place="Café",
    )

    assert moved.status == Status.PROPOSED
    assert moved.sequence == 1
    assert moved.proposed_by == pairing.participant.user
    assert moved.agreed_at is None
    assert mails(services.MOVED) == [pairing.mentor.user.email]
    # Now the mentor agrees: the one who did not propose the new time.
    assert services.session_agree(session=moved, by=pairing.mentor.user).status == Status.AGREED


def test_session_move_refuses_held_and_cancelled(pairing):
    starts = timezone.now() + timedelta(days=10)
    for status in (Status.HELD, Status.CANCELLED):
        session = SessionFactory(pairing=pairing, status=status)
        with pytest.raises(MentoringError):
            services.session_move(
                session=session,
                by=pairing.mentor.user,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
            )


def test_session_cancel_by_either_side_records_who(pairing):
    session = SessionFactory(pairing=pairing)

    cancelled = services.session_cancel(session=session, by=pairing.participant.user)

    assert cancelled.status == Status.CANCELLED
    assert cancelled.cancelled_by == pairing.participant.user
    assert cancelled.cancelled_at
    assert cancelled.sequence == 1
    assert mails(services.CANCELLED) == [pairing.mentor.user.email]
    assert services.session_cancel(session=session, by=pairing.mentor.user).sequence == 1
    with pytest.raises(MentoringError):
        services.session_cancel(
            session=SessionFactory(pairing=pairing, status=Status.HELD), by=pairing.mentor.user
        )
    with pytest.raises(MentoringError):
        services.session_cancel(session=SessionFactory(pairing=pairing), by=UserFactory())


def test_session_record_held_once_started_and_agreed(pairing):
    session = SessionFactory(pairing=pairing)
    with pytest.raises(MentoringError, match="once it has started"):
        services.session_record_held(session=session, by=pairing.mentor.user)
    later = session.starts_at + timedelta(minutes=5)
    held = services.session_record_held(session=session, by=pairing.mentor.user, now=later)
    assert held.status == Status.HELD
    assert held.held_at == later
    proposed = SessionFactory(pairing=pairing, status=Status.PROPOSED)
    with pytest.raises(MentoringError, match="agreed"):
        services.session_record_held(session=proposed, by=pairing.mentor.user, now=later)
    with pytest.raises(MentoringError):
        services.session_record_held(
            session=SessionFactory(pairing=pairing), by=MentorFactory().user, now=later
        )


def held_session(pairing):
    past = timezone.now() - timedelta(days=1)
    return SessionFactory(
        pairing=pairing, status=Status.HELD, starts_at=past, held_at=past + timedelta(hours=1)
    )


def test_record_save_shared_and_stale_edits_refused(pairing):
    session = held_session(pairing)
    with pytest.raises(MentoringError) as empty:
        services.record_save(session=session, by=pairing.mentor.user, themes="", actions=" ")
    assert "themes" in empty.value.errors

    first = services.record_save(
        session=session, by=pairing.mentor.user, themes="Influence", actions="Shadow a DCS"
    )
    seen = first.updated_at
    second = services.record_save(
        session=session,
        by=pairing.participant.user,
        themes="Influence, budgets",
        actions="Shadow a DCS",
        seen=seen,
    )
    assert second.written_by == pairing.participant.user
    with pytest.raises(MentoringError, match="changed since"):
        services.record_save(
            session=session, by=pairing.mentor.user, themes="Mine", actions="", seen=seen
        )
    # The same text sent again (a double click) is no conflict.
    services.record_save(
        session=session,
        by=pairing.participant.user,
        themes="Influence, budgets",
        actions="Shadow a DCS",
        seen=seen,
    )
    session.record.refresh_from_db()
    assert session.record.themes == "Influence, budgets"


def test_record_save_refuses_before_held_and_outsiders(pairing):
    with pytest.raises(MentoringError, match="held"):
        services.record_save(
            session=SessionFactory(pairing=pairing), by=pairing.mentor.user, themes="x", actions=""
        )
    with pytest.raises(MentoringError):
        services.record_save(
            session=held_session(pairing), by=MentorFactory().user, themes="x", actions=""
        )


def test_private_note_save_is_per_author_and_deleted_when_empty(pairing):
    session = held_session(pairing)
    mentor_note = services.private_note_save(session=session, by=pairing.mentor.user, text="Mine")
    services.private_note_save(session=session, by=pairing.participant.user, text="Also mine")
    services.private_note_save(session=session, by=pairing.mentor.user, text="Mine, changed")

    assert PrivateNote.objects.count() == 2
    mentor_note.refresh_from_db()
    assert mentor_note.text == "Mine, changed"
    assert services.private_note_save(session=session, by=pairing.mentor.user, text=" ") is None
    assert list(PrivateNote.objects.values_list("author", flat=True)) == [
        pairing.participant.user.pk
    ]
    with pytest.raises(MentoringError):
        services.private_note_save(session=session, by=MentorFactory().user, text="Snoop")


def test_fit_answer_after_the_first_held_session_once_per_side(pairing):
    with pytest.raises(MentoringError, match="first session"):
        services.fit_answer(pairing=pairing, by=pairing.mentor.user, works=True)
    held_session(pairing)

    services.fit_answer(pairing=pairing, by=pairing.mentor.user, works=True)
    with pytest.raises(MentoringError, match="already"):
        services.fit_answer(pairing=pairing, by=pairing.mentor.user, works=False)
    services.fit_answer(
        pairing=pairing, by=pairing.participant.user, works=False, comment="We never meet."
    )

    answers = dict(FitAnswer.objects.values_list("side", "works"))
    assert answers == {"mentor": True, "participant": False}
    # A "no" reaches the programme contact, and nobody on either side.
    programme = pairing.participant.cohort.programme
    assert mails(services.FIT_NO) == [programme.contact_email]
    with pytest.raises(MentoringError):
        services.fit_answer(pairing=pairing, by=MentorFactory().user, works=False)


def test_fit_answer_yes_sends_nothing(pairing):
    held_session(pairing)
    services.fit_answer(pairing=pairing, by=pairing.participant.user, works=True)
    assert not OutboxMessage.objects.filter(kind=services.FIT_NO).exists()
