"""Exports: every record type in every format, read back and compared; GDELT rows; options."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pyarrow.parquet as pq
import pytest

from conftest import add_sample_stories, make_analysis_en, make_analysis_es, make_article
from eventwire.export import UnsupportedExport, export_records
from eventwire.store import open_store

EN = make_article("000_2008e6402e0ebef9.txt", language="en")
ES = make_article("004_1d7981e0e1efbe65.txt", language="es")

# The field names spec/EXPORT.md promises (other tools depend on them), written out here so
# a rename in the code fails this test.
CONTRACT = {
    "articles": "id source url title published language outlet text story_id content_hash",
    "events": "id article_id story_id type mode context actors recipients date date_text "
              "date_source date_conflict future negated hypothetical location trigger evidence "
              "start end score cameo confidence",
    "quotes": "id article_id speaker speaker_text cue text direct start end language",
    "mentions": "article_id text start end label actor",
    "actors": "name text country sector code kb_id aliases roles mentions first_seen last_seen "
              "source",
    "stories": "id title articles languages start end actors events",
}
ACTOR_KEYS = {"name", "text", "country", "sector", "code", "kb_id"}


@pytest.fixture
def filled(store):
    store.save(EN, make_analysis_en(EN), run_id=None)
    store.save(ES, make_analysis_es(ES), run_id=None)
    store.upsert_kb_actors([
        {"kb_id": "masoud-pezeshkian", "name": "Masoud Pezeshkian", "country": "IRN",
         "sector": "GOV", "code": "IRNGOV", "aliases": ["Pezeshkian", "Masud Pezeshkian"],
         "roles": [{"title": "President", "country": "IRN", "sector": "GOV",
                    "start": dt.date(2024, 7, 28), "end": None}]},
        {"kb_id": "bashar-al-assad", "name": "Bashar al-Assad", "country": "SYR",
         "sector": "GOV", "code": "SYRGOV", "aliases": ["Assad"], "roles": []},  # never mentioned
    ])
    add_sample_stories(store, EN, ES)
    return store


def _export(store, what, fmt, **kw) -> bytes:
    out = io.BytesIO()
    export_records(store, what, fmt, out, **kw)
    return out.getvalue()


def _canon(value):
    """One comparable text form for a value read back from any format."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def _read_back(fmt: str, data: bytes, reference: list[dict]) -> list[dict]:
    """CSV and Parquet rows decoded into the JSON Lines shape (nested JSON cells parsed)."""
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    else:
        rows = pq.read_table(io.BytesIO(data)).to_pylist()
    for row, ref in zip(rows, reference, strict=True):
        for key, value in ref.items():
            if isinstance(value, dict | list) and isinstance(row.get(key), str):
                row[key] = json.loads(row[key])
    return rows


EXPECTED_COUNTS = {"articles": 2, "events": 4, "quotes": 3, "actors": 4, "mentions": 6,
                   "stories": 2}


@pytest.mark.parametrize("what", list(CONTRACT))
def test_jsonl_records_follow_the_export_contract(filled, what):
    lines = _export(filled, what, "jsonl").decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == EXPECTED_COUNTS[what]
    for rec in records:
        assert set(CONTRACT[what].split()) <= set(rec), what
        for key in ("actors", "recipients"):
            for actor in rec.get(key) or [] if what == "events" else []:
                assert set(actor) == ACTOR_KEYS
        for key in ("published", "date", "first_seen", "last_seen", "start", "end"):
            if isinstance(rec.get(key), str):
                dt.date.fromisoformat(rec[key])  # YYYY-MM-DD


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("what", list(CONTRACT))
def test_csv_and_parquet_hold_the_same_records_as_jsonl(filled, what, fmt):
    reference = [json.loads(x) for x in _export(filled, what, "jsonl").splitlines()]
    rows = _read_back(fmt, _export(filled, what, fmt), reference)
    assert len(rows) == len(reference) == EXPECTED_COUNTS[what]
    for row, ref in zip(rows, reference, strict=True):
        for key, value in ref.items():
            if key == "ingested_at":  # a typed timestamp in Parquet: checked below
                continue
            assert _canon(row[key]) == _canon(value), (what, fmt, key)


