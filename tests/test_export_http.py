"""GET /api/export/{kind}: every kind in every format, the listing's filters and totals, the
error shape, and a stream that reads one snapshot and gives its database connection back."""

from __future__ import annotations

import csv
import io
import json
import re

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from conftest import make_analysis_en, make_analysis_es, make_article
from eventwire.api import create_app
from eventwire.export import Export, ExportStream, export_records, records
from eventwire.export.parquet import schema_for
from eventwire.models import ActorRef
from eventwire.query import EventFilter
from eventwire.settings import Settings
from eventwire.store import read
from test_api import assert_error

pytest_plugins = ("test_query_samples",)  # the sample_db fixture

# the samples as the listings count them (test_api.py pins the same totals)
TOTALS = {"events": 13, "quotes": 8, "articles": 5, "actors": 11, "stories": 4}
# what docs/EXPORT.md promises clients, written out so that a change in the code fails here
CONTENT_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "gdelt": "text/tab-separated-values; charset=utf-8",
}
EXTENSIONS = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet", "gdelt": "tsv"}


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(Settings(), db=sample_db)) as c:
        yield c


def rows_of(fmt: str, body: bytes) -> list:
    """The body's rows: JSON objects, CSV rows, Parquet rows or GDELT lines (column lists)."""
    if fmt == "jsonl":
        return [json.loads(line) for line in body.decode("utf-8").splitlines()]
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    if fmt == "parquet":
        return pq.read_table(io.BytesIO(body)).to_pylist()
    return [line.split("\t") for line in body.decode("utf-8").splitlines()]


def ident(kind: str, row: dict) -> str:
    """What names a row in a listing and in an export (actors: kb_id, else their name)."""
    return (row["kb_id"] or row["name"]) if kind == "actors" else row["id"]


