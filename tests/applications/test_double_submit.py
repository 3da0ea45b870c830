"""A double click, or two tabs sending the same form, never answers 500.

Both requests go at the same moment, each on its own connection to PostgreSQL; the data comes out
as if the form was sent once (one application, one endorsement request, one email), and each
request is answered with an ordinary page or a redirect to one, with a message a person can read.
"""

from __future__ import annotations

import itertools
import re
import threading
from html import unescape

import pytest
from django.urls import reverse

from applications import services
from applications import services as allocation
from applications.forms import ApplicationForm
from applications.models import Decision, Endorsement, ExpressionOfInterest, Offer
from applications.services import endorsement_url
from cohorts.models import Participant
from csssl.models import OutboxMessage
from tests.concurrency import post_at_once, posts_at_once, signed_in
from tests.factories import CohortFactory, LocalAuthorityFactory, UserFactory, coordinator

from .allocation_fixtures import endorsed
from .factories import EndorsementFactory, ExpressionOfInterestFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

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
    "submit": "1",
}


def emails(kind: str, **filters) -> int:
    return OutboxMessage.objects.filter(kind=kind, **filters).count()


def assert_ordinary(answers, *, location: str, saying: str) -> None:
    """Every answer is a redirect to ``location``, whose page says ``saying``."""
    assert [(a.status, a.location) for a in answers] == [(302, location)] * len(answers)
    for answer in answers:
        assert saying in unescape(answer.page)


def complete_form() -> dict:
    return {**ANSWERS, "local_authority": LocalAuthorityFactory().pk}


@pytest.fixture
def second_click_after_the_first_submitted(monkeypatch):
    """Hold the later of two submissions between reading the application and saving it until
    the first has been submitted: the moment at which a double click used to answer 500. Left
    to the threads alone, that moment comes only now and then."""
    submitted = threading.Event()
    arrivals = itertools.count()
    real_submit, real_is_valid = services.application_submit, ApplicationForm.is_valid

    def submit(**kwargs):
        try:
            return real_submit(**kwargs)
        finally:
            submitted.set()

    def is_valid(form):
        if next(arrivals) > 0:
            assert submitted.wait(30), "the first submission never came"
        return real_is_valid(form)

    monkeypatch.setattr(services, "application_submit", submit)
    monkeypatch.setattr(ApplicationForm, "is_valid", is_valid)


@pytest.mark.parametrize("interleaving", ["as-they-come", "second-after-first-submitted"])
@pytest.mark.parametrize("draft_saved", [True, False], ids=["saved-draft", "first-visit"])
def test_submit_twice_at_once_submits_once_and_shows_the_application(
    postgresql, request, draft_saved, interleaving
):
    if interleaving == "second-after-first-submitted":
        request.getfixturevalue("second_click_after_the_first_submitted")
    cohort = CohortFactory()
    applicant = (
        ExpressionOfInterestFactory(cohort=cohort).applicant if draft_saved else UserFactory()
    )
    url = reverse("applications:apply", kwargs={"cohort_id": cohort.pk})

    answers = post_at_once(url, complete_form(), *signed_in(applicant))

    application = ExpressionOfInterest.objects.get(cohort=cohort, applicant=applicant)
    assert application.status == ExpressionOfInterest.Status.SUBMITTED
    assert_ordinary(
        answers, location=application.get_absolute_url(), saying="Your application is submitted."
    )
    assert Endorsement.objects.filter(application=application).count() == 1
    assert emails("endorsement_request") == 1
    assert emails("application_receipt") == 1


def test_save_draft_while_submitting_in_another_tab_shows_the_application(postgresql):
    application = ExpressionOfInterestFactory()
    url = reverse("applications:apply", kwargs={"cohort_id": application.cohort_id})
    submit, save = signed_in(application.applicant)
    form = complete_form()
    draft = {key: value for key, value in form.items() if key != "submit"} | {"save": "1"}

    answers = posts_at_once(url, [(submit, form), (save, draft)])

    application.refresh_from_db()
    assert application.status == ExpressionOfInterest.Status.SUBMITTED
    assert answers[0].status == answers[1].status == 302
    assert "Your application is submitted." in unescape(answers[0].page)
    saved_first = answers[1].location == url  # the draft was saved before the submission
    assert answers[1].location == (url if saved_first else application.get_absolute_url())
    assert ("Draft saved" if saved_first else "submitted") in unescape(answers[1].page)
    assert emails("endorsement_request") == 1


