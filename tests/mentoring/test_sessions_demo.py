"""``manage.py load_demo`` for mentoring sessions: the demo mentor's held sessions with their
records, one agreed ahead and one waiting for them, loaded twice to the same rows, with no
email."""

from __future__ import annotations

import importlib
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.management import call_command

from cohorts.models import LocalAuthority
from csssl.models import OutboxMessage, User
from mentoring.models import CohortMentoring, FitAnswer, MentoringSession, SessionRecord
from mentoring.registrations.sessions import workspace_section

pytestmark = pytest.mark.django_db

east_midlands = importlib.import_module("cohorts.migrations.0003_east_midlands_authorities")
NOW = datetime(2026, 5, 14, 10, 30, tzinfo=ZoneInfo("Europe/London"))
Status = MentoringSession.Status


@pytest.fixture(autouse=True)
def _demo_ready(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not LocalAuthority.objects.exists():
        east_midlands.load(django_apps, None)


def load_demo() -> None:
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", force=True, stdout=StringIO())


def test_demo_mentor_has_sessions_held_and_ahead():
    load_demo()
    first = dict(MentoringSession.objects.values_list("pk", "status"))
    load_demo()

    assert dict(MentoringSession.objects.values_list("pk", "status")) == first
    statuses = sorted(first.values())
    assert statuses.count(Status.HELD) == 6
    assert statuses.count(Status.AGREED) == 1
    assert statuses.count(Status.PROPOSED) == 1
    assert SessionRecord.objects.count() == 6
    assert FitAnswer.objects.filter(works=True).count() == 4
    (settings,) = CohortMentoring.objects.filter(sessions_required__gt=0)
    assert settings.sessions_required == 4
    assert settings.cohort.status == "running"
    assert not OutboxMessage.objects.filter(kind__startswith="mentoring_session").exists()
    mentor = User.objects.get(email="mentor@example.org")
    with time_machine.travel(NOW, tick=False):
        section = workspace_section(user=mentor, now=NOW)
    assert len(section.context["upcoming"]) == 2
    assert len(section.context["awaiting"]) == 1
