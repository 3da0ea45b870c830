"""Who reaches a portfolio entry and its files: the owner always (after the programme too), the
active mentor only when shared with the mentor, the facilitators of the owner's groups only
when shared with them, and nobody else in any page, section, card or admin list."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cohorts import workspace
from cohorts.models import Cohort
from mentoring.models import Evidence, Pairing, PortfolioEntry, QualityMark
from mentoring.registrations import portfolio as registrations
from tests.factories import CohortFactory, ParticipantFactory, coordinator, mentor
from tests.mentoring.factories import (  # noqa: F401
    TINY_PDF,
    EvidenceFactory,
    GroupFactory,
    MembershipFactory,
    PairingFactory,
    PortfolioEntryFactory,
    private_media,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def world():
    """A participant with a mentor and a group; one entry shared with each, one private."""
    pairing = PairingFactory()
    participant = pairing.participant
    group = GroupFactory(cohort=participant.cohort)
    MembershipFactory(group=group, participant=participant)
    to_mentor = PortfolioEntryFactory(
        participant=participant, title="Shared with the mentor", shared_with_mentor=True
    )
    to_group = PortfolioEntryFactory(
        participant=participant, title="Shared with the tutors", shared_with_facilitators=True
    )
    private = PortfolioEntryFactory(participant=participant, title="Kept to myself")
    return {
        "pairing": pairing,
        "participant": participant,
        "mentor": pairing.mentor.user,
        "facilitator": group.facilitator,
        "to_mentor": EvidenceFactory(entry=to_mentor, name="For the mentor.pdf"),
        "to_group": EvidenceFactory(entry=to_group, name="For the tutors.pdf"),
        "private": EvidenceFactory(entry=private, name="Private.pdf"),
    }


def download(client, user, evidence: Evidence):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("mentoring:portfolio_evidence", args=[evidence.pk]))


def test_owner_downloads_their_file_as_an_attachment_never_sniffed(client, world):
    response = download(client, world["participant"].user, world["private"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Private.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("who", "file", "status"),
    [
        ("mentor", "to_mentor", 200),
        ("mentor", "to_group", 404),
        ("mentor", "private", 404),
        ("facilitator", "to_group", 200),
        ("facilitator", "to_mentor", 404),
        ("facilitator", "private", 404),
        ("other_mentor", "to_mentor", 404),
        ("other_facilitator", "to_group", 404),
        ("other_participant", "to_mentor", 404),
        ("coordinator", "to_mentor", 404),
        ("coordinator", "private", 404),
    ],
)
def test_file_reaches_only_those_it_is_shared_with(client, world, who, file, status):
    people = {
        **world,
        "other_mentor": PairingFactory().mentor.user,
        "other_facilitator": GroupFactory(cohort=world["participant"].cohort).facilitator,
        "other_participant": ParticipantFactory(cohort=world["participant"].cohort).user,
        "coordinator": coordinator(),
    }

    assert download(client, people[who], world[file]).status_code == status


def test_anonymous_visitor_is_asked_to_sign_in(client, world):
    response = download(client, None, world["to_mentor"])

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_mentor_loses_the_file_when_the_pairing_ends(client, world):
    Pairing.objects.filter(pk=world["pairing"].pk).update(status=Pairing.Status.ENDED)

    assert download(client, world["mentor"], world["to_mentor"]).status_code == 404


def test_owner_keeps_the_portfolio_after_the_programme_ends(client, world):
    Cohort.objects.filter(pk=world["participant"].cohort_id).update(status=Cohort.Status.COMPLETED)
    client.force_login(world["participant"].user)

    page = client.get(reverse("mentoring:portfolio"))

    assert page.status_code == 200
    assert "Kept to myself" in page.content.decode()
    assert download(client, None, world["private"]).status_code == 200


def test_shared_page_shows_only_what_was_shared_with_that_reader(client, world):
    client.force_login(world["mentor"])
    entries = {name: world[name].entry_id for name in ("to_mentor", "to_group", "private")}

    assert (
        client.get(reverse("mentoring:portfolio_shared", args=[entries["to_mentor"]])).status_code
        == 200
    )
    for name in ("to_group", "private"):
        url = reverse("mentoring:portfolio_shared", args=[entries[name]])
        assert client.get(url).status_code == 404


def test_owner_pages_of_someone_elses_entry_are_not_found(client, world):
    client.force_login(ParticipantFactory(cohort=world["participant"].cohort).user)
    entry_id = world["private"].entry_id

    for name in ("portfolio_entry", "portfolio_delete"):
        assert client.get(reverse(f"mentoring:{name}", args=[entry_id])).status_code == 404
    assert client.post(reverse("mentoring:portfolio_delete", args=[entry_id])).status_code == 302
    deleted = client.post(
        reverse("mentoring:portfolio_evidence_delete", args=[world["private"].pk])
    )
    assert deleted.status_code == 302
    assert PortfolioEntry.objects.filter(pk=entry_id).exists()
    assert Evidence.objects.filter(pk=world["private"].pk).exists()


def test_mentee_section_lists_only_entries_shared_with_the_mentor(world):
    now = timezone.now()
    section = registrations.mentee_section(user=world["mentor"], pairing=world["pairing"], now=now)

    html = render_to_string(section.template, {"section": section})

    assert "Shared with the mentor" in html
    assert "Shared with the tutors" not in html
    assert "Kept to myself" not in html
    assert registrations.mentee_section(user=mentor(), pairing=world["pairing"], now=now) is None


def test_facilitator_section_lists_only_entries_shared_with_facilitators(world):
    now = timezone.now()
    section = registrations.workspace_section(user=world["facilitator"], now=now)

    html = render_to_string(section.template, {"section": section})

    assert "Shared with the tutors" in html
    assert "Shared with the mentor" not in html
    assert "Kept to myself" not in html
    assert registrations.workspace_section(user=world["mentor"], now=now) is None


def test_coordinator_card_gives_counts_and_no_content(client, world):
    client.force_login(coordinator())

    page = client.get("/coordinator/").content.decode()

    assert "3 entries, 2 shared with a mentor or facilitator; 3 evidence files" in page
    for text in ("Kept to myself", "Private.pdf", "Shared with the mentor", "For the mentor"):
        assert text not in page
    places = [workspace.CohortPlace(cohort=world["participant"].cohort, participants=1)]
    counts = registrations.cohort_portfolios(places=places, now=timezone.now())
    assert counts[world["participant"].cohort_id][0].context["counts"].entries == 3


def test_portfolio_has_no_admin_and_coordinators_reach_none(client, world):
    for model in (PortfolioEntry, Evidence, QualityMark):
        assert not admin.site.is_registered(model)
    client.force_login(coordinator())

    assert client.get("/admin/mentoring/portfolioentry/").status_code == 404
    assert client.get("/admin/mentoring/evidence/").status_code == 404
    index = client.get("/admin/").content.decode()
    assert "Kept to myself" not in index


def test_exports_are_the_owners_alone(client, world):
    client.force_login(world["mentor"])

    assert client.get(reverse("mentoring:portfolio_zip")).status_code == 404
    assert client.get(reverse("mentoring:portfolio_pdf")).status_code == 404


def test_other_participant_sees_an_empty_portfolio_of_their_own(client, world):
    other = ParticipantFactory(cohort=CohortFactory())
    client.force_login(other.user)

    page = client.get(reverse("mentoring:portfolio")).content.decode()

    assert "Your portfolio is empty" in page
    assert "Kept to myself" not in page
    assert "Shared with the mentor" not in page


def test_mentee_page_shows_the_shared_entry_and_never_a_private_one(client, world):
    client.force_login(world["mentor"])

    page = client.get(reverse("mentoring:mentee", args=[world["pairing"].pk])).content.decode()

    assert "Portfolio entries shared with you" in page
    assert "Shared with the mentor" in page
    assert "Shared with the tutors" not in page
    assert "Kept to myself" not in page


def test_facilitator_workspace_shows_entries_shared_with_facilitators(client, world):
    client.force_login(world["facilitator"])

    page = client.get(reverse("mentoring:workspace")).content.decode()

    assert "Shared with the tutors" in page
    assert "Shared with the mentor" not in page
    assert "Kept to myself" not in page


def test_participant_pages_link_to_the_portfolio_with_counts(client, world):
    client.force_login(world["participant"].user)

    for url in (reverse("cohorts:dashboard"), reverse("mentoring:me")):
        page = client.get(url).content.decode()
        assert "3 entries, 2 shared; 3 files." in page, url
        assert reverse("mentoring:portfolio") in page, url
