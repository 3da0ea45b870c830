"""``manage.py load_demo`` for mentoring: mentors with expertise, Cohort 1's pairings of the
demo mentor, and the running cohort ready to be matched; loaded twice, the same rows."""

from __future__ import annotations

import importlib
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.management import call_command

from cohorts.models import Cohort, LocalAuthority
from csssl.models import User
from mentoring import matching_solver
from mentoring.models import Mentor, MentoringPreference, Pairing, PoolPlace
from mentoring.selectors import matching as reads
from mentoring.services.matching import proposal_make

east_midlands = importlib.import_module("cohorts.migrations.0003_east_midlands_authorities")
NOW = datetime(2026, 12, 2, 10, 30, tzinfo=ZoneInfo("Europe/London"))

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setting_up(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not LocalAuthority.objects.exists():
        east_midlands.load(django_apps, None)


def load_demo() -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def test_demo_mentor_has_two_mentees_and_expertise():
    load_demo()
    mentor = Mentor.objects.get(user__email="mentor@example.org")
    assert mentor.expertise.count() == 3
    mentees = Pairing.objects.filter(mentor=mentor, status=Pairing.Status.ACTIVE)
    assert sorted(p.participant.user.email for p in mentees) == [
        "participant@example.org",
        "rebecca.thornton@example.org",
    ]
    for pairing in mentees:
        person = reads.participant_data([pairing.participant])[0]
        (place,) = [p for p in reads.pool(pairing.participant.cohort) if p.mentor == mentor]
        assert matching_solver.broken_rule(person, reads.mentor_data(place)) is None


def test_running_cohort_can_be_matched_within_the_rules():
    load_demo()
    running = Cohort.objects.get(programme__slug="csssl", status=Cohort.Status.RUNNING)
    assert PoolPlace.objects.filter(cohort=running).count() == 3
    assert MentoringPreference.objects.filter(participant__cohort=running).count() == 2
    proposal = proposal_make(cohort=running, by=User.objects.get(email="coordinator@example.org"))
    pairs = list(proposal.pairs.select_related("participant", "mentor"))
    assert len(pairs) == running.participants.count()
    assert sum(1 for pair in pairs if pair.mentor) >= len(pairs) - 2
    for pair in pairs:
        if pair.mentor:
            assert pair.mentor.local_authority_id != pair.participant.local_authority_id
        else:
            assert pair.reasons


def test_loading_twice_keeps_the_same_rows():
    load_demo()
    counts = (Mentor.objects.count(), PoolPlace.objects.count(), Pairing.objects.count())
    load_demo()
    assert (Mentor.objects.count(), PoolPlace.objects.count(), Pairing.objects.count()) == counts
