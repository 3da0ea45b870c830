from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from applications import services
from applications.models import Endorsement, ExpressionOfInterest
from tests.factories import CohortFactory, MilestoneFactory, UserFactory

from .factories import ExpressionOfInterestFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "first_name": "Amara",
    "last_name": "Okafor",
    "job_title": "Head of Early Help",
    "employer": "Derby City Council",
    "organisation_type": "local_authority",
    "sector": "early_help",
    "service_area": "Early help",
    "service_led": "Family hubs",
    "team_size": "35",
    "endorser_name": "Jo Reed",
    "endorser_job_title": "Director of Children's Services",
    "endorser_email": "jo.reed@example.org",
    "why_now": "I am ready to lead across the system.",
    "contribution": "Ten years of partnership work with schools.",
    "development": "Influence without authority.",
    "can_attend_all_dates": "on",
    "agrees_full_engagement": "on",
    "data_protection_consent": "on",
}


@pytest.fixture
def cohort():
    cohort = CohortFactory()
    MilestoneFactory(cohort=cohort, title="Event 1: extended day")
    return cohort


@pytest.fixture
def applicant(client):
    user = UserFactory()
    client.force_login(user)
    return user


def answers(**overrides):
    from cohorts.models import LocalAuthority

    data = {**ANSWERS, "local_authority": LocalAuthority.objects.get(name="Derby").pk}
    return {**data, **overrides}


