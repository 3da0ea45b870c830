"""``manage.py load_demo`` for evaluations: descriptors for every sample quality, CSSSL Cohort 1's
two completed rounds with released reports, an open round for each current cohort, loaded
idempotently, without email, and with no answer tied to the invitation it came from."""

import importlib
from collections import Counter
from datetime import datetime
from io import StringIO
from statistics import fmean
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command
from django.db import connection

from cohorts.demo.data import CSSSL_COHORT_1
from cohorts.models import RATING_SCALE, Cohort, LocalAuthority, Participant, Quality
from csssl.models import OutboxMessage, User
from csssl.uktime import uk_day
from evaluations import anonymity, rules
from evaluations.demo import cohort_1, data
from evaluations.demo.load import (
    CURRENT_RULES,
    ROUND_RULES,
    planned_answers,
    planned_invitations,
    planned_self_scores,
)
from evaluations.models import (
    FrameworkVersion,
    RaterComment,
    RaterInvitation,
    RaterResponse,
    Relationship,
    Report,
    Round,
    SelfEvaluation,
    VersionQuality,
)
from evaluations.services.reports import comment_withhold, figures_for
from tests.database import rows_for_the_module
from tests.factories import ParticipantFactory

#: The data migration that writes the East Midlands authorities.
east_midlands = importlib.import_module("cohorts.migrations.0003_east_midlands_authorities")
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 5, 14, 10, 30, tzinfo=LONDON)
PARTICIPANT = "participant@example.org"
#: Keys standing in for the version's quality ids, for the checks that need no database.
KEYS = [f"q{index}" for index in range(9)]
#: Where each database keeps a row, which is the order rows were written in.
STORED_ORDER = {"postgresql": "ctid", "sqlite": "rowid"}
CSSSL_SAMPLE = data.CSSSL_QUALITIES
ALL_SAMPLE_QUALITIES = [q for f in data.SAMPLE_FRAMEWORKS for q in f.qualities]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _east_midlands(request):
    """The authorities the migrations write, which the demo places people in. A transactional
    test run earlier in the same process empties every table when it ends, data migrations'
    rows included, so they are written again (inside this test's own transaction) if gone."""
    if "django_db" not in request.keywords:
        return
    request.getfixturevalue("db")
    if not LocalAuthority.objects.exists():
        east_midlands.load(django_apps, None)


def load_demo(when: datetime = NOW) -> str:
    out = StringIO()
    with time_machine.travel(when, tick=False):
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


def cohort_1_rounds() -> dict[str, Round]:
    return {
        r.kind: r
        for r in Round.objects.filter(cohort__name=CSSSL_COHORT_1, cohort__programme__slug="csssl")
    }


def figures_of(feedback: cohort_1.Feedback) -> dict:
    """The report the demo's answers make, worked out by the anonymity module alone."""
    return anonymity.report_figures(
        qualities=[
            anonymity.QualityRef(key=key, name=q.name, theme=q.theme)
            for key, q in zip(KEYS, CSSSL_SAMPLE.qualities, strict=True)
        ],
        self_scores=planned_self_scores(feedback, KEYS),
        responses=planned_answers(feedback, KEYS),
        threshold=ROUND_RULES["score_threshold"],
        comment_threshold=ROUND_RULES["comment_threshold"],
    )


def overall(figures: dict, column: str) -> float:
    return fmean(
        q["means"][column]
        for theme in figures["themes"]
        for q in theme["qualities"]
        if q["means"].get(column) is not None
    )


# --------------------------------------------------------------------------------------------
# The data, checked without a database
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("quality", ALL_SAMPLE_QUALITIES, ids=lambda q: q.name)
def test_every_sample_quality_has_its_own_descriptor_for_each_point_of_the_scale(quality):
    as_stored = Quality(descriptors="\n".join(quality.descriptors)).descriptor_list

    assert len(ALL_SAMPLE_QUALITIES) == 18
    assert len(quality.descriptors) == len(RATING_SCALE) == 4
    assert as_stored == list(quality.descriptors)
    assert len(set(quality.descriptors)) == 4
    assert all(d[0].isupper() and d.endswith(".") and len(d) <= 120 for d in quality.descriptors)
    assert not set(quality.descriptors) & {meaning for _, _, meaning in RATING_SCALE}


