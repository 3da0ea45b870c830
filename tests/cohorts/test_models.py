from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import Cohort, Milestone, Organisation, Participant
from tests.factories import (
    CohortFactory,
    MilestoneFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def violates(**changes) -> bool:
    cohort = CohortFactory()
    for field, value in changes.items():
        setattr(cohort, field, value)
    try:
        with transaction.atomic():
            cohort.save()
    except IntegrityError:
        return True
    return False


def test_cohort_capacity_zero_is_refused_by_database():
    assert violates(capacity=0)


def test_cohort_deadline_on_or_after_start_is_refused_by_database():
    cohort = CohortFactory.build()
    assert violates(
        application_deadline=datetime.combine(cohort.starts_on, datetime.min.time(), LONDON)
        + timedelta(days=1)
    )


def test_cohort_end_before_start_is_refused_by_database():
    cohort = CohortFactory()
    assert violates(ends_on=cohort.starts_on - timedelta(days=1))


def test_cohort_window_closing_before_it_opens_is_refused_by_database():
    now = timezone.now()
    assert violates(applications_open=now, application_deadline=now - timedelta(hours=1))


def test_cohort_valid_dates_are_accepted():
    assert not violates(capacity=1)


def test_cohort_clean_explains_each_broken_date():
    cohort = CohortFactory.build(programme=ProgrammeFactory())
    cohort.places_awarded_by = timezone.localdate(cohort.application_deadline) - timedelta(days=1)
    cohort.ends_on = cohort.starts_on - timedelta(days=1)
    cohort.evaluation_closes = cohort.evaluation_opens - timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        cohort.full_clean()
    assert set(raised.value.message_dict) == {"places_awarded_by", "ends_on", "evaluation_closes"}


def test_participant_once_per_cohort():
    participant = ParticipantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(user=participant.user, cohort=participant.cohort)
    ParticipantFactory(user=participant.user)  # another cohort is fine


def test_milestone_ending_before_it_starts_is_refused():
    milestone = MilestoneFactory()
    milestone.ends_on = milestone.starts_on - timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        milestone.save()


@pytest.mark.parametrize(
    ("precision", "ends", "expected"),
    [
        (Milestone.Precision.DAY, None, "7 October 2021"),
        (Milestone.Precision.EARLY_MONTH, None, "Early October 2021"),
        (Milestone.Precision.MONTH, None, "October 2021"),
        (Milestone.Precision.DAY, 8, "7 – 8 October 2021"),
    ],
)
def test_milestone_when_reads_as_published(precision, ends, expected):
    start = datetime(2021, 10, 7).date()
    milestone = Milestone(
        precision=precision, starts_on=start, ends_on=start.replace(day=ends) if ends else None
    )
    assert milestone.when == expected


def test_cohort_open_only_inside_window_and_when_status_open():
    cohort = CohortFactory()
    assert cohort.is_open_for_applications()
    assert cohort.application_window_state() == "open"
    assert not cohort.is_open_for_applications(now=cohort.closes_at)
    assert cohort.application_window_state(now=cohort.closes_at) == "closed"
    before = cohort.applications_open - timedelta(seconds=1)
    assert cohort.application_window_state(now=before) == "upcoming"
    cohort.status = Cohort.Status.ALLOCATING
    assert not cohort.is_open_for_applications()


def test_cohort_fee_falls_back_to_programme():
    cohort = CohortFactory(programme=ProgrammeFactory(external_partner_fee=750))
    assert cohort.fee == 750
    cohort.external_partner_fee = 0
    assert cohort.fee == 0


def test_cohort_changes_are_kept_in_history():
    cohort = CohortFactory(capacity=30)
    cohort.capacity = 32
    cohort.save()
    assert list(cohort.history.values_list("capacity", flat=True)) == [32, 30]


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (datetime(2031, 7, 2, 23, 59, 0, tzinfo=LONDON), True),
        (datetime(2031, 7, 2, 23, 59, 59, 999999, tzinfo=LONDON), True),
        (datetime(2031, 7, 3, 0, 0, 0, tzinfo=LONDON), False),
    ],
)
def test_cohort_deadline_shown_as_2359_accepts_that_minute(moment, open_):
    cohort = CohortFactory.build(
        applications_open=datetime(2031, 6, 1, tzinfo=LONDON),
        application_deadline=datetime(2031, 7, 2, 23, 59, tzinfo=LONDON),
    )
    assert cohort.is_open_for_applications(now=moment) is open_


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2027, 6, 30), (2027, 7, 1), "30 June – 1 July 2027"),
        ((2027, 12, 31), (2028, 1, 1), "31 December 2027 – 1 January 2028"),
    ],
)
def test_milestone_when_across_month_end(start, end, expected):
    from datetime import date

    milestone = Milestone(
        precision=Milestone.Precision.DAY, starts_on=date(*start), ends_on=date(*end)
    )
    assert milestone.when == expected


