"""Erasure on request (UK GDPR Article 17): a person's free text and identity removed from
every app, the account kept anonymised, and every count and figure others rely on the same
after as before.

Two people are seeded with a full year each (the subject-access tests' ``seed``); Alex is
erased, Bea is the other person whose data must not change.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.test import Client
from django.urls import reverse

from applications.models import EqualityMonitoring, ExpressionOfInterest
from applications.selectors.allocation import balance_of
from applications.services.retention import equality_counts, equality_totals_take
from cohorts.certificates.awarding import certificate_batch_run
from cohorts.completion import cohort_completions
from cohorts.models import Certificate, CertificateBatch, Cohort, Participant
from csssl import erasure, personal_data
from csssl.models import AuditEvent, OutboxMessage, User
from csssl.storage import private_storage
from evaluations.models import RaterInvitation, RaterResponse, Relationship, Report
from evaluations.services.reports import figures_for
from events.models import Apology, AttendanceRecord
from mentoring.models import Evidence, PortfolioEntry, PrivateNote, SessionRecord
from tests.applications.factories import EqualityMonitoringFactory
from tests.csssl.test_personal_data import seed
from tests.evaluations.factories import RaterInvitationFactory
from tests.factories import ParticipantFactory, UserFactory, coordinator, dcs_member
from tests.mentoring.factories import private_media  # noqa: F401 - a fixture

REASON = "Erasure asked for by email on 2 December; identity checked by phone"


@pytest.fixture
def people(db, private_media):  # noqa: F811 - the fixture, imported
    alex, bea = seed("A"), seed("B")
    # Alex was also asked to rate Bea, and answered: Bea's counts must not move.
    RaterInvitationFactory(
        round=bea.participant.evaluation_reports.get().round,
        participant=bea.participant,
        relationship=Relationship.PEER,
        name=alex.user.get_full_name(),
        email=alex.user.email,
        state="submitted",
    )
    # Someone else on Alex's cohort, so the cohort's own figures have another person in them.
    ParticipantFactory(cohort=alex.participant.cohort)
    return alex, bea


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def totals() -> dict:
    """Every count and figure other people rely on, across all cohorts."""
    cohorts = list(Cohort.objects.order_by("pk"))
    reports = {
        (r.round_id, r.participant_id): r
        for r in Report.objects.select_related("round", "participant")
    }
    return {
        "participants": Counter(Participant.objects.values_list("cohort_id", "status")),
        "attendance": Counter(AttendanceRecord.objects.values_list("event_id", "status")),
        "apologies": Counter(Apology.objects.values_list("event_id", flat=True)),
        "applications": Counter(
            ExpressionOfInterest.objects.values_list(
                "cohort_id", "status", "local_authority_id", "sector", "organisation_type"
            )
        ),
        "balance": [balance_of(cohort) for cohort in cohorts],
        "completion": {
            completion.participant.pk: (completion.outcome, completion.attended)
            for cohort in cohorts
            for completion in cohort_completions(cohort)
        },
        "rater_answers": Counter(
            RaterResponse.objects.values_list("round_id", "participant_id", "relationship")
        ),
        "rater_states": Counter(
            RaterInvitation.objects.values_list("round_id", "participant_id", "state")
        ),
        "frozen_reports": {key: report.figures for key, report in reports.items()},
        "reports_now": {
            key: figures_for(round=report.round, participant=report.participant)
            for key, report in reports.items()
        },
        "certificates": Certificate.objects.count(),
        "users": User.objects.count(),
    }


def identifying(alex) -> list[str]:
    return [
        alex.user.email,
        alex.user.first_name,
        alex.user.last_name,
        "Why-now statement A",
        "Endorser Eve A",
        "evea@example.org",
        "Endorser statement A",
        "Decision reason A",
        "Register note A0",
        "Apology A0",
        "Self evidence A",
        "Plan priority A",
        "Session themes A0",
        "My own note A0",
        "Mentor wish A",
        "Portfolio entry A0",
        "evidence-a0.pdf",
        "Host council A",
        "Project A",
        "Email body A0",
    ]


def record_text(user) -> str:
    """The person's record as /me/data/ would give it now (a fresh read of the account)."""
    fresh = User.objects.get(pk=user.pk)
    return json.dumps([s.as_json() for s in personal_data.export_for(user=fresh)])


