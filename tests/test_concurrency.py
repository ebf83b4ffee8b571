"""Concurrency: the web server reads while `eventwire ingest` writes the same SQLite file, and
two ingests of overlapping inputs run at once (SQLite and PostgreSQL) without duplicates.

PostgreSQL runs when ``EVENTWIRE_TEST_PG`` is set (``bash scripts/system-deps.sh && source
.test-env``; ``make test`` always sets it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, inspect, select

from eventwire.api import create_app
from eventwire.settings import Settings
from eventwire.store import open_store
from eventwire.store.schema import article_sources, articles, events, quotes
from test_browser import serving
from throwaway_pg import throwaway_database

PG_URL = os.environ.get("EVENTWIRE_TEST_PG")
PEOPLE = [("Iranian Foreign Minister Abbas Araghchi", "Araghchi"),
          ("Turkish Foreign Minister Hakan Fidan", "Fidan"),
          ("Egyptian President Abdel Fattah al-Sisi", "Sisi"),
          ("Russian Foreign Minister Sergei Lavrov", "Lavrov")]
CITIES = ["Ankara", "Cairo", "Baghdad", "Moscow", "Tehran", "Damascus"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TOPICS = ["trade and energy", "the war in Gaza", "the situation in Syria", "water rights"]


def article(i: int) -> dict[str, str]:
    """A short, distinct synthetic article with a meeting, a quote and a criticism."""
    (a, a_short), (b, _) = PEOPLE[i % 4], PEOPLE[(i + 1) % 4]
    city, day, topic = CITIES[i % 6], DAYS[i % 5], TOPICS[i % 4]
    text = (f"{a} met {b} in {city} on {day} to discuss {topic}, officials said in statement "
            f"{i}. \"We reject any interference in the affairs of the region,\" {a_short} told "
            f"reporters. He also criticised Israel over the attacks on civilians.")
    return {"id": f"conc-{i:03d}", "text": text, "published": f"2024-11-{1 + i % 28:02d}"}


def write_jsonl(path: Path, numbers: range | list[int]) -> Path:
    path.write_text("".join(json.dumps(article(i)) + "\n" for i in numbers), encoding="utf-8")
    return path


def ingest_process(db: str, path: Path) -> subprocess.Popen:
    """`eventwire --db DB ingest PATH` in a child process."""
    return subprocess.Popen(
        [sys.executable, "-m", "eventwire", "--db", db, "ingest", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


# ---------------------------------------------------------------------------------------------
# serve reads while ingest writes (SQLite, WAL)
# ---------------------------------------------------------------------------------------------

READ_URLS = ["/api/articles?limit=5", "/api/events?limit=20", "/api/dashboard", "/api/stories",
             "/api/actors", "/api/aggregates/counts", "/api/search?q=Ankara", "/", "/events",
             "/quotes"]


def test_server_reads_while_ingest_writes_sqlite(tmp_path):
    db = str(tmp_path / "shared.db")
    write_jsonl(tmp_path / "first.jsonl", range(3))
    subprocess.run([sys.executable, "-m", "eventwire", "--db", db, "ingest",
                    str(tmp_path / "first.jsonl")], check=True, capture_output=True, timeout=300)
    store = open_store(db)
    statuses: list[tuple[str, int, str]] = []
    seen_totals: list[int] = []
    with serving(create_app(Settings(db=db), db=store)) as base:
        writer = ingest_process(db, write_jsonl(tmp_path / "more.jsonl", range(3, 43)))
        began = time.monotonic()
        with httpx.Client(base_url=base, timeout=30) as client:
            n = 0
            # read until the writer is done (bounded: 5 minutes, 4000 requests)
            while writer.poll() is None and n < 4000 and time.monotonic() - began < 300:
                url = READ_URLS[n % len(READ_URLS)]
                r = client.get(url)
                statuses.append((url, r.status_code, r.text[:300]))
                if url.startswith("/api/articles"):
                    seen_totals.append(r.json()["total"])
                n += 1
        out, err = writer.communicate(timeout=300)
    store.close()
    assert writer.returncode == 0, err
    failures = [s for s in statuses if s[1] != 200]
    assert not failures, failures[:5]
    assert len(statuses) > 20, "the reader barely ran while the writer worked"
    assert seen_totals == sorted(seen_totals), "a reader saw articles disappear"
    assert seen_totals[0] >= 3 and seen_totals[-1] <= 43
    assert seen_totals[-1] > seen_totals[0], "no read happened while articles were written"
    with open_store(db) as check:
        assert check.counts()["articles"] == 43


# ---------------------------------------------------------------------------------------------
# two ingests of overlapping inputs at once
# ---------------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, unmigrated database: a new SQLite file or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "twice.db")
        return
    if not PG_URL:
        pytest.skip("EVENTWIRE_TEST_PG is not set: run `bash scripts/system-deps.sh && "
                    "source .test-env` to test concurrent ingests into PostgreSQL")
    with throwaway_database("ew_conc") as url:
        yield url


# the same trigger coding the same type twice in one sentence would be the same event stored twice
EVENT_KEY = (events.c.article_id, events.c.start_char, events.c.type, events.c.trigger_start,
             events.c.trigger_end)


@pytest.mark.parametrize("migrated", [True, False], ids=["migrated", "fresh"])
def test_two_overlapping_ingests_store_each_article_once(tmp_path, db_url, migrated):
    if migrated:
        open_store(db_url).close()
    # the same 24 articles in the same order in both (they race on every one), plus 6 of each's own
    shared = list(range(24))
    one = ingest_process(db_url, write_jsonl(tmp_path / "one.jsonl", [*shared, *range(100, 106)]))
    two = ingest_process(db_url, write_jsonl(tmp_path / "two.jsonl", [*shared, *range(200, 206)]))
    results = [p.communicate(timeout=600) for p in (one, two)]
    for proc, (out, err) in zip((one, two), results, strict=True):
        assert proc.returncode == 0, f"{out}\n{err}"
        assert "Traceback" not in err, err
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    try:
        with engine.connect() as conn:
            n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            hashes = conn.execute(
                select(func.count(articles.c.content_hash.distinct()))).scalar_one()
            event_keys = conn.execute(
                select(*EVENT_KEY, func.count()).group_by(*EVENT_KEY)
                .having(func.count() > 1)).all()
            quote_keys = conn.execute(
                select(quotes.c.article_id, quotes.c.start_char, func.count())
                .group_by(quotes.c.article_id, quotes.c.start_char).having(func.count() > 1)).all()
            orphans = conn.execute(select(func.count()).select_from(events).where(
                events.c.article_id.not_in(select(articles.c.id)))).scalar_one()
            sightings = conn.execute(select(func.count()).select_from(article_sources)).scalar_one()
        schema = inspect(engine)
        unique = {tuple(u["column_names"]) for u in schema.get_unique_constraints("articles")}
        unique |= {tuple(i["column_names"]) for i in schema.get_indexes("articles") if i["unique"]}
    finally:
        engine.dispose()
    assert n_articles == hashes == 36
    assert not event_keys and not quote_keys and orphans == 0
    assert sightings >= 36
    assert ("content_hash",) in unique, "duplicates must be prevented by a constraint"
    stored = [int(re.search(r"stored (\d+)", out + err).group(1)) for out, err in results]
    duplicates = [int(re.search(r"duplicates (\d+)", out + err).group(1)) for out, err in results]
    assert sum(stored) == 36 and sum(duplicates) == 24, (stored, duplicates)