@pytest.mark.parametrize(
    "answer",
    [
        {"decision": "confirm", "basis": "approval"},
        {"decision": "decline", "decline_reason": "We cannot release them this year."},
    ],
    ids=["endorse", "decline"],
)
def test_endorser_answers_twice_at_once_answers_once(postgresql, answer):
    endorsement = EndorsementFactory()
    url = endorsement_url(endorsement)

    answers = post_at_once(url, answer, *signed_in(None))

    # Back to the link, or (arriving once the first was saved) its thank-you page at once.
    assert {(a.status, a.location) for a in answers} <= {(302, url), (200, "")}
    for each in answers:
        assert "Thank you" in each.page
        assert "There is nothing more for you to do." in each.page
    endorsement.refresh_from_db()
    assert endorsement.state == ("confirmed" if answer["decision"] == "confirm" else "declined")
    assert emails("endorsement_result") == 1


def sent_offer() -> Offer:
    cohort = CohortFactory(capacity=2)
    application = endorsed(cohort)
    allocation.decision_record(
        application=application, outcome=Decision.Outcome.OFFER, reason="Strong", by=coordinator()
    )
    allocation.outcomes_send(cohort=cohort)
    return Offer.objects.get(application=application, state=Offer.State.SENT)


def test_accept_offer_twice_at_once_makes_one_participant(postgresql):
    offer = sent_offer()
    application = offer.application
    url = reverse("applications:offer_accept", kwargs={"pk": application.pk})

    answers = post_at_once(url, {}, *signed_in(application.applicant))

    assert_ordinary(answers, location=application.get_absolute_url(), saying="Your place is")
    offer.refresh_from_db()
    assert offer.state == Offer.State.ACCEPTED
    assert Participant.objects.filter(user=application.applicant).count() == 1
    assert emails("offer_accepted") == 1


def test_decline_offer_twice_at_once_declines_once(postgresql):
    offer = sent_offer()
    application = offer.application
    url = reverse("applications:offer_decline", kwargs={"pk": application.pk})

    answers = post_at_once(url, {"reason": "A new post"}, *signed_in(application.applicant))

    assert_ordinary(answers, location=application.get_absolute_url(), saying="declined the place")
    offer.refresh_from_db()
    assert (offer.state, offer.decline_reason) == (Offer.State.DECLINED, "A new post")
    assert emails("offer_declined") == 1


def test_change_endorser_twice_at_once_asks_the_new_endorser_once(postgresql):
    first = EndorsementFactory()
    application = first.application
    url = reverse("applications:endorser_change", kwargs={"pk": application.pk})
    clients = signed_in(application.applicant)
    page = clients[0].get(application.get_absolute_url()).content.decode()
    shown = re.search(r'<input type="hidden" name="replacing" value="(\d+)"', page)
    assert shown is not None
    assert shown.group(1) == str(first.pk)  # the request the page shows
    new = {
        "endorser_name": "Sam Patel",
        "endorser_job_title": "Assistant Director",
        "endorser_email": "sam.patel@example.org",
        "replacing": shown.group(1),
    }

    answers = post_at_once(url, new, *clients)

    assert_ordinary(
        answers, location=application.get_absolute_url(), saying="We have asked Sam Patel"
    )
    first.refresh_from_db()
    assert first.state == Endorsement.State.SUPERSEDED
    assert application.endorsements.filter(state=Endorsement.State.PENDING).count() == 1
    assert application.endorsements.count() == 2
    assert emails("endorsement_request", recipient="sam.patel@example.org") == 1


def test_withdraw_twice_at_once_withdraws_once(postgresql):
    application = EndorsementFactory().application
    url = reverse("applications:withdraw", kwargs={"pk": application.pk})

    answers = post_at_once(url, {"reason": "A new job"}, *signed_in(application.applicant))

    assert_ordinary(answers, location=application.get_absolute_url(), saying="withdrawn")
    application.refresh_from_db()
    assert (application.status, application.withdrawal_reason) == ("withdrawn", "A new job")
    assert emails("application_withdrawn") == 1
