"""The report's pages: the participant's own page and PDF once released, the coordinator's
reading before a debrief, and nobody else's (404, or the login page for a visitor not signed
in). Every figure comes from the frozen report: the page and the PDF are the same, byte for
byte in their text, whatever a group left out of the report said."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import RaterComment, RaterResponse, Relationship, Report, Round
from evaluations.services.frameworks import version_for
from evaluations.services.reports import freeze_if_complete
from tests.csssl.test_pdf import accessibility_problems
from tests.evaluations.factories import framework_with_qualities
from tests.evaluations.reporting import (
    answer,
    answers_in,
    frozen,
    open_round,
    participant_of,
    self_submit,
)
from tests.evaluations.test_anonymity import expected
from tests.factories import CohortFactory, UserFactory, coordinator, mentor

pytestmark = pytest.mark.django_db

#: A fixed moment inside every round the tests make, so dates on the page never differ.
MOMENT = datetime(2026, 9, 15, 10, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_time():
    with time_machine.travel(MOMENT, tick=False):
        yield


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(report: Report) -> str:
    return reverse("evaluations:report", args=[report.round_id])


def pdf_url(report: Report) -> str:
    return reverse("evaluations:report_pdf", args=[report.round_id])


def coordinator_url(report: Report) -> str:
    return reverse("evaluations:coordinator_report", args=[report.pk])


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def without_csrf(html: str) -> str:
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', html)


# --- Who may read a report -------------------------------------------------------------------


def test_anonymous_visitor_is_asked_to_sign_in():
    report = frozen()
    client = Client()

    for url in (page_url(report), pdf_url(report), coordinator_url(report)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_own_released_report_page_and_pdf():
    report = frozen(sizes=(1, 3, 2, 1))
    client = signed_in(report.participant.user)

    page = client.get(page_url(report))
    pdf = client.get(pdf_url(report))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Your feedback report" in html
    assert "Other raters" in html
    assert "Combined with other small groups" in html
    assert 'role="img"' in html
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    title = page.context["page"].title
    assert title.startswith(f"Feedback report: {report.participant.user.display_name}, ")
    assert accessibility_problems(pdf.content, title=title) == []
    text = pdf_text(pdf.content)
    assert "Who answered" in text
    assert "Peers (triangle)" in text


def test_report_page_shows_comments_as_the_rules_allow():
    round = open_round()
    participant = participant_of(round)
    self_submit(round, participant)
    strengths = RaterComment.Question.STRENGTHS
    answer(round, participant, Relationship.LINE_MANAGER, comments=[(strengths, "Manager's.")])
    for n in range(3):
        answer(round, participant, Relationship.PEER, comments=[(strengths, f"Peer {n}.")])
    for n in range(2):
        answer(round, participant, Relationship.OTHER, comments=[(strengths, f"Other {n}.")])
    report = freeze_if_complete(round=round, participant=participant)

    html = signed_in(participant.user).get(page_url(report)).content.decode()

    manager, others = html.index("From your line manager"), html.index("From your other raters")
    assert manager < html.index("Manager&#x27;s.") < others
    assert others < html.index("Peer 0.") < html.index("Peer 1.") < html.index("Peer 2.")
    assert "Other 0." not in html
    assert "Other 1." not in html
    assert "Comments from groups too small to keep anonymous are not shown." in html
    assert "Left out of every figure, to protect their anonymity" in html


def test_unreleased_report_is_not_found_by_its_participant():
    report = frozen(release=Round.Release.AFTER_DEBRIEF)
    client = signed_in(report.participant.user)

    assert client.get(page_url(report)).status_code == 404
    assert client.get(pdf_url(report)).status_code == 404


def test_round_without_a_frozen_report_is_not_found():
    round = open_round()
    participant = participant_of(round)
    self_submit(round, participant)
    client = signed_in(participant.user)

    assert client.get(reverse("evaluations:report", args=[round.pk])).status_code == 404
    assert client.get(reverse("evaluations:report", args=[round.pk + 999])).status_code == 404


def test_another_participants_report_is_not_found():
    report = frozen()
    classmate = participant_of(report.round)  # the same round, with no report of their own
    stranger = participant_of(open_round())

    for person in (classmate.user, stranger.user, UserFactory(), mentor()):
        client = signed_in(person)
        for url in (page_url(report), pdf_url(report), coordinator_url(report)):
            assert client.get(url).status_code == 404, (person, url)


def test_the_same_address_shows_each_participant_their_own_report():
    report = frozen(seed="one")
    classmate = frozen(round=report.round, seed="two")

    page = signed_in(classmate.participant.user).get(page_url(report))

    assert page.context["page"].report == classmate
    assert page.context["page"].person == classmate.participant.user.display_name


def test_coordinator_reads_a_frozen_report_before_its_debrief():
    report = frozen(release=Round.Release.AFTER_DEBRIEF)
    client = signed_in(coordinator())

    response = client.get(coordinator_url(report))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Feedback report: {report.participant.user.display_name}" in html
    assert "Not released yet" in html
    assert (
        client.get(reverse("evaluations:coordinator_report", args=[report.pk + 99])).status_code
        == 404
    )
    # A coordinator has no report of their own at the participant's address.
    assert client.get(page_url(report)).status_code == 404


# --- Queries ----------------------------------------------------------------------------------


def big_report() -> Report:
    """Twelve qualities, sixteen raters, and the participant's pre-programme report beside
    their end-of-programme one."""
    cohort = CohortFactory()
    version = version_for(framework_with_qualities(cohort.programme, count=12))
    pre = frozen(sizes=(1, 6, 6, 4), round=open_round(cohort=cohort, version=version))
    post_round = open_round(cohort=cohort, version=version, kind=Round.Kind.POST)
    return frozen(sizes=(1, 6, 5, 3), round=post_round, participant=pre.participant)


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "address", [page_url, pdf_url, coordinator_url], ids=["page", "pdf", "coordinator"]
)
def test_query_count_does_not_grow_with_the_report(address):
    small = frozen(sizes=(0, 3, 0, 0))
    big = big_report()
    assert len(big.figures["themes"][0]["qualities"]) == 6
    if address is coordinator_url:
        small_client = big_client = signed_in(coordinator())
    else:
        small_client, big_client = (
            signed_in(small.participant.user),
            signed_in(big.participant.user),
        )
    queries(small_client, address(small))  # the session is read once
    queries(big_client, address(big))

    counted = queries(small_client, address(small)), queries(big_client, address(big))

    assert counted[0] == counted[1]
    assert counted[1] <= 6


# --- The page shows the frozen report and nothing else ---------------------------------------


def test_page_never_reads_the_answers_after_the_freeze():
    report = frozen(sizes=(1, 3, 0, 0))
    client = signed_in(report.participant.user)
    before = without_csrf(client.get(page_url(report)).content.decode())

    RaterResponse.objects.filter(participant=report.participant).update(scores={})
    RaterComment.objects.filter(response__participant=report.participant).update(text="Changed")

    assert without_csrf(client.get(page_url(report)).content.decode()) == before


#: (manager, peers, direct reports, others), threshold N, comment threshold M: each with at
#: least one group too small to show or to pool.
HIDDEN_SAMPLES = [
    ((1, 2, 0, 0), 3, 3),
    ((0, 3, 1, 1), 3, 3),
    ((1, 4, 2, 0), 3, 4),
    ((1, 3, 0, 0), 4, 4),
    ((1, 2, 1, 0), 4, 5),
    ((0, 5, 0, 1), 3, 3),
    ((1, 4, 2, 0), 4, 5),
]


def left_out(counts: dict[str, int], threshold: int) -> set[str]:
    """The groups the rules leave out, from how many each has (``expected`` in the pure
    property tests, which work the rules out without the module)."""
    return set(expected({str(g): n for g, n in counts.items()}, threshold)[2])


def hidden_scores(responses: list[RaterResponse], threshold: int) -> dict[str, set[str]]:
    """Per quality key, the groups left out of that quality's figures."""
    keys = {key for response in responses for key in response.scores}
    counts = {
        key: Counter(r.relationship for r in responses if r.scores.get(key) is not None)
        for key in keys
    }
    return {key: left_out(dict(found), threshold) for key, found in counts.items()}


