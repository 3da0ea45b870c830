"""The audit trail: who changed what, when and why, read by coordinators, changed by nobody."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import services as allocation
from applications.models import Decision
from csssl import audit
from csssl.models import AuditEvent
from csssl.roles import MENTORS
from tests.applications.allocation_fixtures import endorsed
from tests.factories import (
    PASSWORD,
    CohortFactory,
    ParticipantFactory,
    UserFactory,
    coordinator,
    dcs_member,
    mentor,
)

pytestmark = pytest.mark.django_db

TRAIL = reverse("admin:csssl_auditevent_changelist")
TRAIL_CSV = reverse("admin:csssl_auditevent_csv")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def decided(reason: str = "Balances the cohort across authorities"):
    member = dcs_member(first_name="Dana", last_name="Member")
    application = endorsed(CohortFactory())
    allocation.decision_record(application=application, outcome="offer", reason=reason, by=member)
    return member, application


def page_text(client: Client, *, whole: bool = False, **query) -> str:
    """The trail's entries as the page shows them (or the ``whole`` page, its form too)."""
    response = client.get(TRAIL, query)
    assert response.status_code == 200
    html = response.content.decode()
    return html if whole else html.split('id="audit-count"', 1)[1]


def test_a_decision_is_in_the_trail_with_who_made_it_and_why(django_capture_on_commit_callbacks):
    member, application = decided()
    decision = Decision.objects.get(application=application)
    # The DCS member changes their mind, through the page's own service.
    allocation.decision_record(
        application=application,
        outcome="waiting_list",
        reason="Another applicant from the same authority was offered",
        by=member,
        waiting_rank=1,
        seen_version=decision.version,
    )
    client = signed_in(coordinator())

    html = page_text(client, kind="applications.decision")

    assert "Decision " + str(decision.pk) in html
    assert "Dana Member" in html
    assert "Balances the cohort across authorities" in html
    assert "Another applicant from the same authority was offered" in html
    # What changed is named, and a choice shows its labels.
    assert "Offer a place → Waiting list" in html
    assert reverse("admin:applications_decision_history", args=[decision.pk]) in html


def test_a_statement_is_named_as_changed_but_never_copied():
    application = endorsed(CohortFactory(), why_now="I led the safeguarding review")
    application.why_now = "I led the regional safeguarding review of 2025"
    application.save()
    client = signed_in(coordinator())

    html = page_text(client, kind="applications.expressionofinterest")

    assert str(application._meta.get_field("why_now").verbose_name) in html
    assert "safeguarding review" not in html


def test_roles_given_and_taken_away_are_kept_with_who_did_it():
    person = UserFactory(first_name="Mo", last_name="Person")
    boss = coordinator()
    group = Group.objects.get_or_create(name=MENTORS)[0]
    # As the admin's user page does, inside a request signed in as the coordinator.
    client = signed_in(boss)
    from simple_history.models import HistoricalRecords

    HistoricalRecords.context.request = type("R", (), {"user": boss})()
    try:
        person.groups.add(group)
        group.user_set.remove(person)
    finally:
        del HistoricalRecords.context.request

    given, taken = (
        AuditEvent.objects.filter(subject=person)
        .filter(action__in=[AuditEvent.Action.ROLE_ADDED, AuditEvent.Action.ROLE_REMOVED])
        .order_by("at", "pk")
    )
    assert (given.action, given.detail, given.actor) == ("role_added", MENTORS, boss)
    assert (taken.action, taken.detail, taken.actor) == ("role_removed", MENTORS, boss)
    html = page_text(client, kind=audit.ACCOUNT_KIND, action="role_added")
    assert "Account of Mo Person" in html
    assert "Role given" in html
    assert "Role taken away" not in html


