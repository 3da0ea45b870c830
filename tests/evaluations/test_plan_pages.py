"""The development plan's pages: only the participant's own, nothing typed lost on an error,
two tabs never silently overwriting each other, the history and the sharing choice shown, and
a fixed number of queries whatever the size of the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from csssl.uktime import uk_today
from evaluations.models import DevelopmentPlan, Priority
from evaluations.services import plans as services
from tests.factories import ParticipantFactory, UserFactory
from tests.pages import field_html

from .plan_data import participant_with_round, qualities, released_report

pytestmark = pytest.mark.django_db

PLAN = "/me/evaluations/plan/"


@pytest.fixture
def setting():
    return participant_with_round()


@pytest.fixture
def participant(setting):
    return setting[0]


@pytest.fixture
def round(setting):
    return setting[1]


@pytest.fixture
def signed_in(participant) -> Client:
    client = Client()
    client.force_login(participant.user)
    return client


def add(participant, title="Lead the practice review", **kwargs) -> Priority:
    return services.priority_add(participant=participant, title=title, **kwargs)


def pages(priority_id: int) -> dict[str, str]:
    """Every page of the plan, by whether it answers a GET or only a POST."""
    return {
        PLAN: "get",
        f"{PLAN}add/": "get",
        f"{PLAN}history/": "get",
        f"{PLAN}{priority_id}/": "get",
        f"{PLAN}share/": "post",
        f"{PLAN}suggestion/": "post",
        f"{PLAN}{priority_id}/move/": "post",
    }


# --- Who may see it -------------------------------------------------------------------------------


def test_plan_pages_send_anonymous_visitors_to_login(client, participant):
    priority = add(participant)
    for url, method in pages(priority.pk).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_plan_pages_are_not_found_without_a_place(participant):
    priority = add(participant)
    client = Client()
    client.force_login(UserFactory())
    for url, method in pages(priority.pk).items():
        assert getattr(client, method)(url).status_code == 404, url


def test_another_participants_priority_is_not_found(signed_in, participant):
    stranger = ParticipantFactory(cohort=participant.cohort)
    theirs = add(stranger, title="Their own priority")
    add(stranger, title="Their second")
    url = f"{PLAN}{theirs.pk}/"

    assert signed_in.get(url).status_code == 404
    assert signed_in.post(url, {"title": "Mine now", "revision": "x"}).status_code == 404
    assert signed_in.post(f"{url}move/", {"direction": "down"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.order) == ("Their own priority", 1)
    assert "Their own priority" not in signed_in.get(PLAN).content.decode()
    assert "Their own priority" not in signed_in.get(f"{PLAN}history/").content.decode()


# --- The plan page --------------------------------------------------------------------------------


def test_plan_page_visited_starts_no_plan_and_explains_sharing(signed_in):
    body = signed_in.get(PLAN).content.decode()
    assert "You have no priorities yet" in body
    assert "Your plan is not shared." in body
    assert "They cannot change anything" in body
    assert not DevelopmentPlan.objects.exists()


def test_plan_page_lists_priorities_in_order_with_their_details(signed_in, participant, round):
    quality = qualities(round)[0]
    add(participant, title="Second thing")
    first = add(participant, title="First thing", quality_id=quality.pk, support="My mentor")
    services.priority_move(participant=participant, priority=first, up=True)

    body = signed_in.get(PLAN).content.decode()

    assert body.index("First thing") < body.index("Second thing")
    assert quality.name in body
    assert "My mentor" in body


def test_plan_add_keeps_what_was_typed_beside_the_error(signed_in):
    response = signed_in.post(
        f"{PLAN}add/",
        {"title": "", "actions": "Shadow the DCS at scrutiny", "support": "Time from my manager"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert 'href="#id_title"' in body
    assert "Say what the priority is" in field_html(body, "title")
    assert "Shadow the DCS at scrutiny" in field_html(body, "actions")
    assert "Time from my manager" in field_html(body, "support")
    assert not Priority.objects.exists()


def test_plan_add_with_a_past_review_date_says_so_beside_it(signed_in):
    yesterday = uk_today() - timedelta(days=1)
    response = signed_in.post(
        f"{PLAN}add/", {"title": "Lead the review", "review_on": yesterday.isoformat()}
    )
    body = response.content.decode()
    assert "Choose a review date from today onwards." in field_html(body, "review_on")
    assert yesterday.isoformat() in field_html(body, "review_on")


def test_plan_add_saves_and_returns_to_the_plan(signed_in, participant, round):
    quality = qualities(round)[2]
    review_on = uk_today() + timedelta(days=40)
    response = signed_in.post(
        f"{PLAN}add/",
        {
            "title": "Chair the partnership",
            "quality": quality.pk,
            "actions": "Chair two meetings",
            "review_on": review_on.isoformat(),
        },
    )
    priority = Priority.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}#priority-{priority.pk}"
    assert (priority.quality, priority.review_on) == (quality, review_on)
    assert priority.history.get().history_user == participant.user


def test_plan_edit_from_a_stale_tab_is_refused_with_the_newer_text(signed_in, participant):
    priority = add(participant, actions="As it began")
    url = f"{PLAN}{priority.pk}/"
    first_tab = signed_in.get(url).context["form"]["revision"].value()
    second_tab = first_tab
    form = {"title": priority.title, "status": "active", "support": ""}

    saved = signed_in.post(url, {**form, "actions": "From the first tab", "revision": first_tab})
    assert saved.status_code == 302
    refused = signed_in.post(
        url, {**form, "actions": "From the second tab", "revision": second_tab}
    )

    assert refused.status_code == 200
    body = refused.content.decode()
    assert "changed in another window" in body
    assert "The priority as it is now saved" in body
    assert "From the first tab" in body  # the newer text, shown
    assert "From the second tab" in field_html(body, "actions")  # what was typed, kept
    priority.refresh_from_db()
    assert priority.actions == "From the first tab"
    # Saving again from the refused page is a choice made with the newer text in view.
    newer = refused.context["form"]["revision"].value()
    again = signed_in.post(url, {**form, "actions": "From the second tab", "revision": newer})
    assert again.status_code == 302
    priority.refresh_from_db()
    assert priority.actions == "From the second tab"


def test_plan_move_reorders(signed_in, participant):
    add(participant, title="Priority A")
    second = add(participant, title="Priority B")
    response = signed_in.post(f"{PLAN}{second.pk}/move/", {"direction": "up"})
    assert response.status_code == 302
    titles = list(Priority.objects.order_by("order").values_list("title", flat=True))
    assert titles == ["Priority B", "Priority A"]


def test_plan_suggestions_come_from_the_released_report_only(signed_in, participant, round):
    blind = qualities(round)[0]
    report = released_report(participant, round, released=False)
    assert "Suggested by your report" not in signed_in.get(PLAN).content.decode()
    report.released_at = report.frozen_at
    report.save()

    body = signed_in.get(PLAN).content.decode()
    assert "Suggested by your report" in body
    for kind in ("Blind spot", "Hidden strength", "Rated lowest"):
        assert kind in body

    response = signed_in.post(f"{PLAN}suggestion/", {"key": str(blind.pk)})
    priority = Priority.objects.get()
    assert response["Location"] == f"{PLAN}#priority-{priority.pk}"
    assert priority.quality == blind
    signed_in.post(f"{PLAN}suggestion/", {"key": str(blind.pk)})  # a second click
    assert Priority.objects.count() == 1


def test_plan_suggestion_no_longer_in_the_report_is_a_message_not_an_error(signed_in):
    response = signed_in.post(f"{PLAN}suggestion/", {"key": "12345"}, follow=True)
    assert response.status_code == 200
    assert "no longer in your report" in response.content.decode()


def test_plan_sharing_toggle(signed_in, participant):
    signed_in.post(f"{PLAN}share/", {"shared": "yes"})
    plan = DevelopmentPlan.objects.get(participant=participant)
    assert plan.shared_with_mentor
    assert "Your mentor can read your plan." in signed_in.get(PLAN).content.decode()
    signed_in.post(f"{PLAN}share/", {"shared": "yes"})  # a double click
    assert plan.history.count() == 2  # started and shared: the second click changed nothing
    signed_in.post(f"{PLAN}share/", {"shared": "no"})
    plan.refresh_from_db()
    assert not plan.shared_with_mentor


def test_plan_history_page_shows_what_changed_and_when(signed_in, participant):
    signed_in.post(f"{PLAN}add/", {"title": "Lead the review"})
    priority = Priority.objects.get()
    revision = services.revision_of(priority)
    signed_in.post(
        f"{PLAN}{priority.pk}/",
        {"title": "Lead the review", "status": "achieved", "revision": revision},
    )

    body = signed_in.get(f"{PLAN}history/").content.decode()

    assert "Added the priority “Lead the review”" in body
    assert "Changed “Lead the review”" in body
    assert "Was: Working on it" in body
    assert "Now: Achieved" in body
    assert "· You" in body


# --- Query counts ---------------------------------------------------------------------------------

# session, user, the layout's role check, the participation: then each page's own.
BEFORE = 4


def fill(participant, round, size: int) -> Priority:
    quality = qualities(round)[0]
    for n in range(size):
        priority = add(participant, title=f"Priority {n}", quality_id=quality.pk)
        services.priority_edit(
            participant=participant,
            priority=priority,
            revision=services.revision_of(priority),
            title=priority.title,
            quality_id=None,
            actions="Changed",
            support="",
            review_on=None,
            status=Priority.Status.ACTIVE,
        )
    return priority


@pytest.mark.parametrize("size", [1, 8])
def test_plan_pages_read_in_fixed_queries(
    signed_in, participant, round, django_assert_num_queries, size
):
    last = fill(participant, round, size)
    released_report(participant, round)
    # the plan, its priorities with their qualities, the released report
    with django_assert_num_queries(BEFORE + 3):
        assert signed_in.get(PLAN).status_code == 200
    # the plan's history, its priorities', the names of their qualities
    with django_assert_num_queries(BEFORE + 3):
        assert signed_in.get(f"{PLAN}history/").status_code == 200
    # the priority with its quality, the qualities to choose from
    with django_assert_num_queries(BEFORE + 2):
        assert signed_in.get(f"{PLAN}{last.pk}/").status_code == 200