def hidden_comments(responses: list[RaterResponse], threshold: int) -> set[str]:
    return left_out(dict(Counter(r.relationship for r in responses)), threshold)


def rendered(report: Report) -> tuple[str, str]:
    client = signed_in(report.participant.user)
    page = client.get(page_url(report))
    pdf = client.get(pdf_url(report))
    assert page.status_code == pdf.status_code == 200
    return without_csrf(page.content.decode()), pdf_text(pdf.content)


def refreeze_with_changes(report: Report, scores: dict[str, set[str]], comments: set[str]):
    """Throw the report away, change the scores of the groups in ``scores`` (per quality
    key) and the comments of those in ``comments``, and freeze it again from the answers as
    they now are."""
    round, participant = report.round, report.participant
    report.delete()
    for response in RaterResponse.objects.filter(round=round, participant=participant):
        response.scores = {
            key: score % 4 + 1
            if score is not None and response.relationship in scores.get(key, ())
            else score
            for key, score in response.scores.items()
        }
        response.save()
        if response.relationship in comments:
            for comment in response.comments.all():
                comment.text = f"Something else entirely ({comment.pk})."
                comment.save()
    again = freeze_if_complete(round=round, participant=participant)
    assert again is not None
    return again


@pytest.mark.parametrize(("sizes", "n", "m"), HIDDEN_SAMPLES, ids=str)
def test_page_and_pdf_say_nothing_of_a_group_left_out(sizes, n, m):
    round = open_round(score_threshold=n, comment_threshold=m)
    participant = participant_of(round, first_name="Alex", last_name="Morgan")
    self_submit(round, participant)
    responses = answers_in(round, participant, sizes, seed=(sizes, n, m))
    scores, comments = hidden_scores(responses, n), hidden_comments(responses, m)
    assert any(scores.values()), "each sample has a group to hide"
    report = freeze_if_complete(round=round, participant=participant)
    html, text = rendered(report)
    for comment in RaterComment.objects.filter(response__relationship__in=comments):
        assert comment.text not in html

    again = refreeze_with_changes(report, scores, comments)

    assert again.pk != report.pk
    assert rendered(again) == (html, text)


def test_page_check_sees_a_change_to_a_group_that_is_shown():
    """The comparison above is sensitive: changing a shown group's answers changes the page."""
    round = open_round()
    participant = participant_of(round)
    self_submit(round, participant)
    responses = answers_in(round, participant, (1, 3, 0, 0), seed="shown")
    report = freeze_if_complete(round=round, participant=participant)
    before = rendered(report)
    every_key = {key: {str(Relationship.PEER)} for key in responses[1].scores}

    again = refreeze_with_changes(report, every_key, {str(Relationship.PEER)})

    html, text = rendered(again)
    assert html != before[0]
    assert text != before[1]