def test_account_changes_name_the_fields_and_never_the_password():
    person = UserFactory()
    person.email = "new.address@example.org"
    person.set_password("another-long-passphrase-here")
    person.save()
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])  # a sign-in's stamp is not an account change

    change = AuditEvent.objects.filter(subject=person, action="account_changed").first()
    assert change.detail == "email address, password"
    assert AuditEvent.objects.filter(subject=person, action="account_changed").count() == 2
    assert "pbkdf2" not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_staff_sign_ins_and_failed_sign_ins_are_kept_and_others_are_not():
    staff = coordinator(email="coord@example.org")
    applicant = UserFactory(email="applicant@example.org")
    login = reverse("account_login")

    Client().post(login, {"login": "coord@example.org", "password": "wrong-password"})
    Client().post(login, {"login": "coord@example.org", "password": PASSWORD})
    Client().post(login, {"login": "applicant@example.org", "password": "wrong-password"})
    Client().post(login, {"login": "applicant@example.org", "password": PASSWORD})
    Client().post(login, {"login": "nobody@example.org", "password": "wrong-password"})

    kept = list(
        AuditEvent.objects.filter(action__in=["signed_in", "sign_in_failed"])
        .order_by("at", "pk")
        .values_list("action", "subject")
    )
    assert kept == [("sign_in_failed", staff.pk), ("signed_in", staff.pk)]
    assert not AuditEvent.objects.filter(subject=applicant, action="signed_in").exists()


def test_the_trail_is_for_coordinators_and_superusers_only():
    decided()
    for nobody in (dcs_member(), mentor(), ParticipantFactory().user, UserFactory()):
        client = signed_in(nobody)
        # The admin sends those without staff access to its login, which tells them nothing.
        assert client.get(TRAIL, follow=True).status_code == 404
        assert client.get(TRAIL_CSV, follow=True).status_code == 404
    assert Client().get(TRAIL).status_code == 302
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert signed_in(superuser).get(TRAIL).status_code == 200


def test_nobody_changes_or_deletes_an_entry():
    entry = AuditEvent.objects.filter(action="account_created").first() or audit.record(
        AuditEvent.Action.ACCOUNT_CREATED, subject=UserFactory()
    )
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client = signed_in(superuser)
    model_admin = __import__("django.contrib.admin", fromlist=["site"]).site._registry[AuditEvent]
    request = type("R", (), {"user": superuser})()

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert client.post(
        TRAIL, {"action": "delete_selected", "_selected_action": [entry.pk]}
    ).status_code in (200, 405)
    assert AuditEvent.objects.filter(pk=entry.pk).exists()
    entry.detail = "changed"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never deleted"):
        entry.delete()


def test_filters_by_person_and_day_and_a_bad_range_is_told_beside_the_field():
    member, _application = decided()
    client = signed_in(coordinator())
    today = timezone.localdate()

    mine = page_text(client, actor=member.email[:6], kind="applications.decision")
    nobody = page_text(client, actor="no-such-person", kind="applications.decision")
    yesterday = page_text(client, end=(today - timedelta(days=1)).isoformat())
    wrong = page_text(
        client, whole=True, start=today.isoformat(), end=(today - timedelta(days=3)).isoformat()
    )

    assert "Dana Member" in mine
    assert "No entries match." in nobody
    assert "No entries match." in yesterday
    assert "The last day cannot be before the first." in wrong
    assert "No entries match." in wrong  # not every entry, as if nothing had been asked
    assert f'value="{today.isoformat()}"' in wrong  # what was typed is kept


def test_the_csv_holds_what_the_page_shows():
    member, application = decided()
    client = signed_in(coordinator())

    response = client.get(TRAIL_CSV, {"kind": "applications.decision"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["When (UK time)", "Done by", "Email", "What happened"]
    decision = Decision.objects.get(application=application)
    assert [row[1:6] for row in rows[1:]] == [
        ["Dana Member", member.email, "Created", "Decisions", f"Decision {decision.pk}"]
    ]
    assert rows[1][7] == "Balances the cohort across authorities"


@pytest.mark.parametrize("size", [1, 6])
def test_a_page_of_the_trail_is_read_in_the_same_number_of_queries(size, django_assert_num_queries):
    for _ in range(size):
        decided()
    client = signed_in(coordinator())
    client.get(TRAIL)  # the session and permissions warmed, as for any later page
    # session, user, groups (for the role and for the admin's permissions), count, page,
    # actors, and two for each kind of record on the page.
    with django_assert_num_queries(QUERIES_FOR_A_PAGE):
        client.get(TRAIL, {"kind": "applications.decision"})


QUERIES_FOR_A_PAGE = 9
