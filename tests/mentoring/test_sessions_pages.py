"""The sessions pages, from both sides: proposing, agreeing, moving, recording, the private
note and the fit question; 404 for anyone else; the mentor's workspace section in a fixed
number of queries; the debrief a mentor records; and the private note and fit answer reaching
nobody but their author and the programme team."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from csssl.uktime import in_uk, uk_today
from evaluations.models import Report
from mentoring.models import FitAnswer, MentoringSession, PrivateNote
from mentoring.registrations.sessions import workspace_section
from mentoring.services import sessions as services
from tests.evaluations.factories import RoundFactory
from tests.factories import ParticipantFactory, coordinator
from tests.mentoring.factories import MentorFactory, PairingFactory, SessionFactory

pytestmark = pytest.mark.django_db

Status = MentoringSession.Status


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pairing():
    return PairingFactory()


def form_for(moment, *, hours=1, place="Video call"):
    local = in_uk(moment)
    return {
        "day": local.date().isoformat(),
        "starts": local.strftime("%H:%M"),
        "ends": (local + timedelta(hours=hours)).strftime("%H:%M"),
        "place": place,
    }


def soon():
    return (timezone.now() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)


def mentor_url(name, pairing, **kwargs):
    return reverse(f"mentoring:session_{name}", kwargs={"pairing_id": pairing.pk, **kwargs})


def me_url(name, **kwargs):
    return reverse(f"mentoring:session_me_{name}", kwargs=kwargs)


def held_session(pairing):
    past = timezone.now() - timedelta(days=1)
    return SessionFactory(pairing=pairing, status=Status.HELD, starts_at=past, held_at=past)


def test_mentor_proposes_and_participant_agrees(pairing):
    mentor = client_for(pairing.mentor.user)
    response = mentor.post(mentor_url("new", pairing), form_for(soon(), place="Council House"))
    session = MentoringSession.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == mentor_url("detail", pairing, session_id=session.pk)
    assert session.proposed_by == pairing.mentor.user
    assert session.place == "Council House"

    participant = client_for(pairing.participant.user)
    page = participant.get(me_url("detail", session_id=session.pk)).content.decode()
    assert "Agree to this time" in page
    participant.post(me_url("agree", session_id=session.pk), {"sequence": 0})
    session.refresh_from_db()
    assert session.status == Status.AGREED
    # The mentor sees it on their workspace and mentee page; the participant on theirs.
    assert "Council House" in mentor.get(reverse("mentoring:workspace")).content.decode()
    assert "Council House" in (
        mentor.get(reverse("mentoring:mentee", args=[pairing.pk])).content.decode()
    )
    assert "Council House" in participant.get(reverse("mentoring:me")).content.decode()


def test_propose_with_a_mistake_keeps_what_was_typed(pairing):
    mentor = client_for(pairing.mentor.user)
    data = form_for(soon(), hours=-1, place="The library, second floor")

    response = mentor.post(mentor_url("new", pairing), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "The session must end after it starts." in page
    assert "The library, second floor" in page
    assert 'id="error-summary"' in page
    assert not MentoringSession.objects.exists()


def test_participant_moves_and_mentor_sees_it_waiting(pairing):
    session = SessionFactory(pairing=pairing)
    participant = client_for(pairing.participant.user)
    later = soon() + timedelta(days=3)
    participant.post(me_url("move", session_id=session.pk), form_for(later, place="Café"))
    session.refresh_from_db()
    assert (session.status, session.sequence, session.place) == (Status.PROPOSED, 1, "Café")
    page = client_for(pairing.mentor.user).get(reverse("mentoring:workspace")).content.decode()
    assert "Waiting for you to agree" in page


def test_post_only_actions_answer_a_get_with_405(pairing):
    session = SessionFactory(pairing=pairing)
    mentor = client_for(pairing.mentor.user)
    for name in ("agree", "cancel", "held", "record", "note"):
        assert mentor.get(mentor_url(name, pairing, session_id=session.pk)).status_code == 405


def test_another_mentor_and_participant_get_404_everywhere(pairing):
    session = held_session(pairing)
    report = Report.objects.create(
        round=RoundFactory(cohort=pairing.participant.cohort), participant=pairing.participant
    )
    stranger = client_for(MentorFactory().user)
    for name in ("detail", "agree", "move", "cancel", "held", "record", "note"):
        url = mentor_url(name, pairing, session_id=session.pk)
        assert stranger.get(url).status_code == 404, url
        assert stranger.post(url, {"text": "x", "themes": "x"}).status_code == 404, url
    for url in (
        mentor_url("new", pairing),
        mentor_url("fit", pairing),
        mentor_url("debrief", pairing, report_id=report.pk),
    ):
        assert stranger.post(url, {"works": "no", "held_on": uk_today()}).status_code == 404
    other = PairingFactory()
    outsider = client_for(other.participant.user)
    for name in ("detail", "agree", "move", "cancel", "held", "record", "note"):
        assert outsider.post(me_url(name, session_id=session.pk)).status_code == 404
    # Another mentor's own mentee's session is not reached through this pairing either.
    theirs = SessionFactory(pairing=other)
    mine = client_for(pairing.mentor.user)
    assert mine.get(mentor_url("detail", pairing, session_id=theirs.pk)).status_code == 404
    report.refresh_from_db()
    assert report.released_at is None
    assert not FitAnswer.objects.exists()
    assert not PrivateNote.objects.exists()


def test_record_stale_edit_shows_the_saved_text_and_keeps_mine(pairing):
    session = held_session(pairing)
    mentor = client_for(pairing.mentor.user)
    participant = client_for(pairing.participant.user)
    mentor.post(mentor_url("record", pairing, session_id=session.pk), {"themes": "First"})
    seen = session.__class__.objects.get(pk=session.pk).record.updated_at.isoformat()
    participant.post(me_url("record", session_id=session.pk), {"themes": "Second", "seen": seen})

    response = mentor.post(
        mentor_url("record", pairing, session_id=session.pk),
        {"themes": "My own words", "seen": seen},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The record as it is now saved" in page
    assert "Second" in page
    assert "My own words" in page
    session.record.refresh_from_db()
    assert session.record.themes == "Second"


def test_private_notes_reach_nobody_but_their_author(pairing, admin_client):
    session = held_session(pairing)
    mentor = client_for(pairing.mentor.user)
    participant = client_for(pairing.participant.user)
    mentor.post(mentor_url("note", pairing, session_id=session.pk), {"text": "MENTOR-ONLY-NOTE"})
    participant.post(me_url("note", session_id=session.pk), {"text": "MENTEE-ONLY-NOTE"})
    assert PrivateNote.objects.count() == 2

    assert (
        "MENTOR-ONLY-NOTE"
        in mentor.get(mentor_url("detail", pairing, session_id=session.pk)).content.decode()
    )
    assert (
        "MENTEE-ONLY-NOTE"
        in participant.get(me_url("detail", session_id=session.pk)).content.decode()
    )
    cohort = pairing.participant.cohort
    coordinators = client_for(coordinator())
    pages = {
        participant: [
            me_url("detail", session_id=session.pk),
            reverse("mentoring:me"),
            reverse("cohorts:dashboard"),
        ],
        mentor: [
            mentor_url("detail", pairing, session_id=session.pk),
            reverse("mentoring:mentee", args=[pairing.pk]),
            reverse("mentoring:workspace"),
        ],
        coordinators: [
            reverse("cohorts:workspace"),
            reverse("mentoring:coordinator", args=[cohort.pk]),
            reverse("mentoring:pairings_csv", args=[cohort.pk]),
            reverse("admin:index"),
        ],
        admin_client: [reverse("admin:index"), reverse("admin:app_list", args=["mentoring"])],
    }
    forbidden = {
        participant: {"MENTOR-ONLY-NOTE"},
        mentor: {"MENTEE-ONLY-NOTE"},
        coordinators: {"MENTOR-ONLY-NOTE", "MENTEE-ONLY-NOTE"},
        admin_client: {"MENTOR-ONLY-NOTE", "MENTEE-ONLY-NOTE", "Private note"},
    }
    for client, urls in pages.items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            for secret in forbidden[client]:
                assert secret not in body, (secret, url)
    assert not any("privatenote" in url for url in _admin_urls())


def _admin_urls():
    from django.contrib import admin

    return [model._meta.model_name for model in admin.site._registry]


def test_fit_question_once_after_the_first_session_and_never_to_the_other_side(pairing):
    participant = client_for(pairing.participant.user)
    mentor = client_for(pairing.mentor.user)
    assert participant.get(me_url("fit")).status_code == 404
    held_session(pairing)
    assert "Answer the question" in participant.get(reverse("mentoring:me")).content.decode()

    response = participant.post(me_url("fit"), {"works": "no", "comment": "FIT-COMMENT"})

    assert response.status_code == 302
    assert FitAnswer.objects.get().works is False
    assert participant.get(me_url("fit")).status_code == 404
    assert "Answer the question" not in participant.get(reverse("mentoring:me")).content.decode()
    mentee_page = mentor.get(reverse("mentoring:mentee", args=[pairing.pk])).content.decode()
    assert "FIT-COMMENT" not in mentee_page
    assert "Answer the question" in mentee_page  # the mentor's own question is still open
    workspace = client_for(coordinator()).get(reverse("cohorts:workspace")).content.decode()
    assert "1 pairing said not to be working" in workspace
    assert "FIT-COMMENT" not in workspace


def test_fit_answer_needs_yes_or_no(pairing):
    held_session(pairing)
    response = client_for(pairing.mentor.user).post(mentor_url("fit", pairing), {"comment": "Hm"})
    assert response.status_code == 400
    assert "Answer yes or no." in response.content.decode()
    assert "Hm" in response.content.decode()


def test_mentor_records_the_debrief_that_releases_the_report(pairing):
    report = Report.objects.create(
        round=RoundFactory(cohort=pairing.participant.cohort), participant=pairing.participant
    )
    mentor = client_for(pairing.mentor.user)
    page = mentor.get(reverse("mentoring:mentee", args=[pairing.pk])).content.decode()
    assert "Record the debrief" in page

    response = mentor.post(
        mentor_url("debrief", pairing, report_id=report.pk), {"held_on": uk_today().isoformat()}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.released_at
    assert report.debrief_by == pairing.mentor.user
    assert mentor.get(mentor_url("debrief", pairing, report_id=report.pk)).status_code == 404


def test_debrief_in_the_future_is_refused_beside_the_field(pairing):
    report = Report.objects.create(
        round=RoundFactory(cohort=pairing.participant.cohort), participant=pairing.participant
    )
    response = client_for(pairing.mentor.user).post(
        mentor_url("debrief", pairing, report_id=report.pk),
        {"held_on": (uk_today() + timedelta(days=2)).isoformat()},
    )
    assert response.status_code == 400
    assert "today or earlier" in response.content.decode()


def test_debrief_rule_is_true_for_the_active_mentor_only(pairing):
    from evaluations.rules import can_record_debrief

    assert can_record_debrief(pairing.mentor.user, participant=pairing.participant)
    assert not can_record_debrief(pairing.mentor.user)
    assert not can_record_debrief(MentorFactory().user, participant=pairing.participant)
    assert not can_record_debrief(pairing.participant.user, participant=pairing.participant)
    assert can_record_debrief(coordinator())
    pairing.status = pairing.Status.ENDED
    pairing.save()
    assert not can_record_debrief(pairing.mentor.user, participant=pairing.participant)


def _mentor_with(mentees: int):
    mentor = MentorFactory()
    for _ in range(mentees):
        pairing = PairingFactory(mentor=mentor)
        SessionFactory(pairing=pairing)
        SessionFactory(
            pairing=pairing, status=Status.PROPOSED, proposed_by=pairing.participant.user
        )
    return mentor


def test_workspace_section_reads_a_fixed_number_of_queries(django_assert_num_queries):
    small, large = _mentor_with(1), _mentor_with(4)
    now = timezone.now()
    workspace_section(user=small.user, now=now)  # makes the calendar address
    workspace_section(user=large.user, now=now)
    for mentor, count in ((small, 2), (large, 8)):
        user = type(mentor.user).objects.get(pk=mentor.user_id)  # as a new request has it
        # the mentor profile (kept on the account for the rest of the request), the sessions,
        # the calendar address
        with django_assert_num_queries(3):
            section = workspace_section(user=user, now=now)
        with django_assert_num_queries(2):
            workspace_section(user=user, now=now)
        assert len(section.context["upcoming"]) == count
        assert len(section.context["awaiting"]) == count // 2


def test_workspace_page_queries_do_not_grow_with_mentees():
    counts = []
    for mentees in (1, 4):
        mentor = _mentor_with(mentees)
        client = client_for(mentor.user)
        client.get(reverse("mentoring:workspace"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("mentoring:workspace")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_mentor_calendar_feed_and_its_reset(pairing):
    agreed = SessionFactory(pairing=pairing)
    cancelled = SessionFactory(pairing=pairing)
    services.session_cancel(session=cancelled, by=pairing.participant.user)
    mentor = client_for(pairing.mentor.user)
    page = mentor.get(reverse("mentoring:workspace")).content.decode()
    token = pairing.mentor.calendar_feed.token
    assert token in page
    feed = Client().get(reverse("mentoring:mentor_calendar", args=[token]))
    assert feed.status_code == 200
    body = feed.content.decode()
    assert f"UID:{agreed.uid}@" in body
    assert f"UID:{cancelled.uid}@" in body
    assert "STATUS:CANCELLED" in body
    assert "SEQUENCE:1" in body
    assert Client().get(reverse("mentoring:mentor_calendar", args=["wrong"])).status_code == 404

    mentor.post(reverse("mentoring:session_calendar_reset"))

    assert Client().get(reverse("mentoring:mentor_calendar", args=[token])).status_code == 404
    pairing.mentor.calendar_feed.refresh_from_db()
    assert pairing.mentor.calendar_feed.token != token


def test_participant_calendar_feed_holds_the_sessions(pairing):
    from events.selectors.participant import calendar_feed_for

    agreed = SessionFactory(pairing=pairing)
    cancelled = SessionFactory(pairing=pairing, status=Status.CANCELLED, sequence=2)
    token = calendar_feed_for(pairing.participant).token
    body = Client().get(reverse("events:feed", args=[token])).content.decode()
    assert f"UID:{agreed.uid}@" in body
    assert f"UID:{cancelled.uid}@" in body
    assert "STATUS:CANCELLED" in body
    assert "SEQUENCE:2" in body
    assert str(pairing.mentor) in body


def test_participant_year_shows_sessions_and_no_one_elses(pairing):
    SessionFactory(pairing=pairing, place="Room 4, County Hall")
    page = client_for(pairing.participant.user).get(reverse("cohorts:dashboard")).content.decode()
    assert "Room 4, County Hall" in page
    other = client_for(ParticipantFactory(cohort=pairing.participant.cohort).user)
    assert "Room 4, County Hall" not in other.get(reverse("cohorts:dashboard")).content.decode()


def test_coordinator_marks_a_no_followed_up_in_the_admin(pairing):
    held_session(pairing)
    services.fit_answer(pairing=pairing, by=pairing.mentor.user, works=False, comment="Hm")
    answer = FitAnswer.objects.get()
    coordinators = client_for(coordinator())
    page = coordinators.get(reverse("admin:mentoring_fitanswer_changelist"))
    assert page.status_code == 200

    coordinators.post(
        reverse("admin:mentoring_fitanswer_changelist"),
        {"action": "mark_followed_up", "_selected_action": [answer.pk]},
    )

    answer.refresh_from_db()
    assert answer.seen_at is not None
    session_admin = coordinators.get(reverse("admin:mentoring_mentoringsession_changelist"))
    assert session_admin.status_code == 200


def test_double_clicks_on_the_fit_answer_and_the_debrief_are_kind(pairing):
    held_session(pairing)
    report = Report.objects.create(
        round=RoundFactory(cohort=pairing.participant.cohort), participant=pairing.participant
    )
    mentor = client_for(pairing.mentor.user)
    home = reverse("mentoring:mentee", args=[pairing.pk])
    for _ in range(2):
        answered = mentor.post(mentor_url("fit", pairing), {"works": "yes"})
        assert answered.status_code == 302
        assert answered.headers["Location"] == home
        recorded = mentor.post(
            mentor_url("debrief", pairing, report_id=report.pk),
            {"held_on": uk_today().isoformat()},
        )
        assert recorded.status_code == 302
        assert recorded.headers["Location"] == home
    assert FitAnswer.objects.count() == 1
    assert "already" in mentor.get(home).content.decode()
