"""A person's copy of everything held about them (/me/data/, its JSON and PDF), and a
coordinator's copy for a request that came by post.

Two people are seeded with a full year each (an application with its endorsement, decision,
offer and invoice; a place, attendance, apologies and a certificate; a self evaluation, raters
who answered and a released report; a plan; a mentor with their own private notes; groups, a
placement, a project and a portfolio with a file; emails with secret links). Each sees every
part of their own record, and nothing of the other's, of their raters' identities, of their
mentor's notes, or of any link that acted for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import time, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import services as allocation
from applications.models import Decision, Endorsement, Offer
from cohorts.services import certificate_issue
from csssl import personal_data
from csssl.outbox import email_queue
from csssl.uktime import uk_moment
from evaluations.models import RaterInvitation, Relationship, Report
from evaluations.services import plans as plan_services
from evaluations.services.reports import figures_for
from events.models import Apology, AttendanceRecord
from mentoring.models import MentoringPreference, MentoringSession, PrivateNote, SessionRecord
from tests.applications.allocation_fixtures import endorsed
from tests.csssl.test_pdf import accessibility_problems, pdf_text, squashed
from tests.evaluations.factories import (
    RaterCommentFactory,
    RaterInvitationFactory,
    RaterResponseFactory,
    RoundFactory,
    SelfEvaluationFactory,
)
from tests.events.factories import EventFactory
from tests.factories import CohortFactory, UserFactory, coordinator, mentor
from tests.mentoring.factories import (
    EvidenceFactory,
    GroupMeetingFactory,
    MeetingAttendanceFactory,
    MembershipFactory,
    MentorFactory,
    MilestoneFactory,
    PairingFactory,
    PlacementFactory,
    PortfolioEntryFactory,
    ProjectFactory,
    SessionFactory,
    private_media,  # noqa: F401 - a fixture
)

SECRET_PAGE = "https://testserver/endorse/"


@dataclass
class Seeded:
    """One person's year, and what of it must show (``own``) or never show (``hidden``)."""

    user: object
    participant: object
    certificate_code: str
    own: list[str]
    hidden: list[str]


