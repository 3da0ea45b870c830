"""Browser tests: Debian's Chromium driven by Playwright (sync API), checked with axe-core.

One browser is launched for all the browser tests; each test gets a fresh context (cookies,
storage) at the viewport it asks for. Pages are served by pytest-django's ``live_server``, so
every browser test runs against a transactional database: what the test creates is committed
and visible to the server thread, and emails queued by a request are delivered when it commits.

``axe_check(page, name)`` is the one check every visited page goes through, at a 360 px phone
and at desktop width whatever screen the test drives: no serious or critical axe-core
violation, no sideways scrolling, and no error in the browser's console (a script error or
something refused by the Content Security Policy) since the page was opened. The same page is
then narrowed to 320 px, the width WCAG 1.4.10 (reflow) asks content to fit, and must not
scroll sideways there either, as it is and with the text spacing of WCAG 1.4.12. Pages are watched
from their first request: a test opens a further browser with ``new_context()``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page

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

# The phone is the narrowest in common use (WCAG 1.4.10 reflow asks for 320 CSS px of content).
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True},
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


class PageWatch:
    """What each page has reported since it opened: console errors (CSP refusals among them)
    and uncaught exceptions."""

    def __init__(self) -> None:
        self._pages: dict[int, tuple[Page, list[str]]] = {}

    def attach(self, page: Page) -> None:
        errors: list[str] = []
        self._pages[id(page)] = (page, errors)

        def on_console(message: ConsoleMessage) -> None:
            if (
                message.type == "error"
                and not _is_the_tests(message)
                and not _is_own_status(page, message)
            ):
                errors.append(f"console error: {message.text} ({message.location.get('url')})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(f"uncaught exception: {error}"))

    def errors(self, page: Page) -> list[str]:
        watched = self._pages.get(id(page))
        if watched is None or watched[0] is not page:
            pytest.fail(
                "This page is not watched for console errors: open it from the page fixture "
                "or from a context made with new_context."
            )
        return list(watched[1])


def _is_the_tests(message: ConsoleMessage) -> bool:
    """A message from a script the test put in the page, which has no address: axe-core puts
    back the style attributes it changes while it measures, and the CSP refuses that, as it
    should. Everything the page loads or writes itself has the address of its file."""
    return not message.location.get("url")


def _is_own_status(page: Page, message: ConsoleMessage) -> bool:
    """Chromium logs a page answered with an error status (a 404 for an unknown certificate
    code, a 400 for a form sent back) as a failed load: the status is meant, the page is fine.
    A failed image, script or stylesheet is still reported."""
    return message.text.startswith("Failed to load resource") and (
        message.location.get("url") == page.url
    )


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def new_context(new_context, page_watch: PageWatch) -> Callable[..., BrowserContext]:
    """pytest-playwright's ``new_context(**options)`` (the test's own context and any other
    browser a test opens, such as a second person's), with every page it opens watched."""

    def make(**options) -> BrowserContext:
        context = new_context(**options)
        context.on("page", page_watch.attach)
        return context

    return make


# Every page is checked on both screens, whichever the test drives.
CHECKED_SCREENS = ("phone", "desktop")

# WCAG 1.4.10 (reflow): content fits 320 CSS px without scrolling sideways.
REFLOW = {"width": 320, "height": 640}

# WCAG 1.4.12 (text spacing): a reader's own spacing must lose no content. An adopted style
# sheet is built by script rather than put in the page as a <style>, which the Content
# Security Policy refuses; it is taken off again after the measurement.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
WITH_TEXT_SPACING = """(css) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  window.__textSpacing = sheet;
}"""
WITHOUT_TEXT_SPACING = """() => {
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter(
    (sheet) => sheet !== window.__textSpacing
  );
  delete window.__textSpacing;
}"""


def _scrolls_sideways(page: Page) -> str | None:
    """Content wider than the screen. A phone (``is_mobile``) widens its layout viewport, and
    with it ``window.innerWidth``, to fit content that overflows, so the content is measured
    against the screen's own width."""
    content, window = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    screen = min(window, page.viewport_size["width"])
    if content > screen:
        return f"scrolls sideways: {content} px of content on a {screen} px screen"
    return None


@pytest.fixture
def axe_check(axe, page_watch):
    """``axe_check(page, name)``: on a 360 px phone and at desktop width, save a full-page
    screenshot as test-artifacts/screenshots/<name>-<screen>.png, run axe-core on the page as
    it is now and measure its width; then measure its width at 320 px, as it is and with the
    WCAG 1.4.12 text spacing (a screenshot of each, <name>-320.png and
    <name>-320-text-spacing.png, is saved only when the page scrolls sideways). Fail on any
    serious or critical WCAG 2.2 AA violation, on sideways scrolling, or on any console error
    or uncaught exception since the page opened. The page is left at the size it had. Returns
    axe's results on the test's own screen."""

    def on_screen(page: Page, name: str, screen: str) -> tuple[dict, list[str]]:
        filename = re.sub(r"[^\w.-]+", "-", f"{name}-{screen}") + ".png"
        page.screenshot(path=SCREENSHOTS / filename, full_page=True)
        results = axe.run(page, options=AXE_OPTIONS).response
        ran = {
            rule["id"]
            for kind in ("passes", "violations", "incomplete", "inapplicable")
            for rule in results.get(kind, [])
        }
        assert "target-size" in ran, "axe did not run the target-size rule"
        found = [_describe(v) for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
        if sideways := _scrolls_sideways(page):
            found.append(f"- {sideways}")
        return results, [
            f"at {screen} width ({page.viewport_size['width']} px):\n{line}" for line in found
        ]

    def reflows(page: Page, name: str) -> list[str]:
        page.set_viewport_size(REFLOW)
        found = []
        for spacing, suffix in ((False, ""), (True, "-text-spacing")):
            if spacing:
                page.evaluate(WITH_TEXT_SPACING, TEXT_SPACING)
            try:
                if sideways := _scrolls_sideways(page):
                    label = "with WCAG 1.4.12 text spacing " if spacing else ""
                    found.append(f"at 320 px width {label}(WCAG 1.4.10):\n- {sideways}")
                    filename = re.sub(r"[^\w.-]+", "-", f"{name}-320{suffix}") + ".png"
                    page.screenshot(path=SCREENSHOTS / filename, full_page=True)
            finally:
                if spacing:
                    page.evaluate(WITHOUT_TEXT_SPACING)
        return found

    def check(page: Page, name: str) -> dict:
        page.wait_for_load_state("load")
        own = page.viewport_size
        # The screen the test is on first, so nothing moves unless it must.
        screens = sorted(CHECKED_SCREENS, key=lambda screen: VIEWPORTS[screen]["viewport"] != own)
        problems: list[str] = []
        results: dict[str, dict] = {}
        try:
            for screen in screens:
                size = VIEWPORTS[screen]["viewport"]
                if page.viewport_size != size:
                    page.set_viewport_size(size)
                results[screen], found = on_screen(page, name, screen)
                problems += found
            problems += reflows(page, name)
        finally:
            if page.viewport_size != own:
                page.set_viewport_size(own)
        problems += page_watch.errors(page)
        if problems:
            raise AssertionError(f"{name} ({page.url}):\n" + "\n".join(problems))
        return results[screens[0]]

    return check
