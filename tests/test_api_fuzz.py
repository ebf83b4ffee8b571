"""API fuzzing (schemathesis 4 + hypothesis, in-process over ASGI) against a store holding the
samples and a hostile article as the real pipeline ingests them: no request makes a 5xx.

Beyond test_api_schema.py (valid-looking GETs over a hand-built store) this sends invalid data
(schemathesis' negative mode), paths with the ids that exist, and arbitrary POST bodies with and
without the write token; every answer has a status the operation documents and a body its
schema describes. Bounded: a few dozen examples per operation, about two minutes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from eventwire.api import create_app
from eventwire.settings import Settings
from eventwire.store import open_store
from paths import SAMPLES as EXAMPLES

TOKEN = "fuzz-token-0123456789"
HOSTILE = {"id": "fuzz-hostile", "title": "<script>alert(1)</script> \u202e\x00",
           "text": "Iranian President Masoud Pezeshkian met Iraqi Prime Minister Mohammed Shia "
                   "al-Sudani in Baghdad on Monday. \"We stand with Syria 🤝 <b>today</b>,\" "
                   "Pezeshkian said. التقى الرئيس الإيراني رئيس الوزراء العراقي في بغداد.",
           "published": "2024-12-02"}
FUZZ = settings(max_examples=25, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    from eventwire.pipeline import ingest

    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    app_settings = Settings(db=str(folder / "fuzz.db"))
    with open_store(app_settings.db) as store:
        report = ingest([str(EXAMPLES), str(folder / "hostile.jsonl")], store=store,
                        settings=app_settings)
        assert report.stored == 6, report.errors
        yield store


@pytest.fixture(scope="module")
def app(fuzz_store):
    return create_app(Settings(write_token=TOKEN, max_body_bytes=20_000), db=fuzz_store)


@pytest.fixture(scope="module")
def schema(app):
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


@pytest.fixture(scope="module")
def real_ids(fuzz_store) -> dict[str, list[str]]:
    """Path parameter values that exist, so the fuzzing also reaches the found-resource code."""
    events = list(fuzz_store.iter_events())
    actors = [a["kb_id"] for e in events for a in e["actors"] + e["recipients"] if a.get("kb_id")]
    return {
        "article_id": [a["id"] for a in fuzz_store.iter_articles()],
        "event_id": [e["id"] for e in events],
        "story_id": [s["id"] for s in fuzz_store.iter_stories()],
        "key": sorted(set(actors)) or ["IRN"],
        "a": ["IRN", "masoud-pezeshkian", "TUR"],
        "b": ["TUR", "SYR", "IRQ", "recep-tayyip-erdogan"],
    }


_PATHS = create_app(Settings(), db=object()).openapi()["paths"]
OPERATIONS = [(path, "GET") for path, ops in _PATHS.items() if "get" in ops]
# invalid data can only be made for query parameters (any string is a valid path segment)
NEGATIVE = [(path, "GET") for path, ops in _PATHS.items() if "get" in ops
            and any(p["in"] == "query" for p in ops["get"].get("parameters", []))]
CASES = [(*op, GenerationMode.POSITIVE) for op in OPERATIONS] + [
    (*op, GenerationMode.NEGATIVE) for op in NEGATIVE]


# no 5xx, the declared content type, a documented status, a body its schema describes
CHECKS = [not_a_server_error, content_type_conformance, status_code_conformance,
          response_schema_conformance]


def check_response(case, response) -> None:  # noqa: ANN001 - schemathesis Case / Response
    """No 5xx, the declared content type, and errors in the one error shape."""
    assert response.status_code < 500, (case.formatted_path, case.query, response.text[:500])
    if response.status_code >= 400:
        err = response.json()["error"]
        assert err["status"] == response.status_code and err["message"], err


@pytest.mark.parametrize(("path", "method", "mode"), CASES,
                         ids=[f"{p}-{m.value}" for p, _, m in CASES])
def test_fuzzed_reads_never_fail_on_the_server(schema, real_ids, path, method, mode):
    operation = schema[path][method]
    names = [p.name for p in operation.path_parameters]
    known = st.fixed_dictionaries({n: st.sampled_from(real_ids[n]) for n in names})
    strategies = [operation.as_strategy(generation_mode=mode)]
    if names and mode is GenerationMode.POSITIVE:
        strategies.append(known.flatmap(
            lambda params: operation.as_strategy(generation_mode=mode, path_parameters=params)))

    @given(case=st.one_of(strategies))
    @FUZZ
    def check(case):
        response = case.call_and_validate(checks=CHECKS)
        check_response(case, response)

    check()


def test_known_ids_are_found(schema, real_ids):
    """The ids given to the fuzzer exist (else the found-resource paths would go untested)."""
    for path, name in [("/api/articles/{article_id}", "article_id"),
                       ("/api/events/{event_id}", "event_id"),
                       ("/api/stories/{story_id}", "story_id"), ("/api/actors/{key}", "key")]:
        case = schema[path]["GET"].Case(path_parameters={name: real_ids[name][0]})
        assert case.call().status_code == 200, (path, real_ids[name][0])


# ---------------------------------------------------------------------------------------------
# POST /api/articles with arbitrary bodies
# ---------------------------------------------------------------------------------------------

documents = st.fixed_dictionaries(
    {"text": st.one_of(st.text(max_size=300), st.sampled_from([HOSTILE["text"], " ", "\x00"]))},
    optional={"title": st.one_of(st.none(), st.text(max_size=30), st.integers()),
              "published": st.one_of(st.none(), st.text(max_size=20), st.integers(),
                                     st.sampled_from(["2024-12-02", "yesterday", "31/02/2024"])),
              "id": st.one_of(st.text(max_size=20), st.integers(), st.none()),
              "language": st.one_of(st.text(max_size=4), st.sampled_from(["en", "es", "xx"])),
              "html": st.one_of(st.text(max_size=50), st.just("<html><body><p>x</p></body>"))},
)
bodies = st.one_of(
    st.binary(max_size=400),
    st.builds(json.dumps, documents).map(str.encode),
    st.builds(json.dumps, st.lists(documents, max_size=3)).map(str.encode),
    st.builds(lambda d: json.dumps({"documents": d}), st.lists(documents, max_size=3))
    .map(str.encode),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                 lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                 max_leaves=10).map(lambda v: json.dumps(v).encode()),
)
headers = st.sampled_from([
    {"authorization": f"Bearer {TOKEN}", "content-type": "application/json"},
    {"authorization": f"Bearer {TOKEN}", "content-type": "text/plain"},
    {"authorization": f"bearer {TOKEN} ", "content-type": "application/json"},
    {"authorization": "Bearer \u00e9\u00e9", "content-type": "application/json"},
    {"content-type": "application/json"},
])


@settings(max_examples=40, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(body=bodies, head=headers)
def test_fuzzed_posts_never_fail_on_the_server(app, body, head):
    with TestClient(app, raise_server_exceptions=False) as client:
        try:
            response = client.post("/api/articles", content=body, headers=head)
        except UnicodeEncodeError:
            return  # a header that HTTP cannot carry never reaches the server
    assert response.status_code < 500, (body[:200], head, response.text[:500])
    if response.status_code == 201:
        report = response.json()
        assert len(report["article_ids"]) == report["stored"] + report["updated"]
        assert report["failed"] == len(report["errors"])
    else:
        assert response.json()["error"]["status"] == response.status_code


# ---------------------------------------------------------------------------------------------
# The HTML pages (not in the OpenAPI document): arbitrary paths and query strings
# ---------------------------------------------------------------------------------------------

PAGES = ["/", "/events", "/articles", "/articles/{article_id}", "/quotes", "/actors",
         "/actors/{key}", "/dyads", "/dyads/{a}/{b}", "/stories", "/stories/{story_id}", "/map",
         "/search"]
QUERY_NAMES = sorted({p["name"] for ops in _PATHS.values() for op in ops.values()
                      for p in op.get("parameters", []) if p["in"] == "query"} | {"format"})
values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["IRN", "IRN,TUR", "CONSULT", "2024-12-02", "2024-13-45", "json", "html",
                     "csv", "true", "nan", "-1", "0", "<script>", "..%2f..", "actor", "code"]),
)


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(page=st.sampled_from(PAGES), segment=st.one_of(st.text(max_size=20), values),
       query=st.dictionaries(st.sampled_from(QUERY_NAMES), values, max_size=5),
       known=st.booleans(), data=st.data())
def test_fuzzed_pages_never_fail_on_the_server(app, real_ids, page, segment, query, known, data):
    path = page
    for name in ("article_id", "key", "story_id", "a", "b"):
        value = data.draw(st.sampled_from(real_ids[name])) if known else segment
        path = path.replace("{" + name + "}", quote(str(value), safe="") or "x")
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(path, params=query)
    assert response.status_code < 500, (path, query, response.text[:500])
    assert response.headers["x-content-type-options"] == "nosniff"