def seed(tag: str, *, size: int = 1) -> Seeded:
    """A full year for a person named after ``tag``; ``size`` of each kind of repeated row."""
    user = UserFactory(first_name=f"Alex{tag}", last_name=f"Person{tag}")
    cohort = CohortFactory(name=f"Cohort {tag}")
    application = endorsed(
        cohort,
        external=True,
        applicant=user,
        why_now=f"Why-now statement {tag}",
        endorser_name=f"Endorser Eve {tag}",
        endorser_email=f"eve{tag.lower()}@example.org",
    )
    Endorsement.objects.filter(application=application).update(comments=f"Endorser statement {tag}")
    staff = coordinator(first_name="Casey", last_name=f"Scorer{tag}")
    allocation.decision_record(
        application=application,
        outcome=Decision.Outcome.OFFER,
        reason=f"Decision reason {tag}",
        by=staff,
    )
    allocation.outcomes_send(cohort=cohort)
    participant = allocation.offer_accept(
        offer=Offer.objects.get(application=application), user=user
    )

    for number in range(size):
        present = EventFactory(cohort=cohort, title=f"Event {tag}{number}")
        AttendanceRecord.objects.create(
            event=present,
            participant=participant,
            status=AttendanceRecord.Status.PRESENT,
            note=f"Register note {tag}{number}",
            marked_by=staff,
        )
        away = EventFactory(cohort=cohort, title=f"Seminar {tag}{number}")
        Apology.objects.create(event=away, participant=participant, reason=f"Apology {tag}{number}")
    ended = uk_moment(cohort.ends_on + timedelta(days=1), time(12))
    certificate = certificate_issue(participant=participant, now=ended)

    round_ = RoundFactory(cohort=cohort, comment_threshold=3)
    qualities = list(round_.version.qualities.all())
    SelfEvaluationFactory(
        round=round_,
        participant=participant,
        scores={str(q.pk): 4 for q in qualities},
        evidence={str(qualities[0].pk): f"Self evidence {tag}"},
        submitted_at=timezone.now(),
    )
    raters = []
    for number in range(max(size, 3)):
        invitation = RaterInvitationFactory(
            round=round_,
            participant=participant,
            name=f"Rita Rater{tag}{number}",
            email=f"rita{tag.lower()}{number}@example.org",
            state="submitted",
        )
        raters += [invitation.name, invitation.email]
        response = RaterResponseFactory(round=round_, participant=participant)
        RaterCommentFactory(response=response, text=f"Peer comment {tag}{number}.")
    Report.objects.create(
        round=round_,
        participant=participant,
        figures=figures_for(round=round_, participant=participant),
        released_at=timezone.now(),
    )
    plan_services.priority_add(participant=participant, title=f"Plan priority {tag}")

    mentor_user = mentor(first_name="Morgan", last_name=f"Mentor{tag}")
    pairing = PairingFactory(participant=participant, mentor=MentorFactory(user=mentor_user))
    MentoringPreference.objects.create(participant=participant, wishes=f"Mentor wish {tag}")
    past = timezone.now() - timedelta(days=3)
    for number in range(size):
        session = SessionFactory(
            pairing=pairing,
            starts_at=past - timedelta(days=number),
            ends_at=past - timedelta(days=number) + timedelta(hours=1),
            status=MentoringSession.Status.HELD,
            held_at=past,
        )
        SessionRecord.objects.create(
            session=session, themes=f"Session themes {tag}{number}", written_by=mentor_user
        )
        PrivateNote.objects.create(session=session, author=user, text=f"My own note {tag}{number}")
        PrivateNote.objects.create(
            session=session, author=mentor_user, text=f"Mentor private note {tag}{number}"
        )
        entry = PortfolioEntryFactory(
            participant=participant, title=f"Portfolio entry {tag}{number}"
        )
        EvidenceFactory(entry=entry, name=f"evidence-{tag.lower()}{number}.pdf")
    membership = MembershipFactory(participant=participant, group__cohort=cohort)
    MeetingAttendanceFactory(
        meeting=GroupMeetingFactory(group=membership.group, title=f"Set meeting {tag}"),
        participant=participant,
    )
    PlacementFactory(participant=participant, host_organisation=f"Host council {tag}")
    MilestoneFactory(project=ProjectFactory(participant=participant, title=f"Project {tag}"))

    token = signing.dumps({"id": 7, "n": f"nonce{tag}"}, salt="test")
    offer_link = f"https://testserver/offers/{token}x/"
    for number in range(size):
        email_queue(
            kind="test_secret",
            to=user.email,
            about=f"test:{tag}{number}",
            subject=f"Your link {tag}{number}",
            body_text=f"Email body {tag}{number}: follow {offer_link} or {SECRET_PAGE}{token}/.",
            secrets={"link": offer_link},
        )
        email_queue(
            kind="test_plain",
            to=user.email,
            about=f"test:{tag}{number}",
            subject=f"Plain email {tag}{number}",
            body_text=f"See https://testserver/programmes/csssl/ for {tag}{number}.",
        )
    own = [
        user.email,
        f"Alex{tag}",
        f"Why-now statement {tag}",
        f"Endorser Eve {tag}",
        f"Endorser statement {tag}",
        f"Decision reason {tag}",
        "Invoice",
        f"Register note {tag}0",
        f"Apology {tag}0",
        certificate.code,
        f"Self evidence {tag}",
        f"Peer comment {tag}0.",
        f"Plan priority {tag}",
        f"Morgan Mentor{tag}",
        f"Session themes {tag}0",
        f"My own note {tag}0",
        f"Mentor wish {tag}",
        f"evidence-{tag.lower()}0.pdf",
        f"Set meeting {tag}",
        f"Host council {tag}",
        f"Project {tag}",
        f"Email body {tag}0",
        "https://testserver/programmes/csssl/",
        personal_data.LINK_REMOVED,
    ]
    nonces = [
        *Offer.objects.filter(application=application).values_list("nonce", flat=True),
        *Endorsement.objects.filter(application=application).values_list("nonce", flat=True),
        *RaterInvitation.objects.filter(participant=participant).values_list("nonce", flat=True),
    ]
    hidden = [
        *nonces,
        f"Casey Scorer{tag}",
        f"Mentor private note {tag}0",
        token,
        f"nonce{tag}",
        "[[recipient-only",
        *raters,
    ]
    return Seeded(user, participant, certificate.code, own, hidden)


