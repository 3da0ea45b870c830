"""Who may see or do what with cohorts, the workspace and certificates (``cohorts.rules``)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cohorts import rules
from tests.factories import UserFactory, coordinator, dcs_member, mentor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rule", [rules.can_use_workspace, rules.can_award_certificates])
def test_workspace_and_certificates_are_for_coordinators_only(rule):
    people = {
        "coordinator": coordinator(),
        "dcs": dcs_member(),
        "mentor": mentor(),
        "someone": UserFactory(),
        "anonymous": AnonymousUser(),
    }
    assert {name for name, user in people.items() if rule(user)} == {"coordinator"}
