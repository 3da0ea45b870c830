"""Browser tests: Debian's Chromium driven by Playwright (sync API), checked with axe-core.

One browser is launched for all the browser tests; each test gets a fresh context (cookies,
storage) at the viewport it asks for. Pages are served by pytest-django's ``live_server``, so
every browser test runs against a transactional database: what the test creates is committed
and visible to the server thread, and emails queued by a request are delivered when it commits.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, require_service

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}

# WCAG 2.2 AA, as UK public-sector sites must meet. axe leaves "target-size" (2.5.8, target
# size minimum) off by default, so it is switched on by name.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="package")
def playwright():
    """Playwright for this package only, replacing pytest-playwright's session-wide one.

    The sync API keeps an event loop running in the test thread for as long as Playwright is
    started, and the ORM refuses to run beside it (SynchronousOnlyOperation). Allowing that
    with DJANGO_ALLOW_ASYNC_UNSAFE only while the browser tests run, and stopping Playwright
    after them, keeps both the loop and the variable away from every other test (and from the
    subprocesses some of them start, such as ``manage.py check --deploy``, which rejects it).
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    started = sync_playwright().start()
    try:
        yield started
    finally:
        started.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_service("chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args, browser_type):
    def launch(**kwargs):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser):
    """One Chromium for all the browser tests; each test gets its own context."""
    launched = launch_browser()
    yield launched
    launched.close()


@pytest.fixture
def viewport() -> str:
    """Which screen a test's page has; parametrize ``viewport`` to run a test on a phone."""
    return "desktop"


@pytest.fixture
def browser_context_args(viewport):
    # Reduced motion turns off Bootstrap's transitions, so screenshots and axe see a menu that
    # has finished opening rather than one half-way through.
    return {**VIEWPORTS[viewport], "locale": "en-GB", "reduced_motion": "reduce"}


@pytest.fixture
def server(live_server) -> str:
    """The live server's root URL, without a trailing slash."""
    return live_server.url.rstrip("/")


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return Axe()


def _describe(violation: dict) -> str:
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"  {violation['helpUrl']}\n  on: {targets}"
    )


@pytest.fixture
def axe_check(axe, viewport):
    """``axe_check(page, name)``: save a full-page screenshot as
    test-artifacts/screenshots/<name>-<viewport>.png, run axe-core on the page as it is now,
    and fail on any serious or critical WCAG 2.2 AA violation."""

    def check(page, name: str) -> dict:
        page.wait_for_load_state("load")
        filename = re.sub(r"[^\w.-]+", "-", f"{name}-{viewport}") + ".png"
        page.screenshot(path=SCREENSHOTS / filename, full_page=True)
        results = axe.run(page, options=AXE_OPTIONS).response
        ran = {
            rule["id"]
            for kind in ("passes", "violations", "incomplete", "inapplicable")
            for rule in results.get(kind, [])
        }
        assert "target-size" in ran, "axe did not run the target-size rule"
        blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe found on {name} ({page.url}):\n" + "\n".join(
            map(_describe, blocking)
        )
        return results

    return check