def test_cohort_1_feedback_covers_every_quality_for_each_participant_and_round():
    assert len(cohort_1.FEEDBACK) == 6
    for rounds in cohort_1.FEEDBACK.values():
        assert set(rounds) == {Round.Kind.PRE, Round.Kind.POST}
        for feedback in rounds.values():
            assert len(feedback.self_scores) == len(feedback.seen) == len(CSSSL_SAMPLE.qualities)
            for answers in planned_answers(feedback, KEYS):
                assert set(answers.scores) == set(KEYS)
                assert all(s is None or 1 <= s <= 4 for s in answers.scores.values())


def test_cohort_1_invitations_fit_the_round_limits():
    rules = {**ROUND_RULES, "others_min": 0, "others_max": 4}
    limits = {
        Relationship.LINE_MANAGER: (0, 1),
        Relationship.PEER: (rules["peers_min"], rules["peers_max"]),
        Relationship.DIRECT_REPORT: (rules["reports_min"], rules["reports_max"]),
        Relationship.OTHER: (rules["others_min"], rules["others_max"]),
    }
    someone = User(pk=1)
    for rounds in cohort_1.FEEDBACK.values():
        for feedback in rounds.values():
            asked = Counter(r for r, *_ in planned_invitations(feedback, added_by=someone))
            for relationship, (fewest, most) in limits.items():
                assert fewest <= asked[relationship] <= most, relationship


def test_the_participant_accounts_first_report_leaves_out_its_two_other_stakeholders():
    figures = figures_of(cohort_1.DANIEL[Round.Kind.PRE])

    assert [c["key"] for c in figures["columns"]] == ["self", "manager", "peer", "report", "all"]
    assert figures["left_out_groups"] == ["Other stakeholders"]
    assert figures["answered"]["other"] == 2
    assert figures["pooled_groups"] == []


def test_every_first_report_names_a_blind_spot_or_a_hidden_strength():
    named = {
        email: figures_of(rounds[Round.Kind.PRE]) for email, rounds in cohort_1.FEEDBACK.items()
    }

    assert all(f["blind_spots"] or f["hidden_strengths"] for f in named.values())
    assert any(f["blind_spots"] for f in named.values())
    assert any(f["hidden_strengths"] for f in named.values())
    assert named[PARTICIPANT]["blind_spots"]
    assert named[PARTICIPANT]["hidden_strengths"]


def test_raters_see_everyone_somewhat_further_on_at_the_end_of_the_programme():
    for email, rounds in cohort_1.FEEDBACK.items():
        before = overall(figures_of(rounds[Round.Kind.PRE]), "all")
        after = overall(figures_of(rounds[Round.Kind.POST]), "all")
        assert 0 < after - before < 1, email


def test_cohort_1_shows_pooling_and_a_line_manager_who_declined():
    louise = figures_of(cohort_1.LOUISE[Round.Kind.PRE])
    stephen = figures_of(cohort_1.STEPHEN[Round.Kind.POST])

    assert louise["pooled_groups"] == ["Direct reports", "Other stakeholders"]
    assert "manager" not in [c["key"] for c in stephen["columns"]]


# --------------------------------------------------------------------------------------------
# The demo as loaded
# --------------------------------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    return {
        "framework versions": FrameworkVersion.objects.count(),
        "version qualities": VersionQuality.objects.count(),
        "rounds": Round.objects.count(),
        "round history": Round.history.count(),
        "self evaluations": SelfEvaluation.objects.count(),
        "invitations": RaterInvitation.objects.count(),
        "responses": RaterResponse.objects.count(),
        "comments": RaterComment.objects.count(),
        "reports": Report.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


def row_ids() -> dict[str, set]:
    return {
        "rounds": set(Round.objects.values_list("pk", flat=True)),
        "self evaluations": set(SelfEvaluation.objects.values_list("pk", flat=True)),
        "invitations": set(RaterInvitation.objects.values_list("pk", flat=True)),
        "responses": set(RaterResponse.objects.values_list("pk", flat=True)),
        "comments": set(RaterComment.objects.values_list("pk", flat=True)),
        "reports": sorted(
            Report.objects.values_list("pk", "figures", "released_at", "frozen_at"), key=repr
        ),
    }


