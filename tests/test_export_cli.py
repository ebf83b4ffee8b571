"""`eventwire export` and `eventwire stats` through the command line."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import make_analysis_en, make_analysis_es, make_article
from eventwire.cli import main
from eventwire.models import ItemError
from eventwire.store import open_store

EN = make_article("000_2008e6402e0ebef9.txt", language="en")
ES = make_article("004_1d7981e0e1efbe65.txt", language="es")


@pytest.fixture
def db(store_url):
    with open_store(store_url) as store:
        run = store.start_run("ingest", {"inputs": ["examples/articles"]})
        store.save(EN, make_analysis_en(EN), run_id=run)
        store.save(ES, make_analysis_es(ES), run_id=run)
        store.record_error(ItemError("examples/broken.bin", "read", "binary file"), run_id=run)
        store.finish_run(run, {"read": 3, "stored": 2, "failed": 1})
    return store_url


def _run(db, *args):
    result = CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)
    return result


@pytest.mark.parametrize(
    ("args", "parse", "expected"),
    [
        (["export", "events"], "jsonl", 4),
        (["export", "events", "--include-negated"], "jsonl", 5),
        (["export", "quotes", "--format", "csv"], "csv", 3),
        (["export", "mentions", "--format", "jsonl"], "jsonl", 6),
        (["export", "events", "--format", "gdelt"], "gdelt", 4),
        (["export", "events", "--merged"], "jsonl", 0),  # nothing merged yet
    ],
)
def test_export_to_stdout(db, args, parse, expected):
    result = _run(db, *args)
    assert result.exit_code == 0, result.output
    text = result.stdout
    if parse == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
    elif parse == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = [line.split("\t") for line in text.splitlines()]
        assert {len(r) for r in rows} <= {61}
    assert len(rows) == expected


@pytest.mark.parametrize("what", ["articles", "events", "actors"])
def test_export_parquet_to_file(db, tmp_path, what):
    path = tmp_path / f"{what}.parquet"
    result = _run(db, "export", what, "--format", "parquet", "-o", str(path))
    assert result.exit_code == 0, result.output
    table = pq.read_table(path)
    assert f"{table.num_rows} {what} written to {path}" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "quotes", "--format", "gdelt"], "gdelt writes events only"),
        (["export", "stories", "--merged"], "--merged applies to events only"),
        (["export", "events", "--format", "xml"], "'xml' is not one of"),
    ],
)
def test_bad_export_options_are_usage_errors(db, args, message):
    result = _run(db, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_stats_json(db):
    result = _run(db, "stats", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["articles"] == 2 and data["counts"]["events"] == 5
    assert data["languages"] == {"en": 1, "es": 1}
    assert data["errors"] == {"read": 1}
    assert data["runs"][0]["stats"] == {"read": 3, "stored": 2, "failed": 1}


def test_stats_table(db):
    result = _run(db, "stats")
    assert result.exit_code == 0, result.output
    for expected in ("articles", "languages: en 1, es 1", "published: 2024-12-20 .. 2024-12-20",
                     "event dates: 2024-11-30 .. 2024-12-19", "errors: read 1", "ingest"):
        assert expected in result.stdout


@pytest.mark.parametrize("args", [["export", "events"], ["stats"]])
def test_reading_commands_do_not_create_a_database(tmp_path, args):
    missing = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["--db", str(missing), *args])
    assert result.exit_code == 2
    assert f"no database at {missing}" in result.stderr
    assert not missing.exists()
