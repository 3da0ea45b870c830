"""The mentoring tables' own rules: one active pairing per participant, one open change
request per pairing, one private note per author and session, one fit answer per side."""

import pytest
from django.db import IntegrityError, transaction

from mentoring.models import ChangeRequest, FitAnswer, Pairing, PrivateNote
from tests.mentoring.factories import MentorFactory, PairingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_a_participant_has_one_active_pairing_at_a_time():
    pairing = PairingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PairingFactory(participant=pairing.participant)
    pairing.status = Pairing.Status.ENDED
    pairing.save()
    assert PairingFactory(participant=pairing.participant, mentor=MentorFactory()).is_active


def test_one_open_change_request_per_pairing():
    pairing = PairingFactory()
    ChangeRequest.objects.create(pairing=pairing, reason="We cannot find a time.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeRequest.objects.create(pairing=pairing, reason="Again.")


def test_one_private_note_per_author_and_one_fit_answer_per_side():
    session = SessionFactory()
    author = session.pairing.mentor.user
    PrivateNote.objects.create(session=session, author=author, text="Mine.")
    with pytest.raises(IntegrityError), transaction.atomic():
        PrivateNote.objects.create(session=session, author=author, text="Mine again.")
    FitAnswer.objects.create(pairing=session.pairing, side=FitAnswer.Side.MENTOR, works=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        FitAnswer.objects.create(pairing=session.pairing, side=FitAnswer.Side.MENTOR, works=False)


def test_no_role_holds_a_permission_on_private_notes_or_portfolio_content():
    from django.contrib.auth.models import Permission

    granted = Permission.objects.filter(
        group__isnull=False, content_type__app_label="mentoring"
    ).values_list("codename", flat=True)
    assert "view_pairing" in granted
    assert not [c for c in granted if c.endswith(("privatenote", "portfolioentry", "evidence"))]
