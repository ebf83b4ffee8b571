"""Accessibility and small screens, in headless Chromium: every page at 1280×900 and at a
390×844 phone width passes axe-core (vendored, injected by the test only) on the WCAG 2 A and
AA rules with no serious or critical violation, never scrolls sideways on the phone, and is
usable from the keyboard (a skip link first, a visible focus ring, the header in order).
A screenshot of each page at each width goes to test-artifacts/a11y-<page>-<width>.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from paths import REPO
from test_browser import ARTIFACTS
from test_query_samples import article_id

pytest_plugins = ("test_browser",)  # the browser, base_url and page fixtures
pytestmark = pytest.mark.browser

AXE = REPO / "src" / "eventwire" / "web" / "static" / "vendor" / "axe.min.js"
SIZES = [(1280, 900), (390, 844)]
BLOCKING = {"serious", "critical"}

# (name, path, status); "{event}" is the first event's id, read from the API
PAGES = [
    ("dashboard", "/", 200),
    ("events", "/events", 200),
    ("events-negated", "/events?include_negated=true", 200),
    ("event", "/events/{event}", 200),
    ("articles", "/articles", 200),
    ("article", f"/articles/{article_id('000')}", 200),
    ("quotes", "/quotes", 200),
    ("actors", "/actors", 200),
    ("actor", "/actors/masoud-pezeshkian", 200),
    ("dyads", "/dyads", 200),
    ("dyad", "/dyads/IRN/SYR", 200),
    ("stories", "/stories", 200),
    ("story", "/stories/story-c", 200),
    ("map", "/map", 200),
    ("search", "/search?q=territorial+integrity", 200),
    ("error", "/actors/nobody", 404),
    ("api-docs", "/api/docs", 200),
]


def open_page(page: Page, base_url: str, path: str, status: int) -> None:
    """Go to ``path`` and wait until its charts (or Swagger UI) are drawn."""
    if "{event}" in path:
        first = page.request.get(base_url + "/api/events?limit=1").json()["items"][0]
        path = path.format(event=first["id"])
    response = page.goto(base_url + path)
    assert response is not None and response.status == status, path
    if path.startswith("/api/docs"):
        page.wait_for_selector(".opblock-summary-path", timeout=20_000)
        return
    charts = page.locator("[data-chart]")
    for i in range(charts.count()):
        page.wait_for_function("el => el.hasAttribute('data-ready')",
                               arg=charts.nth(i).element_handle(), timeout=15_000)


def axe(page: Page) -> list[dict]:
    """The WCAG 2 A/AA violations axe-core finds on the page."""
    # Not page.add_script_tag: its inline <script> is refused by the page's strict CSP, which
    # must stay on. Playwright's evaluate runs outside the CSP, as DevTools would.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        resultTypes: ["violations"]})""")
    return result["violations"]


def describe(violation: dict) -> str:
    nodes = "; ".join(" ".join(n["target"]) if isinstance(n["target"][0], str) else
                      str(n["target"]) for n in violation["nodes"][:5])
    return (f"{violation['impact']}: {violation['id']} ({violation['help']}) "
            f"x{len(violation['nodes'])}: {nodes}")


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize(("name", "path", "status"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_is_accessible_and_fits(page, base_url, name, path, status, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, base_url, path, status)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"a11y-{name}-{width}.png"), full_page=True)
    if width < 600:  # the phone: wide tables scroll inside their box, never the page
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    violations = axe(page)
    for v in violations:  # the moderate and minor ones are reported, not failed
        print(f"{name} @{width}: {describe(v)}")
    assert [describe(v) for v in violations if v["impact"] in BLOCKING] == []
    problems = page.problems  # type: ignore[attr-defined]
    if status != 200:  # the console reports the page's own status
        problems = [p for p in problems if f"status of {status}" not in p]
    assert problems == []


def focused(page: Page) -> dict:
    """What has the focus: its tag, text, name and whether a focus ring is drawn."""
    return page.evaluate("""() => { const el = document.activeElement, css = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), text: el.textContent.trim(), name: el.name || '',
                id: el.id, ring: css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) >= 2,
                top: el.getBoundingClientRect().top}; }""")


def test_the_keyboard_reaches_the_skip_link_then_the_header_in_order(page, base_url):
    open_page(page, base_url, "/", 200)
    page.keyboard.press("Tab")
    skip = focused(page)
    assert (skip["tag"], skip["text"]) == ("a", "Skip to content")
    assert skip["ring"] and skip["top"] >= 0  # shown, with a visible focus ring, when focused
    order = []
    for _ in range(9):
        page.keyboard.press("Tab")
        el = focused(page)
        assert el["ring"], el
        order.append(el["text"] or el["name"])
    assert order == ["eventwire", "Events", "Articles", "Stories", "Actors", "Dyads", "Quotes",
                     "Map", "q"]  # the brand, the nav in reading order, then the search box
    # the skip link jumps past the header: the next Tab is the page's first control
    for _ in range(9):
        page.keyboard.press("Shift+Tab")
    assert focused(page)["text"] == "Skip to content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "content"
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "date_from"  # the date range form at the top of the page
