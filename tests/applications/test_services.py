from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail, signing
from django.db import IntegrityError, transaction

from applications import services
from applications.models import Endorsement, EqualityMonitoring, ExpressionOfInterest
from cohorts.models import Cohort, Organisation
from csssl.models import OutboxMessage
from tests.factories import CohortFactory, ProgrammeFactory, UserFactory

from .factories import ExpressionOfInterestFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
DEADLINE = datetime(2031, 7, 2, 23, 59, tzinfo=LONDON)


@pytest.fixture
def cohort():
    with time_machine.travel(datetime(2031, 6, 1, 9, tzinfo=LONDON)):
        return CohortFactory(
            applications_open=datetime(2031, 6, 1, tzinfo=LONDON),
            application_deadline=DEADLINE,
        )


@pytest.fixture
def draft(cohort):
    with time_machine.travel(datetime(2031, 6, 2, 9, tzinfo=LONDON)):
        return ExpressionOfInterestFactory(cohort=cohort)


def submit(application, at: datetime):
    with time_machine.travel(at, tick=False):
        return services.application_submit(application=application)


def token_for(endorsement: Endorsement) -> str:
    return services.endorsement_url(endorsement).rstrip("/").rsplit("/", 1)[-1]


def test_application_start_only_while_open(cohort):
    user = UserFactory(first_name="Ada", last_name="Price")
    with pytest.raises(services.ApplicationError):
        services.application_start(cohort=cohort, applicant=user, now=DEADLINE + timedelta(days=1))
    application = services.application_start(
        cohort=cohort, applicant=user, now=datetime(2031, 6, 5, tzinfo=LONDON)
    )
    assert (application.first_name, application.last_name) == ("Ada", "Price")
    # once started, it can always be reached again, even after the deadline
    again = services.application_start(
        cohort=cohort, applicant=user, now=DEADLINE + timedelta(days=1)
    )
    assert again.pk == application.pk


def test_one_application_per_person_per_cohort(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpressionOfInterest.objects.create(cohort=draft.cohort, applicant=draft.applicant)


def test_save_draft_after_deadline_keeps_text(draft):
    with time_machine.travel(DEADLINE + timedelta(days=3)):
        saved = services.application_save_draft(
            application=draft, data={"why_now": "Typed after the deadline"}
        )
    assert saved.why_now == "Typed after the deadline"
    assert saved.status == ExpressionOfInterest.Status.DRAFT


def test_save_draft_submitted_application_is_refused(draft):
    submit(draft, DEADLINE - timedelta(days=1))
    with pytest.raises(services.ApplicationError):
        services.application_save_draft(application=draft, data={"why_now": "changed"})


def test_save_draft_local_authority_drops_invoice_details(draft):
    saved = services.application_save_draft(
        application=draft,
        data={"organisation_type": "local_authority", "invoice_contact_name": "Finance"},
    )
    assert saved.invoice_contact_name == ""


def test_save_draft_equality_answers_stored_apart(draft):
    services.application_save_draft(application=draft, data={}, equality={"age_band": "45_54"})
    assert EqualityMonitoring.objects.get(application=draft).age_band == "45_54"
    services.application_save_draft(application=draft, data={}, equality={"age_band": ""})
    assert not EqualityMonitoring.objects.filter(application=draft).exists()


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (datetime(2031, 7, 2, 23, 59, 0, tzinfo=LONDON), True),
        (datetime(2031, 7, 2, 23, 59, 59, tzinfo=LONDON), True),
        (datetime(2031, 7, 3, 0, 0, 0, tzinfo=LONDON), False),
        (datetime(2031, 7, 3, 0, 0, 1, tzinfo=LONDON), False),
    ],
)
def test_submit_deadline_edge_in_london_time(draft, moment, accepted):
    if accepted:
        submitted = submit(draft, moment)
        assert submitted.status == ExpressionOfInterest.Status.SUBMITTED
    else:
        with pytest.raises(services.ApplicationError, match="closed at 23:59 on Wednesday 2 July"):
            submit(draft, moment)
        draft.refresh_from_db()
        assert draft.status == ExpressionOfInterest.Status.DRAFT


