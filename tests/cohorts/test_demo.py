"""``manage.py load_demo``: idempotent, faithful to the published programme facts, and leaving a
current cohort of each programme that a newcomer can apply to today."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cohorts.demo.data import DEMO_LOGINS
from cohorts.models import (
    Cohort,
    Milestone,
    Organisation,
    Participant,
    Programme,
    Quality,
    QualityFramework,
)
from csssl import roles
from csssl.demo import DEMO_PASSWORD
from csssl.models import User
from tests.database import rows_for_the_module

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 5, 14, 10, 30, tzinfo=LONDON)
CURRENT = {"csssl": "Cohort 6: Autumn 2026 – Spring 2027", "alicse": "2026/27 cohort"}
HISTORIC = {"csssl": "Cohort 1: Autumn 2021 – Spring 2022", "alicse": "2012/13 cohort"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Six demo passwords are hashed per load; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(**options) -> str:
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker) -> str:
    """The demo, loaded once for this module's tests (each rolls back what it changes)."""
    with rows_for_the_module(django_db_blocker), time_machine.travel(NOW, tick=False):
        yield load_demo()


@pytest.fixture
def demo(_demo_loaded, db) -> str:
    return _demo_loaded


def row_counts() -> dict[str, int]:
    return {
        "programmes": Programme.objects.count(),
        "programme history": Programme.history.count(),
        "cohorts": Cohort.objects.count(),
        "cohort history": Cohort.history.count(),
        "milestones": Milestone.objects.count(),
        "organisations": Organisation.objects.count(),
        "participants": Participant.objects.count(),
        "participant history": Participant.history.count(),
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "group memberships": User.groups.through.objects.count(),
        "frameworks": QualityFramework.objects.count(),
        "qualities": Quality.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_twice_leaves_the_same_rows(demo):
    first = row_counts()
    milestone_ids = set(Milestone.objects.values_list("pk", flat=True))

    with time_machine.travel(NOW, tick=False):
        load_demo()

    assert first["cohorts"] == 5
    assert first["milestones"] == 40
    assert row_counts() == first
    assert set(Milestone.objects.values_list("pk", flat=True)) == milestone_ids


@pytest.mark.django_db
def test_load_demo_on_a_later_day_moves_the_current_cohorts_rather_than_adding_more(demo):
    # A hundred days on, the CSSSL cohort starts in another season, so its name changes.
    later = NOW + timedelta(days=100)

    with time_machine.travel(later, tick=False):
        load_demo()
        current = Cohort.objects.filter(status=Cohort.Status.OPEN)

        assert Cohort.objects.count() == 5
        assert current.count() == 2
        assert not current.filter(name=CURRENT["csssl"]).exists()
        assert current.filter(programme__slug="csssl", name__startswith="Cohort 6:").exists()
        assert all(cohort.is_open_for_applications() for cohort in current)
        assert (
            Milestone.objects.filter(starts_on__lte=later.date(), cohort__in=current).count() == 0
        )


@pytest.mark.django_db
def test_load_demo_without_debug_or_force_refuses_and_loads_nothing():
    before = row_counts()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())

    assert row_counts() == before


@pytest.mark.django_db
def test_programmes_have_the_published_facts(demo):
    csssl = Programme.objects.get(slug="csssl")
    alicse = Programme.objects.get(slug="alicse")

    assert csssl.name == "Children's Services Strategic Senior Leadership"
    assert csssl.short_name == "CSSSL"
    assert csssl.external_partner_fee == Decimal("750")
    assert csssl.accreditation == "ILM Level 7 certificate"
    assert csssl.contact_email == "csssl@sdsa.net"
    assert "RIIA" in csssl.delivered_by
    assert len(csssl.feature_list) >= 6
    assert "Project 2035" in csssl.structure
    assert "£750" in csssl.how_to_apply

    assert alicse.name == "ALICSE Leadership Programme"
    assert alicse.short_name == "ALICSE"
    assert alicse.external_partner_fee == Decimal("0")
    assert alicse.accreditation == "30 CATS credits at postgraduate level"
    assert "2010" in alicse.summary
    assert "Children's Trust" in alicse.how_to_apply


