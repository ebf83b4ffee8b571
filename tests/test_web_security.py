"""Web surface security not covered by test_api*.py / test_browser*.py: hostile article text,
titles and quotes ingested by the real pipeline never run in a browser; no route reads files
outside the static folder; `serve` binds to loopback; the write token is compared in constant
time. (Security headers, CORS, token status codes and body limits: test_api.py, test_api_write.py.)
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.settings import Settings
from eventwire.store import open_store
from test_browser import serving, visit

pytest_plugins = ("test_browser",)  # the browser and page fixtures

# Each payload, if it ever became markup, would set window.__pwned or fetch /pwned-*.
# "</script>" first: a title copied raw into a page's JSON data block would break out of it
TITLE = '</script><script>window.__pwned = "title"</script>Araghchi meets Fidan'
TEXT = (
    "Iranian Foreign Minister Abbas Araghchi met Turkish Foreign Minister Hakan Fidan in Ankara "
    "on Monday. <img src=/pwned-text.png onerror=\"window.__pwned='text'\"> The two ministers "
    "discussed the war in Syria.\n\n"
    "\"We condemn the attacks <script>window.__pwned='quote'</script> on civilians and "
    "<svg onload=\"window.__pwned='svg'\"></svg> reject any interference,\" Araghchi said.\n\n"
    "Fidan said Turkey would host further talks <a href=\"javascript:window.__pwned='link'\">"
    "here</a> next month."
)
DOC = {"id": "xss-1", "title": TITLE, "text": TEXT, "published": "2024-12-02",
       "outlet": "<b onmouseover=\"window.__pwned='outlet'\">Wire</b>"}


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    from eventwire.pipeline import ingest

    folder = tmp_path_factory.mktemp("xss")
    (folder / "hostile.jsonl").write_text(json.dumps(DOC) + "\n", encoding="utf-8")
    settings = Settings(db=str(folder / "xss.db"))
    with open_store(settings.db) as store:
        report = ingest([str(folder / "hostile.jsonl")], store=store, settings=settings)
        assert report.stored == 1, report.errors
        yield store


@pytest.fixture(scope="module")
def base_url(hostile_store) -> Iterator[str]:
    with serving(create_app(Settings(), db=hostile_store)) as url:
        yield url


def test_hostile_article_was_stored_with_its_markup_as_text(hostile_store):
    """The payloads reach the pages: the analysis kept them in the text and in a quote."""
    article = next(hostile_store.iter_articles())
    assert "<img src=/pwned-text.png" in article["text"] and "<script>" in article["title"]
    quotes = [q["text"] for q in hostile_store.iter_quotes()]
    assert any("<script>" in q for q in quotes), quotes


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/articles/xss-1", "/articles", "/quotes", "/events", "/",
                                  "/search?q=condemn", "/actors/abbas-araghchi", "/stories"])
def test_hostile_markup_never_runs_in_the_browser(page, base_url, path):
    requested: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    visit(page, base_url, path, f"xss-{path.strip('/').replace('/', '-') or 'home'}")
    page.locator("a, b, [onmouseover]").evaluate_all(
        "els => els.forEach(e => e.dispatchEvent(new MouseEvent('mouseover')))")
    assert page.evaluate("window.__pwned") is None
    assert not [u for u in requested if "pwned" in u], requested
    assert not dialogs
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("img[onerror], svg[onload], [onmouseover]").count() == 0


@pytest.mark.browser
def test_article_page_shows_the_markup_as_text(page, base_url):
    visit(page, base_url, "/articles/xss-1", "xss-article-text")
    body = page.locator("body").inner_text()
    assert "<img src=/pwned-text.png" in body and "<script>window.__pwned='quote'</script>" in body


# ---------------------------------------------------------------------------------------------
# No route reads arbitrary paths
# ---------------------------------------------------------------------------------------------

TRAVERSALS = [
    "/static/../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/....//....//etc/passwd",
    "/static//etc/passwd",
    "/static/..\\..\\..\\etc\\passwd",
    "/static/%00../../etc/passwd",
    "/static/../api/app.py",
    "/static/%2e%2e/%2e%2e/api/app.py",
    "/static/../templates/base.html",
    "/articles/..%2f..%2f..%2fetc%2fpasswd",
    "/api/articles/..%2f..%2fetc%2fpasswd",
    "/actors/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/api/actors/../../../../etc/passwd",
    "/stories/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/api/dyads/..%2f..%2fetc/passwd",
]


@pytest.fixture(scope="module")
def client(hostile_store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), db=hostile_store)) as c:
        yield c


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_route_reads_files_outside_static(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404, 422), (path, response.status_code)
    body = response.text
    assert "root:x:0:0" not in body and "def create_app" not in body and "{%" not in body


def test_static_files_are_served_from_the_static_folder(client):
    response = client.get("/static/app.js")
    assert response.status_code == 200 and "javascript" in response.headers["content-type"]
    assert response.headers["x-content-type-options"] == "nosniff"


# ---------------------------------------------------------------------------------------------
# Binding and the write token
# ---------------------------------------------------------------------------------------------


def test_serve_binds_to_loopback_by_default(monkeypatch, tmp_path):
    import uvicorn
    from click.testing import CliRunner

    from eventwire.cli import main

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "e.db"), "serve"])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["host"] == "127.0.0.1"


def test_write_token_is_compared_in_constant_time(monkeypatch, hostile_store):
    from eventwire.api import write

    compared: list[tuple[bytes, bytes]] = []
    original = hmac.compare_digest

    def spy(a, b):  # noqa: ANN001 - same signature as hmac.compare_digest
        compared.append((a, b))
        return original(a, b)

    monkeypatch.setattr(write.hmac, "compare_digest", spy)
    settings = Settings(write_token="t0ken-for-tests")
    with TestClient(create_app(settings, db=hostile_store)) as c:
        r = c.post("/api/articles", json={"text": "x"}, headers={"authorization": "Bearer wrong"})
    assert r.status_code == 403
    assert compared == [(b"wrong", b"t0ken-for-tests")]


@pytest.mark.parametrize("declared", ["3000000", "99999999999999999999"])
def test_declared_oversize_body_is_refused_before_reading(hostile_store, declared):
    settings = Settings(write_token="t0ken-for-tests", max_body_bytes=1000)
    with TestClient(create_app(settings, db=hostile_store)) as c:
        r = c.post("/api/articles", content=b"{}",
                   headers={"authorization": "Bearer t0ken-for-tests", "content-length": declared})
    assert r.status_code == 413, r.text


def test_reads_need_no_token_and_writes_stay_off_without_one(client):
    assert client.get("/api/articles").status_code == 200
    r = client.post("/api/articles", json={"text": TEXT})
    assert r.status_code == 403 and r.json()["error"]["code"] == "read_only"