def test_apply_anonymous_is_sent_to_login(client, cohort):
    response = client.get(f"/cohorts/{cohort.pk}/apply/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/cohorts/{cohort.pk}/apply/"


def test_apply_get_shows_form_with_required_dates_and_creates_nothing(client, applicant, cohort):
    response = client.get(f"/cohorts/{cohort.pk}/apply/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Event 1: extended day" in body
    assert "Save draft" in body
    assert ExpressionOfInterest.objects.count() == 0


def test_apply_save_draft_keeps_answers(client, applicant, cohort):
    response = client.post(f"/cohorts/{cohort.pk}/apply/", {**answers(why_now=""), "save": "1"})
    assert response.status_code == 302
    application = ExpressionOfInterest.objects.get(applicant=applicant)
    assert application.status == "draft"
    assert application.employer == "Derby City Council"
    page = client.get(f"/cohorts/{cohort.pk}/apply/").content.decode()
    assert "Derby City Council" in page
    assert "Draft saved at" in page


def test_apply_submit_with_problems_shows_them_beside_fields_and_keeps_text(
    client, applicant, cohort
):
    long_text = "word " * (services.STATEMENT_WORD_LIMIT + 5)
    response = client.post(
        f"/cohorts/{cohort.pk}/apply/",
        {**answers(development=long_text, can_attend_all_dates=""), "submit": "1"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Use 300 words or fewer: this has 305" in body
    assert "Confirm that you can attend every required date" in body
    assert "Ten years of partnership work with schools." in body  # typed text is still there
    application = ExpressionOfInterest.objects.get(applicant=applicant)
    assert application.status == "draft"
    assert application.development.strip() == long_text.strip()  # saved too


def test_apply_submit_complete_goes_to_status_page(
    client, applicant, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cohorts/{cohort.pk}/apply/", {**answers(), "submit": "1"})
    application = ExpressionOfInterest.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{application.pk}/"
    assert application.status == "submitted"
    assert {m.to[0] for m in mail.outbox} == {applicant.email, "jo.reed@example.org"}
    detail = client.get(response["Location"]).content.decode()
    assert "Awaiting endorsement" in detail
    # the form now leads to the status page: a submitted application is not edited
    assert (
        client.get(f"/cohorts/{cohort.pk}/apply/")["Location"] == f"/applications/{application.pk}/"
    )


def test_apply_bad_email_shows_error_and_keeps_text(client, applicant, cohort):
    response = client.post(
        f"/cohorts/{cohort.pk}/apply/", {**answers(endorser_email="not-an-email"), "save": "1"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a valid email address" in body
    assert "I am ready to lead across the system." in body


@pytest.fixture
def closing_cohort():
    return CohortFactory(application_deadline=timezone.now() + timedelta(minutes=30))


def test_apply_after_deadline_draft_is_read_only(client, applicant, closing_cohort):
    cohort = closing_cohort
    ExpressionOfInterestFactory(cohort=cohort, applicant=applicant, why_now="My saved words")
    with time_machine.travel(cohort.closes_at + timedelta(minutes=5)):
        response = client.get(f"/cohorts/{cohort.pk}/apply/")
        body = response.content.decode()
        assert "can no longer be submitted" in body
        assert "My saved words" in body
        assert "<fieldset disabled" in body
        assert 'name="submit"' not in body


def test_apply_submit_just_after_deadline_saves_text_and_explains(
    client, applicant, closing_cohort
):
    cohort = closing_cohort
    ExpressionOfInterestFactory(cohort=cohort, applicant=applicant)
    with time_machine.travel(cohort.closes_at + timedelta(seconds=1)):
        response = client.post(
            f"/cohorts/{cohort.pk}/apply/", {**answers(why_now="Last-minute words"), "submit": "1"}
        )
    assert response.status_code == 200
    assert "closed at" in response.content.decode()
    application = ExpressionOfInterest.objects.get(applicant=applicant)
    assert (application.status, application.why_now) == ("draft", "Last-minute words")


def test_apply_closed_cohort_without_draft_explains(client, applicant):
    cohort = CohortFactory(
        applications_open=timezone.now() - timedelta(days=30),
        application_deadline=timezone.now() - timedelta(days=1),
    )
    response = client.get(f"/cohorts/{cohort.pk}/apply/")
    assert response.status_code == 200
    assert "Applications have closed" in response.content.decode()


def test_apply_draft_cohort_is_404(client, applicant):
    cohort = CohortFactory(status="draft")
    assert client.get(f"/cohorts/{cohort.pk}/apply/").status_code == 404


def test_application_of_someone_else_is_404(client, applicant, cohort):
    other = ExpressionOfInterestFactory(cohort=cohort, submitted=True)
    for url in (
        f"/applications/{other.pk}/",
        f"/applications/{other.pk}/withdraw/",
        f"/applications/{other.pk}/application.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/applications/{other.pk}/endorser/", {}).status_code == 404
    assert client.post(f"/applications/{other.pk}/withdraw/", {}).status_code == 404
    other.refresh_from_db()
    assert other.status == "submitted"


@pytest.mark.parametrize("size", [1, 6])
def test_application_list_query_count_does_not_grow(
    client, applicant, django_assert_num_queries, size
):
    for _ in range(size):
        ExpressionOfInterestFactory(applicant=applicant, submitted=True)
    # session, user, the role check in the layout, applications, endorsements, offers
    with django_assert_num_queries(6):
        assert client.get("/applications/").status_code == 200


def test_withdraw_asks_then_withdraws(client, applicant, cohort):
    application = ExpressionOfInterestFactory(cohort=cohort, applicant=applicant)
    assert (
        "Withdraw my application"
        in client.get(f"/applications/{application.pk}/withdraw/").content.decode()
    )
    response = client.post(f"/applications/{application.pk}/withdraw/", {"reason": "Moving role"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_change_endorser_from_status_page(
    client, applicant, cohort, django_capture_on_commit_callbacks
):
    application = ExpressionOfInterestFactory(cohort=cohort, applicant=applicant)
    services.application_submit(application=application)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/applications/{application.pk}/endorser/",
            {
                "endorser_name": "Sam Lee",
                "endorser_job_title": "Head",
                "endorser_email": "sam@example.org",
            },
        )
    assert response.status_code == 302
    assert application.endorsements.get(state="pending").endorser_email == "sam@example.org"
    assert mail.outbox[-1].to == ["sam@example.org"]


def test_change_endorser_to_self_shows_error(client, applicant, cohort):
    application = ExpressionOfInterestFactory(cohort=cohort, applicant=applicant)
    services.application_submit(application=application)
    response = client.post(
        f"/applications/{application.pk}/endorser/",
        {"endorser_name": "Me", "endorser_job_title": "Head", "endorser_email": applicant.email},
    )
    assert response.status_code == 200
    assert "someone other than you" in response.content.decode()


@pytest.fixture
def endorse_url(cohort):
    application = ExpressionOfInterestFactory(cohort=cohort, why_now="Private statement")
    services.application_submit(application=application)
    return services.endorsement_url(application.endorsements.get()), application


def test_endorse_page_shows_summary_without_login(client, endorse_url):
    url, application = endorse_url
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert application.full_name in body
    assert application.job_title in body


def test_endorse_confirm_then_link_is_used(client, endorse_url, django_capture_on_commit_callbacks):
    url, application = endorse_url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "confirm", "basis": "approval"})
    assert response.status_code == 302
    assert application.endorsements.get().state == Endorsement.State.CONFIRMED
    again = client.get(url)
    assert again.status_code == 200
    assert "You endorsed" in again.content.decode()
    assert client.post(url, {"decision": "decline", "decline_reason": "x"}).status_code == 200
    assert application.endorsements.get().state == Endorsement.State.CONFIRMED


def test_endorse_decline_without_reason_shows_error(client, endorse_url):
    url, application = endorse_url
    response = client.post(url, {"decision": "decline"})
    assert response.status_code == 200
    assert "Give a reason for declining" in response.content.decode()
    assert application.endorsements.get().state == Endorsement.State.PENDING


def test_endorse_tampered_link_is_404(client, endorse_url):
    url, _ = endorse_url
    assert client.get(url[:-3] + "xx/").status_code == 404


def test_endorse_superseded_link_explains(client, endorse_url):
    url, application = endorse_url
    services.endorser_change(
        application=application, name="New", job_title="Head", email="new@example.org"
    )
    response = client.get(url)
    assert response.status_code == 410
    assert "asked someone else" in response.content.decode()


def test_blank_form_pdf_is_public(client, cohort):
    response = client.get(f"/cohorts/{cohort.pk}/apply/form.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_application_pdf_for_its_owner(client, applicant, cohort):
    application = ExpressionOfInterestFactory(cohort=cohort, applicant=applicant, submitted=True)
    response = client.get(f"/applications/{application.pk}/application.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
