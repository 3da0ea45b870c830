"""Who reaches the evaluation pages, and what they cost: the participant reaches their own
rounds and raters only (404 for anyone else's), visitors signed out are sent to sign in, and
each page takes the same number of queries however much it shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Participant
from evaluations.models import RaterInvitation, Relationship, Round
from evaluations.services import answers, raters
from evaluations.services.frameworks import version_for
from tests.factories import ParticipantFactory, ProgrammeFactory, UserFactory

from .factories import RaterInvitationFactory, RoundFactory, framework_with_qualities
from .reporting import frozen

pytestmark = pytest.mark.django_db

OVERVIEW = "/me/evaluations/"


@pytest.fixture
def round_():
    return RoundFactory()


@pytest.fixture
def participant(round_):
    return ParticipantFactory(cohort=round_.cohort)


@pytest.fixture
def me(participant) -> Client:
    client = Client()
    client.force_login(participant.user)
    return client


def self_url(round_) -> str:
    return reverse("evaluations:self", kwargs={"round_id": round_.pk})


def invite_url(round_) -> str:
    return reverse("evaluations:invite", kwargs={"round_id": round_.pk})


def remove_url(invitation) -> str:
    return reverse("evaluations:rater_remove", kwargs={"invitation_id": invitation.pk})


# --- Who reaches what -----------------------------------------------------------------------------


def test_evaluation_pages_send_anonymous_visitors_to_sign_in(client, round_, participant):
    invitation = RaterInvitationFactory(round=round_, participant=participant)

    for response in (
        client.get(OVERVIEW),
        client.get(self_url(round_)),
        client.post(self_url(round_), {"action": "save"}),
        client.post(invite_url(round_)),
        client.post(remove_url(invitation)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/me/evaluations/")
    invitation.refresh_from_db()
    assert invitation.state == RaterInvitation.State.INVITED


def test_evaluation_overview_without_a_place_explains(client, round_):
    client.force_login(UserFactory())

    response = client.get(OVERVIEW)

    assert response.status_code == 200
    assert "You do not have a place on a programme yet" in response.content.decode()
    assert client.get(self_url(round_)).status_code == 404
    assert client.post(invite_url(round_)).status_code == 404


def test_evaluation_pages_of_another_cohorts_round_are_not_found(me):
    other = RoundFactory()

    assert me.get(self_url(other)).status_code == 404
    assert me.post(self_url(other), {"action": "save"}).status_code == 404
    prefix = f"invite-{other.pk}"
    sent = {f"{prefix}-relationship": "peer", f"{prefix}-name": "A", f"{prefix}-email": "a@b.org"}
    assert me.post(invite_url(other), sent).status_code == 404
    assert not RaterInvitation.objects.exists()
    assert f'id="round-{other.pk}"' not in me.get(OVERVIEW).content.decode()


def test_another_participants_rater_cannot_be_removed(me, round_):
    classmate = ParticipantFactory(cohort=round_.cohort)
    theirs = RaterInvitationFactory(round=round_, participant=classmate, name="Not Yours")

    response = me.post(remove_url(theirs))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == RaterInvitation.State.INVITED
    assert "Not Yours" not in me.get(OVERVIEW).content.decode()


def test_withdrawn_participant_has_no_evaluation_pages(me, participant, round_):
    participant.status = Participant.Status.WITHDRAWN
    participant.save()

    assert "You do not have a place" in me.get(OVERVIEW).content.decode()
    assert me.get(self_url(round_)).status_code == 404


def test_evaluation_post_only_pages_refuse_a_get(me, participant, round_):
    invitation = RaterInvitationFactory(round=round_, participant=participant)

    assert me.get(invite_url(round_)).status_code == 405
    assert me.get(remove_url(invitation)).status_code == 405
    invitation.refresh_from_db()
    assert invitation.state == RaterInvitation.State.INVITED


# --- Overview: what it says -----------------------------------------------------------------------


def test_overview_shows_dates_progress_and_the_promises(me, participant, round_):
    first = str(round_.version.qualities.order_by("order").first().pk)
    answers.self_evaluation_save(
        participant=participant, round=round_, scores={first: 2}, evidence={}, revision=0
    )

    body = me.get(OVERVIEW).content.decode()

    assert round_.title in body
    assert "Open now, until the end of" in body
    assert "1 of 3 qualities answered" in body
    assert "Carry on with my self evaluation" in body
    assert "shown in your report as theirs" in body
    assert "never which of them" in body
    assert "Invite at least 3, and up to 6." in body  # the round's fewest and most peers


def test_overview_links_to_the_report_once_it_is_released():
    """The overview is the way to the report: its link appears once the report is released,
    and not while it waits for a debrief (when the report page is a 404)."""
    released = frozen(release=Round.Release.ON_COMPLETION)
    waiting = frozen(release=Round.Release.AFTER_DEBRIEF)
    for report, linked in ((released, True), (waiting, False)):
        client = Client()
        client.force_login(report.participant.user)
        report_url = reverse("evaluations:report", kwargs={"round_id": report.round_id})

        body = client.get(OVERVIEW).content.decode()

        assert (f'href="{report_url}"' in body) is linked
        assert ("Read my feedback report" in body) is linked
        assert ("You can read it once your debrief is recorded." in body) is not linked
        assert client.get(report_url).status_code == (200 if linked else 404)


def test_overview_without_rounds_says_so(me, round_):
    Round.objects.all().delete()

    body = me.get(OVERVIEW).content.decode()

    assert "Your cohort's evaluation is not set up yet" in body


# --- Query counts ---------------------------------------------------------------------------------


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def add_raters(round_, participant, count: int) -> None:
    relationships = [Relationship.PEER, Relationship.DIRECT_REPORT, Relationship.OTHER]
    for n in range(count):
        invitation = RaterInvitationFactory(
            round=round_,
            participant=participant,
            relationship=relationships[n % 3],
            email=f"r{n}-{round_.pk}@example.org",
        )
        if n % 2:
            answers.rater_submit(
                invitation=invitation,
                scores={str(q.pk): 3 for q in round_.version.qualities.all()},
                comments={"strengths": f"Comment {n}"},
            )


def test_overview_query_count_does_not_grow(round_):
    small = ParticipantFactory(cohort=round_.cohort)
    add_raters(round_, small, 3)
    large = ParticipantFactory(cohort=round_.cohort)
    add_raters(round_, large, 12)
    RoundFactory(
        cohort=round_.cohort,
        kind=Round.Kind.POST,
        version=round_.version,
        opens_on=round_.opens_on,
        closes_on=round_.closes_on + timedelta(days=100),
    )
    answers.self_evaluation_save(
        participant=large, round=round_, scores={}, evidence={}, revision=0
    )
    counts = []
    for participant in (small, large):
        client = Client()
        client.force_login(participant.user)
        counts.append(queries(client, OVERVIEW))

    assert counts[0] == counts[1]
    assert counts[1] <= 9


def big_round(count: int) -> Round:
    version = version_for(framework_with_qualities(ProgrammeFactory(), count=count))
    return RoundFactory(version=version)


def test_self_evaluation_page_query_count_does_not_grow():
    counts = []
    for size in (3, 12):
        round_ = big_round(size)
        participant = ParticipantFactory(cohort=round_.cohort)
        answers.self_evaluation_save(
            participant=participant,
            round=round_,
            scores={str(q.pk): 2 for q in round_.version.qualities.all()},
            evidence={str(q.pk): "Some evidence" for q in round_.version.qualities.all()},
            revision=0,
        )
        client = Client()
        client.force_login(participant.user)
        counts.append(queries(client, self_url(round_)))

    assert counts[0] == counts[1]
    assert counts[1] <= 8


def test_rate_page_query_count_does_not_grow():
    counts = []
    for size in (3, 12):
        round_ = big_round(size)
        invitation = RaterInvitationFactory(round=round_)
        answers.rater_save(
            invitation=invitation,
            scores={str(q.pk): None for q in round_.version.qualities.all()},
            comments={"strengths": "Kind"},
        )
        token = raters.rater_token(invitation)
        counts.append(queries(Client(), reverse("evaluations:rate", kwargs={"token": token})))

    assert counts[0] == counts[1]
    assert counts[1] <= 3  # the invitation with its round and people, the qualities, the session


def test_overview_leads_to_the_development_plan(me):
    page = me.get(reverse("evaluations:overview")).content.decode()

    assert f'href="{reverse("evaluations:plan")}"' in page
