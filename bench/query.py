"""Query latency at scale: 1,000,000 synthetic events over 10,000 actors, SQLite and PostgreSQL.

    .venv/bin/python bench/query.py [--events 1000000] [--pg postgresql://...] [--repeat 20]
                                    [--keep DIR] [--only TEXT]

Generates the data straight into the schema (bulk inserts, not the analysis pipeline), then
times the common read-side calls of `eventwire.query` and prints p50/p95 in milliseconds per
query and store, and a one-line summary against the 100 ms p95 target. PostgreSQL is used when
`--pg` or EVENTWIRE_TEST_PG gives a URL (make test's throw-away cluster works). With `--keep`,
the SQLite file lives in DIR and both stores are reused when they already hold exactly the
requested number of events (to iterate on indexes without regenerating a million rows).
`--only` times just the queries whose name contains TEXT.

The rows named "new: ..." (added with actor resolution, roll-ups, facets and sorting) time the
calls the pages now make; only those marked "(target)" -- old queries reached through a name --
count for the 100 ms summary, the others are listed when their p95 is over 100 ms. A query whose
first (warm-up) call takes over a second is timed 5 times instead of --repeat ("(5 runs)").
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from eventwire import query
from eventwire.store import open_store, rollup
from eventwire.store.schema import articles, event_actors, events, quotes

TYPES = [
    "CONSULT",
    "AGREE",
    "SUPPORT",
    "REQUEST",
    "ACCUSE",
    "ASSAULT",
    "COERCE",
    "REJECT",
    "THREATEN",
    "COOPERATE",
    "AID",
    "SANCTION",
    "MOBILIZE",
    "PROTEST",
    "RETREAT",
    "CONCEDE",
]
COUNTRIES = [
    "IRN",
    "TUR",
    "SYR",
    "IRQ",
    "ISR",
    "USA",
    "RUS",
    "EGY",
    "LBN",
    "SAU",
    "JOR",
    "QAT",
    "FRA",
    "DEU",
    "GBR",
    "CHN",
    "IND",
    "PAK",
    "AFG",
    "UKR",
] + [f"X{i:02d}" for i in range(80)]
SECTORS = ["GOV", "MIL", "REB", "OPP", "COP", "", "BUS", "MED"]
WORDS = (
    "talks ceasefire sanctions summit attack aid border minister militia protest "
    "negotiations embassy drone refugees election pipeline security cooperation"
).split()
START = dt.date(2020, 1, 1)


def generate(store, n_events: int, n_actors: int, seed: int = 7) -> None:  # noqa: ANN001
    rng = random.Random(seed)
    actors = [
        (f"bench:actor{i:05d}", f"Actor {i}", rng.choice(COUNTRIES), rng.choice(SECTORS))
        for i in range(n_actors)
    ]
    n_articles = max(1, n_events // 50)
    now = dt.datetime.now(dt.UTC)
    with store.write() as conn:
        rows = []
        for i in range(n_articles):
            text = " ".join(rng.choices(WORDS, k=40))
            rows.append(
                {
                    "id": f"a{i:07d}",
                    "source": f"bench/{i}",
                    "raw_text": text,
                    "text": text,
                    "content_hash": hashlib.sha256(f"{i}{text}".encode()).hexdigest(),
                    "published": START + dt.timedelta(days=i % 2000),
                    "language": rng.choice(["en", "es", "fr"]),
                    "ingested_at": now,
                    "title": f"Article {i}",
                }
            )
            if len(rows) == 5000:
                conn.execute(insert(articles), rows)
                rows = []
        if rows:
            conn.execute(insert(articles), rows)
        qrows = [
            {
                "id": f"a{i:07d}:q0",
                "article_id": f"a{i:07d}",
                "text": " ".join(rng.choices(WORDS, k=25)),
                "direct": True,
                "start_char": 0,
                "end_char": 10,
                "speaker_name": actors[i % n_actors][1],
                "speaker_kb_id": actors[i % n_actors][0],
                "language": "en",
            }
            for i in range(n_articles)
        ]
        conn.execute(insert(quotes), qrows)
    batch_e, batch_a = [], []
    for i in range(n_events):
        a, r = rng.choice(actors), rng.choice(actors)
        et = rng.choice(TYPES)
        art = i % n_articles
        ev_id = f"a{art:07d}:e{i}"
        batch_e.append(
            {
                "id": ev_id,
                "article_id": f"a{art:07d}",
                "type": et,
                "date": START + dt.timedelta(days=rng.randrange(2000)),
                "date_source": "text",
                "start_char": 0,
                "end_char": 10,
                "trigger": "met",
                "evidence": "synthetic",
                "score": rng.uniform(-10, 10),
                "confidence": 0.5,
                "negated": False,
                "future": False,
                "hypothetical": False,
                "date_conflict": False,
                "location_name": rng.choice(["Cairo", "Tehran", None]),
                "actors": [{"name": a[1], "kb_id": a[0], "country": a[2]}],
                "recipients": [{"name": r[1], "kb_id": r[0], "country": r[2]}],
            }
        )
        for role, x in (("actor", a), ("recipient", r)):
            batch_a.append(
                {
                    "event_id": ev_id,
                    "role": role,
                    "kb_id": x[0],
                    "name": x[1],
                    "country": x[2],
                    "sector": x[3] or None,
                    "code": x[2] + x[3],
                }
            )
        if len(batch_e) == 20000:
            with store.write() as conn:
                conn.execute(insert(events), batch_e)
                conn.execute(insert(event_actors), batch_a)
            batch_e, batch_a = [], []
            print(f"\r  generated {i + 1} events", end="", file=sys.stderr)
    if batch_e:
        with store.write() as conn:
            conn.execute(insert(events), batch_e)
            conn.execute(insert(event_actors), batch_a)
    print(file=sys.stderr)
    t0 = time.perf_counter()
    with store.write() as conn:  # bulk inserts bypass the writer: count the rollup once
        rollup.rebuild(conn)
    print(f"  actor_periods rebuilt in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if store.dialect == "postgresql":  # what autovacuum does soon after a bulk load
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    # SQLite gets no ANALYZE: eventwire never runs it, so the plans measured are the ones a
    # real store uses (without sqlite_stat1 the planner trusts the indexes' shapes)


def cases(rng: random.Random) -> dict[str, Callable[[object], object]]:
    last_month = (START + dt.timedelta(days=1970), START + dt.timedelta(days=2000))
    P = query.Page(limit=50)
    return {
        "events by actor country + type": lambda db: query.list_events(
            db, query.EventFilter(actor="IRN", type="CONSULT"), P
        ),
        "events by actor code": lambda db: query.list_events(
            db, query.EventFilter(actor="IRNGOV"), P
        ),
        "events by dyad, last month": lambda db: query.list_events(
            db,
            query.EventFilter(dyad=("IRN", "SYR"), date_from=last_month[0], date_to=last_month[1]),
            P,
        ),
        "events by kb actor": lambda db: query.list_events(
            db,
            query.EventFilter(actor=f"bench:actor{rng.randrange(10000):05d}", actor_exact=True),
            P,
        ),
        "dyad score series (month)": lambda db: query.score_series(
            db, query.EventFilter(dyad=("IRN", "ISR")), interval="month"
        ),
        "top actors, one year": lambda db: query.top_actors(
            db, query.EventFilter(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
        ),
        "text search (quotes)": lambda db: query.search(db, "ceasefire talks", kinds=("quote",)),
    }


# New rows (2026-12, issue #18): the read side resolves actor terms to scopes and rolls a country
# up; these are the calls its pages make. The rows above are unchanged, to stay comparable.
# "(target)" marks a row that is an old query in new clothing (an actor filter by country, code
# or kb actor, here reached through name resolution): the 100 ms p95 target applies to it.
TARGET_MARK = "(target)"
SLOW_REPEAT = 5


def new_cases(rng: random.Random) -> dict[str, Callable[[object], object]]:
    last_month = (START + dt.timedelta(days=1970), START + dt.timedelta(days=2000))
    P = query.Page(limit=50)
    kb_actor = f"bench:actor{rng.randrange(10000):05d}"
    return {
        # "Iran" is an alias of the KB country: resolved to country:IRN, rolled up
        "new: events by country name (target)": lambda db: query.list_events(
            db, query.EventFilter(actor="Iran", type="CONSULT"), P
        ),
        # a KB person's surname (no events in the synthetic data: resolution + an empty lookup)
        "new: events by surname (target)": lambda db: query.list_events(
            db, query.EventFilter(actor="Pezeshkian"), P
        ),
        "new: actor profile, country": lambda db: query.actor_profile(db, "IRN"),
        "new: actor profile, kb actor": lambda db: query.actor_profile(db, kb_actor),
        "new: dyad detail, countries": lambda db: query.dyad_detail(db, "IRN", "SYR"),
        "new: dashboard, whole span": lambda db: query.dashboard(db),
        "new: dashboard, one month": lambda db: query.dashboard(
            db, query.EventFilter(date_from=last_month[0], date_to=last_month[1])
        ),
        "new: facets, no filter": lambda db: query.facet_counts(db),
        "new: facets, type filter": lambda db: query.facet_counts(
            db, query.EventFilter(type="CONSULT")
        ),
        "new: events sorted by -score": lambda db: query.list_events(
            db, query.EventFilter(), P, sort="-score"
        ),
        "new: undated count, one month": lambda db: query.undated_count(
            db, query.EventFilter(date_from=last_month[0], date_to=last_month[1])
        ),
    }


def time_store(
    label: str, store, repeat: int, only: str | None = None  # noqa: ANN001
) -> dict[str, tuple[float, float]]:
    rng = random.Random(1)
    out = {}
    todo = {**cases(rng), **new_cases(random.Random(2))}
    for name, fn in todo.items():
        if only and only not in name:
            continue
        fn(store)  # warm caches (the first call also loads the KB)
        t0 = time.perf_counter()
        fn(store)
        # a call of more than a second (whole-store dashboards and facets) is timed SLOW_REPEAT
        # times, so a run stays within minutes; its p95 is then the slowest of those
        slow = time.perf_counter() - t0 > 1 and repeat > SLOW_REPEAT
        samples, cpu = [], []
        for _ in range(SLOW_REPEAT if slow else repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            fn(store)
            samples.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        samples.sort()
        p50 = statistics.median(samples)
        p95 = samples[min(len(samples) - 1, int(0.95 * len(samples)))]
        out[name] = (p50, p95)
        # on a shared machine the wall clock includes waiting for a core; SQLite runs in this
        # process, so its CPU time is the query's own cost (PostgreSQL's is in the server)
        own = f"   cpu p50 {statistics.median(cpu):7.1f} ms" if label == "sqlite" else ""
        runs = f"   ({len(samples)} runs)" if slow else ""
        print(f"{label:10s} {name:38s} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms{own}{runs}")
    return out


def prepare(store, n_events: int, n_actors: int, label: str) -> None:  # noqa: ANN001
    """Empty the tables and generate the synthetic data."""
    with store.write() as conn:
        for t in ("event_actors", "events", "quotes", "articles"):
            conn.exec_driver_sql(
                f"TRUNCATE {t} CASCADE" if label == "postgresql" else f"DELETE FROM {t}"
            )
    t0 = time.perf_counter()
    generate(store, n_events, n_actors)
    print(f"{label}: generated {n_events} events in {time.perf_counter() - t0:.0f} s")


def stores(folder: Path, args: argparse.Namespace) -> Iterator[tuple[str, str, Any]]:
    """(label, url, store): SQLite in ``folder``, then PostgreSQL at ``args.pg`` if given, each
    holding ``args.events`` synthetic events (kept as they are with ``args.keep`` when they
    already hold exactly that many)."""
    targets = [("sqlite", str(folder / "bench.db"))]
    if args.pg:
        targets.append(("postgresql", args.pg))
    for label, url in targets:
        store = open_store(url)  # opening applies the migrations (indexes included)
        with store.read() as conn:
            have = conn.execute(select(func.count()).select_from(events)).scalar_one()
        if not (args.keep and have == args.events):
            prepare(store, args.events, args.actors, label)
        yield label, url, store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG"))
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the SQLite file in this folder")
    parser.add_argument("--only", help="time only the queries whose name contains this text")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for label, _, store in stores(folder, args):
            print(f"{label}: {args.events} events")
            results[label] = time_store(label, store, args.repeat, args.only)
    # the target covers the old rows and the new rows marked (target); the other new rows are
    # reported, not bound by it
    bound = [(p95, name) for r in results.values() for name, (_, p95) in r.items()
             if not name.startswith("new:") or TARGET_MARK in name]
    worst = max(bound, default=(0.0, ""))[0]
    print(
        f"summary: worst p95 {worst:.1f} ms over {len(results)} store(s) at {args.events} events "
        f"({'meets' if worst <= 100 else 'misses'} the 100 ms target)"
    )
    free = [(p95, f"{label}: {name}") for label, r in results.items()
            for name, (_, p95) in r.items() if name.startswith("new:") and TARGET_MARK not in name]
    if free:
        over = [f"{n} {p:.0f} ms" for p, n in sorted(free, reverse=True) if p > 100]
        print("new rows without target over 100 ms p95: " + ("; ".join(over) or "none"))


if __name__ == "__main__":
    main()