def test_erasure_keeps_every_count_and_figure(people):
    alex, _ = people
    before = totals()

    erasure.person_erase(user=alex.user, by=coordinator(), reason=REASON)

    after = totals()
    after["users"] -= 1  # the coordinator made to erase
    for key in before:
        assert after[key] == before[key], key


def test_erasure_leaves_nothing_identifying_in_their_record(people):
    alex, _ = people
    text = record_text(alex.user)
    old = identifying(alex)
    missing = [t for t in old if t not in text]
    assert not missing, missing  # each is there before, so the test can fail

    counts = erasure.person_erase(user=alex.user, by=coordinator(), reason=REASON)

    alex.user.refresh_from_db()
    text = record_text(alex.user)
    found = [t for t in old if t.lower() in text.lower()]
    assert not found, found
    assert set(counts) == {r.name for r in erasure.registered()} | {erasure.ACCOUNT}
    assert all(counts[name] > 0 for name in counts), counts
    assert alex.user.email == f"erased-{alex.user.pk}@removed.invalid"
    assert (alex.user.first_name, alex.user.last_name) == ("", "")
    assert not alex.user.is_active
    assert not alex.user.has_usable_password()
    assert not alex.user.emailaddress_set.exists()
    assert not OutboxMessage.objects.filter(recipient__icontains="alexa").exists()
    assert not PrivateNote.objects.filter(author=alex.user).exists()
    # The raters they invited are no longer named (their answers, without names, stay).
    assert not RaterInvitation.objects.filter(participant=alex.participant).exclude(email="")
    assert RaterResponse.objects.filter(participant=alex.participant).count() == 3
    assert not PortfolioEntry.objects.filter(participant=alex.participant).exists()
    assert alex.participant.history.count() == 0
    assert not SessionRecord.history.filter(session__pairing__participant=alex.participant).exists()
    # The mentor's own private notes are theirs, and stay.
    assert PrivateNote.objects.filter(session__pairing__participant=alex.participant).exists()


def test_erasure_leaves_another_person_untouched(people):
    alex, bea = people
    before = record_text(bea.user)
    bea_emails = OutboxMessage.objects.filter(recipient=bea.user.email).count()

    erasure.person_erase(user=alex.user, by=coordinator(), reason=REASON)

    after = record_text(bea.user)
    assert after == before
    assert all(t in after for t in bea.own)
    assert OutboxMessage.objects.filter(recipient=bea.user.email).count() == bea_emails
    # Alex's own invitation to rate Bea lost Alex's name and address, not its state.
    invitation = RaterInvitation.objects.get(participant=bea.participant, name="", email="")
    assert invitation.state == "submitted"


def test_erasure_deletes_portfolio_files_from_storage_once_committed(
    people, django_capture_on_commit_callbacks
):
    alex, _ = people
    names = list(
        Evidence.objects.filter(entry__participant=alex.participant).values_list("file", flat=True)
    )
    storage = private_storage()
    assert names
    assert all(storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        erasure.person_erase(user=alex.user, by=coordinator(), reason=REASON)

    assert not any(storage.exists(name) for name in names)


def test_erasure_withdraws_certificates_unless_kept(people):
    alex, bea = people
    client = Client()
    alex_url = reverse("cohorts:certificate_verify", args=[alex.certificate_code])
    bea_url = reverse("cohorts:certificate_verify", args=[bea.certificate_code])

    erasure.person_erase(user=alex.user, by=coordinator(), reason=REASON)
    erasure.person_erase(user=bea.user, by=coordinator(), reason=REASON, keep_certificates=True)

    withdrawn = client.get(alex_url)
    assert withdrawn.status_code == 200
    body = withdrawn.content.decode()
    assert "withdrawn at the holder’s request" in body
    assert "AlexA" not in body
    certificate = Certificate.objects.get(code=alex.certificate_code)
    assert certificate.name == ""
    assert certificate.withdrawn_at is not None
    kept = client.get(bea_url).content.decode()
    assert "Genuine certificate" in kept
    assert "AlexB PersonB" in kept


def test_erasure_ends_their_sessions(people):
    alex, _ = people
    client = signed_in(alex.user)
    assert client.get("/me/").status_code == 200

    erasure.person_erase(user=alex.user, by=coordinator(), reason=REASON)

    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_erasure_is_in_the_audit_trail_and_the_log_names_no_one(people, caplog):
    alex, _ = people
    staff = coordinator()
    old_email, name = alex.user.email, alex.user.first_name

    with caplog.at_level("INFO", logger="csssl.erasure"):
        erasure.person_erase(user=alex.user, by=staff, reason=REASON)

    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCOUNT_ERASED)
    assert (event.subject, event.actor, event.detail) == (alex.user, staff, REASON)
    assert event.get_action_display() == "Account erased"
    assert f"Account {alex.user.pk} erased by user {staff.pk}" in caplog.text
    assert old_email not in caplog.text
    assert name not in caplog.text