# --- Named groups of cohort statuses ----------------------------------------------------------


def test_cohort_status_groups_name_every_phase():
    Status = Cohort.Status
    assert set(Cohort.RECRUITING) == {Status.OPEN, Status.ALLOCATING}
    assert set(Cohort.ACTIVE) == {Status.OPEN, Status.ALLOCATING, Status.RUNNING}
    assert set(Cohort.ANNOUNCED) == set(Status) - {Status.DRAFT}


def test_cohort_queryset_filters_by_status_group():
    cohorts = {
        status: CohortFactory(status=status, name=f"{status} cohort") for status in Cohort.Status
    }

    def statuses(queryset) -> set[str]:
        return set(
            queryset.filter(pk__in=[c.pk for c in cohorts.values()]).values_list(
                "status", flat=True
            )
        )

    assert statuses(Cohort.objects.recruiting()) == set(Cohort.RECRUITING)
    assert statuses(Cohort.objects.active()) == set(Cohort.ACTIVE)
    assert statuses(Cohort.objects.announced()) == set(Cohort.ANNOUNCED)


def test_cohort_public_leaves_out_drafts_and_unpublished_programmes():
    shown = CohortFactory(status=Cohort.Status.RUNNING)
    CohortFactory(status=Cohort.Status.DRAFT, programme=shown.programme, name="Being planned")
    CohortFactory(programme=ProgrammeFactory(is_published=False))

    assert list(Cohort.objects.public()) == [shown]


# --- Local authority or external partner ------------------------------------------------------


@pytest.mark.parametrize(
    ("organisation_type", "partner"),
    [
        (Organisation.Type.LOCAL_AUTHORITY, Organisation.Partner.LOCAL_AUTHORITY),
        (Organisation.Type.HEALTH, Organisation.Partner.EXTERNAL),
        (Organisation.Type.OTHER, Organisation.Partner.EXTERNAL),
    ],
)
def test_organisation_partner_of_each_type(organisation_type, partner):
    assert Organisation.partner_of(organisation_type) == partner
    assert Organisation(type=organisation_type).is_external_partner is (
        partner == Organisation.Partner.EXTERNAL
    )


def test_organisation_partner_values_are_the_balance_target_ones():
    assert Organisation.Partner.choices == [
        ("la", "Local authority"),
        ("external", "External partner"),
    ]


@pytest.mark.parametrize(
    ("organisation_type", "external"),
    [("local_authority", False), ("police", True), ("", False)],
)
def test_organisation_is_external_type_unknown_is_not_external(organisation_type, external):
    assert Organisation.is_external_type(organisation_type) is external


def test_organisation_partner_filter_splits_the_two_sides():
    council = OrganisationFactory(type=Organisation.Type.LOCAL_AUTHORITY)
    trust = OrganisationFactory(type=Organisation.Type.HEALTH)
    mine = Organisation.objects.filter(pk__in=[council.pk, trust.pk])

    assert list(mine.filter(Organisation.partner_filter("la"))) == [council]
    assert list(mine.filter(Organisation.partner_filter("external"))) == [trust]
    ParticipantFactory(organisation=council)
    partner = ParticipantFactory(organisation=trust)
    people = Participant.objects.filter(
        Organisation.partner_filter("external", field="organisation__type")
    )
    assert list(people) == [partner]
