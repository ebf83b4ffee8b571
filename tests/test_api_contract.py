"""The API says what comes back, and the export and the API say it the same way.

- the export records of a pipeline-built store (SQLite, PostgreSQL) are their models in
  ``eventwire.records``: the same keys, in ``FIELDS`` order, of the declared types;
- each API record model is its export record plus or minus the fields listed here (a field
  added to the export shows up in the API's model, or this table must say why not);
- the response models lose nothing: every answer, on the hand-coded samples and on a
  pipeline-built store, is the same JSON as the same route gives without its model;
- the document (/api/openapi.json) describes every response and parameter, documents each
  error status an operation can answer in the one error shape, and the real answers (data and
  errors) validate against its JSON Schemas.
- each API record model is its export record plus or minus the fields listed here (a field
  added to the export shows up in the API's model, or this table must say why not);
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

import jsonschema_rs
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from eventwire.api import actor_models as am
from eventwire.api import create_app, errors
from eventwire.api import models as m
from eventwire.api.errors import ErrorBody
from eventwire.records import FIELDS, RECORDS
from eventwire.settings import Settings
from test_query_samples import article_id

# sample_db: the hand-coded samples; real_store: examples/articles and the en/es/fr story
# fixture as the pipeline stores them (both on SQLite and PostgreSQL)
pytest_plugins = ("test_query_samples", "test_read_consistency")
DOC = create_app(Settings(), db=object()).openapi()


# ---------------------------------------------------------------------------------------------
# The records are the export's
# ---------------------------------------------------------------------------------------------

EXPORTS = [("articles", {}), ("events", {}), ("events", {"include_negated": True}),
           ("merged", {"merged": True}), ("quotes", {}), ("mentions", {}), ("actors", {}),
           ("stories", {})]


@pytest.mark.parametrize(("kind", "options"), EXPORTS,
                         ids=["-".join([k, *o]) for k, o in EXPORTS])
def test_export_records_are_their_models(real_store, kind, options):
    from eventwire.export.selection import records as export_records

    what = "events" if kind == "merged" else kind
    with real_store[1].engine.connect() as conn:
        records = list(export_records(conn, what, **options))
    assert records, kind
    for record in records:
        assert tuple(record) == FIELDS[kind], record
        RECORDS[kind].model_validate(record)


# (API model, the export record it shows, export fields it leaves out, fields it adds)
VIEWS = [
    (m.EventOut, "events", "", "location_name location_country lat lon geonameid article_title "
                               "article_language article_published"),
    (m.QuoteOut, "quotes", "", "speaker_kb_id speaker_name"),
    (m.QuoteListed, "quotes", "", "speaker_kb_id speaker_name article_title article_published "
                                  "article_lead"),
    (m.MentionOut, "mentions", "id", "kb_id antecedent"),
    (m.ArticleSummary, "articles", "text published_source language_score sources ingested_at",
     "lead events quotes"),
    (m.ArticleDetail, "articles", "published_source language_score sources",
     "lead removals analysis_steps mentions events quotes story annotations segments "
     "bad_offsets"),
    (m.StoryArticle, "articles", "source text story_id content_hash published_source "
     "language_score cited_source sources ingested_at", "scores lead"),
    (m.StorySummary, "stories", "articles events title_article_id canonical_events",
     "articles events"),
    (m.StoryInfo, "stories", "articles events canonical_events", "created_at updated_at"),
    (m.MergedEventOut, "merged", "events article_ids", ""),
    (am.ActorIdentity, "actors", "text mentions evidence kb_id source",
     "kind term label kb_id source role exact country_name sector_name entity"),
]


@pytest.mark.parametrize(("model", "kind", "left_out", "added"), VIEWS,
                         ids=[v[0].__name__ for v in VIEWS])
def test_api_models_are_the_export_records_give_or_take_these_fields(model, kind, left_out,
                                                                      added):
    export = RECORDS[kind].model_fields
    fields = model.model_fields
    assert set(fields) == (set(export) - set(left_out.split())) | set(added.split())
    for name in (set(fields) & set(export)) - set(added.split()):
        # a shared field is the export's: same type (or the same, optional) and meaning
        assert fields[name].description == export[name].description, name
        assert fields[name].annotation in (export[name].annotation,
                                           export[name].annotation | None), name


# ---------------------------------------------------------------------------------------------
# The models lose nothing: every answer is what the endpoint returns without its model
# ---------------------------------------------------------------------------------------------

# Every GET operation, with the parameters that change the shape of its answer; {article},
# {event}, {story} and {actor} are ids of the store at hand.
READS = [
    "/api/", "/api/dashboard", "/api/dashboard?date_from=2024-12-01&actor=IRN",
    "/api/articles", "/api/articles?language=es&limit=2", "/api/articles/{article}",
    "/api/events", "/api/events?date_from=2024-11-01&include_negated=true",
    "/api/events?sort=-score&min_confidence=0.5", "/api/facets",
    "/api/facets?field=type&type=CONSULT", "/api/reviews", "/api/reviews/gold",
    "/api/events/{event}", "/api/quotes", "/api/quotes?direct=false&limit=3",
    "/api/actors", "/api/actors?country=IRN", "/api/actors/IRN", "/api/actors/IRN?exact=true",
    "/api/actors/IRNGOV", "/api/actors/masoud-pezeshkian", "/api/actors/{actor}",
    "/api/stories", "/api/stories?language=fr", "/api/stories/{story}",
    "/api/dyads", "/api/dyads?level=code", "/api/dyads?level=actor&limit=5",
    "/api/dyads/IRN/SYR", "/api/dyads/Pezeshkian/TUR?either_direction=false",
    "/api/aggregates/counts?interval=week", "/api/aggregates/scores?interval=month",
    "/api/aggregates/types?actor=TUR", "/api/aggregates/top-actors",
    "/api/aggregates/top-actors?date_from=2024-01-01&date_to=2025-12-31",
    "/api/aggregates/top-actors?side=recipient", "/api/aggregates/top-places",
    "/api/search?q=Iran", "/api/search?q=Syria&kind=quote&kind=event",
]
SAMPLE_IDS = {"article": article_id("000"), "event": f"{article_id('000')}:e0",
              "story": "story-c", "actor": "bassam-al-sabbagh"}


def pipeline_ids(store) -> dict[str, str]:  # noqa: ANN001 - a Store
    """Ids of the pipeline-built store: an event's, a story with merged events, a learned actor."""
    event = next(e for e in store.iter_events() if e["location"] and e["actors"])
    merged = next(store.iter_events(merged=True))
    learned = next(a for a in store.iter_actors() if a["source"] == "learned")
    return {"article": event["article_id"], "event": event["id"], "story": merged["story_id"],
            "actor": learned["kb_id"]}


