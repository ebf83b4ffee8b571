"""The web UI in headless Chromium (Playwright driving the system browser), offline.

The app serves the coded samples on 127.0.0.1 at a free port from a thread; every page must
render its data, draw its charts with no console error or CSP violation and no request off
the local server; a screenshot of each page goes to test-artifacts/.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from eventwire.api import create_app
from eventwire.settings import Settings
from paths import REPO
from test_query_samples import article_id, sample_engine

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:  # noqa: ANN001 - a FastAPI app
    """Run ``app`` with uvicorn on 127.0.0.1 at a free port in a thread; yield its URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    engine = sample_engine(tmp_path_factory.mktemp("browser") / "samples.db")
    with serving(create_app(Settings(), db=engine)) as url:
        yield url
    engine.dispose()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url) -> Iterator[Page]:
    """A page that records console errors, CSP violations and requests off the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(m.text))
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))

    def guard(route):  # the UI must work offline: nothing but our own server
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            pg.problems.append(f"external request: {route.request.url}")
            route.abort()

    pg.route("**/*", guard)
    yield pg
    context.close()


def visit(page: Page, base_url: str, path: str, shot: str) -> Page:
    """Open a page, wait for its charts, screenshot it, and check nothing went wrong."""
    response = page.goto(base_url + path)
    assert response is not None and response.status == 200, path
    charts = page.locator("[data-chart]")
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        page.wait_for_function("el => el.hasAttribute('data-ready')", arg=chart.element_handle(),
                               timeout=15_000)
        assert chart.get_attribute("data-ready") == "true", chart.get_attribute("data-chart")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    assert page.problems == []  # type: ignore[attr-defined]
    return page


def test_dashboard(page, base_url):
    visit(page, base_url, "/", "dashboard")
    assert page.locator("[data-total=articles] .n").inner_text() == "5"
    assert page.locator("[data-total=events] .n").inner_text() == "13"
    assert page.locator("table.dyads tbody tr").first.inner_text().split()[:3] == \
        ["Iran", "→", "Syria"]
    assert page.locator("rect.bar").count() >= 4
    assert "Iran will not halt its support" in page.locator("ul.stories").inner_text()


def test_events_table_filters(page, base_url):
    visit(page, base_url, "/events", "events")
    assert page.locator("table.events tbody tr").count() == 13
    page.fill("input[name=dyad]", "IRN,TUR")
    page.click("form.filters button")
    page.wait_for_url("**/events?*dyad=IRN%2CTUR*")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 3
    assert "Recep Tayyip Erdogan" in rows.first.inner_text()
    evidence = rows.first.locator("a.evidence")
    assert evidence.get_attribute("href").startswith(f"/articles/{article_id('000')}#row-")
    page.fill("input[name=dyad]", "")
    page.select_option("select[name=role]", "recipient")
    page.fill("input[name=actor]", "SYR")
    page.check("input[name=include_negated]")
    page.click("form.filters button")
    page.wait_for_url("**/events?*include_negated=true*")
    assert page.locator("table.events tbody tr").count() == 6
    assert page.locator("tr.negated").count() == 1  # "will not halt its support", shown faded
    # an evidence link opens the article at the event's row
    link = page.locator("tr.negated a.evidence")
    event_id = page.locator("tr.negated").get_attribute("data-event")
    link.click()
    page.wait_for_url(f"**/articles/{article_id('002')}#row-*")
    assert page.locator("tr:target").get_attribute("data-event") == event_id


def test_article_page_highlights(page, base_url):
    visit(page, base_url, f"/articles/{article_id('000')}", "article")
    text = page.locator("article.text")
    assert text.inner_text().startswith('"Any developments in Syria')
    assert "meeting" in text.locator(".hl.trigger").all_inner_texts()
    assert "on Thursday" in text.locator(".hl.date").all_inner_texts()
    assert "Cairo" in text.locator(".hl.place").all_inner_texts()
    assert "Recep Tayyip Erdogan" in text.locator(".hl.actor").all_inner_texts()
    assert "absolutely unacceptable" in " ".join(text.locator(".hl.quote").all_inner_texts())
    assert page.locator("ul.quotes li").count() == 2


def test_actor_page_for_pezeshkian(page, base_url):
    visit(page, base_url, "/actors/masoud-pezeshkian", "actor")
    assert page.locator("h1").inner_text() == "Masoud Pezeshkian"
    assert "President" in page.locator("ul.roles").inner_text()
    countries = set(page.locator("table.counterparts tr[data-counterpart]").evaluate_all(
        "rows => rows.map(r => r.dataset.counterpart)"))
    assert {"TUR", "SYR", "IRQ"} <= countries
    events = page.locator("table.events").inner_text()
    for who in ("Recep Tayyip Erdogan", "Bassam al-Sabbagh", "Mohammed Shia al-Sudani"):
        assert who in events
    n_counterparts = page.locator("table.counterparts tr[data-counterpart]").count()
    assert page.locator(".network circle").count() == n_counterparts + 1  # plus the actor
    assert page.locator("[data-node='country:IRQ']").count() == 1  # al-Sudani's Iraq
    assert page.locator("rect.score").count() >= 3


def test_dyad_page(page, base_url):
    visit(page, base_url, "/dyads/IRN/SYR", "dyad")
    assert page.locator("table.events tbody tr").count() == 5
    assert page.locator("rect.score").count() >= 2


def test_story_page_across_languages(page, base_url):
    visit(page, base_url, "/stories/story-c", "story")
    langs = page.locator("ul.story-articles li").evaluate_all(
        "items => items.map(i => i.dataset.language)")
    assert sorted(langs) == ["en", "es"]
    assert "⚠" in page.locator("table.canonical").inner_text()  # the 20 vs 30 November conflict


def test_map_shows_event_places(page, base_url):
    visit(page, base_url, "/map", "map")
    for place in ("Cairo", "Tehran", "Ankara", "Damascus"):
        assert page.locator(f".map [data-place='{place}'] circle").count() == 1
    assert page.locator(".map path").count() > 150  # the country outlines
    cairo = page.locator(".map [data-place='Cairo'] circle").bounding_box()
    tehran = page.locator(".map [data-place='Tehran'] circle").bounding_box()
    assert tehran["x"] > cairo["x"] and tehran["y"] < cairo["y"]  # east and north of Cairo


@pytest.mark.parametrize(
    ("path", "shot", "selector", "expected"),
    [
        ("/search?q=territorial+integrity", "search", "ul.hits li", 3),
        ("/quotes?speaker=Pezeshkian", "quotes", "ul.quotes li", 5),
        ("/actors", "actors", "table.actors tbody tr", 11),
        ("/stories", "stories", "table.stories tbody tr", 4),
        ("/articles", "articles", "table.articles tbody tr", 5),
        ("/dyads?level=actor", "dyads", "table.dyads tbody tr", 10),
    ],
)
def test_listing_pages(page, base_url, path, shot, selector, expected):
    visit(page, base_url, path, shot)
    assert page.locator(selector).count() == expected


def test_error_page(page, base_url):
    response = page.goto(base_url + "/actors/nobody")
    assert response.status == 404
    assert "not_found" in page.locator("h1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "error.png"))


def _bars(page: Page) -> list[tuple[str, float]]:
    """(period, x) of the first time chart's bars, in date order."""
    bars = page.locator("[data-chart=bars][data-x=period] rect.bar").evaluate_all(
        "rs => rs.map(r => [r.dataset.period, parseFloat(r.getAttribute('x'))])")
    return sorted((p, x) for p, x in bars)


