import pytest
from django.contrib.auth.models import Group
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.views import View

from csssl import roles
from tests.factories import UserFactory, coordinator, dcs_member, mentor

pytestmark = pytest.mark.django_db


def test_roles_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


def test_roles_coordinators_may_change_cohorts_dcs_may_only_view():
    coord, dcs = coordinator(), dcs_member()
    assert coord.has_perm("cohorts.change_cohort")
    assert coord.has_perm("cohorts.add_programme")
    assert dcs.has_perm("cohorts.view_cohort")
    assert not dcs.has_perm("cohorts.change_cohort")
    assert not mentor().has_perm("cohorts.view_cohort")


def test_roles_dcs_group_does_not_view_completion_rules_or_certificate_batches():
    coord, dcs = coordinator(), dcs_member()
    for codename in (
        "view_completionrule",
        "view_historicalcompletionrule",
        "view_certificatebatch",
    ):
        assert coord.has_perm(f"cohorts.{codename}")
        assert not dcs.has_perm(f"cohorts.{codename}")
    assert dcs.has_perm("cohorts.view_certificate")
    assert dcs.has_perm("cohorts.view_quality")


def test_roles_coordinators_cannot_edit_users():
    coord = coordinator()
    assert coord.has_perm("csssl.view_user")
    assert not coord.has_perm("csssl.change_user")


@pytest.mark.parametrize(
    ("make", "coordinator_", "dcs", "mentor_"),
    [
        (lambda: UserFactory(), False, False, False),
        (coordinator, True, False, False),
        (dcs_member, False, True, False),
        (mentor, False, False, True),
        (lambda: UserFactory(is_superuser=True), True, False, False),
    ],
)
def test_roles_predicates(make, coordinator_, dcs, mentor_):
    user = make()
    assert roles.is_coordinator(user) is coordinator_
    assert roles.is_dcs_member(user) is dcs
    assert roles.is_mentor(user) is mentor_


def test_roles_inactive_coordinator_is_not_a_coordinator():
    user = coordinator(is_active=False)
    assert not roles.is_coordinator(user)


class CoordinatorPage(roles.RoleRequiredMixin, View):
    def get(self, request):
        return HttpResponse("ok")


def test_role_required_mixin_anonymous_redirected_to_login():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/coordinator/")
    request.user = AnonymousUser()
    response = CoordinatorPage.as_view()(request)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_role_required_mixin_wrong_role_gets_404():
    request = RequestFactory().get("/coordinator/")
    request.user = dcs_member()
    with pytest.raises(Http404):
        CoordinatorPage.as_view()(request)
    request.user = coordinator()
    assert CoordinatorPage.as_view()(request).status_code == 200
