from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from applications import services
from applications import services as allocation
from applications.models import ConflictOfInterest, Decision, Invoice, Offer, Score
from cohorts.models import Participant
from csssl.models import OutboxMessage
from tests.factories import CohortFactory, UserFactory, coordinator, dcs_member

from .allocation_fixtures import criteria, endorsed, refill_automatically

pytestmark = pytest.mark.django_db

Outcome = Decision.Outcome


@pytest.fixture
def cohort():
    return CohortFactory(capacity=2)


@pytest.fixture
def coord():
    return coordinator()


def offer(application, by, reason="Strong, balanced choice"):
    return allocation.decision_record(
        application=application, outcome=Outcome.OFFER, reason=reason, by=by
    )


def wait(application, by, rank=None):
    return allocation.decision_record(
        application=application,
        outcome=Outcome.WAITING_LIST,
        reason="Strong; no place left",
        by=by,
        waiting_rank=rank,
    )


# --- Scores and conflicts --------------------------------------------------------------------


def test_score_by_member_recorded_and_updated(cohort):
    member = dcs_member()
    application = endorsed(cohort)
    (criterion,) = criteria(cohort)
    allocation.score_record(application=application, scorer=member, criterion=criterion, value=4)
    allocation.score_record(
        application=application, scorer=member, criterion=criterion, value=5, comment="Clear"
    )
    score = Score.objects.get()
    assert (score.value, score.comment) == (5, "Clear")
    assert score.history.count() == 2


@pytest.mark.parametrize("value", [0, 6])
def test_score_outside_1_to_5_refused(cohort, value):
    application = endorsed(cohort)
    (criterion,) = criteria(cohort)
    with pytest.raises(allocation.AllocationError):
        allocation.score_record(
            application=application, scorer=dcs_member(), criterion=criterion, value=value
        )


def test_score_needs_dcs_member_and_endorsed_application(cohort):
    (criterion,) = criteria(cohort)
    with pytest.raises(allocation.AllocationError, match="Only members of the DCS group"):
        allocation.score_record(
            application=endorsed(cohort), scorer=coordinator(), criterion=criterion, value=3
        )
    from .factories import ExpressionOfInterestFactory

    not_endorsed = ExpressionOfInterestFactory(cohort=cohort, submitted=True)
    with pytest.raises(allocation.AllocationError, match="endorsed"):
        allocation.score_record(
            application=not_endorsed, scorer=dcs_member(), criterion=criterion, value=3
        )


def test_score_own_authority_refused_and_recorded(cohort):
    from applications.models import Allocator

    member = dcs_member()
    application = endorsed(cohort)
    Allocator.objects.create(user=member, local_authority=application.local_authority)
    (criterion,) = criteria(cohort)
    with pytest.raises(allocation.AllocationError, match="This is recorded"):
        allocation.score_record(
            application=application, scorer=member, criterion=criterion, value=5
        )
    assert Score.objects.count() == 0
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.member, conflict.application) == (member, application)
    assert allocation.conflicts_record(member=member, cohort=cohort) == 0  # already on record


# --- Decisions and capacity ------------------------------------------------------------------


def test_offer_takes_a_place_and_capacity_is_refused_beyond(cohort, coord):
    first, second, third = (endorsed(cohort) for _ in range(3))
    offer(first, coord)
    offer(second, coord)
    with pytest.raises(allocation.AllocationError, match="All 2 places are held"):
        offer(third, coord)
    assert allocation.places_held(cohort) == 2
    assert not Decision.objects.filter(application=third).exists()


def test_decision_needs_reason_and_endorsement(cohort, coord):
    from .factories import ExpressionOfInterestFactory

    with pytest.raises(allocation.AllocationError, match="reason"):
        offer(endorsed(cohort), coord, reason=" ")
    not_endorsed = ExpressionOfInterestFactory(cohort=cohort, submitted=True)
    with pytest.raises(allocation.AllocationError, match="endorsed"):
        offer(not_endorsed, coord)
    with pytest.raises(allocation.AllocationError):
        offer(endorsed(cohort), UserFactory())


def test_changing_pending_offer_to_waiting_list_frees_the_place(cohort, coord):
    first, second, third = (endorsed(cohort) for _ in range(3))
    offer(first, coord)
    offer(second, coord)
    wait(second, coord)
    assert Offer.objects.get(application=second).state == Offer.State.WITHDRAWN
    offer(third, coord)
    assert allocation.places_held(cohort) == 2