def test_charts_put_periods_on_a_true_time_axis(page, base_url):
    visit(page, base_url, "/", "dashboard-time-axis")
    bars = _bars(page)
    assert len(bars) >= 3
    import datetime as dt

    days = [(dt.date.fromisoformat(p) - dt.date.fromisoformat(bars[0][0])).days for p, _ in bars]
    per_day = (bars[-1][1] - bars[0][1]) / days[-1]
    for (period, x), d in zip(bars, days, strict=True):  # gaps are gaps: x grows with the date
        assert abs(x - bars[0][1] - d * per_day) < 1.5, (period, x)


@pytest.mark.parametrize(("interval", "first_day"), [("week", 0), ("month", None)])
def test_granularity_folds_the_periods(page, base_url, interval, first_day):
    visit(page, base_url, f"/?interval={interval}", f"dashboard-{interval}")
    import datetime as dt

    periods = [dt.date.fromisoformat(p) for p, _ in _bars(page)]
    assert periods
    if interval == "week":
        assert all(p.weekday() == first_day for p in periods)  # ISO weeks start on Monday
    else:
        assert all(p.day == 1 for p in periods)


def test_a_date_range_picked_in_the_form_narrows_every_chart_and_count(page, base_url):
    visit(page, base_url, "/", "dashboard-all")
    everything = len(_bars(page))
    page.fill("form.range input[name=date_from]", "2024-12-01")
    page.fill("form.range input[name=date_to]", "2024-12-31")
    page.click("form.range button[type=submit]")
    page.wait_for_url("**/?*date_from=2024-12-01*")
    page.wait_for_selector("[data-chart][data-ready]")
    narrowed = _bars(page)
    assert 0 < len(narrowed) < everything
    assert all(p >= "2024-12-01" for p, _ in narrowed)
    assert "2024-12-01" in page.locator("#window").inner_text()
    page.click("form.range a.reset")
    page.wait_for_selector("[data-chart][data-ready]")
    assert len(_bars(page)) == everything