def unfiltered(app: FastAPI) -> FastAPI:
    """The app's API routes again, without their response models: what the endpoints return."""
    twin = FastAPI()
    twin.state.db, twin.state.settings = app.state.db, app.state.settings
    twin.openapi = app.openapi  # type: ignore[method-assign]  # /api/ lists the same endpoints
    errors.install(twin)
    for top in app.routes:  # FastAPI keeps included routers whole
        for route in getattr(getattr(top, "original_router", None), "routes", [top]):
            if isinstance(route, APIRoute):
                twin.add_api_route(route.path, route.endpoint, methods=list(route.methods),
                                   dependencies=route.dependencies, response_model=None,
                                   status_code=route.status_code)
    return twin


class Served:
    """An app over a store, its twin without models, and the store's ids; answers are cached."""

    def __init__(self, db, ids: dict[str, str]) -> None:  # noqa: ANN001 - Engine or Store
        self.app = create_app(Settings(), db=db)
        self.client, self.raw = TestClient(self.app), TestClient(unfiltered(self.app))
        self.ids, self.answers = ids, {}
        self.document: dict | None = None

    def url(self, template: str) -> str:
        return template.format(**{k: quote(v, safe=":") for k, v in self.ids.items()})

    def get(self, template: str):  # noqa: ANN201 - a response
        if template not in self.answers:
            self.answers[template] = self.client.get(self.url(template))
        return self.answers[template]


@pytest.fixture(scope="module")
def samples(sample_db) -> Served:
    return Served(sample_db, SAMPLE_IDS)


@pytest.fixture(scope="module")
def pipeline(real_store) -> Served:
    return Served(real_store[1], pipeline_ids(real_store[1]))


def same(a, b, where: str = "$") -> None:  # noqa: ANN001 - JSON values
    """a and b are the same JSON: same keys, same items, same types (1 is not 1.0)."""
    assert type(a) is type(b), (where, a, b)
    if isinstance(a, dict):
        assert set(a) == set(b), (where, sorted(set(a) ^ set(b)))
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b, (where, a, b)


@pytest.mark.parametrize("template", READS)
def test_the_models_keep_every_field_on_the_samples(samples, template):
    answer = samples.get(template)
    assert answer.status_code == 200, (template, answer.text[:300])
    same(answer.json(), samples.raw.get(samples.url(template)).json())


@pytest.mark.parametrize("template", READS)
def test_the_models_keep_every_field_on_a_pipeline_store(pipeline, template):
    answer = pipeline.get(template)
    assert answer.status_code == 200, (template, answer.text[:300])
    same(answer.json(), pipeline.raw.get(pipeline.url(template)).json())


def serves(template: str, url: str) -> bool:
    """True when the document's path ``template`` (/api/events/{event_id}) serves ``url``."""
    pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template))
    return re.fullmatch(pattern, urlsplit(url).path) is not None


def operation_of(doc: dict, url: str) -> dict:
    """The GET operation of the document that serves ``url``."""
    return next(ops["get"] for path, ops in doc["paths"].items()
                if "get" in ops and serves(path, url))