def test_submit_deadline_in_winter_uses_gmt():
    deadline = datetime(2031, 1, 15, 23, 59, tzinfo=LONDON)  # GMT: 23:59 UTC
    with time_machine.travel(datetime(2031, 1, 1, tzinfo=LONDON)):
        cohort = CohortFactory(
            applications_open=datetime(2030, 12, 1, tzinfo=LONDON), application_deadline=deadline
        )
        application = ExpressionOfInterestFactory(cohort=cohort)
    assert submit(application, datetime(2031, 1, 15, 23, 59, 30, tzinfo=LONDON)).submitted_at


def test_submit_incomplete_lists_every_problem_by_field(draft):
    draft.why_now = ""
    draft.can_attend_all_dates = False
    draft.endorser_email = ""
    draft.save()
    with pytest.raises(services.ApplicationError) as raised:
        submit(draft, DEADLINE - timedelta(days=1))
    assert set(raised.value.errors) == {"why_now", "can_attend_all_dates", "endorser_email"}
    assert Endorsement.objects.count() == 0


def test_submit_statement_over_word_limit_refused(draft):
    draft.development = "word " * (services.STATEMENT_WORD_LIMIT + 1)
    draft.save()
    with pytest.raises(services.ApplicationError) as raised:
        submit(draft, DEADLINE - timedelta(days=1))
    assert "301" in raised.value.errors["development"]
    draft.development = "word " * services.STATEMENT_WORD_LIMIT
    draft.save()
    assert submit(draft, DEADLINE - timedelta(days=1)).status == "submitted"


def test_submit_endorser_must_not_be_the_applicant(draft):
    draft.endorser_email = draft.applicant.email.upper()
    draft.save()
    with pytest.raises(services.ApplicationError) as raised:
        submit(draft, DEADLINE - timedelta(days=1))
    assert "endorser_email" in raised.value.errors


def test_submit_external_partner_needs_invoice_contact_when_there_is_a_fee(cohort):
    with time_machine.travel(datetime(2031, 6, 2, tzinfo=LONDON)):
        application = ExpressionOfInterestFactory(
            cohort=cohort, organisation_type=Organisation.Type.HEALTH, invoice_contact_name=""
        )
    with pytest.raises(services.ApplicationError) as raised:
        submit(application, DEADLINE - timedelta(days=1))
    assert "invoice_contact_name" in raised.value.errors


def test_submit_external_partner_without_fee_needs_no_invoice():
    with time_machine.travel(datetime(2031, 6, 1, tzinfo=LONDON)):
        cohort = CohortFactory(
            programme=ProgrammeFactory(external_partner_fee=0),
            applications_open=datetime(2031, 6, 1, tzinfo=LONDON),
            application_deadline=DEADLINE,
        )
        application = ExpressionOfInterestFactory(
            cohort=cohort, organisation_type=Organisation.Type.POLICE, invoice_contact_name=""
        )
    assert submit(application, DEADLINE - timedelta(days=1)).status == "submitted"


