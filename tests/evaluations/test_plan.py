"""The development plan's services and selectors: priorities added, edited and reordered under
their rules, edits from a stale page refused, suggestions read from the released report, the
history, and the sharing choice that alone lets a mentor read the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest

from csssl.uktime import uk_today
from evaluations.errors import EvaluationError, StaleEditError
from evaluations.models import DevelopmentPlan, Priority
from evaluations.selectors import plans as selectors
from evaluations.services import plans as services
from tests.evaluations.factories import RoundFactory
from tests.factories import ParticipantFactory

from .plan_data import participant_with_round, qualities, released_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    return participant_with_round()


@pytest.fixture
def participant(setting):
    return setting[0]


@pytest.fixture
def round(setting):
    return setting[1]


def add(participant, title="Lead the practice review", **kwargs) -> Priority:
    return services.priority_add(participant=participant, title=title, **kwargs)


def edit(priority: Priority, *, revision=None, **changes) -> Priority:
    values = {
        "title": priority.title,
        "quality_id": priority.quality_id,
        "actions": priority.actions,
        "support": priority.support,
        "review_on": priority.review_on,
        "status": priority.status,
        **changes,
    }
    return services.priority_edit(
        participant=priority.plan.participant,
        priority=priority,
        revision=services.revision_of(priority) if revision is None else revision,
        **values,
    )


# --- Adding ---------------------------------------------------------------------------------------


def test_priority_add_makes_the_plan_on_first_use(participant, round):
    assert not DevelopmentPlan.objects.exists()
    quality = qualities(round)[0]

    priority = add(participant, quality_id=quality.pk, actions="  Shadow the DCS  ")

    assert priority.plan.participant == participant
    assert priority.quality == quality
    assert priority.actions == "Shadow the DCS"
    assert priority.status == Priority.Status.ACTIVE
    second = add(participant, title="Build the partnership board")
    assert second.plan == priority.plan
    assert [p.order for p in (priority, second)] == [1, 2]


def test_priority_add_refuses_what_breaks_a_rule_beside_each_field(participant):
    other_round = RoundFactory()  # another cohort's framework version
    with pytest.raises(EvaluationError) as raised:
        add(
            participant,
            title="   ",
            actions="x" * 2001,
            quality_id=qualities(other_round)[0].pk,
            review_on=uk_today() - timedelta(days=1),
        )
    assert set(raised.value.errors) == {"title", "actions", "quality", "review_on"}
    assert not Priority.objects.exists()


def test_priority_add_twice_the_same_is_one_priority(participant):
    first = add(participant, actions="Read the inspection framework")
    again = add(participant, actions="Read the inspection framework")
    assert again == first
    with pytest.raises(EvaluationError) as raised:
        add(participant, title="lead the practice review", actions="Something else")
    assert "title" in raised.value.errors
    assert Priority.objects.count() == 1


def test_priority_add_a_title_taken_by_a_dropped_priority_is_free(participant):
    dropped = add(participant)
    edit(dropped, status=Priority.Status.DROPPED)
    assert add(participant, actions="A second go") != dropped


# --- Editing --------------------------------------------------------------------------------------


def test_priority_edit_saves_with_the_revision_the_page_showed(participant):
    priority = add(participant)
    review_on = uk_today() + timedelta(days=30)

    edited = edit(priority, actions="Chair two panels", review_on=review_on)

    edited.refresh_from_db()
    assert (edited.actions, edited.review_on) == ("Chair two panels", review_on)


def test_priority_edit_from_a_stale_page_is_refused_with_the_newer_text(participant):
    priority = add(participant)
    seen = services.revision_of(priority)  # both tabs open the page
    edit(priority, revision=seen, actions="Typed in the first tab")

    with pytest.raises(StaleEditError) as raised:
        edit(priority, revision=seen, actions="Typed in the second tab")

    assert raised.value.current.actions == "Typed in the first tab"
    priority.refresh_from_db()
    assert priority.actions == "Typed in the first tab"
    # With the newer revision, saving again is a choice, and it is kept.
    edit(priority, revision=services.revision_of(raised.value.current), actions="Second tab")
    priority.refresh_from_db()
    assert priority.actions == "Second tab"


def test_priority_edit_in_the_same_instant_is_still_seen_as_stale(participant, time_machine):
    time_machine.move_to("2025-09-01 10:00 +01:00", tick=False)
    priority = add(participant)
    seen = services.revision_of(priority)
    edit(priority, revision=seen, support="From my mentor")
    with pytest.raises(StaleEditError):
        edit(priority, revision=seen, support="From my line manager")


def test_priority_edit_with_nothing_changed_writes_no_history(participant):
    priority = add(participant)
    edit(priority)
    assert priority.history.count() == 1


def test_priority_edit_keeps_a_passed_review_date_but_refuses_a_new_one(participant, time_machine):
    time_machine.move_to("2025-09-01 10:00 +01:00", tick=False)
    priority = add(participant, review_on=uk_today() + timedelta(days=2))
    time_machine.move_to("2025-09-10 10:00 +01:00", tick=False)

    edit(priority, actions="Still on it")  # its review date has passed: it may stay

    priority.refresh_from_db()
    with pytest.raises(EvaluationError) as raised:
        edit(priority, review_on=uk_today() - timedelta(days=1))
    assert set(raised.value.errors) == {"review_on"}


def test_priority_edit_of_another_participants_priority_is_refused(participant):
    priority = add(participant)
    stranger = ParticipantFactory(cohort=participant.cohort)
    with pytest.raises(EvaluationError):
        services.priority_edit(
            participant=stranger,
            priority=priority,
            revision=services.revision_of(priority),
            title="Taken over",
            quality_id=None,
            actions="",
            support="",
            review_on=None,
            status=Priority.Status.ACTIVE,
        )
    priority.refresh_from_db()
    assert priority.title == "Lead the practice review"


# --- Reordering -----------------------------------------------------------------------------------


def test_priority_move_up_and_down_and_stays_at_the_ends(participant):
    first, second, third = (add(participant, title=f"Priority {n}") for n in range(1, 4))
    seen = services.revision_of(third)

    services.priority_move(participant=participant, priority=third, up=True)
    services.priority_move(participant=participant, priority=first, up=True)  # already first

    order = [p.title for p in Priority.objects.order_by("order")]
    assert order == ["Priority 1", "Priority 3", "Priority 2"]
    services.priority_move(participant=participant, priority=second, up=False)  # already last
    assert [p.title for p in Priority.objects.order_by("order")] == order
    third.refresh_from_db()
    assert services.revision_of(third) == seen  # a move never makes an open edit stale


# --- Suggestions from the report ------------------------------------------------------------------


def test_suggestions_from_frozen_figures_name_gaps_then_the_lowest(participant, round):
    blind, hidden, lowest = qualities(round)
    report = released_report(participant, round)

    suggestions = selectors.suggestions_from(report.figures)

    assert [(s.key, s.kind) for s in suggestions] == [
        (str(blind.pk), "blind_spot"),
        (str(hidden.pk), "hidden_strength"),
        (str(lowest.pk), "lowest"),
    ]
    assert (suggestions[0].self_score, suggestions[0].others) == (4.0, 2.0)
    assert selectors.suggestions_from({}) == []


def test_priority_add_suggestion_takes_the_quality_once(participant, round):
    blind = qualities(round)[0]
    released_report(participant, round)

    priority = services.priority_add_suggestion(participant=participant, key=str(blind.pk))
    again = services.priority_add_suggestion(participant=participant, key=str(blind.pk))

    assert again == priority
    assert (priority.title, priority.quality) == (blind.name, blind)
    page = selectors.plan_page(participant)
    assert str(blind.pk) not in {s.key for s in page.suggestions}


def test_priority_add_suggestion_needs_a_released_report_that_suggests_it(participant, round):
    blind = qualities(round)[0]
    report = released_report(participant, round, released=False)
    with pytest.raises(EvaluationError):
        services.priority_add_suggestion(participant=participant, key=str(blind.pk))
    report.released_at = report.frozen_at
    report.save()
    with pytest.raises(EvaluationError):
        services.priority_add_suggestion(participant=participant, key="999999")
    assert not Priority.objects.exists()


# --- Sharing and the mentor's reading -------------------------------------------------------------


def test_plan_shared_with_mentor_is_none_unless_shared(participant):
    assert selectors.plan_shared_with_mentor(participant) is None
    assert selectors.plan_for_participant(participant) is None
    add(participant)
    assert selectors.plan_shared_with_mentor(participant) is None
    assert selectors.plan_for_participant(participant).priorities.count() == 1

    services.plan_share(participant=participant, shared=True)
    shared = selectors.plan_shared_with_mentor(participant)
    assert [p.title for p in shared.priorities.all()] == ["Lead the practice review"]

    services.plan_share(participant=participant, shared=False)
    assert selectors.plan_shared_with_mentor(participant) is None


def test_plan_share_before_any_priority_starts_the_plan(participant):
    plan = services.plan_share(participant=participant, shared=True)
    assert plan.shared_with_mentor
    assert selectors.plan_shared_with_mentor(participant) == plan


@pytest.mark.parametrize("size", [1, 6])
def test_plan_selectors_read_in_fixed_queries(participant, django_assert_num_queries, size):
    for n in range(size):
        add(participant, title=f"Priority {n}", quality_id=None)
    services.plan_share(participant=participant, shared=True)
    with django_assert_num_queries(2):
        plan = selectors.plan_shared_with_mentor(participant)
        assert [p.quality for p in plan.priorities.all()] == [None] * size
    with django_assert_num_queries(2):
        selectors.plan_for_participant(participant)
    services.plan_share(participant=participant, shared=False)
    with django_assert_num_queries(1):
        assert selectors.plan_shared_with_mentor(participant) is None


# --- History --------------------------------------------------------------------------------------


def test_plan_history_says_what_changed_and_when_and_by_whom(participant, round):
    quality = qualities(round)[1]
    user = participant.user
    priority = add(participant, by=user)
    edit(priority, quality_id=quality.pk, status=Priority.Status.ACHIEVED)
    services.plan_share(participant=participant, shared=True, by=user)

    changes = selectors.plan_history(participant)

    whats = [change.what for change in changes]
    assert whats == [
        "Shared the plan with your mentor",
        "Changed “Lead the practice review”",
        "Added the priority “Lead the practice review”",
        "Started the plan",
    ]
    changed = changes[1]
    assert changed.details == [
        ("Quality", "(none)", quality.name),
        ("Status", "Working on it", "Achieved"),
    ]
    assert [c.by for c in changes] == ["You", "", "You", "You"]
    assert changes[0].when >= changes[-1].when


def test_plan_history_is_the_participants_own(participant):
    add(participant)
    stranger = ParticipantFactory(cohort=participant.cohort)
    services.priority_add(participant=stranger, title="Someone else's priority")
    assert all("Someone else" not in c.what for c in selectors.plan_history(participant))