@pytest.fixture
def people(db, private_media):  # noqa: F811 - the fixture, imported
    return seed("A"), seed("B")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_personal_data_page_shows_every_section_with_own_data(people):
    alex, _ = people

    response = signed_in(alex.user).get("/me/data/")

    assert response.status_code == 200
    body = response.content.decode()
    sections = personal_data.export_for(user=alex.user)
    assert len(sections) >= 20
    for section in sections:
        assert section.title in body.replace("&#x27;", "'")
    missing = [text for text in alex.own if text not in body]
    assert not missing, missing


def test_personal_data_never_shows_another_person_or_a_secret(people):
    alex, bea = people

    for me, other in ((alex, bea), (bea, alex)):
        body = signed_in(me.user).get("/me/data/").content.decode()
        document = signed_in(me.user).get("/me/data.json").content.decode()
        for text in (body, document):
            leaked = [t for t in me.hidden + other.own + other.hidden if t in text]
            leaked = [t for t in leaked if t not in me.own]
            assert not leaked, (me.user.email, leaked)
            assert other.certificate_code not in text


def test_personal_data_rater_identities_absent_but_counts_shown(people):
    alex, _ = people

    sections = {s.title: s for s in personal_data.export_for(user=alex.user)}

    asked = sections["Feedback you asked for"].items
    assert asked == [
        {
            "Evaluation": str(alex.participant.evaluation_reports.get().round),
            "Relationship": "Peers",
            "Invited": 3,
            "Answered": 3,
        }
    ]
    text = json.dumps([s.as_json() for s in sections.values()])
    assert "rita" not in text.lower()


def test_personal_data_as_rater_shows_invitation_not_answers(people):
    alex, bea = people
    round_ = bea.participant.evaluation_reports.get().round
    RaterInvitationFactory(
        round=round_,
        participant=bea.participant,
        relationship=Relationship.PEER,
        name=alex.user.get_full_name(),
        email=alex.user.email,
        state="submitted",
        draft={"strengths": "Draft answer about Bea"},
    )

    sections = {s.title: s for s in personal_data.export_for(user=alex.user)}

    given = sections["Feedback you were asked to give"].items
    assert [(i["For"], i["As their"], i["State"]) for i in given] == [
        (bea.user.display_name, "Peer", "Answered")
    ]
    assert "Draft answer about Bea" not in json.dumps(given)


def test_personal_data_email_links_removed():
    text = (
        "Answer at https://site.example/offers/eyJpZCI6MX0:1tAbCd:abcdefghijklmnopqrstuvwxyz12/"
        " or [[recipient-only:link]]; reset at /accounts/password/reset/key/1-set-password/;"
        " calendar https://site.example/me/calendar/AbCdEf123456.ics;"
        " see https://site.example/programmes/csssl/ and https://x.example/p?token=abc."
    )

    cleaned = personal_data.without_links(text)

    assert cleaned == (
        "Answer at [link removed] or [link removed]; reset at [link removed]"
        " calendar [link removed]"
        " see https://site.example/programmes/csssl/ and [link removed]"
    )


@pytest.mark.parametrize("size", [1, 4])
def test_personal_data_page_query_count_does_not_grow(
    private_media,  # noqa: F811 - the fixture, imported
    db,
    django_assert_num_queries,
    size,
):
    person = seed("Q", size=size)
    client = signed_in(person.user)
    # session, user; the account's addresses and roles; places, their history, certificates;
    # applications, endorsements, offers with invoices, scores, their history; attendance,
    # apologies; self evaluations, their qualities, raters invited and answers in (with their
    # rounds), plans, plan and priority history, reports, invitations to rate, priorities;
    # pairings, sessions, change requests, fit answers, wishes with their qualities and mentors
    # to avoid, own notes; the mentor profile, mentees; groups, meeting attendance; placements,
    # projects with their qualities and milestones; portfolio entries with their qualities,
    # files and marks; emails, their attachments
    with django_assert_num_queries(47):
        assert client.get("/me/data/").status_code == 200