@pytest.mark.django_db
def test_csssl_cohort_1_has_the_published_timeline(demo):
    cohort = Cohort.objects.get(programme__slug="csssl", name=HISTORIC["csssl"])
    milestones = list(cohort.milestones.order_by("starts_on", "pk"))
    seminars = [m for m in milestones if m.kind == Milestone.Kind.SEMINAR]
    events = [m for m in milestones if m.kind == Milestone.Kind.EXTENDED_DAY]

    assert cohort.status == Cohort.Status.COMPLETED
    assert cohort.capacity == 30
    assert cohort.fee == Decimal("750")
    assert cohort.application_deadline == datetime(2021, 7, 2, 23, 59, tzinfo=LONDON)
    assert cohort.places_awarded_by == date(2021, 7, 31)
    assert [s.topic for s in seminars] == [
        "Understanding the political process",
        "Strategic commissioning",
        "Working with the school system",
        "Effective early intervention",
        "Supporting vulnerable children and families",
        "SEND and Inclusion",
    ]
    assert {s.duration for s in seminars} == {"2 hours"}
    assert [e.when for e in events] == [
        "Early October 2021",
        "December 2021",
        "February 2022",
        "Early April 2022",
    ]
    assert {e.duration for e in events} == {"9.00am – 7.30pm"}
    assert (cohort.starts_on, cohort.ends_on) == (events[0].starts_on, events[-1].starts_on)


@pytest.mark.django_db
def test_alicse_2012_cohort_has_five_event_days_with_one_residential(demo):
    cohort = Cohort.objects.get(programme__slug="alicse", name=HISTORIC["alicse"])
    milestones = list(cohort.milestones.all())
    residentials = [m for m in milestones if m.kind == Milestone.Kind.RESIDENTIAL]

    assert cohort.status == Cohort.Status.COMPLETED
    assert cohort.capacity == 90
    assert cohort.fee == Decimal("0")
    assert len(milestones) == 5
    assert len(residentials) == 1
    assert residentials[0].ends_on == residentials[0].starts_on + timedelta(days=1)
    assert date(2012, 9, 1) <= cohort.starts_on
    assert cohort.ends_on - cohort.starts_on <= timedelta(days=275)
    assert all(cohort.starts_on <= m.starts_on <= cohort.ends_on for m in milestones)


@pytest.mark.django_db
def test_current_cohorts_are_open_for_applications_today_with_events_ahead(demo):
    with time_machine.travel(NOW, tick=False):
        for slug, name in CURRENT.items():
            cohort = Cohort.objects.get(programme__slug=slug, name=name)
            deadline = timezone.localtime(cohort.application_deadline)
            milestones = list(cohort.milestones.all())

            assert cohort.is_open_for_applications()
            assert (deadline.hour, deadline.minute) == (23, 59)
            assert cohort.places_awarded_by > deadline.date()
            assert cohort.evaluation_opens > cohort.places_awarded_by
            assert cohort.evaluation_closes < cohort.starts_on
            assert milestones
            assert all(m.starts_on > NOW.date() for m in milestones)
            assert min(m.starts_on for m in milestones) == cohort.starts_on
            assert max(m.ends_on or m.starts_on for m in milestones) == cohort.ends_on
            cohort.full_clean()


@pytest.mark.django_db
def test_current_cohorts_have_the_programme_shape(demo):
    csssl = Cohort.objects.get(programme__slug="csssl", name=CURRENT["csssl"])
    alicse = Cohort.objects.get(programme__slug="alicse", name=CURRENT["alicse"])
    csssl_kinds = list(csssl.milestones.values_list("kind", flat=True))
    csssl_topics = list(
        csssl.milestones.filter(kind=Milestone.Kind.SEMINAR).values_list("topic", flat=True)
    )
    alicse_kinds = sorted(alicse.milestones.values_list("kind", flat=True))

    assert (csssl.capacity, alicse.capacity) == (30, 90)
    assert csssl_kinds.count(Milestone.Kind.EXTENDED_DAY) == 4
    assert csssl_topics[0] == "Understanding the political process"
    assert csssl_topics[-1] == "SEND and Inclusion"
    assert len(csssl_topics) == 6
    assert alicse_kinds == [Milestone.Kind.EVENT_DAY] * 4 + [Milestone.Kind.RESIDENTIAL]
    assert set(csssl.milestones.values_list("precision", flat=True)) == {Milestone.Precision.DAY}


@pytest.mark.django_db
def test_council_organisations_are_linked_to_their_authority(demo):
    councils = Organisation.objects.filter(type=Organisation.Type.LOCAL_AUTHORITY)
    partner_types = set(
        Organisation.objects.exclude(type=Organisation.Type.LOCAL_AUTHORITY).values_list(
            "type", flat=True
        )
    )

    assert councils.count() == 10
    assert Organisation.objects.get(name="Derby City Council").local_authority.name == "Derby"
    assert all(org.local_authority_id for org in councils)
    assert partner_types == {
        Organisation.Type.HEALTH,
        Organisation.Type.POLICE,
        Organisation.Type.SCHOOL,
        Organisation.Type.THIRD_SECTOR,
        Organisation.Type.HIGHER_EDUCATION,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "group", "is_staff", "is_superuser"),
    [
        ("coordinator@example.org", roles.COORDINATORS, True, False),
        ("dcs@example.org", roles.DCS_GROUP, True, False),
        ("mentor@example.org", roles.MENTORS, False, False),
        ("applicant@example.org", None, False, False),
        ("participant@example.org", None, False, False),
        ("admin@example.org", None, True, True),
    ],
)
def test_demo_account_signs_in_with_the_demo_password(demo, email, group, is_staff, is_superuser):
    user = authenticate(None, email=email, password=DEMO_PASSWORD)

    assert user is not None
    assert user.email == email
    assert list(user.groups.values_list("name", flat=True)) == ([group] if group else [])
    assert (user.is_staff, user.is_superuser) == (is_staff, is_superuser)
    assert user.first_name
    assert user.last_name
    assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists()