def test_the_reads_cover_every_get_operation():
    for path, ops in DOC["paths"].items():
        if "get" in ops and not path.startswith("/api/export/"):  # files: test_export_http
            assert any(serves(path, url) for url in READS), f"READS has no {path}"


# ---------------------------------------------------------------------------------------------
# The document says what comes back
# ---------------------------------------------------------------------------------------------

OPERATIONS = [(path, method, op) for path, ops in DOC["paths"].items()
              for method, op in ops.items()]
IDS = [f"{method.upper()} {path}" for path, method, _ in OPERATIONS]


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_every_operation_says_what_it_answers(path, method, op):
    success = next(s for s in op["responses"] if s.startswith("2"))
    content = op["responses"][success]["content"]
    assert content, "no response content"
    if "application/json" in content:  # a model of ours, not "any object"
        schema = content["application/json"]["schema"]
        assert schema.get("$ref", "").startswith("#/components/schemas/"), schema
    for status, response in op["responses"].items():
        if status.startswith("4") or status.startswith("5"):
            ref = response["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/ErrorBody", (status, ref)
            assert response["description"] == errors.MEANINGS[int(status)]


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_every_parameter_is_described(path, method, op):
    undescribed = [p["name"] for p in op.get("parameters", []) if not p.get("description")]
    assert not undescribed


def test_no_operation_refers_to_fastapis_validation_error_shape():
    assert "HTTPValidationError" not in json.dumps(DOC)
    assert "ValidationError" not in DOC["components"]["schemas"]


# ---------------------------------------------------------------------------------------------
# Real answers are what the document says (its JSON Schemas, $refs resolved, formats checked)
# ---------------------------------------------------------------------------------------------


def conforms(served: Served, template: str, response) -> None:  # noqa: ANN001 - a response
    """The body validates against the schema /api/openapi.json gives for its status."""
    if served.document is None:
        served.document = served.client.get("/api/openapi.json").json()
    doc = served.document
    answer = operation_of(doc, template)["responses"][str(response.status_code)]
    schema = answer["content"]["application/json"]["schema"]
    validator = jsonschema_rs.validator_for(
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "components": doc["components"], **schema}, validate_formats=True)
    problems = [f"{'/'.join(map(str, e.instance_path))}: {e.message}"
                for e in validator.iter_errors(response.json())]
    assert not problems, (template, problems[:10])


@pytest.mark.parametrize("template", READS)
def test_answers_on_the_samples_are_what_the_document_says(samples, template):
    conforms(samples, template, samples.get(template))


@pytest.mark.parametrize("template", READS)
def test_answers_on_a_pipeline_store_are_what_the_document_says(pipeline, template):
    conforms(pipeline, template, pipeline.get(template))


def test_the_document_check_catches_a_wrong_answer(samples):
    """The check itself: an event page whose total is a string and a day that is no day."""
    response = samples.get("/api/events")
    wrong = response.json()
    wrong["total"], wrong["items"][0]["date"] = "13", "2024-13-45"

    class Tampered:
        status_code = 200

        def json(self) -> dict:
            return wrong

    with pytest.raises(AssertionError, match="total.*is not of type") as caught:
        conforms(samples, "/api/events", Tampered())
    assert "items/0/date" in str(caught.value)


# (request, status, error code): each status is one the operation documents
ERRORS = [
    ("/api/events?bogus=1", 400, "bad_request"),
    ("/api/events?type=NOTATYPE", 400, "bad_request"),
    ("/api/events?date_from=2024-12-31&date_to=2024-01-01", 400, "bad_request"),
    ("/api/articles/{article}?limit=5", 400, "bad_request"),
    ("/api/stories?language=xx", 400, "bad_request"),
    ("/api/search?q=Iran&kind=poem", 422, "invalid_request"),
    ("/api/events?limit=0", 422, "invalid_request"),
    ("/api/events?dyad=IRN", 422, "invalid_request"),
    ("/api/aggregates/counts?interval=year", 422, "invalid_request"),
    ("/api/articles/nope", 404, "not_found"),
    ("/api/events/nope", 404, "not_found"),
    ("/api/stories/nope", 404, "not_found"),
    ("/api/actors/Nobodyatall", 404, "not_found"),
    ("/api/aggregates/top-places?actor=Pezeshkiann", 404, "not_found"),
    ("/api/dyads/IRN/Nobodyatall", 404, "not_found"),
    ("/api/events?actor=Salman", 409, "ambiguous"),
    ("/api/actors/Salman", 409, "ambiguous"),
    ("/api/dyads/Salman/IRN", 409, "ambiguous"),
    ("/api/dashboard?actor=Salman", 409, "ambiguous"),
]


@pytest.mark.parametrize(("template", "status", "code"), ERRORS)
def test_errors_are_documented_and_in_the_error_shape(samples, template, status, code):
    response = samples.get(template)
    assert response.status_code == status, response.text
    body = ErrorBody.model_validate(response.json())
    assert body.error.status == status and body.error.code == code
    assert str(status) in operation_of(DOC, template)["responses"]
    conforms(samples, template, response)
