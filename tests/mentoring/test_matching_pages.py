"""The matching pages in the browser's terms: who reaches what, what each sees, and the whole
flow from an empty pool to confirmed pairings, through the test client."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csssl.models import OutboxMessage
from evaluations.models import DevelopmentPlan
from mentoring.models import ChangeRequest, Pairing, PoolPlace, Proposal
from tests.factories import (
    CohortFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
)
from tests.mentoring.factories import MentorFactory, PairingFactory, PoolPlaceFactory

pytestmark = pytest.mark.django_db


def derby_mentor(**kwargs):
    derby = LocalAuthorityFactory(code="E06000015", name="Derby")
    return MentorFactory(organisation=OrganisationFactory(local_authority=derby), **kwargs)


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def staff(client):
    client.force_login(coordinator())
    return client


def test_coordinator_matches_a_cohort_from_empty_pool_to_pairings(cohort, staff):
    people = ParticipantFactory.create_batch(2, cohort=cohort)
    mentor = derby_mentor()
    page = reverse("mentoring:coordinator", args=[cohort.pk])
    assert staff.get(page).status_code == 200

    response = staff.post(
        reverse("mentoring:pool_add", args=[cohort.pk]), {"mentor": mentor.pk, "capacity": "2"}
    )
    assert response.status_code == 302
    assert PoolPlace.objects.filter(cohort=cohort, mentor=mentor, capacity=2).exists()

    response = staff.post(reverse("mentoring:propose", args=[cohort.pk]))
    proposal = Proposal.objects.get(cohort=cohort)
    assert response["Location"] == reverse("mentoring:proposal", args=[cohort.pk, proposal.pk])
    page_of_proposal = staff.get(response["Location"])
    assert "2 of 2 participants with a proposed mentor" in page_of_proposal.content.decode()

    response = staff.post(reverse("mentoring:proposal_confirm", args=[cohort.pk, proposal.pk]))
    assert response.status_code == 302
    assert Pairing.objects.filter(mentor=mentor, status="active").count() == 2
    assert OutboxMessage.objects.filter(kind="mentoring.introduction").count() == 4
    overview = staff.get(page).content.decode()
    for participant in people:
        assert participant.user.get_full_name() in overview
    # A second confirmation (a double click) is refused kindly.
    again = staff.post(reverse("mentoring:proposal_confirm", args=[cohort.pk, proposal.pk]))
    assert again.status_code == 404


def test_refused_change_shows_beside_the_field_and_keeps_the_rest(cohort, staff):
    participant = ParticipantFactory(cohort=cohort)
    PoolPlaceFactory(cohort=cohort, mentor=derby_mentor())
    local = PoolPlaceFactory(cohort=cohort, mentor=MentorFactory())
    staff.post(reverse("mentoring:propose", args=[cohort.pk]))
    proposal = Proposal.objects.get()
    pair = proposal.pairs.get(participant=participant)
    response = staff.post(
        reverse("mentoring:proposal_pair", args=[cohort.pk, proposal.pk, pair.pk]),
        {"mentor": local.mentor_id},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "their own authority" in html
    field = html.split(f'id="pair-{pair.pk}-mentor"', 1)[1].split("</select>", 1)[0]
    assert f'value="{local.mentor_id}" selected' in field, "the choice made is kept"
    assert "invalid-feedback" in html.split(f'id="pair-{pair.pk}-mentor"', 1)[1][:2000]


def test_capacity_error_beside_field(cohort, staff):
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
    place = PoolPlace.objects.get(mentor=pairing.mentor)
    response = staff.post(
        reverse("mentoring:pool_place", args=[cohort.pk, place.pk]), {"capacity": "0"}
    )
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 1" in response.content.decode()


def test_coordinator_pages_are_for_coordinators_only(cohort, client):
    url = reverse("mentoring:coordinator", args=[cohort.pk])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(derby_mentor().user)
    assert client.get(url).status_code == 404
    client.force_login(ParticipantFactory(cohort=cohort).user)
    assert client.get(url).status_code == 404


def _queries(client, url) -> int:
    client.get(url)  # the session and roles are read on the first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_coordinator_pages_queries_do_not_grow_with_the_cohort(staff):
    counted = []
    derby_mentor()  # a mentor outside both pools, so both pages offer someone to add
    for size in (2, 7):
        cohort = CohortFactory()
        for _ in range(size):
            PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
        ParticipantFactory.create_batch(size, cohort=cohort)
        PoolPlaceFactory(cohort=cohort, mentor=derby_mentor(), capacity=size)
        overview = _queries(staff, reverse("mentoring:coordinator", args=[cohort.pk]))
        staff.post(reverse("mentoring:propose", args=[cohort.pk]))
        proposal = Proposal.objects.get(cohort=cohort, status="draft")
        page = _queries(staff, reverse("mentoring:proposal", args=[cohort.pk, proposal.pk]))
        counted.append((overview, page))
    assert counted[0] == counted[1]


def test_change_request_reason_shown_to_coordinator_never_to_mentor(cohort, client):
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
    client.force_login(pairing.participant.user)
    response = client.post(reverse("mentoring:change"), {"reason": "We never find a time."})
    assert response.status_code == 302
    assert ChangeRequest.objects.filter(pairing=pairing).exists()
    mine = client.get(reverse("mentoring:me")).content.decode()
    assert "You asked the programme team for a change" in mine

    client.force_login(pairing.mentor.user)
    for url in (reverse("mentoring:workspace"), reverse("mentoring:mentee", args=[pairing.pk])):
        assert "never find a time" not in client.get(url).content.decode()

    client.force_login(coordinator())
    overview = client.get(reverse("mentoring:coordinator", args=[cohort.pk])).content.decode()
    assert "We never find a time." in overview


def test_empty_change_request_keeps_the_page_with_the_message(cohort, client):
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
    client.force_login(pairing.participant.user)
    response = client.post(reverse("mentoring:change"), {"reason": ""})
    assert response.status_code == 400
    assert "only the programme team reads it" in response.content.decode()


def test_participant_says_what_they_would_like(cohort, client):
    participant = ParticipantFactory(cohort=cohort)
    mentor = derby_mentor()
    PoolPlaceFactory(cohort=cohort, mentor=mentor)
    client.force_login(participant.user)
    page = client.get(reverse("mentoring:preferences"))
    assert str(mentor) in page.content.decode()
    response = client.post(
        reverse("mentoring:preferences"), {"wishes": "Someone from education", "avoid": [mentor.pk]}
    )
    assert response.status_code == 302
    assert participant.mentoring_preference.avoid.get() == mentor
    too_long = client.post(reverse("mentoring:preferences"), {"wishes": "x" * 1001})
    assert too_long.status_code == 400
    assert "x" * 1001 in too_long.content.decode()


def test_mentor_sees_only_own_mentees(cohort, client):
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
    other = PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
    client.force_login(pairing.mentor.user)
    workspace = client.get(reverse("mentoring:workspace")).content.decode()
    assert pairing.participant.user.get_full_name() in workspace
    assert other.participant.user.get_full_name() not in workspace
    assert client.get(reverse("mentoring:mentee", args=[pairing.pk])).status_code == 200
    assert client.get(reverse("mentoring:mentee", args=[other.pk])).status_code == 404
    pairing.status = Pairing.Status.ENDED
    pairing.save()
    assert client.get(reverse("mentoring:mentee", args=[pairing.pk])).status_code == 404


def test_workspace_is_for_mentors_and_facilitators(client):
    client.force_login(UserFactory())
    assert client.get(reverse("mentoring:workspace")).status_code == 404


def test_mentor_reads_plan_only_while_shared(cohort, client):
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
    plan = DevelopmentPlan.objects.create(participant=pairing.participant)
    plan.priorities.create(title="Lead change across agencies", order=1)
    client.force_login(pairing.mentor.user)
    url = reverse("mentoring:mentee", args=[pairing.pk])
    assert "Lead change across agencies" not in client.get(url).content.decode()
    assert client.get(reverse("mentoring:mentee_report", args=[pairing.pk])).status_code == 404
    plan.shared_with_mentor = True
    plan.save()
    assert "Lead change across agencies" in client.get(url).content.decode()
    # Shared, but no report released yet: nothing to read.
    assert client.get(reverse("mentoring:mentee_report", args=[pairing.pk])).status_code == 404


def test_me_panel_names_the_mentor(cohort, client):
    pairing = PairingFactory(participant=ParticipantFactory(cohort=cohort), mentor=derby_mentor())
    client.force_login(pairing.participant.user)
    assert str(pairing.mentor) in client.get(reverse("cohorts:dashboard")).content.decode()
    assert str(pairing.mentor) in client.get(reverse("mentoring:me")).content.decode()
