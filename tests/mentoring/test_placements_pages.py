"""Placements and projects through the web: the owner's pages, 404 for everyone else, what
typed is kept on an error, the mentor's agreement, the coordinators' list (its queries at two
sizes), the host's email, the sections and the workspace card."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from cohorts.workspace import workspace
from csssl.models import OutboxMessage
from mentoring.models import Placement
from mentoring.registrations.placements import (
    mentee_section,
    participant_section,
    placement_cards,
)
from mentoring.services import placements as services
from tests.factories import (
    CohortFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
)
from tests.mentoring.factories import (
    MilestoneFactory,
    PairingFactory,
    PlacementFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db
Status = Placement.Status


@pytest.fixture
def pairing():
    return PairingFactory()


def signed_in(client, user):
    client.force_login(user)
    return client


def form_data(**changes) -> dict:
    today = timezone.localdate()
    data = {
        "kind": "shadowing",
        "host_organisation": "Derby City Council",
        "host_contact_name": "Ruth Okafor",
        "host_contact_email": "ruth@host.example.org",
        "starts_on": (today + timedelta(days=7)).isoformat(),
        "ends_on": (today + timedelta(days=9)).isoformat(),
        "objectives": "Shadow the DCS for three days.",
    }
    return {**data, **changes}


def test_participant_adds_and_lists_a_placement(client, pairing):
    signed_in(client, pairing.participant.user)
    response = client.post(reverse("mentoring:placement_add"), form_data())
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:placement_detail", args=[placement.pk])
    listing = client.get(reverse("mentoring:placement_list")).content.decode()
    assert "Shadowing at Derby City Council" in listing
    assert "Objectives not yet agreed" in listing


def test_add_with_errors_keeps_what_was_typed(client, pairing):
    signed_in(client, pairing.participant.user)
    response = client.post(
        reverse("mentoring:placement_add"),
        form_data(host_contact_email="", objectives="Typed and kept"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Typed and kept" in page
    assert "Derby City Council" in page
    assert not Placement.objects.exists()


def test_others_placements_and_projects_are_not_found(client, pairing):
    placement = PlacementFactory(participant=pairing.participant)
    project = ProjectFactory(participant=pairing.participant)
    milestone = MilestoneFactory(project=project)
    stranger = ParticipantFactory(cohort=pairing.participant.cohort)
    signed_in(client, stranger.user)
    for url in (
        reverse("mentoring:placement_detail", args=[placement.pk]),
        reverse("mentoring:placement_edit", args=[placement.pk]),
        reverse("mentoring:placement_reflect", args=[placement.pk]),
        reverse("mentoring:project_detail", args=[project.pk]),
        reverse("mentoring:project_edit", args=[project.pk]),
        reverse("mentoring:project_hand_in", args=[project.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, form_data()).status_code in (404, 405), url
    for url in (
        reverse("mentoring:placement_submit", args=[placement.pk]),
        reverse("mentoring:placement_withdraw", args=[placement.pk]),
        reverse("mentoring:project_milestone_add", args=[project.pk]),
        reverse("mentoring:project_milestone_tick", args=[milestone.pk]),
    ):
        assert client.post(url, {"done": "yes", "title": "x"}).status_code == 404, url
    placement.refresh_from_db()
    milestone.refresh_from_db()
    assert placement.status == Status.DRAFT
    assert milestone.done_at is None
    assert project.milestones.count() == 1


def test_stale_edit_keeps_both_versions_on_the_page(client, pairing):
    placement = PlacementFactory(participant=pairing.participant)
    signed_in(client, pairing.participant.user)
    url = reverse("mentoring:placement_edit", args=[placement.pk])
    opened = services.placement_revision(placement)
    client.post(url, form_data(revision=opened, host_organisation="First tab"))
    response = client.post(url, form_data(revision=opened, host_organisation="Second tab"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "changed in another window" in page
    assert "First tab" in page
    assert "Second tab" in page
    placement.refresh_from_db()
    assert placement.host_organisation == "First tab"


def test_mentor_agrees_then_participant_submits_then_coordinator_approves(client, pairing):
    placement = PlacementFactory(participant=pairing.participant)
    mentor_url = reverse("mentoring:placement_mentor", args=[pairing.pk, placement.pk])
    signed_in(client, pairing.mentor.user)
    mentee_page = client.get(reverse("mentoring:mentee", args=[pairing.pk])).content.decode()
    assert "Read and agree the objectives" in mentee_page
    assert mentor_url in mentee_page
    client.post(mentor_url, {"revision": services.objectives_revision(placement)})
    placement.refresh_from_db()
    assert placement.objectives_agreed_by == pairing.mentor.user

    signed_in(client, pairing.participant.user)
    client.post(reverse("mentoring:placement_submit", args=[placement.pk]))
    again = client.post(reverse("mentoring:placement_submit", args=[placement.pk]), follow=True)
    assert again.status_code == 200
    placement.refresh_from_db()
    assert placement.status == Status.SUBMITTED

    signed_in(client, coordinator())
    cohort_id = pairing.participant.cohort_id
    listing = client.get(reverse("mentoring:placement_cohort", args=[cohort_id]))
    assert "Awaiting approval (1)" in listing.content.decode()
    approve = reverse("mentoring:placement_approve", args=[cohort_id, placement.pk])
    client.post(approve)
    second = client.post(approve, follow=True)
    assert "approved this placement at" in second.content.decode()
    placement.refresh_from_db()
    assert placement.status == Status.APPROVED
    assert OutboxMessage.objects.filter(kind="placement_host").count() == 1


def test_decline_needs_a_note_and_keeps_it_when_refused(client, pairing):
    placement = PlacementFactory(participant=pairing.participant, status=Status.SUBMITTED)
    signed_in(client, coordinator())
    url = reverse("mentoring:placement_decline", args=[pairing.participant.cohort_id, placement.pk])
    response = client.post(url, {"note": " "})
    assert "There is a problem" in response.content.decode()
    client.post(url, {"note": "The dates clash with the residential."})
    placement.refresh_from_db()
    assert placement.status == Status.DECLINED
    signed_in(client, pairing.participant.user)
    page = client.get(reverse("mentoring:placement_detail", args=[placement.pk])).content
    assert "The dates clash with the residential." in page.decode()


def test_coordinator_list_of_another_cohort_does_not_show_the_placement(client, pairing):
    PlacementFactory(participant=pairing.participant, host_organisation="Hidden Host")
    signed_in(client, coordinator())
    other = CohortFactory()
    page = client.get(reverse("mentoring:placement_cohort", args=[other.pk])).content.decode()
    assert "Hidden Host" not in page
    approve = reverse(
        "mentoring:placement_approve",
        args=[other.pk, pairing.participant.placements.get().pk],
    )
    assert client.post(approve).status_code == 404


def fill_cohort(cohort, size: int) -> None:
    for _ in range(size):
        participant = ParticipantFactory(cohort=cohort)
        PlacementFactory(participant=participant, status=Status.SUBMITTED)
        PlacementFactory(participant=participant, status=Status.APPROVED)
        MilestoneFactory(project=ProjectFactory(participant=participant))


@pytest.mark.parametrize("size", [1, 6])
def test_coordinator_list_queries_do_not_grow(client, django_assert_num_queries, size):
    cohort = CohortFactory()
    fill_cohort(cohort, size)
    signed_in(client, coordinator())
    url = reverse("mentoring:placement_cohort", args=[cohort.pk])
    # Session, user and their groups (the navigation), the cohort, the placements, the projects.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count("Approve<span") == size


@pytest.mark.parametrize("size", [1, 5])
def test_participant_pages_queries_do_not_grow(client, django_assert_num_queries, size):
    participant = ParticipantFactory()
    for _ in range(size):
        PlacementFactory(participant=participant)
        MilestoneFactory(project=ProjectFactory(participant=participant))
    signed_in(client, participant.user)
    # Session, user and their groups (the navigation), the participation, the placements.
    with django_assert_num_queries(5):
        client.get(reverse("mentoring:placement_list"))
    # The same four, then the projects, their qualities and their milestones.
    with django_assert_num_queries(7):
        client.get(reverse("mentoring:project_list"))


def test_host_email_says_name_dates_and_objectives_and_nothing_else(pairing):
    participant = pairing.participant
    participant.user.first_name, participant.user.last_name = "Hannah", "Brooks"
    participant.user.save()
    participant.job_title = "Executive Headteacher"
    participant.organisation = OrganisationFactory(
        name="Trent Vale Academy Trust", local_authority=LocalAuthorityFactory(name="Derbyshire")
    )
    participant.save()
    placement = PlacementFactory(
        participant=participant,
        objectives="Learn how the host runs its front door.",
        objectives_agreed_by=pairing.mentor.user,
        objectives_agreed_at=timezone.now(),
        status=Status.SUBMITTED,
        reflection="",
    )
    services.placement_approve(placement=placement, by=coordinator())
    email = OutboxMessage.objects.get(kind="placement_host")
    text = email.subject + email.body_text + email.body_html
    assert email.recipient == placement.host_contact_email
    assert email.reply_to == participant.cohort.programme.contact_email
    for wanted in (
        "Hannah Brooks",
        "Learn how the host runs its front door.",
        placement.host_organisation,
        placement.starts_on.strftime("%-d %B %Y"),
        placement.ends_on.strftime("%-d %B %Y"),
    ):
        assert wanted in text, wanted
    for private in (
        participant.user.email,
        "Executive Headteacher",
        "Trent Vale Academy Trust",
        "Derbyshire",
        pairing.mentor.user.get_full_name(),
        pairing.mentor.user.email,
        "http",
    ):
        assert private not in text, private


def test_participant_section_and_mentoring_page(client, pairing):
    PlacementFactory(participant=pairing.participant, host_organisation="Leicester City")
    ProjectFactory(participant=pairing.participant, title="Faster first assessments")
    signed_in(client, pairing.participant.user)
    page = client.get(reverse("mentoring:me")).content.decode()
    assert "Placements and projects" in page
    assert "Leicester City" in page
    assert "Faster first assessments" in page
    assert reverse("mentoring:placement_list") in page
    assert reverse("mentoring:project_list") in page


def test_mentee_section_hides_withdrawn_placements(client, pairing):
    PlacementFactory(
        participant=pairing.participant, status=Status.WITHDRAWN, host_organisation="Gone Ltd"
    )
    signed_in(client, pairing.mentor.user)
    page = client.get(reverse("mentoring:mentee", args=[pairing.pk])).content.decode()
    assert "Gone Ltd" not in page


def test_workspace_card_counts_a_cohort(pairing):
    cohort = pairing.participant.cohort
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING)
    PlacementFactory(participant=pairing.participant, status=Status.SUBMITTED)
    PlacementFactory(participant=pairing.participant, status=Status.APPROVED)
    ProjectFactory(participant=pairing.participant, handed_in_at=timezone.now())
    ProjectFactory(participant=pairing.participant)
    place = next(place for place in workspace() if place.cohort.pk == cohort.pk)
    (card,) = [c for c in place.cards if c.template == "mentoring/placements/_workspace.html"]
    counts = card.context["counts"]
    assert (counts.awaiting, counts.approved, counts.handed_in, counts.projects) == (1, 1, 1, 2)


def test_project_journey_through_the_pages(client):
    participant = ParticipantFactory(user=UserFactory())
    signed_in(client, participant.user)
    client.post(
        reverse("mentoring:project_add"),
        {"title": "Faster assessments", "problem": "Waits.", "expected_impact": "Sooner."},
    )
    project = participant.projects.get()
    add = reverse("mentoring:project_milestone_add", args=[project.pk])
    refused = client.post(add, {"title": "Typed milestone", "due_on": ""})
    assert "Typed milestone" in refused.content.decode()
    client.post(add, {"title": "Map the front door", "due_on": "2030-01-10"})
    milestone = project.milestones.get()
    client.post(reverse("mentoring:project_milestone_tick", args=[milestone.pk]), {"done": "yes"})
    milestone.refresh_from_db()
    assert milestone.done_at is not None
    hand_in = reverse("mentoring:project_hand_in", args=[project.pk])
    client.post(hand_in, {"final_report": "My report", "action": "hand_in"})
    project.refresh_from_db()
    assert project.handed_in_at is not None
    client.post(hand_in, {"final_report": "Changed", "action": "hand_in"})
    project.refresh_from_db()
    assert project.final_report == "My report"
    assert client.get(reverse("mentoring:project_edit", args=[project.pk])).status_code == 302


def test_workspace_page_links_to_the_cohorts_placements(client, pairing):
    cohort = pairing.participant.cohort
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING)
    PlacementFactory(participant=pairing.participant, status=Status.SUBMITTED)
    signed_in(client, coordinator())
    page = client.get(reverse("cohorts:workspace")).content.decode()
    assert "1 placement awaiting approval" in page
    assert reverse("mentoring:placement_cohort", args=[cohort.pk]) in page


@pytest.mark.parametrize("size", [1, 5])
def test_sections_and_workspace_cards_read_in_fixed_queries(
    pairing, django_assert_num_queries, size
):
    for _ in range(size):
        PlacementFactory(participant=pairing.participant)
        MilestoneFactory(project=ProjectFactory(participant=pairing.participant))
    now = timezone.now()
    # The placements; the projects, their qualities and their milestones.
    with django_assert_num_queries(4):
        section = participant_section(participant=pairing.participant, now=now)
    assert len(section.context["placements"]) == size
    with django_assert_num_queries(1):
        section = mentee_section(user=pairing.mentor.user, pairing=pairing, now=now)
    assert len(section.context["rows"]) == size
    places = [place for place in workspace() if place.cohort.pk == pairing.participant.cohort_id]
    with django_assert_num_queries(1):
        placement_cards(places=places, now=now)


def test_saving_an_edit_after_sending_for_approval_keeps_what_was_typed(client, pairing):
    placement = PlacementFactory(participant=pairing.participant)
    signed_in(client, pairing.participant.user)
    url = reverse("mentoring:placement_edit", args=[placement.pk])
    revision = services.placement_revision(placement)
    Placement.objects.filter(pk=placement.pk).update(status=Status.SUBMITTED)
    response = client.post(url, form_data(revision=revision, objectives="Typed after sending"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "can no longer be changed" in page
    assert "Typed after sending" in page
    assert client.get(url).status_code == 302
