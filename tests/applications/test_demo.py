"""``manage.py load_demo`` for applications: a field of expressions of interest at every stage
and an allocation board ready to score, loaded idempotently and without sending any email."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from applications import services
from applications import services as allocation
from applications.demo.data import CSSSL_APPLICATIONS, SCORES
from applications.models import (
    AllocationSettings,
    Allocator,
    BalanceTarget,
    ConflictOfInterest,
    Criterion,
    Decision,
    Endorsement,
    ExpressionOfInterest,
    Offer,
    Score,
)
from cohorts.models import Cohort, LocalAuthority, Organisation
from csssl import roles
from csssl.demo import DEMO_PASSWORD
from csssl.models import OutboxMessage, User
from tests.database import rows_for_the_module

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 5, 14, 10, 30, tzinfo=LONDON)
Status = ExpressionOfInterest.Status
State = Endorsement.State

pytestmark = pytest.mark.django_db

# What a visitor signed in as the demo applicant might type to finish their ALICSE draft.
COMPLETE_DRAFT = {
    "why_now": "Changed my mind about what to say here.",
    "development": "Leading partners who do not report to me.",
    "endorser_name": "Ian Marsh",
    "endorser_job_title": "Director of Children and Family Services",
    "endorser_email": "ian.marsh@example.org",
    "can_attend_all_dates": True,
    "agrees_full_engagement": True,
    "data_protection_consent": True,
}


def load_demo() -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker) -> str:
    """The demo, loaded once for this module's tests (each rolls back what it changes)."""
    with rows_for_the_module(django_db_blocker):
        yield load_demo()


@pytest.fixture
def demo(_demo_loaded, db) -> str:
    return _demo_loaded


def current(slug: str) -> Cohort:
    return Cohort.objects.get(programme__slug=slug, status=Cohort.Status.OPEN)


def row_counts() -> dict[str, int]:
    return {
        "applications": ExpressionOfInterest.objects.count(),
        "application history": ExpressionOfInterest.history.count(),
        "endorsements": Endorsement.objects.count(),
        "endorsement history": Endorsement.history.count(),
        "scores": Score.objects.count(),
        "score history": Score.history.count(),
        "criteria": Criterion.objects.count(),
        "balance targets": BalanceTarget.objects.count(),
        "allocation settings": AllocationSettings.objects.count(),
        "allocators": Allocator.objects.count(),
        "conflicts": ConflictOfInterest.objects.count(),
        "users": User.objects.count(),
    }


def test_load_demo_twice_leaves_the_same_application_rows(demo):
    first = row_counts()
    endorsement_ids = set(Endorsement.objects.values_list("pk", flat=True))

    load_demo()

    assert first["applications"] == len(CSSSL_APPLICATIONS) + 1
    assert first["scores"] > 0
    assert first["criteria"] == 3
    assert row_counts() == first
    assert set(Endorsement.objects.values_list("pk", flat=True)) == endorsement_ids


def test_load_demo_sends_no_email(demo):
    load_demo()

    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_csssl_applications_are_at_every_stage(demo):
    applications = ExpressionOfInterest.objects.filter(cohort=current("csssl"))
    live = Endorsement.objects.filter(application__cohort=current("csssl"))

    assert applications.count() == 14
    assert applications.filter(status=Status.DRAFT).count() == 1
    assert not Endorsement.objects.filter(application__status=Status.DRAFT).exists()
    assert live.filter(state=State.CONFIRMED).count() == 10
    assert live.filter(state=State.PENDING).count() == 2
    assert live.filter(state=State.DECLINED).count() == 1
    assert all(e.basis and e.responded_at for e in live.filter(state=State.CONFIRMED))
    assert all(e.decline_reason and e.responded_at for e in live.filter(state=State.DECLINED))
    assert all(e.responded_at is None for e in live.filter(state=State.PENDING))


