"""What the admin panel may add, change or delete, model by model (csssl.admin_base): what a
model admin turns off is refused to coordinators and superusers alike, and what it leaves on
still follows each person's own permissions."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from applications.admin.applications import EndorsementInline
from applications.models import ExpressionOfInterest
from csssl.models import BackgroundJob
from tests.factories import UserFactory, coordinator

pytestmark = pytest.mark.django_db

ACTIONS = ("add", "change", "delete")
EVERYTHING = frozenset(ACTIONS)

#: Every model admin that turns something off, and what it turns off; any other model admin
#: turns off nothing.
TURNED_OFF = {
    ("applications", "expressionofinterest"): frozenset({"add"}),
    ("applications", "endorsement"): EVERYTHING,
    ("applications", "score"): EVERYTHING,
    ("applications", "decision"): EVERYTHING,
    ("applications", "offer"): EVERYTHING,
    ("applications", "conflictofinterest"): EVERYTHING,
    ("applications", "invoice"): EVERYTHING,
    ("applications", "cohortallocation"): EVERYTHING,
    ("cohorts", "certificate"): EVERYTHING,
    ("cohorts", "certificatebatch"): frozenset({"add", "change"}),
    ("csssl", "auditevent"): EVERYTHING,
    ("csssl", "backgroundjob"): EVERYTHING,
    ("csssl", "outboxmessage"): frozenset({"add", "delete"}),
    ("events", "apology"): frozenset({"add", "change"}),
    ("events", "attendancerecord"): frozenset({"add", "change"}),
    ("evaluations", "frameworkversion"): EVERYTHING,
    # Two-factor sign-in: set up by its owner alone; a superuser's reset is an action.
    ("mfa", "authenticator"): EVERYTHING,
    # Mentoring: made and changed from its own pages, where the rules and emails are.
    ("mentoring", "pairing"): frozenset({"add"}),
    ("mentoring", "mentoringsession"): frozenset({"add", "delete"}),
    ("mentoring", "fitanswer"): frozenset({"add", "delete"}),
    ("mentoring", "group"): EVERYTHING,
    ("mentoring", "groupmeeting"): EVERYTHING,
    ("mentoring", "meetingattendance"): EVERYTHING,
}


def request_by(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def allowed(model_admin, action: str, request) -> bool:
    return getattr(model_admin, f"has_{action}_permission")(request)


def label(model) -> tuple[str, str]:
    return model._meta.app_label, model._meta.model_name


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def test_admin_base_superuser_refused_exactly_what_each_admin_turns_off(superuser):
    request = request_by(superuser)
    refused = {
        label(model): frozenset(a for a in ACTIONS if not allowed(model_admin, a, request))
        for model, model_admin in admin.site._registry.items()
    }
    assert {key: value for key, value in refused.items() if value} == TURNED_OFF


@pytest.mark.parametrize(("key", "off"), sorted(TURNED_OFF.items()))
def test_admin_base_coordinator_refused_what_is_turned_off_whatever_their_permissions(key, off):
    user = coordinator()
    request = request_by(user)
    model_admin = next(a for m, a in admin.site._registry.items() if label(m) == key)
    app_label, model_name = key
    for action in ACTIONS:
        if action in off:
            assert not allowed(model_admin, action, request), f"{action} {model_name}"
        else:
            expected = user.has_perm(f"{app_label}.{action}_{model_name}")
            assert allowed(model_admin, action, request) is expected, f"{action} {model_name}"


def test_admin_base_what_is_left_on_still_needs_the_permission():
    request = request_by(UserFactory(is_staff=True))
    for model, model_admin in admin.site._registry.items():
        for action in ACTIONS:
            assert not allowed(model_admin, action, request), f"{action} {label(model)}"


def test_admin_base_coordinator_still_corrects_an_application():
    model_admin = admin.site._registry[ExpressionOfInterest]
    assert model_admin.has_change_permission(request_by(coordinator()))


@pytest.mark.parametrize("make_user", [coordinator, lambda: UserFactory(is_superuser=True)])
def test_admin_base_endorsement_inline_is_read_only(make_user):
    inline = EndorsementInline(ExpressionOfInterest, admin.site)
    request = request_by(make_user())
    assert not inline.has_add_permission(request, None)
    assert not inline.has_change_permission(request)
    assert not inline.has_delete_permission(request)
    assert inline.get_extra(request) == 0


@pytest.mark.parametrize(
    ("app_label", "model_name"), sorted(key for key, off in TURNED_OFF.items() if "add" in off)
)
def test_admin_base_superuser_add_page_forbidden(client, superuser, app_label, model_name):
    client.force_login(superuser)
    response = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert response.status_code == 403


def test_admin_base_superuser_cannot_delete_a_background_job(client, superuser):
    job = BackgroundJob.objects.create(task="applications.outcomes_send", key="one")
    client.force_login(superuser)
    url = reverse("admin:csssl_backgroundjob_delete", args=[job.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert BackgroundJob.objects.filter(pk=job.pk).exists()