def listed(client, kind: str, query: str) -> tuple[int, set[str]]:
    """The listing's total and the ids of all its pages."""
    ids: set[str] = set()
    offset: int | None = 0
    while offset is not None:
        page = client.get(f"/api/{kind}?{query}&limit=500&offset={offset}").json()
        ids |= {ident(kind, item) for item in page["items"]}
        offset = page["next_offset"]
    return page["total"], ids


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [(kind, fmt) for kind in TOTALS for fmt in CONTENT_TYPES if fmt != "gdelt" or kind == "events"],
)
def test_every_kind_in_every_format(client, kind, fmt):
    response = client.get(f"/api/export/{kind}?format={fmt}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPES[fmt]
    assert re.fullmatch(rf"attachment; filename=eventwire-{kind}-\d{{8}}\.{EXTENSIONS[fmt]}",
                        response.headers["content-disposition"])
    total, _ = listed(client, kind, "")
    # GDELT has a line per (actor, recipient) pair; every sample event has one of each at most
    rows = rows_of(fmt, response.content)
    assert int(response.headers["x-total-count"]) == total == len(rows) == TOTALS[kind]
    if fmt == "parquet":
        assert pq.read_schema(io.BytesIO(response.content)) == schema_for(kind)
    if fmt == "gdelt":
        assert {len(r) for r in rows} == {61}


@pytest.mark.parametrize(
    ("kind", "query", "expected"),
    [
        ("events", "actor=IRN&type=CONSULT", 6),
        ("events", "dyad=IRN,TUR", 3),
        ("events", "dyad=TUR,IRN&either_direction=false", 0),
        ("events", "actor=TUR&role=recipient", 3),
        ("events", "date_from=2024-11-30&date_to=2024-12-01", 3),
        ("events", "country=SYR&language=en", 2),
        ("events", "story=story-c", 3),
        ("events", "q=phone", 1),
        ("events", "include_negated=true", 14),
        ("events", "actor_sector=MIL", 1),
        ("quotes", "speaker=Sudani", 1),
        ("quotes", "contains=zionist&since=2024-12-01", 2),
        ("quotes", "language=es&direct=true", 1),
        ("articles", "language=es", 1),
        ("articles", "date_from=2024-12-01", 2),
        ("articles", "q=Sudani", 1),
        ("actors", "country=TUR", 3),
        ("actors", "q=sabb", 1),
        ("stories", "language=es", 1),
    ],
)
def test_a_filtered_export_holds_the_filtered_listing(client, kind, query, expected):
    response = client.get(f"/api/export/{kind}?{query}&format=jsonl")
    assert response.status_code == 200, response.text
    total, ids = listed(client, kind, query)
    got = [ident(kind, r) for r in rows_of("jsonl", response.content)]
    assert int(response.headers["x-total-count"]) == total == len(got) == expected
    assert set(got) == ids


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_filtered_csv_and_parquet_hold_the_same_ids(client, fmt):
    query = "actor=IRN&type=CONSULT"
    response = client.get(f"/api/export/events?{query}&format={fmt}")
    assert {r["id"] for r in rows_of(fmt, response.content)} == listed(client, "events", query)[1]


@pytest.mark.parametrize("kind", list(TOTALS))
def test_the_records_are_the_ones_the_cli_writes(client, sample_db, kind):
    """Unfiltered, the samples hold nothing the two rule sets treat apart (no hypothetical
    events, no actor outside events), so the bytes are the same."""
    out = io.BytesIO()
    export_records(sample_db, kind, "jsonl", out)
    assert client.get(f"/api/export/{kind}").content == out.getvalue()


@pytest.mark.parametrize(
    ("url", "status", "code", "words"),
    [
        ("/api/export/mentions", 404, "not_found", ["mentions", "events, quotes, articles"]),
        ("/api/export/sentences?format=csv", 404, "not_found", ["sentences"]),
        ("/api/export/events?format=xml", 400, "bad_request",
         ["'xml'", "jsonl, csv, parquet, gdelt"]),
        ("/api/export/articles?format=JSONL", 400, "bad_request", ["jsonl, csv, parquet"]),
        ("/api/export/quotes?format=gdelt", 400, "bad_request",
         ["gdelt writes events only", "jsonl, csv, parquet"]),
        ("/api/export/stories?format=gdelt", 400, "bad_request", ["not stories"]),
        ("/api/export/events?date_from=2024-12-02&date_to=2024-12-01", 400, "bad_request",
         ["after"]),
        ("/api/export/events?dyad=IRN", 422, "invalid_request", ["dyad", "IRN,TUR"]),
        ("/api/export/events?role=speaker", 422, "invalid_request", ["role"]),
        ("/api/export/quotes?direct=perhaps", 422, "invalid_request", ["direct"]),
    ],
)
def test_errors_have_the_error_shape(client, url, status, code, words):
    assert_error(client.get(url), status, code, *words)


@pytest.mark.parametrize("kind", list(TOTALS))
def test_an_export_takes_exactly_its_listings_filters(kind):
    """A filter added to a listing and forgotten here fails this test."""
    paths = create_app(Settings(), db=object()).openapi()["paths"]

    def names(path: str) -> set[str]:
        return {p["name"] for p in paths[path]["get"].get("parameters", []) if p["in"] == "query"}

    # paging and the listing's order are not filters: an export keeps its stable order
    assert names(f"/api/export/{kind}") - {"format"} == names(f"/api/{kind}") - {"limit",
                                                                                   "offset", "sort"}


def test_the_body_streams_in_batches_and_the_connection_is_given_back(sample_db, monkeypatch):
    monkeypatch.setattr(records, "BATCH", 5)
    stream = ExportStream(sample_db, Export("events", "jsonl", matching=EventFilter()))
    assert sample_db.pool.checkedout() == 1
    chunks = list(stream)
    assert [c.count(b"\n") for c in chunks] == [5, 5, 3] and stream.total == 13
    assert sample_db.pool.checkedout() == 0


def test_a_client_that_goes_away_gives_the_connection_back(sample_db, monkeypatch):
    monkeypatch.setattr(records, "BATCH", 5)
    stream = ExportStream(sample_db, Export("events", "parquet", matching=EventFilter()))
    next(stream)
    stream.close()
    assert sample_db.pool.checkedout() == 0
    assert list(stream) == []


EN = make_article("000_2008e6402e0ebef9.txt", language="en")
ES = make_article("004_1d7981e0e1efbe65.txt", language="es")


def test_rows_and_total_come_from_one_snapshot(store):
    """An article stored while the export streams is in neither the count nor the rows."""
    store.save(EN, make_analysis_en(EN), run_id=None)
    stream = ExportStream(store, Export("events", "csv", matching=EventFilter()))
    store.save(ES, make_analysis_es(ES), run_id=None)
    rows = rows_of("csv", b"".join(stream))
    assert stream.total == len(rows) == 3
    assert {r["article_id"] for r in rows} == {EN.id}


def test_over_http_the_rows_are_the_listings_and_the_cli_keeps_its_rules(store):
    """The events listing hides negated events only; `eventwire export` hypothetical ones too."""
    analysis = make_analysis_en(EN)
    analysis.events[2].hypothetical = True  # "announced Iran's readiness to host": AGREE
    store.save(EN, analysis, run_id=None)
    with TestClient(create_app(Settings(), db=store)) as c:
        listing = c.get("/api/events").json()
        response = c.get("/api/export/events")
    exported = rows_of("jsonl", response.content)
    assert int(response.headers["x-total-count"]) == listing["total"] == len(exported) == 3
    assert [r["type"] for r in exported if r["hypothetical"]] == ["AGREE"]
    out = io.BytesIO()
    export_records(store, "events", "jsonl", out)
    assert [r["type"] for r in rows_of("jsonl", out.getvalue())] == ["CONSULT", "REQUEST"]


def test_an_actor_without_a_kb_entry_is_exported_as_events_name_it(store, monkeypatch):
    analysis = make_analysis_en(EN)
    hamas = ActorRef("Hamas", "Hamas", "PSE", "REB", "PSEREB", None)
    analysis.events[1].recipients = [hamas]  # "stressed the urgent need to halt": REQUEST
    store.save(EN, analysis, run_id=None)
    monkeypatch.setattr(read, "BATCH", 1)  # a page per actor: names and kb_ids in one keyset
    with TestClient(create_app(Settings(), db=store)) as c:
        total, ids = listed(c, "actors", "")
        everyone = c.get("/api/export/actors")
        listing = c.get("/api/actors?country=PSE").json()
        response = c.get("/api/export/actors?country=PSE")
    assert [ident("actors", r) for r in rows_of("jsonl", everyone.content)] == [
        "Hamas", "country:ISR", "masoud-pezeshkian", "recep-tayyip-erdogan"]
    assert total == 4 and ids == {"Hamas", "country:ISR", "masoud-pezeshkian",
                                  "recep-tayyip-erdogan"}
    assert [a["name"] for a in listing["items"]] == ["Hamas"]
    assert rows_of("jsonl", response.content) == [{
        "name": "Hamas", "text": "Hamas", "country": "PSE", "sector": "REB", "code": "PSEREB",
        "kb_id": None, "aliases": [], "roles": [], "mentions": 0, "first_seen": None,
        "last_seen": None, "source": None, "evidence": None}]
    assert response.headers["x-total-count"] == "1"
