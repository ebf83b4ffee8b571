"""The JSON API and the pages' JSON twins: every endpoint, filters, paging, the error shape."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.settings import Settings
from paths import REPO
from test_query_samples import article_id

pytest_plugins = ("test_query_samples",)  # the sample_db fixture

A000, A002, A004 = article_id("000"), article_id("002"), article_id("004")


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(Settings(), db=sample_db)) as c:
        yield c


def assert_error(response, status: int, code: str, *words: str) -> dict:
    """Every error has one shape: {"error": {"status", "code", "message"[, "details"]}}."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["status"] == status and err["code"] == code
    for word in words:
        assert word in err["message"], err["message"]
    return err


@pytest.mark.parametrize(
    ("url", "check"),
    [
        ("/api/", lambda d: {"GET /api/events", "POST /api/articles"}
         <= {f"{e['method']} {e['path']}" for e in d["endpoints"]}),
        ("/api/dashboard", lambda d: d["totals"]["events"] == 13),
        ("/api/articles", lambda d: d["total"] == 5 and "text" not in d["items"][0]),
        ("/api/articles?language=es", lambda d: [a["id"] for a in d["items"]] == [A004]),
        ("/api/articles?date_from=2024-12-01", lambda d: d["total"] == 2),
        ("/api/articles?q=Sudani", lambda d: d["total"] == 1),
        (f"/api/articles/{A000}", lambda d: d["id"] == A000 and d["segments"] and d["events"]),
        ("/api/events", lambda d: d["total"] == 13 and d["next_offset"] is None),
        ("/api/events?actor=IRN&type=CONSULT", lambda d: d["total"] == 6),
        ("/api/events?dyad=IRN,TUR", lambda d: d["total"] == 3),
        ("/api/events?dyad=TUR,IRN&either_direction=false", lambda d: d["total"] == 0),
        ("/api/events?actor=TUR&role=recipient", lambda d: d["total"] == 3),
        ("/api/events?date_from=2024-11-30&date_to=2024-12-01", lambda d: d["total"] == 3),
        ("/api/events?place=Cairo", lambda d: d["items"][0]["location"]["name"] == "Cairo"),
        ("/api/events?country=SYR&language=en", lambda d: d["total"] == 2),
        ("/api/events?story=story-c", lambda d: d["total"] == 3),
        ("/api/events?q=phone", lambda d: d["items"][0]["mode"] == "phone"),
        ("/api/events?include_negated=true", lambda d: d["total"] == 14),
        ("/api/events?actor_country=IRQ", lambda d: d["total"] == 1),
        ("/api/events?actor_sector=MIL", lambda d: d["items"][0]["type"] == "ASSAULT"),
        (f"/api/events?article={A002}", lambda d: d["total"] == 2),
        ("/api/events?limit=5&offset=10", lambda d: len(d["items"]) == 3 and d["offset"] == 10),
        (f"/api/events/{A000}:e0", lambda d: d["trigger"] == "meeting"),
        ("/api/quotes", lambda d: d["total"] == 8),
        ("/api/quotes?speaker=Sudani", lambda d: d["items"][0]["speaker"]["code"] == "IRQGOV"),
        ("/api/quotes?contains=zionist&since=2024-12-01", lambda d: d["total"] == 2),
        ("/api/quotes?language=es&direct=true", lambda d: d["total"] == 1),
        ("/api/actors", lambda d: d["items"][0]["kb_id"] == "masoud-pezeshkian"),
        ("/api/actors?country=TUR&limit=1", lambda d: d["total"] == 3 and len(d["items"]) == 1),
        ("/api/actors?q=sabb", lambda d: d["items"][0]["name"] == "Bassam al-Sabbagh"),
        ("/api/actors/masoud-pezeshkian", lambda d: d["events"]["total"] == 8),
        ("/api/actors/Masoud%20Pezeshkian", lambda d: d["actor"]["kb_id"] == "masoud-pezeshkian"),
        ("/api/stories", lambda d: d["total"] == 4),
        ("/api/stories?language=es", lambda d: [s["id"] for s in d["items"]] == ["story-c"]),
        ("/api/stories/story-c", lambda d: len(d["articles"]) == 2),
        ("/api/dyads", lambda d: d["items"][0]["count"] == 5),
        ("/api/dyads?level=actor&limit=1", lambda d: len(d["items"]) == 1),
        ("/api/dyads/IRN/TUR", lambda d: d["events"]["total"] == 3),
        ("/api/dyads/TUR/IRN?either_direction=false", lambda d: d["events"]["total"] == 0),
        ("/api/aggregates/counts?interval=month", lambda d: [r["count"] for r in d["items"]]
         == [4, 2]),
        ("/api/aggregates/scores?actor=TUR&interval=week", lambda d: d["interval"] == "week"),
        ("/api/aggregates/types?actor=ISR", lambda d: {r["type"] for r in d["items"]}
         == {"REQUEST", "ACCUSE"}),
        ("/api/aggregates/top-actors?side=recipient&limit=1",
         lambda d: d["items"][0]["name"] == "Israel"),
        ("/api/aggregates/top-places?type=CONSULT", lambda d: {p["name"] for p in d["items"]}
         == {"Cairo", "Ankara", "Damascus", "Tehran"}),
        ("/api/search?q=territorial%20integrity", lambda d: d["total"] == 3),
        ("/api/search?q=Sabbagh&kind=quote", lambda d: d["total"] == 1),
        ("/api/search?q=Pezeshkian&language=es&kind=article", lambda d: d["total"] == 1),
        ("/api/search?q=Sabbagh%20OR%20Sudani", lambda d: d["total"] == 8),  # 5 + 3
        ("/api/search?q=%22territorial%20integrity%22%20-Syria", lambda d: d["total"] == 0),
        ("/api/search?q=cooperaci*&kind=quote",
         lambda d: [h["snippet"][slice(*h["highlights"][0])] for h in d["items"]]
         == ["cooperación"]),
        ("/api/openapi.json", lambda d: "/api/events" in d["paths"]),
    ],
)
def test_endpoint(client, url, check):
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert check(response.json())