def test_parquet_schema_is_typed_and_stable_even_when_empty(filled, tmp_path):
    full = pq.read_table(io.BytesIO(_export(filled, "events", "parquet")))
    with open_store(str(tmp_path / "empty.db")) as empty_store:
        empty = pq.read_table(io.BytesIO(_export(empty_store, "events", "parquet")))
    assert empty.num_rows == 0 and full.schema == empty.schema
    types = {f.name: str(f.type) for f in full.schema}
    assert types["date"] == "date32[day]" and types["negated"] == "bool"
    assert types["actors"].startswith("list<element: struct<name: string")
    arts = pq.read_table(io.BytesIO(_export(filled, "articles", "parquet")))
    assert str(arts.schema.field("ingested_at").type) == "timestamp[us, tz=UTC]"


def test_csv_has_flat_columns_for_common_filters(filled):
    rows = list(csv.DictReader(io.StringIO(_export(filled, "events", "csv").decode())))
    meet = next(r for r in rows if r["id"] == f"{EN.id}:e0")
    assert (meet["actor_codes"], meet["recipient_codes"]) == ("IRNGOV", "TURGOV")
    assert (meet["location_name"], meet["location_country"]) == ("Cairo", "EGY")
    assert meet["date_conflict"] == "false" and meet["mode"] == ""
    quotes = list(csv.DictReader(io.StringIO(_export(filled, "quotes", "csv").decode())))
    assert {q["speaker_code"] for q in quotes} == {"IRNGOV"}


@pytest.mark.parametrize(
    ("options", "expected_types"),
    [
        ({}, ["CONSULT", "REQUEST", "AGREE", "CONSULT"]),
        ({"include_negated": True}, ["CONSULT", "REQUEST", "ASSAULT", "AGREE", "CONSULT"]),
    ],
)
def test_negated_events_only_on_request(filled, options, expected_types):
    records = [json.loads(x) for x in _export(filled, "events", "jsonl", **options).splitlines()]
    assert [r["type"] for r in records] == expected_types
    assert any(r["negated"] for r in records) == bool(options)


def test_events_carry_story_ids_and_merged_exports_canonical_events(filled):
    per_mention = [json.loads(x) for x in _export(filled, "events", "jsonl").splitlines()]
    assert {r["story_id"] for r in per_mention} == {"story-a", "story-b"}
    merged = [json.loads(x) for x in _export(filled, "events", "jsonl", merged=True).splitlines()]
    assert len(merged) == 1
    assert merged[0]["events"] == [f"{ES.id}:e0"] and merged[0]["article_ids"] == [ES.id]
    assert merged[0]["dates_seen"] == {"2024-11-20": 1, "2024-11-30": 1}


def test_actors_export_lists_mentioned_and_learned_actors_only(filled):
    records = {json.loads(x)["kb_id"]: json.loads(x)
               for x in _export(filled, "actors", "jsonl").splitlines()}
    assert "bashar-al-assad" not in records  # in the KB, never in the news
    pez = records["masoud-pezeshkian"]
    assert (pez["mentions"], pez["source"]) == (2, "kb")
    assert pez["roles"][0] == {"title": "President", "country": "IRN", "sector": "GOV",
                               "start": "2024-07-28", "end": None}
    assert records["learned:bassam-al-sabbagh"]["source"] == "learned"


def test_stories_export(filled):
    records = [json.loads(x) for x in _export(filled, "stories", "jsonl").splitlines()]
    assert [(r["id"], r["articles"], r["events"]) for r in records] == [
        ("story-a", [EN.id], 3), ("story-b", [ES.id], 1)]


@pytest.mark.parametrize(
    ("what", "fmt", "options", "message"),
    [
        ("quotes", "gdelt", {}, "gdelt writes events only"),
        ("articles", "jsonl", {"merged": True}, "--merged applies to events only"),
        ("events", "xml", {}, "unknown format 'xml'"),
        ("sentences", "jsonl", {}, "cannot export 'sentences'"),
    ],
)
def test_impossible_exports_are_refused(filled, what, fmt, options, message):
    with pytest.raises(UnsupportedExport, match=message):
        export_records(filled, what, fmt, io.BytesIO(), **options)