def test_submitted_applications_are_complete_and_sent_within_the_window(demo):
    cohort = current("csssl")
    start_of_today = NOW.replace(hour=0, minute=0)
    submitted = list(
        ExpressionOfInterest.objects.filter(cohort=cohort, status=Status.SUBMITTED)
        .select_related("applicant", "cohort__programme")
        .prefetch_related("endorsements")
    )

    assert len(submitted) == 13
    for application in submitted:
        assert services.submission_problems(application) == {}, application.full_name
        assert cohort.applications_open <= application.created_at <= application.submitted_at
        assert application.submitted_at < start_of_today
        endorsement = application.endorsements.get()
        assert endorsement.endorser_email == application.endorser_email
        assert endorsement.requested_at == application.submitted_at
        if endorsement.responded_at:
            assert application.submitted_at < endorsement.responded_at < start_of_today


def test_sample_applicants_have_verified_accounts_with_the_demo_password(demo):
    for sample in CSSSL_APPLICATIONS:
        user = authenticate(None, email=sample.email, password=DEMO_PASSWORD)

        assert user is not None, sample.email
        assert (user.first_name, user.last_name) == (sample.first_name, sample.last_name)
        assert not user.is_staff
        assert EmailAddress.objects.filter(user=user, email=sample.email, verified=True).exists()
        application = user.applications.get()
        assert application.cohort == current("csssl")
        assert application.employer == sample.employer


def test_eligible_applications_mix_local_authorities_and_external_partners(demo):
    eligible = allocation.eligible_applications(current("csssl"))
    types = set(eligible.values_list("organisation_type", flat=True))
    external = eligible.exclude(organisation_type=Organisation.Type.LOCAL_AUTHORITY)

    assert eligible.count() == 10
    assert Organisation.Type.LOCAL_AUTHORITY in types
    assert external.count() >= 3
    assert all(a.invoice_contact_email and a.invoice_address for a in external)
    assert len(set(eligible.values_list("local_authority", flat=True))) >= 6


def test_demo_applicant_has_an_alicse_draft_and_nothing_on_csssl(demo):
    applicant = User.objects.get(email="applicant@example.org")
    draft = ExpressionOfInterest.objects.get(applicant=applicant, cohort=current("alicse"))

    assert draft.status == Status.DRAFT
    assert draft.submitted_at is None
    assert draft.why_now
    assert services.submission_problems(draft)  # partly filled: there is more to do
    assert not ExpressionOfInterest.objects.filter(
        applicant=applicant, cohort=current("csssl")
    ).exists()
    with time_machine.travel(NOW, tick=False):
        assert current("csssl").is_open_for_applications()


def test_allocation_is_set_up_with_no_decisions_or_offers(demo):
    cohort = current("csssl")
    settings = AllocationSettings.objects.get(cohort=cohort)
    targets = {
        (t.dimension, t.value): (t.minimum, t.maximum)
        for t in BalanceTarget.objects.filter(cohort=cohort)
    }
    nottinghamshire = LocalAuthority.objects.get(name="Nottinghamshire")

    assert settings.scoring_closes_on == cohort.places_awarded_by - timedelta(days=7)
    assert list(Criterion.objects.filter(cohort=cohort).values_list("name", flat=True)) == [
        "Readiness for strategic leadership",
        "What they will bring to the cohort",
        "Fit with the programme now",
    ]
    assert targets[("partner", "external")] == (3, None)
    assert targets[("local_authority", nottinghamshire.code)] == (None, 5)
    assert not Decision.objects.exists()
    assert not Offer.objects.exists()


def test_scores_come_from_dcs_members_on_most_but_not_all_endorsed_applications(demo):
    cohort = current("csssl")
    eligible = allocation.eligible_applications(cohort)
    scorers = User.objects.filter(scores__application__cohort=cohort).distinct()
    scored = eligible.filter(scores__isnull=False).distinct().count()

    assert scorers.count() == len(SCORES) == 3
    assert all(roles.is_dcs_member(user) and user.is_staff for user in scorers)
    assert eligible.count() / 2 < scored < eligible.count()
    assert set(Score.objects.values_list("application__cohort", flat=True)) == {cohort.pk}
    assert not Score.objects.exclude(application__in=eligible).exists()
    for score in Score.objects.select_related("application", "scorer"):
        assert allocation.conflict_reason(score.scorer, score.application) is None


