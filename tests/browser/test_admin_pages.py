"""The admin panel as coordinators and the DCS group use it, checked with axe-core."""

import pytest
from playwright.sync_api import Page, Route, expect

from tests.applications.allocation_fixtures import allocation_year
from tests.applications.factories import EqualityMonitoringFactory, ExpressionOfInterestFactory
from tests.factories import (
    PASSWORD,
    MilestoneFactory,
    ParticipantFactory,
    coordinator,
    dcs_member,
)

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
        "admin-application-change": (
            f"/admin/applications/expressionofinterest/{cohort.applications.first().pk}/change/"
        ),
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


def test_admin_page_check_fails_on_what_the_csp_refuses(page: Page, server, cohort, axe_check):
    """The check every admin page above goes through fails on anything the Content Security
    Policy refuses: the cohorts list, served with an inline script added (as a slip in a
    template would add one), is refused by the browser, and so fails the check."""
    sign_in(page, server, email=coordinator().email, password=PASSWORD)
    path = "/admin/cohorts/cohort/"

    def add_inline_script(route: Route) -> None:
        served = route.fetch()
        body = served.text().replace("</body>", "<script>document.title = 'x';</script></body>")
        route.fulfill(response=served, body=body)

    page.route(server + path, add_inline_script)
    response = page.goto(server + path)

    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    with pytest.raises(
        AssertionError, match="inline script violates the following Content Security Policy"
    ):
        axe_check(page, "admin-csp-refused")
    assert page.title() != "x"


@pytest.fixture
def allocation_record(db):
    return allocation_year()


def test_allocation_admin_pages_for_coordinator_pass_axe(
    page: Page, server, allocation_record, axe_check
):
    user = coordinator()
    sign_in(page, server, email=user.email, password=PASSWORD)
    record = allocation_record
    base = "/admin/applications"
    pages = {
        "admin-scores": f"{base}/score/?application__cohort__id__exact={record['cohort'].pk}",
        "admin-decisions": f"{base}/decision/",
        "admin-decision-history": f"{base}/decision/{record['decision'].pk}/history/",
        "admin-offers": f"{base}/offer/",
        "admin-conflicts": f"{base}/conflictofinterest/",
        "admin-invoices": f"{base}/invoice/",
        "admin-invoice": f"{base}/invoice/{record['invoice'].pk}/change/",
        "admin-criteria": f"{base}/criterion/",
        "admin-criterion": f"{base}/criterion/{record['criterion'].pk}/change/",
        "admin-balance-targets": f"{base}/balancetarget/",
        "admin-balance-target-add": f"{base}/balancetarget/add/",
        "admin-allocation-settings": f"{base}/allocationsettings/",
        "admin-allocators": f"{base}/allocator/",
        "admin-allocator": f"{base}/allocator/{record['allocator'].pk}/change/",
    }
    for name, path in pages.items():
        page.goto(server + path)
        expect(page.locator("#content")).to_be_visible()
        axe_check(page, name)

    page.goto(f"{server}{base}/balancetarget/add/")
    page.get_by_label("Cohort").select_option(str(record["cohort"].pk))
    page.get_by_label("Dimension").select_option("sector")
    page.get_by_label("Value").fill("E06000015")
    page.get_by_label("At most").fill("2")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#id_value_error")).to_contain_text("is not a group under")
    axe_check(page, "admin-balance-target-error")


def test_allocation_admin_pages_for_dcs_member_pass_axe(
    page: Page, server, allocation_record, axe_check
):
    user = dcs_member()
    sign_in(page, server, email=user.email, password=PASSWORD)
    for name, path in {
        "admin-dcs-scores": "/admin/applications/score/",
        "admin-dcs-decisions": "/admin/applications/decision/",
        "admin-dcs-decision": f"/admin/applications/decision/{allocation_record['decision'].pk}/change/",
    }.items():
        page.goto(server + path)
        expect(page.locator("#content")).to_be_visible()
        axe_check(page, name)
