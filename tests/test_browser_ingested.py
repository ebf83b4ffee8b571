"""The web UI over the samples as the real pipeline ingests them (`eventwire ingest`).

Only what any sound analysis of these articles must show is asserted: Pezeshkian's actor
page has his events with Turkey, Syria and Iraq; the map has Cairo and Tehran; every page
renders with no console error and no request off the local server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventwire.api import create_app
from eventwire.settings import Settings
from eventwire.store import open_store
from paths import SAMPLES as EXAMPLES
from test_browser import serving, visit

pytest_plugins = ("test_browser",)  # the browser and page fixtures
pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from eventwire.pipeline import ingest

    settings = Settings(db=str(tmp_path_factory.mktemp("ingested") / "samples.db"))
    with open_store(settings.db) as store:
        report = ingest([str(EXAMPLES)], store=store, settings=settings)
        assert report.stored == 5 and report.failed == 0, report.errors
        yield store


@pytest.fixture(scope="module")
def base_url(ingested) -> Iterator[str]:
    with serving(create_app(Settings(), db=ingested)) as url:
        yield url


def test_pezeshkian_has_events_with_turkey_syria_and_iraq(page, base_url):
    visit(page, base_url, "/actors/masoud-pezeshkian", "ingested-actor")
    countries = set(page.locator("table.counterparts tr[data-counterpart]").evaluate_all(
        "rows => rows.map(r => r.dataset.counterpart)"))
    assert {"TUR", "SYR", "IRQ"} <= countries
    events = page.locator("table.events").inner_text()
    assert "Recep Tayyip Erdogan" in events and "Mohammed Shia al-Sudani" in events
    assert page.locator(".network circle").count() >= 4


def test_map_shows_cairo_and_tehran(page, base_url):
    visit(page, base_url, "/map", "ingested-map")
    for place in ("Cairo", "Tehran"):
        assert page.locator(f".map [data-place='{place}'] circle").count() == 1


def test_story_joins_the_english_and_spanish_reports(page, base_url, ingested):
    from eventwire import query

    story = next(s for s in query.list_stories(ingested).items if "es" in s["languages"])
    visit(page, base_url, f"/stories/{story['id']}", "ingested-story")
    langs = page.locator("ul.story-articles li").evaluate_all(
        "items => items.map(i => i.dataset.language)")
    assert sorted(langs) == ["en", "es"]


def test_article_page_highlights_real_analysis(page, base_url, ingested):
    from eventwire import query

    first = query.list_articles(ingested, query.ArticleFilter(text="Cairo")).items[0]
    visit(page, base_url, f"/articles/{first['id']}", "ingested-article")
    text = page.locator("article.text")
    assert "Pezeshkian" in " ".join(text.locator(".hl.actor").all_inner_texts())
    assert text.locator(".hl.trigger").count() >= 3
    assert text.locator(".hl.quote").count() >= 1


@pytest.mark.parametrize("path", ["/", "/events", "/dyads", "/quotes", "/actors", "/stories",
                                  "/search?q=Syria"])
def test_pages_render(page, base_url, path):
    name = "ingested-" + (path.strip("/").split("?")[0] or "dashboard")
    visit(page, base_url, path, name)