@pytest.mark.django_db
def test_load_demo_twice_leaves_the_same_evaluation_rows(demo):
    first, ids = row_counts(), row_ids()

    load_demo()

    assert first["rounds"] == 4
    assert first["self evaluations"] == first["reports"] == 2 * 6
    assert first["responses"] > 100
    assert row_counts() == first
    assert row_ids() == ids


@pytest.mark.django_db
def test_load_demo_writes_no_email(demo):
    load_demo()

    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_reload_puts_back_what_was_changed_in_cohort_1(demo):
    rounds = cohort_1_rounds()
    daniel = Participant.objects.get(user__email=PARTICIPANT, cohort=rounds["pre"].cohort)
    report = Report.objects.get(round=rounds["pre"], participant=daniel)
    frozen = report.figures
    comment = RaterComment.objects.filter(
        response__participant=daniel, response__round=rounds["pre"]
    ).first()
    coordinator = User.objects.get(email=cohort_1.DEBRIEFED_BY)
    comment_withhold(comment=comment, reason="Testing the reload.", by=coordinator)
    assert Report.objects.get(pk=report.pk).figures != frozen
    response = RaterResponse.objects.filter(round=rounds["post"], participant=daniel).first()
    response.scores = dict.fromkeys(response.scores, 1)
    response.save()
    Round.objects.filter(pk=rounds["pre"].pk).update(score_threshold=5, comment_threshold=5)

    load_demo()

    report = Report.objects.get(round=rounds["pre"], participant=daniel)
    assert report.figures == frozen
    assert not RaterComment.objects.filter(withheld_at__isnull=False).exists()
    assert not RaterResponse.objects.filter(
        round=rounds["post"], participant=daniel, scores=dict.fromkeys(response.scores, 1)
    ).exists()
    assert Round.objects.get(pk=rounds["pre"].pk).score_threshold == 3


@pytest.mark.django_db
def test_participant_account_reads_both_released_reports(demo):
    rounds = cohort_1_rounds()
    daniel = Participant.objects.get(user__email=PARTICIPANT)
    pre = Report.objects.get(round=rounds["pre"], participant=daniel)
    post = Report.objects.get(round=rounds["post"], participant=daniel)

    assert rules.can_read_report(daniel, pre)
    assert rules.can_read_report(daniel, post)
    assert [c["key"] for c in pre.figures["columns"]] == [
        "self",
        "manager",
        "peer",
        "report",
        "all",
    ]
    assert [c["label"] for c in pre.figures["columns"]] == [
        "Self",
        "Line manager",
        "Peers",
        "Direct reports",
        "All raters",
    ]
    assert pre.figures["left_out_groups"] == ["Other stakeholders"]
    assert pre.figures["blind_spots"]
    assert pre.figures["hidden_strengths"]
    assert pre.figures == figures_for(round=rounds["pre"], participant=daniel)
    assert "other" in [c["key"] for c in post.figures["columns"]]
    assert anonymity.compare(pre.figures, post.figures)


@pytest.mark.django_db
def test_cohort_1_reports_were_frozen_after_each_round_and_released_by_its_rule(demo):
    rounds = cohort_1_rounds()
    coordinator = User.objects.get(email=cohort_1.DEBRIEFED_BY)
    pre = Report.objects.filter(round=rounds["pre"])
    post = Report.objects.filter(round=rounds["post"])

    assert rounds["pre"].release == Round.Release.ON_COMPLETION
    assert rounds["post"].release == Round.Release.AFTER_DEBRIEF
    assert rounds["pre"].version_id == rounds["post"].version_id
    assert {(r.frozen_at, r.released_at) for r in pre} == {(cohort_1.PRE.frozen_at,) * 2}
    assert {r.frozen_at for r in post} == {cohort_1.POST.frozen_at}
    for report in post.select_related("participant__user"):
        feedback = cohort_1.FEEDBACK[report.participant.user.email][Round.Kind.POST]
        assert report.debrief_on == feedback.debrief_on == uk_day(report.released_at)
        assert report.debrief_by == coordinator
    for round in rounds.values():
        assert not SelfEvaluation.objects.filter(round=round, submitted_at__isnull=True).exists()
        assert not SelfEvaluation.objects.filter(
            round=round, submitted_at__date__gt=round.closes_on
        ).exists()