@pytest.mark.parametrize(
    ("url", "status", "code", "words"),
    [
        ("/api/nowhere", 404, "not_found", ["/api/nowhere"]),
        ("/api/articles/missing", 404, "not_found", ["missing"]),
        ("/api/events/missing:e9", 404, "not_found", ["missing:e9"]),
        ("/api/actors/nobody", 404, "not_found", ["nobody"]),
        ("/api/stories/story-z", 404, "not_found", ["story-z"]),
        ("/api/events?limit=0", 422, "invalid_request", ["limit"]),
        ("/api/events?limit=501", 422, "invalid_request", ["limit"]),
        ("/api/events?offset=-1", 422, "invalid_request", ["offset"]),
        ("/api/events?date_from=20-11-2024", 400, "bad_request", ["date_from", "YYYY-MM-DD"]),
        ("/api/events?role=speaker", 422, "invalid_request", ["role"]),
        ("/api/events?dyad=IRN", 422, "invalid_request", ["dyad", "IRN,TUR"]),
        ("/api/events?date_from=2024-12-02&date_to=2024-12-01", 400, "bad_request", ["after"]),
        ("/api/aggregates/counts?interval=year", 422, "invalid_request", ["interval"]),
        ("/api/search", 422, "invalid_request", ["q"]),
        ("/api/search?q=%21%21", 400, "bad_request", ["no words"]),
        ("/api/search?q=%22Gaza%20Strip", 400, "bad_request",
         ["the quote at character 1 is never closed", "search syntax:", "a OR b"]),
        ("/api/search?q=-Israel", 400, "bad_request", ["only leaves out", "search syntax:"]),
        ("/api/search?q=*", 400, "bad_request", ["a * must follow", "prefix*"]),
        ("/api/search?q=Iran%20OR", 400, "bad_request", ["OR needs", "search syntax:"]),
        ("/api/search?q=(Iran", 400, "bad_request", ['"(" is never closed']),
        ("/api/search?q=x&kind=person", 422, "invalid_request", ["kind"]),
        ("/actors/nobody?format=json", 404, "not_found", ["nobody"]),
    ],
)
def test_error_shape(client, url, status, code, words):
    err = assert_error(client.get(url), status, code, *words)
    if status == 422:
        assert err["details"] and all({"field", "message"} <= set(d) for d in err["details"])


def test_search_or_finds_the_union_end_to_end(client):
    def ids(q: str) -> set[str]:
        items = client.get("/api/search", params={"q": q, "limit": 100}).json()["items"]
        return {h["id"] for h in items}

    either = ids("Sabbagh OR Sudani")
    assert either == ids("Sabbagh") | ids("Sudani") and ids("Sabbagh") and ids("Sudani")
    assert ids("Sabbagh Sudani") == set()  # both words: no article has them


def test_search_documents_its_syntax(client):
    op = client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]
    (q,) = [p for p in op["parameters"] if p["name"] == "q"]
    assert "OR binds looser than AND" in q["description"] and "diplomat*" in q["description"]


def test_wrong_method_has_the_error_shape(client):
    assert_error(client.delete("/api/events"), 405, "method_not_allowed", "DELETE")


