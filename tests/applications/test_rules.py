"""Who may see or do what with applications and places (``applications.rules``), and the one
vocabulary the app uses for an application's side of the local-authority / partner line."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from applications import rules
from applications.models import (
    Endorsement,
    ExpressionOfInterest,
    Offer,
    PartnerGroup,
    partner_group,
)
from cohorts.models import Cohort, Organisation
from tests.factories import CohortFactory, ProgrammeFactory, UserFactory, coordinator, dcs_member

from .factories import EndorsementFactory, ExpressionOfInterestFactory

pytestmark = pytest.mark.django_db

Status = ExpressionOfInterest.Status


@pytest.fixture
def people():
    return {
        "coordinator": coordinator(),
        "dcs": dcs_member(),
        "applicant": UserFactory(),
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize(
    ("rule", "allowed"),
    [
        (rules.can_allocate, {"coordinator", "dcs"}),
        (rules.can_score, {"dcs"}),
        (rules.can_record_payment, {"coordinator"}),
        (rules.sees_coordinator_fields, {"coordinator"}),
    ],
)
def test_staff_rules_allow_only_their_roles(people, rule, allowed):
    assert {name for name, user in people.items() if rule(user)} == allowed


def test_can_see_application_only_its_applicant(people):
    application = ExpressionOfInterestFactory(applicant=people["applicant"])
    offer = Offer(application=application, cohort=application.cohort)
    assert {n for n, u in people.items() if rules.can_see_application(u, application)} == {
        "applicant"
    }
    assert {n for n, u in people.items() if rules.can_answer_offer(u, offer)} == {"applicant"}


@pytest.mark.parametrize(
    ("status", "endorsement", "offered", "allowed"),
    [
        (Status.DRAFT, None, False, False),
        (Status.SUBMITTED, None, False, True),
        (Status.SUBMITTED, Endorsement.State.PENDING, False, True),
        (Status.SUBMITTED, Endorsement.State.DECLINED, False, True),
        (Status.SUBMITTED, Endorsement.State.CONFIRMED, False, False),
        (Status.SUBMITTED, Endorsement.State.PENDING, True, False),
        (Status.WITHDRAWN, Endorsement.State.PENDING, False, False),
    ],
)
def test_can_change_endorser_until_endorsed_or_offered(status, endorsement, offered, allowed):
    application = ExpressionOfInterest(status=status)
    request = Endorsement(state=endorsement) if endorsement else None
    offer = Offer(state=Offer.State.SENT) if offered else None
    assert rules.can_change_endorser(application, endorsement=request, offer=offer) is allowed


@pytest.mark.parametrize(
    ("status", "offer_state", "allowed"),
    [
        (Status.DRAFT, None, True),
        (Status.SUBMITTED, None, True),
        (Status.SUBMITTED, Offer.State.SENT, True),
        (Status.SUBMITTED, Offer.State.ACCEPTED, False),
        (Status.SUBMITTED, Offer.State.DECLINED, False),
        (Status.SUBMITTED, Offer.State.LAPSED, False),
        (Status.WITHDRAWN, None, False),
    ],
)
def test_can_withdraw_until_the_offer_is_answered(status, offer_state, allowed):
    application = ExpressionOfInterest(status=status)
    offer = Offer(state=offer_state) if offer_state else None
    assert rules.can_withdraw(application, offer=offer) is allowed


@pytest.mark.parametrize(
    ("status", "selecting", "deciding"),
    [
        (Cohort.Status.DRAFT, False, False),
        (Cohort.Status.OPEN, True, True),
        (Cohort.Status.ALLOCATING, True, True),
        (Cohort.Status.RUNNING, False, True),
        (Cohort.Status.COMPLETED, False, False),
    ],
)
def test_cohort_status_opens_endorsing_scoring_and_deciding(status, selecting, deciding):
    cohort = Cohort(status=status)
    assert rules.endorsements_open(cohort) is selecting
    assert rules.scoring_open(cohort) is selecting
    assert rules.deciding_open(cohort) is deciding


@pytest.mark.parametrize(
    ("organisation_type", "group", "external_partner"),
    [
        (Organisation.Type.LOCAL_AUTHORITY, PartnerGroup.LOCAL_AUTHORITY, False),
        (Organisation.Type.HEALTH, PartnerGroup.EXTERNAL, True),
        # Not given: counted with the partners in the balance, but asked for no fee.
        ("", PartnerGroup.EXTERNAL, False),
    ],
)
def test_partner_group_and_external_partner_differ_only_on_a_blank_type(
    organisation_type, group, external_partner
):
    application = ExpressionOfInterest(organisation_type=organisation_type)
    assert partner_group(organisation_type) == application.partner_group == group
    assert application.is_external_partner is external_partner


def test_in_partner_group_filters_as_partner_group_counts():
    cohort = CohortFactory()
    by_type = {
        kind: ExpressionOfInterestFactory(cohort=cohort, organisation_type=kind)
        for kind in (Organisation.Type.LOCAL_AUTHORITY, Organisation.Type.HEALTH, "")
    }
    for group in PartnerGroup:
        found = set(ExpressionOfInterest.objects.in_partner_group(group))
        assert found == {a for kind, a in by_type.items() if partner_group(kind) == group}


def test_submitted_and_endorsed_needs_both():
    cohort = CohortFactory(programme=ProgrammeFactory(external_partner_fee=Decimal("0")))
    endorsed = EndorsementFactory(application__cohort=cohort, confirmed=True).application
    EndorsementFactory(application__cohort=cohort)  # awaiting the endorser
    EndorsementFactory(application__cohort=cohort, declined=True)
    ExpressionOfInterestFactory(cohort=cohort)  # a draft
    withdrawn = EndorsementFactory(application__cohort=cohort, confirmed=True).application
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()
    assert list(ExpressionOfInterest.objects.submitted_and_endorsed()) == [endorsed]


def test_live_endorsements_are_those_in_force():
    application = ExpressionOfInterestFactory(submitted=True)
    for state in Endorsement.State:
        if state not in Endorsement.LIVE:
            EndorsementFactory(application=application, state=state)
    live = EndorsementFactory(application=application, declined=True)
    assert list(application.endorsements.live()) == [live]