def test_erasure_refused_for_superuser_self_and_erased_account(people):
    alex, _ = people
    staff = coordinator()
    boss = UserFactory(is_superuser=True, is_staff=True)

    for user, by, words in (
        (boss, staff, "superuser"),
        (staff, staff, "your own account"),
    ):
        with pytest.raises(erasure.ErasureRefused, match=words):
            erasure.person_erase(user=user, by=by, reason=REASON)
    erasure.person_erase(user=alex.user, by=staff, reason=REASON)
    with pytest.raises(erasure.ErasureRefused, match="already erased"):
        erasure.person_erase(user=alex.user, by=staff, reason=REASON)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_ERASED).count() == 1
    boss.refresh_from_db()
    assert boss.is_superuser
    assert not erasure.is_erased(boss)


def test_erasure_clears_roles(db):
    person = UserFactory()
    person.groups.add(Group.objects.get_or_create(name="Mentors")[0])

    erasure.person_erase(user=person, by=coordinator(), reason=REASON)

    assert not person.groups.exists()


# --- The coordinator's page ---------------------------------------------------------------------


def erase_url(user) -> str:
    return reverse("personal_data:erase", args=[user.pk])


def test_erase_page_is_not_found_for_others(people):
    alex, bea = people
    mentor_user = bea.participant.pairings.get().mentor.user

    for person in (alex.user, mentor_user, dcs_member()):
        client = signed_in(person)
        assert client.get(erase_url(bea.user)).status_code == 404
        posted = client.post(erase_url(bea.user), {"reason": "x", "confirm": "on"})
        assert posted.status_code == 404
    bea.user.refresh_from_db()
    assert bea.user.is_active
    assert Client().get(erase_url(bea.user)).status_code == 302


def test_erase_page_shows_what_will_happen_and_keeps_what_was_typed(people):
    _, bea = people
    client = signed_in(coordinator())

    page = client.get(erase_url(bea.user)).content.decode()
    refused = client.post(erase_url(bea.user), {"reason": "Asked by letter", "confirm": ""})

    assert bea.user.email in page
    for registration in erasure.registered():
        assert registration.describes.split(",")[0] in page.replace("&#x27;", "'")
    assert "I understand this cannot be undone" in page
    body = refused.content.decode()
    assert refused.status_code == 200
    assert "Tick this to confirm" in body
    assert "Asked by letter" in body
    too_long = client.post(erase_url(bea.user), {"reason": "x" * 501, "confirm": "on"})
    assert "500 characters or fewer" in too_long.content.decode()
    bea.user.refresh_from_db()
    assert bea.user.is_active


def test_erase_page_erases_once_and_a_second_submit_is_refused_kindly(people):
    alex, _ = people
    client = signed_in(coordinator())
    data = {"reason": REASON, "confirm": "on"}

    first = client.post(erase_url(alex.user), data)
    followed = client.get(first["Location"]).content.decode()
    second = client.post(erase_url(alex.user), data)

    assert first.status_code == 302
    assert first["Location"] == reverse("admin:csssl_user_change", args=[alex.user.pk])
    assert second.status_code == 200
    assert "already erased" in second.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_ERASED).count() == 1
    assert f"Account {alex.user.pk} is erased" in followed
    with pytest.raises(ObjectDoesNotExist):
        Certificate.objects.get(code=alex.certificate_code, withdrawn_at__isnull=True)


