"""``manage.py load_demo`` for placements: the ALICSE participant's approved placement with its
reflection, a placement awaiting approval and a project with one milestone done, loaded twice
to the same rows and without an email."""

import importlib
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.management import call_command

from cohorts import timeline
from cohorts.models import LocalAuthority
from csssl.models import OutboxMessage
from mentoring.models import Milestone, Placement, Project

pytestmark = pytest.mark.django_db
east_midlands = importlib.import_module("cohorts.migrations.0003_east_midlands_authorities")
NOW = datetime(2026, 5, 14, 10, 30, tzinfo=ZoneInfo("Europe/London"))
Status = Placement.Status


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not LocalAuthority.objects.exists():
        east_midlands.load(django_apps, None)


def load_demo() -> None:
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", force=True, stdout=StringIO())


def test_demo_alicse_participant_has_placements_and_a_project():
    load_demo()
    load_demo()
    placements = Placement.objects.filter(participant__user__email="alicse.participant@example.org")
    approved = placements.get(status=Status.APPROVED)
    awaiting = placements.get(status=Status.SUBMITTED)
    assert placements.count() == 2
    assert approved.reflection
    assert approved.ends_on < awaiting.starts_on
    assert awaiting.objectives_agreed_by.email == "helen.marsh@example.org"
    project = Project.objects.get(participant=approved.participant)
    assert project.qualities.count() == 2
    assert Milestone.objects.filter(project=project).count() == 3
    assert Milestone.objects.filter(project=project, done_at__isnull=False).count() == 1
    assert not OutboxMessage.objects.filter(kind__startswith="placement_").exists()
    items = timeline.timeline_for(participant=approved.participant, now=NOW)
    assert any(item.source == "mentoring.placements" for item in items)
    # The programme ended in 2013: the year shows the work and chases nothing.
    assert not [i.owes for i in items if i.source == "mentoring.placements" and i.owes]
