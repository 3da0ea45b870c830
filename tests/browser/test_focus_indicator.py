"""The focus indicator, measured as WCAG 2.4.13 (focus appearance) and 1.4.11 measure it.

Each page is walked with the Tab key alone. For every element that takes focus, the area
around it is captured focused and again after the focus leaves it; the pixels that changed by a
contrast of at least 3:1 must cover at least the area of a 2 CSS pixel thick line round the
element (its perimeter times two). Bootstrap's own faint ring on fields, radios and buttons
changes its pixels by about 1.4:1, so a page that fell back to it fails here.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Page

from cohorts.models import Cohort
from tests.applications.allocation_fixtures import criteria, endorsed
from tests.factories import (
    PASSWORD,
    CohortFactory,
    QualityFactory,
    QualityFrameworkFactory,
    UserFactory,
    dcs_member,
)

pytestmark = pytest.mark.browser

#: Room round an element for the ring drawn outside it (3 px outline 2 px away, and more).
MARGIN = 8
#: At most this many Tab stops per page, so a long page stays quick to check.
MOST_STOPS = 40


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def changed_with_contrast(focused: bytes, unfocused: bytes) -> int:
    """How many pixels differ between the two captures by a contrast of 3:1 or more."""
    one = Image.open(io.BytesIO(focused)).convert("RGB")
    two = Image.open(io.BytesIO(unfocused)).convert("RGB")
    if ImageChops.difference(one, two).getbbox() is None:
        return 0
    first, second = one.tobytes(), two.tobytes()
    count = 0
    for at in range(0, len(first), 3):
        a, b = first[at : at + 3], second[at : at + 3]
        if a != b and contrast(tuple(a), tuple(b)) >= 3:
            count += 1
    return count


FOCUSED_BOX = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height,
          name: (el.getAttribute('aria-label') || el.innerText || el.name || el.id || el.tagName)
                .trim().slice(0, 40)};
}"""


def weak_indicators(
    page: Page,
    *,
    start: str | None = None,
    most_stops: int = MOST_STOPS,
    visited: list[str] | None = None,
) -> list[str]:
    """Every Tab stop of the page whose focus indicator is too small or too faint: from the
    top, or from the element ``start`` names (a page's main content, past a long menu). The
    name of each stop is added to ``visited`` if given."""
    problems = []
    if start:
        page.locator(start).focus()
    else:
        page.locator("body").click(position={"x": 1, "y": 1})
    seen = set()
    for _ in range(most_stops):
        page.keyboard.press("Tab")
        box = page.evaluate(FOCUSED_BOX)
        if box is None:
            break
        key = (round(box["x"]), round(box["y"]), box["name"])
        if key in seen:
            break
        seen.add(key)
        if visited is not None:
            visited.append(box["name"])
        if box["width"] < 1 or box["height"] < 1:
            continue
        page.evaluate("() => document.activeElement.scrollIntoView({block: 'center'})")
        box = page.evaluate(FOCUSED_BOX)
        clip = {
            "x": max(box["x"] - MARGIN, 0),
            "y": max(box["y"] - MARGIN, 0),
            "width": box["width"] + 2 * MARGIN,
            "height": box["height"] + 2 * MARGIN,
        }
        focused = page.screenshot(clip=clip, animations="disabled")
        page.evaluate("() => { window.__focused = document.activeElement; __focused.blur(); }")
        unfocused = page.screenshot(clip=clip, animations="disabled")
        # Back where it was, so the next Tab goes on from this element.
        page.evaluate("() => window.__focused.focus()")
        needed = 2 * 2 * (box["width"] + box["height"])
        got = changed_with_contrast(focused, unfocused)
        if got < needed:
            problems.append(f"{box['name']!r}: {got} px changed by 3:1, {needed:.0f} needed")
    return problems


@pytest.fixture
def cohort(live_server) -> Cohort:
    quality = QualityFactory(framework=QualityFrameworkFactory(is_current=True))
    return CohortFactory(programme=quality.framework.programme, status=Cohort.Status.OPEN)


def test_every_tab_stop_on_the_public_pages_has_a_strong_focus_indicator(page, server, cohort):
    for path in ("/", f"/programmes/{cohort.programme.slug}/", "/accounts/login/"):
        page.goto(server + path)
        assert weak_indicators(page) == [], path


def sign_in(page: Page, server: str, email: str) -> None:
    page.goto(f"{server}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def test_every_tab_stop_of_the_application_form_has_a_strong_focus_indicator(page, server, cohort):
    UserFactory(email="ada@example.org")
    sign_in(page, server, "ada@example.org")
    page.goto(f"{server}/cohorts/{cohort.pk}/apply/")
    assert weak_indicators(page) == []


def test_every_tab_stop_of_the_admin_panel_has_a_strong_focus_indicator(page, server, cohort):
    """A changelist (its header, the navigation sidebar, search, filters, actions and rows) and
    the allocation board (filters, score selects, decision fields and their buttons), as a
    member of the DCS group sees them."""
    criteria(cohort, "Readiness for strategic leadership")
    endorsed(cohort, applicant=UserFactory(first_name="Jordan", last_name="Lee"))
    sign_in(page, server, dcs_member().email)

    # From the top: the header, the skip link, the sidebar's toggle and its menu.
    page.goto(f"{server}/admin/cohorts/cohort/")
    assert weak_indicators(page) == []
    # From the main content, past the menu: search, actions, the list and its filters.
    visited: list[str] = []
    assert weak_indicators(page, start="#content-start", visited=visited) == []
    assert any(name.startswith("Search") or name == "q" for name in visited), visited

    page.goto(f"{server}/admin/applications/cohortallocation/{cohort.pk}/board/")
    visited = []
    assert weak_indicators(page, start="#content-start", most_stops=80, visited=visited) == []
    said = " | ".join(" ".join(name.split()) for name in visited)
    assert "Save scores for Jordan Lee" in said, said
    assert "Record the decision for Jordan Lee" in said, said