def test_demo_dcs_member_has_a_conflict_with_an_application_from_their_authority(demo):
    member = User.objects.get(email="dcs@example.org")
    authority = Allocator.objects.get(user=member).local_authority
    own = allocation.eligible_applications(current("csssl")).filter(local_authority=authority)

    assert authority.name == "Derby"
    assert own.exists()
    assert all(allocation.conflict_reason(member, application) for application in own)
    assert ConflictOfInterest.objects.filter(member=member, application__in=own).count() == (
        own.count()
    )
    assert not Score.objects.filter(scorer=member, application__in=own).exists()
    assert Score.objects.filter(scorer=member).exists()


def test_demo_dcs_member_sees_the_board_with_scored_unscored_and_conflicted_rows(demo):
    client = Client()
    client.force_login(User.objects.get(email="dcs@example.org"))
    cohort = current("csssl")

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("admin:applications_board", args=[cohort.pk]))
    body = response.content.decode()

    assert response.status_code == 200
    assert "Sarah Whitmore" in body
    assert "Joanne Pritchard" in body
    assert "Not scored yet" in body
    assert "Conflict of interest" in body
    assert "Ben Atkinson" not in body  # awaiting endorsement, so not on the board


def test_reload_puts_back_what_visitors_changed(demo):
    cohort = current("csssl")
    first = row_counts()
    applicant = User.objects.get(email="applicant@example.org")
    draft = ExpressionOfInterest.objects.get(applicant=applicant, cohort=current("alicse"))
    member = User.objects.get(email="dcs@example.org")
    criterion = Criterion.objects.filter(cohort=cohort).first()
    unscored = allocation.eligible_applications(cohort).filter(scores__isnull=True).first()
    pending = Endorsement.objects.filter(application__cohort=cohort, state=State.PENDING).first()
    declined = Endorsement.objects.get(application__cohort=cohort, state=State.DECLINED)
    with time_machine.travel(NOW, tick=False):
        services.application_start(cohort=cohort, applicant=applicant)
        services.application_save_draft(application=draft, data=COMPLETE_DRAFT)
        services.application_submit(application=draft)
        services.endorser_change(
            application=declined.application,
            name="Maria Lopez",
            job_title="Chair of Trustees",
            email="maria.lopez@example.org",
        )
        allocation.score_record(application=unscored, scorer=member, criterion=criterion, value=2)
        allocation.decision_record(
            application=unscored, outcome=Decision.Outcome.OFFER, reason="Strong fit.", by=member
        )
        services.endorsement_confirm(endorsement=pending, basis="approval")

    load_demo()

    draft.refresh_from_db()
    pending.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.submitted_at is None
    assert draft.why_now.startswith("My team now works")
    assert not draft.endorsements.exists()
    assert list(declined.application.endorsements.all()) == [declined]
    declined.refresh_from_db()
    assert declined.state == State.DECLINED
    assert not ExpressionOfInterest.objects.filter(applicant=applicant, cohort=cohort).exists()
    assert not Score.objects.filter(application=unscored).exists()
    assert not Decision.objects.exists()
    assert not Offer.objects.exists()
    assert pending.state == State.PENDING
    assert pending.responded_at is None
    counts = row_counts()
    assert {k: v for k, v in counts.items() if "history" not in k} == {
        k: v for k, v in first.items() if "history" not in k
    }


def test_load_demo_on_a_later_day_moves_the_applications_with_the_cohort(demo):
    later = NOW + timedelta(days=100)
    first = row_counts()

    with time_machine.travel(later, tick=False):
        call_command("load_demo", force=True, stdout=StringIO())
        cohort = current("csssl")
        submitted = ExpressionOfInterest.objects.filter(cohort=cohort, status=Status.SUBMITTED)

        assert ExpressionOfInterest.objects.count() == first["applications"]
        assert Score.objects.count() == first["scores"]
        assert all(
            cohort.applications_open <= a.submitted_at < later.replace(hour=0, minute=0)
            for a in submitted
        )


def test_summary_names_the_stages_and_the_members(demo):
    assert "14" in demo
    assert "10 endorsed" in demo
    assert "2 awaiting endorsement" in demo
    assert "not yet scored" in demo
    assert "dcs@example.org" in demo
    assert "leads Derby" in demo
    assert "fiona.drummond@example.org" in demo
    assert "draft to finish" in demo