@pytest.mark.django_db
def test_cohort_1_raters_are_no_longer_named_once_the_rounds_closed(demo):
    rounds = cohort_1_rounds()
    invitations = RaterInvitation.objects.filter(round__in=rounds.values())

    assert invitations.count() > RaterResponse.objects.filter(round__in=rounds.values()).count()
    assert {
        (name, email, repr(draft))
        for name, email, draft in invitations.values_list("name", "email", "draft")
    } == {("", "", "{}")}
    assert all(round.identities_removed_at for round in rounds.values())
    assert set(invitations.values_list("state", flat=True)) == {
        RaterInvitation.State.SUBMITTED,
        RaterInvitation.State.DECLINED,
        RaterInvitation.State.INVITED,
    }


@pytest.mark.django_db
def test_raters_answers_are_not_stored_in_the_order_their_invitations_were(demo):
    """Rows with no ORDER BY come back as stored: were each participant's answers written group
    by group, as their invitations are, every round would read manager, peers, reports,
    others."""
    unshuffled = 0
    vendor = connection.vendor
    rounds = cohort_1_rounds()
    for email, by_kind in cohort_1.FEEDBACK.items():
        participant = Participant.objects.get(user__email=email, cohort=rounds["pre"].cohort)
        for kind, feedback in by_kind.items():
            stored = RaterResponse.objects.raw(
                f"SELECT id, relationship FROM {RaterResponse._meta.db_table} "
                f"WHERE round_id = %s AND participant_id = %s ORDER BY {STORED_ORDER[vendor]}",
                [rounds[kind].pk, participant.pk],
            )
            planned = [a.relationship for a in planned_answers(feedback, KEYS)]
            written = [r.relationship for r in stored]
            assert sorted(written) == sorted(planned)
            unshuffled += written == planned
    assert unshuffled < 3


@pytest.mark.django_db
def test_every_round_rates_against_the_sample_descriptors(demo):
    for round in Round.objects.select_related("version"):
        qualities = list(round.version.qualities.order_by("order"))
        sample = next(f for f in data.SAMPLE_FRAMEWORKS if f.name == round.version.name)
        assert [q.descriptors for q in qualities] == [list(s.descriptors) for s in sample.qualities]
        assert [point[2] for point in qualities[0].scale_with_descriptors()] == list(
            sample.qualities[0].descriptors
        )


@pytest.mark.django_db
def test_each_current_cohort_has_an_open_pre_round_until_its_evaluation_window_closes(demo):
    current = Cohort.objects.filter(status=Cohort.Status.OPEN).select_related("programme")

    assert current.count() == 2
    for cohort in current:
        round = Round.objects.get(cohort=cohort)
        assert round.kind == Round.Kind.PRE
        assert round.is_open(NOW.date())
        assert round.opens_on == uk_day(cohort.applications_open)
        assert round.closes_on == cohort.evaluation_closes
        assert round.release == CURRENT_RULES[cohort.programme.slug]["release"]
        assert not round.invitations.exists()
        assert not round.self_evaluations.exists()


@pytest.mark.django_db
def test_a_reload_keeps_answers_someone_gave_in_a_current_round(demo):
    round = Round.objects.get(cohort__status=Cohort.Status.OPEN, cohort__programme__slug="csssl")
    newcomer = ParticipantFactory(cohort=round.cohort)
    key = str(round.version.qualities.first().pk)
    SelfEvaluation.objects.create(round=round, participant=newcomer, scores={key: 2})
    version = round.version_id

    load_demo()

    assert SelfEvaluation.objects.get(round=round, participant=newcomer).scores == {key: 2}
    assert Round.objects.get(pk=round.pk).version_id == version