def test_waiting_list_ranks_insert_move_and_close_gaps(cohort, coord):
    a, b, c = (endorsed(cohort) for _ in range(3))
    wait(a, coord)
    wait(b, coord)
    wait(c, coord, rank=1)

    def ranks():
        return list(
            Decision.objects.filter(outcome=Outcome.WAITING_LIST)
            .order_by("waiting_rank")
            .values_list("application_id", "waiting_rank")
        )

    assert ranks() == [(c.pk, 1), (a.pk, 2), (b.pk, 3)]
    allocation.waiting_list_move(application=b, rank=2, by=coord)
    assert ranks() == [(c.pk, 1), (b.pk, 2), (a.pk, 3)]
    offer(c, coord)
    assert ranks() == [(b.pk, 1), (a.pk, 2)]
    assert Decision.objects.get(application=b).history.count() >= 2


def test_sent_offer_cannot_be_changed_by_the_board(cohort, coord):
    application = endorsed(cohort)
    offer(application, coord)
    allocation.outcomes_send(cohort=cohort)
    with pytest.raises(allocation.AllocationError, match="has been sent"):
        wait(application, coord)


# --- Outcomes, answers, refills --------------------------------------------------------------


def test_outcomes_sent_once_each(cohort, coord, django_capture_on_commit_callbacks):
    offered, waiting, refused = (endorsed(cohort) for _ in range(3))
    offer(offered, coord)
    wait(waiting, coord)
    allocation.decision_record(
        application=refused, outcome=Outcome.NOT_OFFERED, reason="Balance of the cohort", by=coord
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert allocation.outcomes_send(cohort=cohort) == {"offers": 1, "letters": 2}
        assert allocation.outcomes_send(cohort=cohort) == {"offers": 0, "letters": 0}
    assert sorted(
        OutboxMessage.objects.filter(kind__in=["offer", "outcome_letter"]).values_list(
            "kind", "occasion"
        )
    ) == [
        ("offer", "sent"),
        ("outcome_letter", "not_offered"),
        ("outcome_letter", "waiting_list"),
    ]
    assert len(mail.outbox) == 3
    sent = Offer.objects.get(application=offered)
    assert sent.state == Offer.State.SENT
    assert timezone.localtime(sent.respond_by).strftime("%H:%M") == "23:59"


def sent_offer(cohort, coord, **kwargs):
    application = endorsed(cohort, **kwargs)
    offer(application, coord)
    allocation.outcomes_send(cohort=cohort)
    return Offer.objects.get(application=application, state=Offer.State.SENT)


def test_accept_creates_participant_once(cohort, coord):
    sent = sent_offer(cohort, coord)
    user = sent.application.applicant
    participant = allocation.offer_accept(offer=sent, user=user)
    again = allocation.offer_accept(offer=sent, user=user)  # a double click
    assert participant == again
    assert Participant.objects.filter(user=user, cohort=cohort).count() == 1
    assert participant.organisation.name == sent.application.employer
    assert not Invoice.objects.exists()  # a local-authority place is fully funded


def test_accept_by_someone_else_refused(cohort, coord):
    sent = sent_offer(cohort, coord)
    with pytest.raises(allocation.AllocationError):
        allocation.offer_accept(offer=sent, user=UserFactory())
    assert not Participant.objects.exists()


def test_accept_after_date_refused(cohort, coord):
    sent = sent_offer(cohort, coord)
    late = sent.respond_by + timedelta(minutes=1)
    with pytest.raises(allocation.AllocationError, match="date to answer"):
        allocation.offer_accept(offer=sent, user=sent.application.applicant, now=late)


def test_external_partner_accepting_gets_invoice_with_pdf(
    cohort, coord, django_capture_on_commit_callbacks
):
    sent = sent_offer(cohort, coord, external=True)
    with django_capture_on_commit_callbacks(execute=True):
        allocation.offer_accept(offer=sent, user=sent.application.applicant)
    invoice = Invoice.objects.get()
    assert invoice.amount == cohort.fee
    assert invoice.purchase_order_number == sent.application.purchase_order_number
    assert invoice.number.startswith(f"{cohort.programme.short_name.upper()}-")
    email = next(m for m in mail.outbox if m.to == [sent.application.invoice_contact_email])
    assert email.attachments[0][0] == f"{invoice.number}.pdf"
    assert email.attachments[0][1][:4] == b"%PDF"
    paid = allocation.invoice_mark_paid(invoice=invoice, paid_on=timezone.localdate(), by=coord)
    assert paid.status == Invoice.Status.PAID


def test_decline_frees_place_and_refills_automatically(cohort, coord):
    refill_automatically(cohort)
    first = sent_offer(cohort, coord)
    sent_offer(cohort, coord)
    waiting = endorsed(cohort)
    wait(waiting, coord)
    allocation.offer_decline(offer=first, user=first.application.applicant, reason="New job")
    refill = Offer.objects.get(application=waiting)
    assert refill.state == Offer.State.SENT
    assert Decision.objects.get(application=waiting).outcome == Outcome.OFFER
    assert allocation.places_held(cohort) == 2


def test_decline_on_click_cohort_waits_for_coordinator(cohort, coord):
    first = sent_offer(cohort, coord)
    waiting = endorsed(cohort)
    wait(waiting, coord)
    allocation.offer_decline(offer=first, user=first.application.applicant)
    assert not Offer.objects.filter(application=waiting).exists()
    made = allocation.offer_next_from_waiting_list(cohort=cohort, by=coord)
    assert made.application == waiting
    assert made.state == Offer.State.SENT


def test_lapsed_offer_frees_place(cohort, coord):
    refill_automatically(cohort)
    first = sent_offer(cohort, coord)
    waiting = endorsed(cohort)
    wait(waiting, coord)
    with time_machine.travel(first.respond_by + timedelta(hours=1)):
        assert allocation.offers_lapse() == 1
        assert allocation.offers_lapse() == 0
    first.refresh_from_db()
    assert first.state == Offer.State.LAPSED
    assert Offer.objects.get(application=waiting).state == Offer.State.SENT


def test_withdrawing_with_a_sent_offer_frees_the_place(cohort, coord):
    refill_automatically(cohort)
    first = sent_offer(cohort, coord)
    waiting = endorsed(cohort)
    wait(waiting, coord)
    services.application_withdraw(application=first.application)
    first.refresh_from_db()
    assert first.state == Offer.State.DECLINED
    assert Offer.objects.get(application=waiting).state == Offer.State.SENT


def test_withdrawing_after_accepting_is_refused(cohort, coord):
    sent = sent_offer(cohort, coord)
    allocation.offer_accept(offer=sent, user=sent.application.applicant)
    with pytest.raises(services.ApplicationError, match="accepted a place"):
        services.application_withdraw(application=sent.application)


def test_offer_link_only_for_its_applicant(cohort, coord):
    sent = sent_offer(cohort, coord)
    token = allocation.offer_url(sent).rstrip("/").rsplit("/", 1)[-1]
    assert allocation.offer_from_token(token, user=sent.application.applicant) == sent
    with pytest.raises(LookupError):
        allocation.offer_from_token(token, user=UserFactory())
    with pytest.raises(LookupError):
        allocation.offer_from_token(token[:-2] + "xx", user=sent.application.applicant)


def test_waiting_list_history_shows_real_ranks_and_who(cohort, coord):
    a, b = endorsed(cohort), endorsed(cohort)
    wait(a, coord)
    wait(b, coord, rank=1)  # b goes first, a moves down to 2
    a_ranks = list(
        Decision.objects.get(application=a)
        .history.order_by("history_date")
        .values_list("waiting_rank", "history_user")
    )
    assert a_ranks == [(1, coord.pk), (2, coord.pk)]
    b_ranks = Decision.objects.get(application=b).history.values_list("waiting_rank", flat=True)
    assert list(b_ranks) == [1]
    assert allocation.PARKED_RANK not in Decision.history.values_list("waiting_rank", flat=True)


def test_invoice_paid_twice_keeps_first_date(cohort, coord):
    sent = sent_offer(cohort, coord, external=True)
    allocation.offer_accept(offer=sent, user=sent.application.applicant)
    invoice = Invoice.objects.get()
    first = timezone.localdate() - timedelta(days=3)
    allocation.invoice_mark_paid(invoice=invoice, paid_on=first, by=coord)
    again = allocation.invoice_mark_paid(invoice=invoice, paid_on=timezone.localdate(), by=coord)
    assert again.paid_on == first
    assert invoice.history.first().history_user == coord