def test_facets_offer_the_stores_values_and_filter_the_events(page, base_url):
    visit(page, base_url, "/events", "events-facets")
    options = page.locator("select[name=type] option").all_inner_texts()
    assert options[0] == "any" and "CONSULT (6)" in options  # the samples' own counts
    page.select_option("select[name=type]", "CONSULT")
    page.click("form.facets button[type=submit]")
    page.wait_for_url("**/events?*type=CONSULT*")
    types = set(page.locator("table.events tbody .type").all_inner_texts())
    assert types == {"CONSULT"}
    assert "6 in all" in page.locator(".pager").first.inner_text()


def test_event_columns_sort_both_ways(page, base_url):
    visit(page, base_url, "/events", "events-sort")
    page.click("th a.sort:has-text('Score')")
    page.wait_for_url("**/events?*sort=score*")
    scores = [float(s) for s in page.locator("table.events tbody td.num:nth-of-type(7)")
              .all_inner_texts() if s]
    assert scores == sorted(scores) and len(scores) > 3
    page.click("th a.sort:has-text('Score')")
    page.wait_for_url("**/events?*sort=-score*")
    scores = [float(s) for s in page.locator("table.events tbody td.num:nth-of-type(7)")
              .all_inner_texts() if s]
    assert scores == sorted(scores, reverse=True)


def test_the_confidence_slider_drops_less_certain_events(page, base_url):
    visit(page, base_url, "/events", "events-confidence")
    everything = page.locator("table.events tbody tr[data-event]").count()
    for threshold, kept in (("0.9", everything), ("0.95", 0)):  # the samples are coded at 0.9
        page.locator("input[name=min_confidence]").fill(threshold)
        assert page.locator("#confidence-value").inner_text() == threshold
        page.click("form.facets button[type=submit]")
        page.wait_for_url(f"**/events?*min_confidence={threshold}*")
        assert page.locator("table.events tbody tr[data-event]").count() == kept
    assert everything > 0


@pytest.mark.parametrize("path", ["/map", "/dyads"])
def test_map_and_dyads_have_the_same_filter_bar(page, base_url, path):
    visit(page, base_url, path + "?type=CONSULT", path.strip("/") + "-facets")
    assert page.locator("form.facets select[name=type]").input_value() == "CONSULT"


def test_an_event_page_shows_the_coding_and_its_evidence(page, base_url):
    visit(page, base_url, "/events?type=ASSAULT", "events-assault")
    page.click("table.events tbody a.type")
    page.wait_for_url("**/events/*")
    page.wait_for_selector("table.coding")
    coding = page.locator("table.coding").inner_text()
    for words in ("ASSAULT", "Coded by", "confidence 0.90", "Syrian government forces"):
        assert words in coding
    assert "killed" in page.locator("blockquote.evidence .hl.trigger").all_inner_texts()
    assert not page.problems  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_filtered_view_downloads_what_it_shows(page, base_url, fmt):
    visit(page, base_url, "/events?type=CONSULT&sort=score", f"events-download-{fmt}")
    shown = page.locator("table.events tbody tr[data-event]").count()
    with page.expect_download() as info:
        page.click(f"a.download[data-format={fmt}]")
    body = open(info.value.path(), encoding="utf-8").read().splitlines()
    rows = body[1:] if fmt == "csv" else body
    assert len(rows) == shown == 6
    assert all("CONSULT" in row for row in rows)
