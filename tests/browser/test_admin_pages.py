"""The admin panel as coordinators and the DCS group use it, checked with axe-core."""

import pytest
from playwright.sync_api import Page, expect

from tests.applications.factories import EqualityMonitoringFactory, ExpressionOfInterestFactory
from tests.factories import PASSWORD, MilestoneFactory, ParticipantFactory, coordinator, dcs_member

from .test_public_pages import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def cohort(db):
    milestone = MilestoneFactory(title="Event 1")
    ParticipantFactory(cohort=milestone.cohort)
    for _ in range(6):
        application = ExpressionOfInterestFactory(cohort=milestone.cohort, submitted=True)
        EqualityMonitoringFactory(application=application)
    return milestone.cohort


def test_admin_pages_for_coordinator_pass_axe(page: Page, server, cohort, axe_check):
    user = coordinator()
    sign_in(page, server, email=user.email, password=PASSWORD)
    pages = {
        "admin-index": "/admin/",
        "admin-cohorts": "/admin/cohorts/cohort/",
        "admin-cohort-change": f"/admin/cohorts/cohort/{cohort.pk}/change/",
        "admin-cohort-add": "/admin/cohorts/cohort/add/",
        "admin-applications": f"/admin/applications/expressionofinterest/?cohort__id__exact={cohort.pk}",
        "admin-equality": f"/admin/applications/expressionofinterest/equality/{cohort.pk}/",
        "admin-participants": "/admin/cohorts/participant/",
        "admin-outbox": "/admin/csssl/outboxmessage/",
    }
    for name, path in pages.items():
        page.goto(server + path)
        expect(page.locator("#content")).to_be_visible()
        axe_check(page, name)


def test_admin_pages_for_dcs_member_pass_axe(page: Page, server, cohort, axe_check):
    user = dcs_member()
    sign_in(page, server, email=user.email, password=PASSWORD)
    for name, path in {
        "admin-dcs-index": "/admin/",
        "admin-dcs-applications": "/admin/applications/expressionofinterest/",
        "admin-dcs-cohort": f"/admin/cohorts/cohort/{cohort.pk}/change/",
    }.items():
        page.goto(server + path)
        expect(page.locator("#content")).to_be_visible()
        axe_check(page, name)
