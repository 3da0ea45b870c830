"""`make bench`'s data set and results file: the counts ``bench_data`` promises at a scale are
the counts it writes, and a new run's figures never lose the previous run's."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from applications.models import ExpressionOfInterest
from bench.run import PREVIOUS, background_table, write_results
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


FIGURES = [
    {"name": "certificates", "what": "90 of 90 certificates", "value": "4.1 s",
     "target": "under 6 s", "holds": True, "seconds": 4.1},
    {"name": "emails", "what": "10,000 of 10,000 emails", "value": "75.0 s, 133 emails/s",
     "target": "10,000 in under 60 s", "holds": False, "seconds": 75.0},
    {"name": "mentor_matching", "what": "a proposal", "value": "2.10 s",
     "target": "none set", "holds": None, "seconds": 2.1},
]  # fmt: skip


def test_the_background_table_gives_each_figure_its_target_and_whether_it_holds():
    rows = background_table(FIGURES).splitlines()

    assert rows[0] == "### Background"
    assert "| certificates | 90 of 90 certificates | 4.1 s | under 6 s | yes |" in rows
    assert (
        "| emails | 10,000 of 10,000 emails | 75.0 s, 133 emails/s | 10,000 in under 60 s | **no** |"
        in rows
    )
    assert "| mentor_matching | a proposal | 2.10 s | none set | – |" in rows


def test_the_background_table_says_why_nothing_was_measured():
    table = background_table(None, "CELERY_BROKER_URL is not set")

    assert "Not measured: CELERY_BROKER_URL is not set." in table
    assert "|" not in table


def test_the_results_file_keeps_the_background_table_of_the_previous_run(tmp_path):
    results = tmp_path / "results.md"
    write_results(results, "- scale: 0.1\n\n| home | 11.0 |\n\n" + background_table(FIGURES))
    write_results(
        results, "- scale: 0.1\n\n| home | 22.0 |\n\n" + background_table(None, "no broker")
    )

    latest, previous = results.read_text().split(PREVIOUS)
    assert "Not measured: no broker." in latest
    assert "4.1 s" not in latest
    assert "### Background" in previous
    assert "| certificates | 90 of 90 certificates | 4.1 s | under 6 s | yes |" in previous


@pytest.mark.django_db
def test_the_query_counter_counts_the_new_pages(tmp_path):
    """bench/queries.py reads every page of the manifest, the new ones with the rest."""
    from bench import queries

    manifest_path = tmp_path / "manifest.json"
    call_command("bench_data", scale=TINY, manifest=manifest_path, stdout=StringIO())
    counts = queries.count(json.loads(manifest_path.read_text()), "/bench/floor")

    for name in ("mentor_workspace", "evaluation_report", "portfolio"):
        assert isinstance(counts[name], int), name
        assert counts[name] > 0


@pytest.mark.django_db
def test_the_floor_page_is_not_there_unless_the_bench_turns_it_on(client):
    assert client.get("/bench/floor").status_code == 404


@pytest.mark.django_db
def test_every_measured_page_answers_for_its_person(tmp_path, client):
    manifest_path = tmp_path / "manifest.json"
    call_command("bench_data", scale=TINY, manifest=manifest_path, stdout=StringIO())
    manifest = json.loads(manifest_path.read_text())

    assert {"qualities_pdf", "blank_form_pdf"} <= set(manifest["pages"])
    for name, (who, path) in manifest["pages"].items():
        client.logout()
        if who:
            client.force_login(User.objects.get(email=manifest["accounts"][who]))
        response = client.get(path, secure=True)
        assert response.status_code == 200, name
        if name.endswith("_pdf"):
            assert response["Content-Type"] == "application/pdf", name