def test_personal_data_json_download_is_valid_attachment(people):
    alex, _ = people

    response = signed_in(alex.user).get("/me/data.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    document = json.loads(response.content)
    assert document["about"] == alex.user.email
    titles = [section["title"] for section in document["sections"]]
    assert titles[0] == "Your account"
    assert "Emails sent to you" in titles
    same = signed_in(alex.user).get("/me/data/?format=json")
    assert same["Content-Disposition"].startswith("attachment;")
    assert json.loads(same.content)["sections"] == document["sections"]


def test_personal_data_pdf_is_tagged_and_holds_the_record(people):
    alex, _ = people

    response = signed_in(alex.user).get("/me/data.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    title = f"Personal data: {alex.user.display_name}"
    assert accessibility_problems(response.content, title=title) == []
    text = pdf_text(response.content)
    assert squashed(alex.certificate_code) in text
    assert squashed("Mentor private note A0") not in text


def test_personal_data_anonymous_visitor_is_sent_to_login(db):
    for url in ("/me/data/", "/me/data.json", "/me/data.pdf"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_personal_data_linked_from_me_and_footer(people):
    alex, _ = people
    client = signed_in(alex.user)
    link = f'href="{reverse("personal_data:mine")}"'

    me = client.get("/me/").content.decode()
    home = client.get("/").content.decode()

    assert me.count(link) == 2  # the card beside the year, and the footer
    assert link in home
    # Every footer leads there; a visitor not signed in is asked to sign in first.
    assert link in Client().get("/").content.decode()


def coordinator_url(user) -> str:
    return reverse("personal_data:person", args=[user.pk])


def test_coordinator_copy_is_not_found_for_participant_and_mentor(people):
    alex, bea = people
    url = coordinator_url(bea.user)
    mentor_user = bea.participant.pairings.get().mentor.user

    for person in (alex.user, mentor_user, bea.user):
        client = signed_in(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "Curious", "format": "json"}).status_code == 404
    assert not LogEntry.objects.exists()


def test_coordinator_copy_needs_a_reason(people):
    _, bea = people
    client = signed_in(coordinator())

    form = client.get(coordinator_url(bea.user))
    refused = client.post(coordinator_url(bea.user), {"reason": " ", "format": "pdf"})

    assert form.status_code == 200
    assert refused.status_code == 200
    assert "Say why" in refused.content.decode()
    assert not LogEntry.objects.exists()


def test_coordinator_copy_with_reason_downloads_and_is_recorded(people, caplog):
    _, bea = people
    staff = coordinator()
    client = signed_in(staff)

    with caplog.at_level("INFO", logger="csssl.personal_data_views"):
        response = client.post(
            coordinator_url(bea.user),
            {"reason": "Request by post, 2 December", "format": "json"},
        )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["about"] == bea.user.email
    assert "Rita" not in response.content.decode()
    entry = LogEntry.objects.get()
    assert entry.user == staff
    assert entry.object_id == str(bea.user.pk)
    assert "Request by post, 2 December" in entry.get_change_message()
    assert f"for user {bea.user.pk}" in caplog.text
    pdf = client.post(coordinator_url(bea.user), {"reason": "By post", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert LogEntry.objects.count() == 2


def test_admin_user_page_links_to_coordinator_copy(people):
    _, bea = people
    page = signed_in(coordinator()).get(reverse("admin:csssl_user_change", args=[bea.user.pk]))

    assert page.status_code == 200
    assert coordinator_url(bea.user) in page.content.decode()


def test_personal_data_mentor_sees_own_notes_and_mentees_not_theirs(people):
    alex, _ = people
    mentor_user = alex.participant.pairings.get().mentor.user

    document = signed_in(mentor_user).get("/me/data.json").content.decode()

    assert "Mentor private note A0" in document
    assert "My own note A0" not in document
    assert alex.user.display_name in document  # their mentee, in "As a mentor"
    assert "Self evidence A" not in document


def test_personal_data_registry_orders_providers_and_names_their_sections(db):
    user = UserFactory()

    @personal_data.register("tests.extra", order=5)
    def extra(*, user):
        return [
            personal_data.Section(title="First extra", items=[{"Who": user.email}]),
            personal_data.Section(title="Second extra"),
        ]

    try:
        sections = personal_data.export_for(user=user)
    finally:
        personal_data.unregister("tests.extra")

    assert [s.title for s in sections[:3]] == ["Your account", "First extra", "Second extra"]
    assert [s.key for s in sections[1:3]] == ["tests.extra", "tests.extra.1"]
    assert sections[1].items == [{"Who": user.email}]
    assert "tests.extra" not in personal_data.registered()