def test_erase_page_keeps_certificates_when_ticked(people):
    alex, _ = people
    client = signed_in(coordinator())

    client.post(
        erase_url(alex.user), {"reason": REASON, "confirm": "on", "keep_certificates": "on"}
    )

    assert Certificate.objects.get(code=alex.certificate_code).withdrawn_at is None


def test_admin_user_page_links_to_erasure(people):
    _, bea = people
    page = signed_in(coordinator()).get(reverse("admin:csssl_user_change", args=[bea.user.pk]))

    assert page.status_code == 200
    assert erase_url(bea.user) in page.content.decode()


def test_privacy_notice_says_how_to_ask_for_erasure(db):
    page = Client().get(reverse("privacy")).content.decode()

    assert "<strong>Erasure</strong>: ask us to delete your data, by email" in page
    assert "unless you ask us to keep it checkable" in page


def test_erasing_a_mentor_blanks_their_profile_and_records_not_the_pairings(people):
    alex, _ = people
    pairing = alex.participant.pairings.get()
    profile = pairing.mentor
    profile.about = "Twenty years in children's social care in Derby."
    profile.save()
    sessions = pairing.sessions.count()

    erasure.person_erase(user=profile.user, by=coordinator(), reason=REASON)

    profile.refresh_from_db()
    assert (profile.role, profile.about, profile.availability) == ("Removed", "", "")
    assert not profile.is_active
    assert profile.history.count() == 0
    assert pairing.sessions.count() == sessions
    assert not SessionRecord.objects.filter(session__pairing=pairing).exclude(themes="").exists()
    assert not PrivateNote.objects.filter(author=profile.user).exists()
    # The mentee's own words are theirs: untouched by the mentor's erasure.
    assert PrivateNote.objects.filter(author=alex.user).exists()


def test_withdrawn_certificate_is_left_out_of_batches_and_the_awarding_body_list(people):
    alex, _ = people
    cohort = alex.participant.cohort
    erasure.person_erase(user=alex.user, by=coordinator(), reason=REASON)
    staff = coordinator()

    batch = CertificateBatch.objects.create(cohort=cohort, requested_by=staff)
    certificate_batch_run(batch_id=batch.pk)
    csv = (
        signed_in(staff)
        .get(reverse("certificates:awarding_body_csv", args=[cohort.pk]))
        .content.decode()
    )

    batch.refresh_from_db()
    assert batch.total == 0
    assert alex.certificate_code not in csv


def test_erasure_removes_equality_answers_and_keeps_totals_already_taken(people):
    alex, bea = people
    taken = alex.participant.cohort
    live = bea.participant.cohort
    for person in (alex, bea):
        EqualityMonitoringFactory(
            application=ExpressionOfInterest.objects.get(applicant=person.user)
        )
    equality_totals_take(cohort=taken)
    frozen = equality_counts(cohort=taken)
    ExpressionOfInterest.objects.filter(cohort=live).update(applicant=alex.user)

    erasure.person_erase(user=alex.user, by=coordinator(), reason=REASON)

    assert equality_counts(cohort=taken) == frozen
    # Where the totals are not yet taken, the answers are gone: they count as not given.
    submitted, counts = equality_counts(cohort=live)
    assert submitted == 1
    assert sum(counts["sex"].values()) == 0
    assert not EqualityMonitoring.objects.exists()


def test_erase_page_refuses_own_account_and_a_superuser_kindly(db):
    staff = coordinator()
    boss = UserFactory(is_superuser=True, is_staff=True)
    client = signed_in(staff)

    own = client.get(erase_url(staff))
    superuser = client.post(erase_url(boss), {"reason": REASON, "confirm": "on"})

    assert own.status_code == 200
    assert "You cannot erase your own account" in own.content.decode()
    assert "Erase their data</button>" not in own.content.decode()
    assert superuser.status_code == 200
    assert "A superuser" in superuser.content.decode()
    boss.refresh_from_db()
    assert boss.is_active