def test_html_errors_are_pages_with_the_same_fields(client):
    response = client.get("/stories/story-z", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "not_found" in response.text and "story-z" in response.text


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ("/?format=json", "/api/dashboard"),
        ("/events?actor=IRN&format=json", "/api/events?actor=IRN"),
        ("/articles?format=json", "/api/articles"),
        (f"/articles/{A002}?format=json", f"/api/articles/{A002}"),
        ("/quotes?speaker=Sudani&format=json", "/api/quotes?speaker=Sudani"),
        ("/actors?format=json", "/api/actors"),
        ("/actors/masoud-pezeshkian?format=json", "/api/actors/masoud-pezeshkian"),
        ("/dyads/IRN/SYR?format=json", "/api/dyads/IRN/SYR"),
        ("/stories?format=json", "/api/stories"),
        ("/stories/story-c?format=json", "/api/stories/story-c"),
        ("/search?q=Syria&format=json", "/api/search?q=Syria"),
    ],
)
def test_every_page_has_a_json_twin(client, page, api):
    """A page's JSON is its endpoint's, plus what only the page needs (its filter facets)."""
    data, twin = client.get(page).json(), client.get(api).json()
    assert set(data) - set(twin) <= {"facets", "sort"}
    assert {k: data[k] for k in twin} == twin


def test_map_and_dyads_pages_as_json(client):
    places = {p["name"] for p in client.get("/map?format=json").json()["places"]}
    assert {"Cairo", "Tehran"} <= places
    assert client.get("/dyads?format=json&level=code").json()["level"] == "code"


@pytest.mark.parametrize("url", ["/", "/events", f"/articles/{A000}", "/api/events", "/nowhere"])
def test_security_headers(client, url):
    headers = client.get(url).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "access-control-allow-origin" not in headers  # CORS is off by default


def test_html_escapes_stored_text(sample_db, tmp_path):
    """A hostile title is shown as text, never as markup."""
    from sqlalchemy import update

    from eventwire.store.schema import articles

    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    with sample_db.begin() as conn:
        old = conn.execute(articles.select().where(articles.c.id == A004)).mappings().one()
        conn.execute(update(articles).where(articles.c.id == A004)
                     .values(title=evil, url="javascript:alert(1)"))
    try:
        with TestClient(create_app(Settings(), db=sample_db)) as c:
            for url in (f"/articles/{A004}", "/articles", "/stories/story-c"):
                html = c.get(url).text
                assert "<script>alert" not in html and "<img src=x" not in html
                assert "&lt;script&gt;alert" in html or "\\u003cscript\\u003e" in html
                assert 'href="javascript:' not in html
    finally:
        with sample_db.begin() as conn:
            conn.execute(update(articles).where(articles.c.id == A004)
                         .values(title=old["title"], url=old["url"]))


def test_cors_only_for_configured_origins(sample_db):
    settings = Settings(cors_origins=("http://localhost:3000",))
    with TestClient(create_app(settings, db=sample_db)) as c:
        ok = c.get("/api/events", headers={"origin": "http://localhost:3000"})
        assert ok.headers["access-control-allow-origin"] == "http://localhost:3000"
        other = c.get("/api/events", headers={"origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("url", ["/api/events?actor=%00", "/api/quotes?speaker=a%00b",
                                 "/api/articles/x%00y", "/actors/%00?format=json"])
def test_nul_characters_are_refused(client, url):
    assert_error(client.get(url), 400, "bad_request", "NUL")


WEB = REPO / "src" / "eventwire" / "web"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/static/vendor/d3.min.js", "javascript"),
        ("/static/vendor/topojson-client.min.js", "javascript"),
        ("/static/vendor/countries-110m.json", "json"),
        ("/static/app.js", "javascript"),
        ("/static/style.css", "css"),
    ],
)
def test_front_end_is_served_from_the_package(client, path, kind):
    response = client.get(path)
    assert response.status_code == 200 and kind in response.headers["content-type"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_vendored_versions_match_the_lock_file():
    lock = json.loads((WEB.parents[2] / "package-lock.json").read_text(encoding="utf-8"))
    vendored = json.loads((WEB / "static" / "vendor" / "VERSIONS.json").read_text())
    for name, version in vendored.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


def test_axe_core_is_for_the_tests_only():
    """The vendored axe-core is injected by the browser tests; no page of ours loads it."""
    assert (WEB / "static" / "vendor" / "axe.min.js").is_file()
    for path in (WEB / "templates").glob("*.html"):
        assert "axe" not in path.read_text(encoding="utf-8"), path


def test_our_pages_load_nothing_from_elsewhere():
    """Templates, app.js and the stylesheet name no external URL (the UI works offline)."""
    files = [*(WEB / "templates").glob("*.html"), WEB / "static" / "app.js",
             WEB / "static" / "style.css"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, path
        assert "style=" not in text.replace('rel="stylesheet"', ""), path  # CSP: no inline styles
        assert "<script>" not in text, path  # CSP: no inline scripts
