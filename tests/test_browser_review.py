"""The review loop in real Chromium: mark an event wrong on its page, with the write token, and
see it leave the dyad counts; a wrong token is refused on the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventwire.api import create_app
from eventwire.settings import Settings
from test_browser import serving, visit
from test_query_samples import sample_engine

pytest_plugins = ("test_browser",)  # the browser and page fixtures
pytestmark = pytest.mark.browser
TOKEN = "browser-review-token"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The coded samples served with a write token (a store of its own: the test writes)."""
    engine = sample_engine(tmp_path_factory.mktemp("review") / "samples.db")
    with serving(create_app(Settings(write_token=TOKEN), db=engine)) as url:
        yield url
    engine.dispose()


def _top_dyad(page) -> int:  # noqa: ANN001 - a playwright Page
    return int(page.locator("table.dyads tbody tr").first.locator("td.num a").inner_text())


def test_marking_an_event_wrong_takes_it_out_of_the_dyad_counts(page, base_url):
    visit(page, base_url, "/", "review-dashboard-before")
    before = _top_dyad(page)
    page.locator("table.dyads tbody tr").first.locator("td.num a").click()
    page.wait_for_url("**/dyads/**")
    page.locator("table.events tbody a.type").first.click()
    page.wait_for_url("**/events/**")
    page.select_option("form.review-form select[name=verdict]", "wrong")
    page.fill("form.review-form input[name=note]", "a statement, not a meeting")
    page.fill("form.review-form input[name=token]", "not-the-token")
    page.click("form.review-form button[type=submit]")
    page.wait_for_function("document.querySelector('.review-status').value.length > 0")
    assert "wrong write token" in page.locator(".review-status").inner_text()
    page.problems.clear()  # the refused POST logged its 403 on purpose  # type: ignore[attr-defined]
    page.fill("form.review-form input[name=token]", TOKEN)
    with page.expect_navigation():
        page.click("form.review-form button[type=submit]")
    assert "Reviewed as wrong" in page.locator("#verdict").inner_text()
    page.screenshot(path=str(__import__("test_browser").ARTIFACTS / "review-event.png"),
                    full_page=True)
    visit(page, base_url, "/", "review-dashboard-after")
    assert _top_dyad(page) == before - 1