def test_submit_twice_is_one_submission(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(draft, DEADLINE - timedelta(days=1))
        submit(draft, DEADLINE - timedelta(hours=1))
    assert Endorsement.objects.filter(application=draft).count() == 1
    kinds = sorted(OutboxMessage.objects.values_list("kind", flat=True))
    assert kinds == ["application_receipt", "endorsement_request"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [draft.applicant.email, draft.endorser_email.lower()]
    )


def test_submit_withdrawn_application_refused(draft):
    services.application_withdraw(application=draft)
    with pytest.raises(services.ApplicationError):
        submit(draft, DEADLINE - timedelta(days=1))


def test_submit_closed_cohort_status_refused(draft):
    Cohort.objects.filter(pk=draft.cohort_id).update(status=Cohort.Status.ALLOCATING)
    with pytest.raises(services.ApplicationError):
        submit(draft, DEADLINE - timedelta(days=1))


@pytest.fixture
def submitted(draft):
    return submit(draft, DEADLINE - timedelta(days=10))


def pending(application) -> Endorsement:
    return application.endorsements.get(state=Endorsement.State.PENDING)


def test_endorsement_link_opens_pending_request(submitted):
    endorsement = pending(submitted)
    assert services.endorsement_from_token(token_for(endorsement)) == endorsement


def test_endorsement_link_tampered_is_invalid(submitted):
    token = token_for(pending(submitted))
    forged = signing.dumps(
        {"e": pending(submitted).pk, "n": "guess"}, salt=services.ENDORSEMENT_SALT
    )
    for bad in (token[:-2] + "xx", forged, "not-a-token"):
        with pytest.raises(services.EndorsementLinkError) as raised:
            services.endorsement_from_token(bad)
        assert raised.value.reason == "invalid"


def test_endorsement_link_expires(submitted, settings):
    with time_machine.travel(DEADLINE - timedelta(days=10)):
        token = token_for(pending(submitted))
    with (
        time_machine.travel(
            DEADLINE
            - timedelta(days=10)
            + timedelta(days=settings.ENDORSEMENT_LINK_DAYS, minutes=1)
        ),
        pytest.raises(services.EndorsementLinkError) as raised,
    ):
        services.endorsement_from_token(token)
    assert raised.value.reason == "expired"


def test_endorsement_link_single_use(submitted, django_capture_on_commit_callbacks):
    endorsement = pending(submitted)
    token = token_for(endorsement)
    with django_capture_on_commit_callbacks(execute=True):
        services.endorsement_confirm(endorsement=endorsement, basis="approval")
    with pytest.raises(services.EndorsementLinkError) as raised:
        services.endorsement_from_token(token)
    assert raised.value.reason == "answered"
    with pytest.raises(services.EndorsementLinkError):
        services.endorsement_decline(endorsement=endorsement, reason="changed my mind")
    endorsement.refresh_from_db()
    assert endorsement.state == Endorsement.State.CONFIRMED
    assert mail.outbox[-1].to == [submitted.applicant.email]
    assert "has endorsed your application" in mail.outbox[-1].body


def test_endorsement_decline_needs_reason_and_tells_applicant(
    submitted, django_capture_on_commit_callbacks
):
    endorsement = pending(submitted)
    with pytest.raises(services.ApplicationError):
        services.endorsement_decline(endorsement=endorsement, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.endorsement_decline(endorsement=endorsement, reason="Budget pressures this year")
    assert "Budget pressures this year" in mail.outbox[-1].body


def test_endorser_change_old_link_stops_new_link_works(
    submitted, django_capture_on_commit_callbacks
):
    old = pending(submitted)
    old_token = token_for(old)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.endorser_change(
            application=submitted,
            name="Dr Kemi Ade",
            job_title="Director",
            email="Kemi@Example.org",
        )
    with pytest.raises(services.EndorsementLinkError) as raised:
        services.endorsement_from_token(old_token)
    assert raised.value.reason == "superseded"
    assert services.endorsement_from_token(token_for(new)) == new
    assert new.endorser_email == "kemi@example.org"
    assert mail.outbox[-1].to == ["kemi@example.org"]


def test_endorser_change_after_endorsement_refused(submitted):
    services.endorsement_confirm(endorsement=pending(submitted), basis="autonomy")
    with pytest.raises(services.ApplicationError):
        services.endorser_change(
            application=submitted, name="Someone", job_title="Head", email="x@example.org"
        )


def test_endorser_change_after_decline_allowed(submitted):
    services.endorsement_decline(endorsement=pending(submitted), reason="Not my team")
    new = services.endorser_change(
        application=submitted, name="Someone", job_title="Head", email="x@example.org"
    )
    assert new.state == Endorsement.State.PENDING


def test_withdraw_cancels_pending_link(submitted, django_capture_on_commit_callbacks):
    token = token_for(pending(submitted))
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=submitted, reason="New role")
    with pytest.raises(services.EndorsementLinkError) as raised:
        services.endorsement_from_token(token)
    assert raised.value.reason == "cancelled"
    submitted.refresh_from_db()
    assert (submitted.status, submitted.withdrawal_reason) == ("withdrawn", "New role")
    assert "withdrawn" in mail.outbox[-1].subject


def test_endorsement_link_closed_once_cohort_is_running(submitted):
    token = token_for(pending(submitted))
    Cohort.objects.filter(pk=submitted.cohort_id).update(status=Cohort.Status.RUNNING)
    with pytest.raises(services.EndorsementLinkError) as raised:
        services.endorsement_from_token(token)
    assert raised.value.reason == "closed"
