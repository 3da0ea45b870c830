"""Every answer an applicant, an endorser or the DCS group types has a limit, kept on the
server: a longer one comes back beside its field with everything typed still there, and
nothing is stored."""

import pytest

from applications import services
from applications import services as allocation
from applications.models import Decision, Endorsement, ExpressionOfInterest, Offer
from tests.factories import CohortFactory, UserFactory, coordinator
from tests.pages import field_html

from .allocation_fixtures import endorsed
from .factories import ExpressionOfInterestFactory
from .test_views import answers

pytestmark = pytest.mark.django_db

#: Well above what 300 words take, so a long draft still saves.
STATEMENT_CHARACTER_LIMIT = 4000
REASON_LENGTH = 2000


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def applicant(client):
    user = UserFactory()
    client.force_login(user)
    return user


def too_long(limit: int) -> str:
    """A text one character over ``limit``, in words, as someone might paste it."""
    text = ("Our family hubs work with schools " * (limit // 30 + 2))[: limit + 1]
    assert len(text) == limit + 1
    return text


def message(limit: int) -> str:
    return f"Use {limit:,} characters or fewer: this has {limit + 1:,}."


EXTERNAL = {
    "organisation_type": "health",
    "invoice_contact_name": "Accounts Payable Team",
    "invoice_contact_email": "invoices@example.org",
    "invoice_address": "Finance Department, City Hospital",
    "purchase_order_number": "PO-1234",
}

OVER_THE_LIMIT = [
    ("why_now", STATEMENT_CHARACTER_LIMIT),
    ("contribution", STATEMENT_CHARACTER_LIMIT),
    ("development", STATEMENT_CHARACTER_LIMIT),
    ("access_requirements", REASON_LENGTH),
    ("invoice_address", 500),
    ("invoice_contact_name", 200),
    ("service_led", 300),
]


@pytest.mark.parametrize(("field", "limit"), OVER_THE_LIMIT)
@pytest.mark.parametrize("button", ["save", "submit"])
def test_apply_first_draft_over_a_limit_keeps_everything_typed_and_stores_nothing(
    client, applicant, cohort, field, limit, button
):
    typed = answers(**EXTERNAL, access_requirements="A hearing loop, please.")
    typed[field] = too_long(limit)
    response = client.post(f"/cohorts/{cohort.pk}/apply/", {**typed, button: "1"})
    assert response.status_code == 200
    body = response.content.decode()
    beside = field_html(body, field)
    assert message(limit) in beside
    assert typed[field] in beside  # the whole text, not cut short
    for name in ("employer", "why_now", "access_requirements", "invoice_address"):
        assert typed[name] in field_html(body, name)
    assert "There is a problem" in body
    assert not ExpressionOfInterest.objects.exists()


def test_apply_draft_over_a_limit_leaves_the_saved_draft_as_it_was(client, applicant, cohort):
    draft = ExpressionOfInterestFactory(cohort=cohort, applicant=applicant)
    before = ExpressionOfInterest.objects.values().get(pk=draft.pk)
    typed = answers(employer="Leicester City Council", why_now=too_long(STATEMENT_CHARACTER_LIMIT))
    response = client.post(f"/cohorts/{cohort.pk}/apply/", {**typed, "save": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert message(STATEMENT_CHARACTER_LIMIT) in field_html(body, "why_now")
    assert 'value="Leicester City Council"' in field_html(body, "employer")
    assert ExpressionOfInterest.objects.values().get(pk=draft.pk) == before


def test_apply_statement_at_the_limit_saves_and_submit_still_counts_words(
    client, applicant, cohort
):
    # Under the character limit but over 300 words: the draft keeps it, submitting refuses it.
    statement = ("word " * 700)[:STATEMENT_CHARACTER_LIMIT]
    response = client.post(
        f"/cohorts/{cohort.pk}/apply/", {**answers(why_now=statement), "submit": "1"}
    )
    assert response.status_code == 200
    words = len(statement.split())
    assert f"Use 300 words or fewer: this has {words}" in field_html(
        response.content.decode(), "why_now"
    )
    application = ExpressionOfInterest.objects.get(applicant=applicant)
    assert application.status == ExpressionOfInterest.Status.DRAFT
    assert application.why_now == statement.strip()


def test_apply_page_shows_each_limit(client, applicant, cohort):
    body = client.get(f"/cohorts/{cohort.pk}/apply/").content.decode()
    for field, limit in OVER_THE_LIMIT:
        assert f'maxlength="{limit}"' in field_html(body, field)
    assert 'data-word-limit="300"' in field_html(body, "why_now")
    assert "Up to 2,000 characters." in field_html(body, "access_requirements")
    assert "of up to 4,000 characters" in body


def test_save_draft_refuses_a_text_too_long_without_a_form(cohort):
    draft = ExpressionOfInterestFactory(cohort=cohort)
    with pytest.raises(services.ApplicationError) as refused:
        services.application_save_draft(
            application=draft,
            data={"employer": "Elsewhere", "access_requirements": too_long(REASON_LENGTH)},
        )
    assert refused.value.errors == {"access_requirements": message(REASON_LENGTH)}
    draft.refresh_from_db()
    assert draft.employer != "Elsewhere"


@pytest.fixture
def endorse_url(cohort):
    application = ExpressionOfInterestFactory(cohort=cohort)
    services.application_submit(application=application)
    return services.endorsement_url(application.endorsements.get()), application


@pytest.mark.parametrize("field", ["decline_reason", "comments"])
def test_endorse_answer_over_the_limit_comes_back_beside_its_field(client, endorse_url, field):
    url, application = endorse_url
    typed = {
        "decision": "decline" if field == "decline_reason" else "confirm",
        "basis": "approval",
        "decline_reason": "They start a secondment in January.",
        "comments": "A strong candidate.",
        field: too_long(REASON_LENGTH),
    }
    response = client.post(url, typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert message(REASON_LENGTH) in field_html(body, field)
    assert typed[field] in field_html(body, field)
    assert application.endorsements.get().state == Endorsement.State.PENDING


def test_endorsement_services_refuse_a_text_too_long(endorse_url):
    _, application = endorse_url
    endorsement = application.endorsements.get()
    with pytest.raises(services.ApplicationError, match="Use 2,000 characters or fewer"):
        services.endorsement_decline(endorsement=endorsement, reason=too_long(REASON_LENGTH))
    with pytest.raises(services.ApplicationError, match="Use 2,000 characters or fewer"):
        services.endorsement_confirm(
            endorsement=endorsement, basis="approval", comments=too_long(REASON_LENGTH)
        )
    assert Endorsement.objects.get(pk=endorsement.pk).state == Endorsement.State.PENDING


def test_endorser_change_over_the_limit_keeps_what_was_typed(client, cohort):
    application = ExpressionOfInterestFactory(cohort=cohort)
    services.application_submit(application=application)
    client.force_login(application.applicant)
    typed = {
        "endorser_name": too_long(200),
        "endorser_job_title": "Assistant Director",
        "endorser_email": "new.endorser@example.org",
    }
    response = client.post(f"/applications/{application.pk}/endorser/", typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert message(200) in field_html(body, "endorser_name")
    assert typed["endorser_name"] in field_html(body, "endorser_name")
    assert "Assistant Director" in field_html(body, "endorser_job_title")
    assert application.endorsements.count() == 1
    with pytest.raises(services.ApplicationError) as refused:
        services.endorser_change(
            application=application, name="Jo", job_title=too_long(200), email="jo@example.org"
        )
    assert refused.value.errors == {"endorser_job_title": message(200)}
    assert application.endorsements.count() == 1


def test_withdraw_reason_over_the_limit_keeps_it_and_withdraws_nothing(client, applicant, cohort):
    application = ExpressionOfInterestFactory(cohort=cohort, applicant=applicant)
    reason = too_long(REASON_LENGTH)
    response = client.post(f"/applications/{application.pk}/withdraw/", {"reason": reason})
    assert response.status_code == 200
    beside = field_html(response.content.decode(), "reason")
    assert message(REASON_LENGTH) in beside
    assert reason in beside
    application.refresh_from_db()
    assert application.status == ExpressionOfInterest.Status.DRAFT
    with pytest.raises(services.ApplicationError, match="Use 2,000 characters or fewer"):
        services.application_withdraw(application=application, reason=reason)
    application.refresh_from_db()
    assert application.status == ExpressionOfInterest.Status.DRAFT


def test_offer_decline_reason_has_the_offers_limit(cohort):
    from applications.forms import OfferDeclineForm

    form = OfferDeclineForm({"reason": too_long(REASON_LENGTH)})
    assert not form.is_valid()
    assert form.errors["reason"] == [message(REASON_LENGTH)]
    assert f'maxlength="{REASON_LENGTH}"' in str(form["reason"])

    coord = coordinator()
    application = endorsed(cohort)
    allocation.decision_record(
        application=application, outcome=Decision.Outcome.OFFER, reason="Strong", by=coord
    )
    allocation.outcomes_send(cohort=cohort)
    offer = Offer.objects.get(application=application)
    with pytest.raises(allocation.AllocationError, match="Use 2,000 characters or fewer"):
        allocation.offer_decline(
            offer=offer, user=application.applicant, reason=too_long(REASON_LENGTH)
        )
    assert Offer.objects.get(pk=offer.pk).state == Offer.State.SENT


def test_decision_reason_over_the_limit_refused(cohort):
    application = endorsed(cohort)
    with pytest.raises(allocation.AllocationError, match="Use 2,000 characters or fewer"):
        allocation.decision_record(
            application=application,
            outcome=Decision.Outcome.WAITING_LIST,
            reason=too_long(REASON_LENGTH),
            by=coordinator(),
        )
    assert not Decision.objects.exists()
