"""The admin panel as coordinators and the DCS group use it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from csssl.models import OutboxMessage
from tests.factories import (
    CohortFactory,
    MilestoneFactory,
    ParticipantFactory,
    QualityFactory,
    UserFactory,
    coordinator,
    dcs_member,
)

pytestmark = pytest.mark.django_db

COORDINATOR_MODELS = [
    ("cohorts", "programme"),
    ("cohorts", "cohort"),
    ("cohorts", "localauthority"),
    ("cohorts", "organisation"),
    ("cohorts", "participant"),
    ("cohorts", "qualityframework"),
    ("cohorts", "quality"),
    ("csssl", "outboxmessage"),
]


@pytest.fixture
def data():
    ParticipantFactory()
    MilestoneFactory()
    QualityFactory()


def test_admin_every_model_of_ours_is_registered():
    registered = {(m._meta.app_label, m._meta.model_name) for m in admin.site._registry}
    assert set(COORDINATOR_MODELS) <= registered


@pytest.mark.parametrize(("app", "model"), COORDINATOR_MODELS)
def test_admin_coordinator_lists_searches_and_filters(client, data, app, model):
    client.force_login(coordinator())
    url = reverse(f"admin:{app}_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "nottingham"}).status_code == 200
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.model_name == model)
    assert model_admin.list_filter, f"{model} has list filters"


def test_admin_coordinator_opens_cohort_with_timeline(client):
    milestone = MilestoneFactory(title="Event 1")
    client.force_login(coordinator())
    response = client.get(reverse("admin:cohorts_cohort_change", args=[milestone.cohort.pk]))
    assert response.status_code == 200
    assert "Event 1" in response.content.decode()


def test_admin_dcs_member_reads_cohorts_but_cannot_change(client):
    cohort = CohortFactory()
    client.force_login(dcs_member())
    assert client.get(reverse("admin:cohorts_cohort_changelist")).status_code == 200
    change = client.post(reverse("admin:cohorts_cohort_change", args=[cohort.pk]), {"capacity": 1})
    assert change.status_code == 403
    assert client.get(reverse("admin:csssl_outboxmessage_changelist")).status_code == 403


@pytest.mark.parametrize("model", ["completionrule", "certificatebatch"])
def test_admin_completion_rules_and_certificate_batches_are_coordinators_only(client, model):
    url = reverse(f"admin:cohorts_{model}_changelist")
    client.force_login(dcs_member())
    assert client.get(url).status_code == 403
    client.force_login(coordinator())
    assert client.get(url).status_code == 200


def test_admin_applicant_is_sent_to_sign_in(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:cohorts_cohort_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_admin_outbox_is_read_only(client):
    client.force_login(coordinator())
    assert client.get(reverse("admin:csssl_outboxmessage_add")).status_code == 403
    assert OutboxMessage.objects.count() == 0
