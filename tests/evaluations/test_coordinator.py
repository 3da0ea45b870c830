"""A round's pages for coordinators: who may open them, what progress counts (and never who
answered), reminders at most once a day, raters added and corrected, comments withheld,
debriefs recorded and the cohort's figures."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cohorts.models import Participant
from csssl.models import OutboxMessage
from csssl.uktime import uk_today
from evaluations.models import (
    RaterComment,
    RaterInvitation,
    Relationship,
    Report,
    Round,
)
from evaluations.selectors.coordinator import round_progress
from evaluations.services import chasing
from evaluations.services.reports import freeze_due, freeze_if_complete
from tests.evaluations.factories import (
    RaterCommentFactory,
    RaterInvitationFactory,
    RaterResponseFactory,
    RoundFactory,
    SelfEvaluationFactory,
)
from tests.factories import ParticipantFactory, UserFactory, coordinator, dcs_member

pytestmark = pytest.mark.django_db

State = RaterInvitation.State


@pytest.fixture
def round():
    return RoundFactory()


@pytest.fixture
def coord():
    return coordinator()


@pytest.fixture
def signed_in(client, coord):
    client.force_login(coord)
    return client


def person(round: Round, first: str, last: str, **kwargs) -> Participant:
    return ParticipantFactory(
        cohort=round.cohort, user=UserFactory(first_name=first, last_name=last), **kwargs
    )


def keys(round: Round) -> list[str]:
    return [str(pk) for pk in round.version.qualities.values_list("pk", flat=True)]


def submitted(round: Round, participant: Participant, score: int = 3):
    return SelfEvaluationFactory(
        round=round,
        participant=participant,
        scores=dict.fromkeys(keys(round), score),
        submitted_at=timezone.now(),
    )


def url(name: str, round: Round, **kwargs) -> str:
    return reverse(f"evaluations:coordinator_{name}", kwargs={"round_id": round.pk, **kwargs})


def said(response) -> list[str]:
    """What the page a change went back to told the coordinator."""
    assert response.redirect_chain, "the change did not go back to a page"
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def busy(round):
    """Three participants: Asha has submitted, with a line manager who answered and two peers
    (one answered, one declined); Ben is part way, with a peer still to answer; Cara has done
    nothing."""
    asha = person(round, "Asha", "Adams")
    ben = person(round, "Ben", "Brown")
    cara = person(round, "Cara", "Clark")
    submitted(round, asha)
    SelfEvaluationFactory(round=round, participant=ben, scores={keys(round)[0]: 2})
    RaterInvitationFactory(
        round=round,
        participant=asha,
        relationship=Relationship.LINE_MANAGER,
        state=State.SUBMITTED,
        name="Lena Manager",
        email="lena@example.org",
    )
    RaterInvitationFactory(
        round=round,
        participant=asha,
        state=State.SUBMITTED,
        name="Pat Peer",
        email="pat@example.org",
    )
    RaterInvitationFactory(
        round=round,
        participant=asha,
        state=State.DECLINED,
        name="Dee Decliner",
        email="dee@example.org",
    )
    RaterInvitationFactory(
        round=round,
        participant=asha,
        state=State.WITHDRAWN,
        name="Will Withdrawn",
        email="will@example.org",
    )
    RaterInvitationFactory(
        round=round, participant=ben, name="Wes Waiting", email="wes@example.org"
    )
    RaterResponseFactory(round=round, participant=asha, relationship=Relationship.LINE_MANAGER)
    response = RaterResponseFactory(round=round, participant=asha)
    RaterCommentFactory(response=response, text="Listens before deciding.")
    return {"asha": asha, "ben": ben, "cara": cara}


RATER_DETAILS = (
    "Lena Manager",
    "lena@example.org",
    "Pat Peer",
    "pat@example.org",
    "Dee Decliner",
    "dee@example.org",
    "Wes Waiting",
    "wes@example.org",
)


# --- Who may open the pages ---------------------------------------------------------------------


def every_page(round: Round, participant: Participant) -> list[tuple[str, str]]:
    """(method, address) of every coordinator page of the round."""
    invitation = RaterInvitationFactory(round=round, participant=participant)
    comment = RaterCommentFactory(response=RaterResponseFactory(round=round))
    each = {"participant_id": participant.pk}
    return [
        ("get", url("progress", round)),
        ("get", url("progress_csv", round)),
        ("post", url("remind_all", round)),
        ("post", url("remind", round, **each)),
        ("post", url("debrief", round, **each)),
        ("get", url("raters", round, **each)),
        ("post", url("rater_add", round, **each)),
        ("post", url("rater_correct", round, invitation_id=invitation.pk, **each)),
        ("get", url("comments", round)),
        ("post", url("withhold", round, comment_id=comment.pk)),
        ("get", url("cohort", round)),
    ]


@pytest.mark.parametrize("who", ["participant", "dcs_member", "applicant"])
def test_coordinator_pages_not_found_for_anyone_but_coordinators(client, round, who):
    participant = person(round, "Asha", "Adams")
    visitor = {
        "participant": participant.user,
        "dcs_member": dcs_member(),
        "applicant": UserFactory(),
    }[who]
    client.force_login(visitor)
    for method, address in every_page(round, participant):
        data = {
            "reason": "Rude",
            "held_on": uk_today().isoformat(),
            "name": "X",
            "email": "x@e.org",
        }
        response = getattr(client, method)(address, data if method == "post" else None)
        assert response.status_code == 404, address
    assert not OutboxMessage.objects.exists()
    assert not RaterComment.objects.filter(withheld_at__isnull=False).exists()


def test_coordinator_pages_send_anonymous_visitors_to_sign_in(client, round):
    for method, address in every_page(round, person(round, "Asha", "Adams")):
        response = getattr(client, method)(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/accounts/login/"), address


def test_coordinator_pages_open_for_a_coordinator(signed_in, round):
    participant = person(round, "Asha", "Adams")
    for method, address in every_page(round, participant):
        if method == "get":
            assert signed_in.get(address).status_code == 200, address
    other = RoundFactory()
    assert signed_in.get(url("raters", other, participant_id=participant.pk)).status_code == 404


# --- Progress -----------------------------------------------------------------------------------


def test_progress_counts_each_participant_by_relationship(round, busy):
    progress = round_progress(round=round)

    asha, ben, cara = progress.rows
    assert [row.name for row in progress.rows] == ["Asha Adams", "Ben Brown", "Cara Clark"]
    assert (asha.self_label, ben.self_label, cara.self_label) == (
        "Submitted",
        "In progress: 1 of 3 answered",
        "Not started",
    )
    counts = {g.relationship: (g.invited, g.answered, g.declined) for g in asha.groups}
    assert counts[Relationship.LINE_MANAGER] == (1, 1, 0)
    assert counts[Relationship.PEER] == (2, 1, 1)  # the withdrawn one is not counted
    assert {g.relationship: g.waiting for g in ben.groups}[Relationship.PEER] == 1
    assert (progress.submitted, progress.behind) == (1, 3)
    assert [row.name for row in progress.shown("self")] == ["Ben Brown", "Cara Clark"]
    assert [row.name for row in progress.shown("raters")] == ["Ben Brown"]
    # The round asks for at least 3 peers: Asha has 1 who answered and nobody still to.
    assert [g.short for g in asha.too_few] == [2]


def test_progress_page_shows_counts_never_raters(signed_in, round, busy):
    body = signed_in.get(url("progress", round)).content.decode()

    asha = body[body.index(f'id="participant-{busy["asha"].pk}"') :]
    asha = asha[: asha.index("</tr>")]
    assert "1 invited, 1 answered, 0 declined" in asha  # the line manager
    assert "2 invited, 1 answered, 1 declined" in asha  # the peers
    assert "1 of 3 self evaluations submitted" in body
    for detail in RATER_DETAILS + ("Will Withdrawn", "Listens before deciding."):
        assert detail not in body


def test_progress_page_filters_who_to_chase(signed_in, round, busy):
    body = signed_in.get(url("progress", round), {"show": "raters"}).content.decode()

    assert "Ben Brown" in body
    assert "Asha Adams" not in body
    assert "Cara Clark" not in body


def test_progress_csv_has_counts_and_no_rater_names_addresses_or_answers(signed_in, round, busy):
    response = signed_in.get(url("progress_csv", round))

    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, asha = rows[0], rows[1]
    assert header[:4] == ["Participant", "Organisation", "Self evaluation", "Qualities answered"]
    cells = dict(zip(header, asha, strict=True))
    assert cells["Participant"] == "Asha Adams"
    assert cells["Self evaluation"] == "Submitted"
    assert (cells["Peers: invited"], cells["Peers: answered"], cells["Peers: declined"]) == (
        "2",
        "1",
        "1",
    )
    assert cells["Line manager: answered"] == "1"
    for detail in RATER_DETAILS + ("Will Withdrawn", "Listens before deciding."):
        assert detail not in text
    assert "Quality 1" not in text  # no quality, so no score


# --- Reminders ----------------------------------------------------------------------------------


def chased() -> set[tuple[str, str]]:
    return set(OutboxMessage.objects.values_list("kind", "recipient"))


def test_reminders_go_to_everyone_behind_once_a_day(signed_in, round, busy):
    response = signed_in.post(url("remind_all", round), follow=True)

    assert chased() == {
        (chasing.PARTICIPANT_CHASE, busy["asha"].user.email),  # too few peers
        (chasing.PARTICIPANT_CHASE, busy["ben"].user.email),
        (chasing.PARTICIPANT_CHASE, busy["cara"].user.email),
        ("rater_invitation", "wes@example.org"),
    }
    assert said(response) == ["4 reminder emails sent."]

    again = signed_in.post(url("remind_all", round), follow=True)
    assert OutboxMessage.objects.count() == 4
    assert said(again) == [
        "No reminders were due: nothing is owed, or today's reminders have already gone."
    ]

    with time_machine.travel(timezone.now() + timedelta(days=1)):
        signed_in.post(url("remind_all", round))
    assert OutboxMessage.objects.count() == 8


def test_reminders_for_one_participant_reach_only_them_and_their_raters(signed_in, round, busy):
    response = signed_in.post(url("remind", round, participant_id=busy["ben"].pk), follow=True)

    assert chased() == {
        (chasing.PARTICIPANT_CHASE, busy["ben"].user.email),
        ("rater_invitation", "wes@example.org"),
    }
    assert said(response) == ["2 reminder emails sent."]
    message = OutboxMessage.objects.get(kind=chasing.PARTICIPANT_CHASE)
    assert "In progress: 1 of 3 answered".lower() in message.body_text
    assert "Peers: the round asks for at least 3. Please invite 2 more." in message.body_text


def test_reminders_skip_a_frozen_report_and_a_closed_round(signed_in, round, busy):
    Report.objects.create(round=round, participant=busy["ben"])

    chasing.reminders_send(round=round, participant=busy["ben"])
    assert not OutboxMessage.objects.exists()

    Round.objects.filter(pk=round.pk).update(closes_on=uk_today() - timedelta(days=1))
    response = signed_in.post(url("remind_all", round), follow=True)
    assert not OutboxMessage.objects.exists()
    assert said(response) == ["The round has closed, so there is nothing left to remind of."]


# --- Raters -------------------------------------------------------------------------------------


def test_coordinator_adds_a_rater(signed_in, round, coord):
    participant = person(round, "Asha", "Adams")

    response = signed_in.post(
        url("rater_add", round, participant_id=participant.pk),
        {"name": "Omar Other", "email": "Omar@Example.org", "relationship": "other"},
    )

    assert response.status_code == 302
    invitation = RaterInvitation.objects.get(participant=participant)
    assert (invitation.email, invitation.relationship, invitation.added_by) == (
        "omar@example.org",
        "other",
        coord,
    )
    assert chased() == {("rater_invitation", "omar@example.org")}


def test_adding_a_rater_refused_keeps_what_was_typed(signed_in, round):
    participant = person(round, "Asha", "Adams")

    response = signed_in.post(
        url("rater_add", round, participant_id=participant.pk),
        {"name": "Omar Other", "email": "not an address", "relationship": "peer"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#add-email"' in body  # the summary links to the field
    assert "Give an email address like name@example.org." in body
    assert 'value="Omar Other"' in body
    assert 'value="not an address"' in body
    assert not RaterInvitation.objects.exists()


def raters_section(body: str) -> str:
    """The list of raters, with the ids and form tokens that differ between pages taken out."""
    section = body[body.index('id="raters-heading"') : body.index('id="add-heading"')]
    section = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", section)
    return re.sub(r"\d+", "N", section)


def test_raters_page_and_correction_are_the_same_whether_or_not_they_answered(signed_in, round):
    answered, waiting = person(round, "Asha", "Adams"), person(round, "Ben", "Brown")
    invitations = {}
    for participant, state in ((answered, State.SUBMITTED), (waiting, State.INVITED)):
        invitations[state] = RaterInvitationFactory(
            round=round, participant=participant, state=state, name="Sam Rater", email="sam@e.org"
        )
    pages = [
        signed_in.get(url("raters", round, participant_id=p.pk)).content.decode()
        for p in (answered, waiting)
    ]
    assert raters_section(pages[0]) == raters_section(pages[1])
    assert "Sam Rater" in pages[0]
    assert "sam@e.org" in pages[0]
    for word in ("Answered", "answered", "Declined", "Invited", "waiting"):
        assert word not in raters_section(pages[0])

    messages = []
    for state, participant in ((State.SUBMITTED, answered), (State.INVITED, waiting)):
        response = signed_in.post(
            url(
                "rater_correct",
                round,
                participant_id=participant.pk,
                invitation_id=invitations[state].pk,
            ),
            {"name": "Sam Rater", "email": "sam.rater@e.org", "relationship": "report"},
            follow=True,
        )
        messages.append(said(response))
    assert messages[0] == messages[1] == ["Saved: Sam Rater, sam.rater@e.org, direct report."]
    for invitation in invitations.values():
        invitation.refresh_from_db()
        assert (invitation.email, invitation.relationship) == ("sam.rater@e.org", "report")


def test_correcting_a_rater_refused_shows_the_problem_beside_the_field(signed_in, round):
    participant = person(round, "Asha", "Adams")
    invitation = RaterInvitationFactory(round=round, participant=participant, name="Sam Rater")

    response = signed_in.post(
        url("rater_correct", round, participant_id=participant.pk, invitation_id=invitation.pk),
        {"name": "", "email": "sam@e.org", "relationship": "peer"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert f'href="#rater-{invitation.pk}-name"' in body
    assert 'value="sam@e.org"' in body
    invitation.refresh_from_db()
    assert invitation.name == "Sam Rater"


def test_withdrawn_rater_cannot_be_corrected(signed_in, round):
    participant = person(round, "Asha", "Adams")
    invitation = RaterInvitationFactory(round=round, participant=participant, state=State.WITHDRAWN)

    response = signed_in.post(
        url("rater_correct", round, participant_id=participant.pk, invitation_id=invitation.pk),
        {"name": "X", "email": "x@e.org", "relationship": "peer"},
    )

    assert response.status_code == 404


# --- Comments -----------------------------------------------------------------------------------


def test_comments_page_names_the_participant_and_nothing_of_the_rater(signed_in, round):
    about = person(round, "Asha", "Adams")
    manager = RaterResponseFactory(
        round=round, participant=about, relationship=Relationship.LINE_MANAGER
    )
    RaterCommentFactory(response=manager, text="Sets a clear direction.")
    RaterCommentFactory(
        response=RaterResponseFactory(round=round, participant=about),
        question=RaterComment.Question.DEVELOP,
        text="Could delegate more.",
    )

    body = signed_in.get(url("comments", round)).content.decode()

    assert "About Asha Adams" in body
    assert "Sets a clear direction." in body
    assert "Could delegate more." in body
    main = body[body.index("<main") :]
    for label in ("Line manager", "line manager", "Peer", "peer", "Direct report"):
        assert label not in main
    assert str(manager.pk) not in body


def test_withholding_a_comment_records_why_by_whom_and_when(signed_in, round, coord):
    comment = RaterCommentFactory(
        response=RaterResponseFactory(round=round, participant=person(round, "Asha", "Adams")),
        text="Something abusive.",
    )

    response = signed_in.post(url("withhold", round, comment_id=comment.pk), {"reason": "Abusive"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.withheld_reason, comment.withheld_by) == ("Abusive", coord)
    body = signed_in.get(url("comments", round)).content.decode()
    assert "Withheld" in body
    assert "“Abusive”" in body
    assert escape(coord.display_name) in body  # a name such as O'Brien is escaped in the page


def test_withholding_without_a_reason_is_refused_beside_the_field(signed_in, round):
    comment = RaterCommentFactory(response=RaterResponseFactory(round=round))

    response = signed_in.post(url("withhold", round, comment_id=comment.pk), {"reason": " "})

    assert response.status_code == 400
    assert f'href="#reason-{comment.pk}"' in response.content.decode()
    comment.refresh_from_db()
    assert not comment.is_withheld


def test_withholding_a_comment_of_another_round_is_not_found(signed_in, round):
    comment = RaterCommentFactory()

    response = signed_in.post(url("withhold", round, comment_id=comment.pk), {"reason": "Rude"})

    assert response.status_code == 404
    assert (
        signed_in.post(
            url("withhold", round, comment_id=uuid.uuid4()), {"reason": "Rude"}
        ).status_code
        == 404
    )


# --- Debriefs -----------------------------------------------------------------------------------


@pytest.fixture
def frozen(round):
    Round.objects.filter(pk=round.pk).update(release=Round.Release.AFTER_DEBRIEF)
    round.refresh_from_db()
    participant = person(round, "Asha", "Adams")
    submitted(round, participant)
    for _ in range(round.peers_min):  # the round's fewest peers, all answered
        RaterInvitationFactory(round=round, participant=participant, state=State.SUBMITTED)
        RaterResponseFactory(round=round, participant=participant)
    report = freeze_if_complete(round=round, participant=participant)
    assert report is not None
    assert not report.is_released
    return report


def test_debrief_recorded_releases_the_report(signed_in, round, frozen, coord):
    page = signed_in.get(url("progress", round), {"show": "debrief"}).content.decode()
    assert "Frozen: awaiting a debrief" in page
    assert "Asha Adams" in page

    response = signed_in.post(
        url("debrief", round, participant_id=frozen.participant_id),
        {"held_on": uk_today().isoformat()},
    )

    assert response.status_code == 302
    frozen.refresh_from_db()
    assert frozen.is_released
    assert (frozen.debrief_on, frozen.debrief_by) == (uk_today(), coord)


def test_debrief_in_the_future_is_refused_and_the_date_kept(signed_in, round, frozen):
    tomorrow = (uk_today() + timedelta(days=1)).isoformat()

    response = signed_in.post(
        url("debrief", round, participant_id=frozen.participant_id), {"held_on": tomorrow}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Give the day it was held: today or earlier." in body
    assert f'value="{tomorrow}"' in body
    assert f'href="#debrief-{frozen.participant_id}-held_on"' in body
    frozen.refresh_from_db()
    assert not frozen.is_released


def test_debrief_without_a_frozen_report_is_refused(signed_in, round):
    participant = person(round, "Asha", "Adams")

    response = signed_in.post(
        url("debrief", round, participant_id=participant.pk), {"held_on": uk_today().isoformat()}
    )

    assert response.status_code == 400
    assert not Report.objects.exists()


# --- The cohort's figures -----------------------------------------------------------------------


def cohort_of(round: Round, size: int) -> None:
    for index in range(size):
        participant = person(round, f"P{index}", f"Person {index}")
        submitted(round, participant, score=2)
        for _ in range(round.score_threshold):  # enough peers to be shown: 3 for every quality
            RaterResponseFactory(round=round, participant=participant)


def closed(round: Round) -> None:
    Round.objects.filter(pk=round.pk).update(
        opens_on=uk_today() - timedelta(days=30), closes_on=uk_today() - timedelta(days=1)
    )


def test_cohort_figures_wait_for_the_round_to_close(signed_in, round):
    cohort_of(round, 5)

    body = signed_in.get(url("cohort", round)).content.decode()

    assert "shown once the round has closed" in body
    assert "2.00" not in body
    assert "3.00" not in body


def test_cohort_figures_hidden_below_five_participants(signed_in, round):
    cohort_of(round, 4)
    closed(round)

    body = signed_in.get(url("cohort", round)).content.decode()

    assert body.count("Too few to show") == 6  # three qualities, self and raters
    assert "2.00" not in body
    assert "3.00" not in body


def test_cohort_figures_shown_from_five_participants(signed_in, round):
    cohort_of(round, 5)
    closed(round)
    round.refresh_from_db()
    freeze_due()  # the cohort's figures are read from the frozen reports

    body = signed_in.get(url("cohort", round)).content.decode()

    assert "Too few to show" not in body
    assert body.count("2.00") == 3
    assert body.count("3.00") == 3


# --- Query counts -------------------------------------------------------------------------------


def populate(round: Round, size: int) -> None:
    for index in range(size):
        participant = person(round, f"P{index}", f"Person {index}")
        if index % 2:
            submitted(round, participant)
            Report.objects.create(round=round, participant=participant)
        for relationship in (Relationship.LINE_MANAGER, Relationship.PEER, Relationship.PEER):
            RaterInvitationFactory(round=round, participant=participant, relationship=relationship)
        response = RaterResponseFactory(round=round, participant=participant)
        RaterCommentFactory(response=response)
        RaterCommentFactory(
            response=response,
            withheld_at=timezone.now(),
            withheld_by=coordinator(),
            withheld_reason="Rude",
        )


@pytest.mark.parametrize("page", ["progress", "progress_csv", "comments", "raters", "cohort"])
def test_page_query_count_does_not_grow(signed_in, page):
    counts = []
    for size in (2, 6):
        round = RoundFactory()
        populate(round, size)
        closed(round)
        kwargs = {}
        if page == "raters":
            kwargs["participant_id"] = round.cohort.participants.first().pk
        address = url(page, round, **kwargs)
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(address)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 14
