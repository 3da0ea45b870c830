"""`make bench`'s data set and results file: the counts ``bench_data`` promises at a scale are
the counts it writes, and a new run's figures never lose the previous run's."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from applications.models import ExpressionOfInterest
from bench.run import PREVIOUS, write_results
from cohorts.completion import cohort_completions
from cohorts.models import Cohort, LocalAuthority, Participant
from csssl.models import User
from evaluations.models import RaterComment, RaterResponse, Report
from events.models import AttendanceRecord, CalendarFeed, Event
from mentoring import bench_extra as extra
from mentoring.bench_data import NOMINAL, targets

TINY = 0.005


def test_the_national_figures_are_the_promised_ones_and_a_tenth_is_a_tenth():
    national = targets(1.0)
    tenth = targets(0.1)
    for key, figure in NOMINAL.items():
        assert getattr(national, key) == figure
        assert getattr(tenth, key) == figure // 10
    assert national.register_people == 90


@pytest.mark.django_db
def test_bench_data_writes_the_counts_of_its_scale(tmp_path):
    manifest = tmp_path / "manifest.json"
    seeded = LocalAuthority.objects.count()  # the East Midlands councils of the migrations
    call_command("bench_data", scale=TINY, manifest=manifest, stdout=StringIO())
    plan = targets(TINY)

    assert LocalAuthority.objects.count() == max(plan.local_authorities, seeded)
    assert Cohort.objects.count() == plan.cohorts + 1  # and the cohort due certificates
    assert ExpressionOfInterest.objects.count() == plan.applications
    board = Cohort.objects.get(status=Cohort.Status.ALLOCATING)
    endorsed = ExpressionOfInterest.objects.submitted_and_endorsed().filter(cohort=board)
    assert endorsed.count() == board.applications.count() == plan.board_applications
    graduates = extra.CERTIFICATE_PEOPLE
    assert Participant.objects.count() == plan.participants + graduates
    assert Event.objects.count() == plan.events + extra.CERTIFICATE_EVENTS
    assert AttendanceRecord.objects.count() == plan.attendance + graduates * 4 > graduates * 4
    running = Cohort.objects.get(status=Cohort.Status.RUNNING)
    assert running.participants.count() == plan.register_people
    person = User.objects.get(email="participant@bench.example.org")
    assert person.check_password("bench-password-not-secret")
    assert CalendarFeed.objects.get().participant.user == person
    assert "register_90" in manifest.read_text()


@pytest.mark.django_db
def test_the_new_pages_answer_for_their_people_with_a_realistic_report(tmp_path, client):
    manifest_path = tmp_path / "manifest.json"
    call_command("bench_data", scale=TINY, manifest=manifest_path, stdout=StringIO())
    manifest = json.loads(manifest_path.read_text())
    pages = manifest["pages"]

    assert {"mentor_workspace", "evaluation_report", "portfolio"} <= set(pages)
    for name in ("mentor_workspace", "evaluation_report", "portfolio"):
        who, path = pages[name]
        client.force_login(User.objects.get(email=manifest["accounts"][who]))
        assert client.get(path, secure=True).status_code == 200, name
    report = Report.objects.get(participant__user__email=manifest["accounts"]["participant"])
    assert report.is_released
    assert RaterResponse.objects.filter(participant=report.participant).count() == 10
    assert RaterComment.objects.filter(response__participant=report.participant).count() == 16
    graduates = Cohort.objects.get(pk=manifest["background"]["certificates_cohort"])
    assert all(c.met for c in cohort_completions(graduates, now=timezone.now()))
    assert len(cohort_completions(graduates, now=timezone.now())) == extra.CERTIFICATE_PEOPLE


@pytest.mark.django_db
def test_bench_data_refuses_a_database_holding_data_unless_forced():
    User.objects.create_user("someone@example.org", "x")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("bench_data", scale=TINY)
    assert not Cohort.objects.exists()
    call_command("bench_data", scale=TINY, force=True, stdout=StringIO())
    assert Participant.objects.count() == targets(TINY).participants + extra.CERTIFICATE_PEOPLE


def test_the_results_file_keeps_the_previous_run(tmp_path):
    results = tmp_path / "results.md"
    write_results(results, "- scale: 0.1\n\n| home | 11.0 |")
    write_results(results, "- scale: 0.1\n\n| home | 22.0 |")
    latest, previous = results.read_text().split(PREVIOUS)
    assert "22.0" in latest
    assert "11.0" not in latest
    assert "11.0" in previous

    write_results(results, "- scale: 0.1\n\n| home | 33.0 |")
    latest, previous = results.read_text().split(PREVIOUS)
    assert "33.0" in latest
    assert "22.0" in previous
    assert "11.0" not in results.read_text()


@pytest.mark.django_db
def test_the_floor_page_is_not_there_unless_the_bench_turns_it_on(client):
    assert client.get("/bench/floor").status_code == 404