@pytest.mark.django_db
def test_demo_account_gets_the_demo_password_back_on_reload(demo):
    user = User.objects.get(email="coordinator@example.org")
    user.set_password("something-else-entirely")
    user.save()

    load_demo()

    assert authenticate(None, email="coordinator@example.org", password=DEMO_PASSWORD) == user


@pytest.mark.django_db
def test_demo_logins_are_listed_in_the_output(demo):
    assert [email for email, _ in DEMO_LOGINS] == [
        "coordinator@example.org",
        "dcs@example.org",
        "mentor@example.org",
        "applicant@example.org",
        "participant@example.org",
        "admin@example.org",
    ]
    assert DEMO_PASSWORD in demo
    for email, role in DEMO_LOGINS:
        assert email in demo
        assert role in demo


@pytest.mark.django_db
def test_participant_account_is_on_the_completed_csssl_cohort_only(demo):
    places = list(Participant.objects.filter(user__email="participant@example.org"))

    assert len(places) == 1
    assert places[0].cohort.name == HISTORIC["csssl"]
    assert places[0].status == Participant.Status.COMPLETED
    assert places[0].local_authority == places[0].organisation.local_authority
    assert not Participant.objects.filter(user__email="applicant@example.org").exists()


@pytest.mark.django_db
def test_sample_frameworks_are_flagged_as_samples(demo):
    frameworks = {f.programme.slug: f for f in QualityFramework.objects.select_related("programme")}

    assert set(frameworks) == {"csssl", "alicse"}
    for framework in frameworks.values():
        qualities = list(framework.qualities.all())
        assert framework.is_sample
        assert framework.is_current
        assert "(sample)" in framework.name
        assert "replace" in framework.introduction
        assert 8 <= len(qualities) <= 10
        assert all(len(q.indicator_list) == 3 and q.description for q in qualities)
    assert {q.theme for q in frameworks["csssl"].qualities.all()} == {
        "Personal behaviours and characteristics",
        "The strategic leadership role",
        "Leading in the system and environment",
    }
    assert {q.theme for q in frameworks["alicse"].qualities.all()} == {
        "Leadership skills",
        "Leadership attributes",
        "Leadership knowledge",
    }


@pytest.mark.django_db
def test_sample_framework_stays_aside_when_coordinators_have_made_their_own_current(demo):
    programme = Programme.objects.get(slug="csssl")
    QualityFramework.objects.filter(programme=programme).update(is_current=False)
    agreed = QualityFramework.objects.create(
        programme=programme, name="CSSSL leadership qualities", is_current=True
    )

    load_demo()

    assert QualityFramework.objects.get(programme=programme, is_current=True) == agreed
    assert QualityFramework.objects.get(programme=programme, is_sample=True).is_current is False


@pytest.mark.django_db
def test_one_csssl_cohort_is_in_the_middle_of_its_year(demo):
    """Two extended days behind it and two ahead, so registers, apologies and engagement can be
    tried with people in; numbered one before the cohort open for applications."""
    running = Cohort.objects.get(status=Cohort.Status.RUNNING)
    today = NOW.date()

    assert running.programme.slug == "csssl"
    assert running.name.startswith("Cohort 5: ")
    assert running.starts_on < today < running.ends_on
    extended = running.milestones.filter(kind=Milestone.Kind.EXTENDED_DAY)
    assert extended.filter(starts_on__lt=today).count() == 2
    assert extended.filter(starts_on__gt=today).count() == 2
    assert running.application_deadline.date() < running.places_awarded_by < running.starts_on


@pytest.mark.django_db
def test_the_running_cohort_moves_with_the_day_rather_than_adding_another(demo):
    later = NOW + timedelta(days=100)

    with time_machine.travel(later, tick=False):
        load_demo()

    (running,) = Cohort.objects.filter(status=Cohort.Status.RUNNING)
    assert running.starts_on < later.date() < running.ends_on
