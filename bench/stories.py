"""Story clustering throughput on synthetic articles (run by hand: `python bench/stories.py`).

Synthetic corpus: every article of tests/fixtures/stories is re-issued as many "copies" of
its happening spread over two years (dates shifted per copy, one of the three outlets'
retellings, actors renamed per copy so copies share countries but not people, the title+lead
embedding perturbed as a rewrite would). Prints articles/s for the first 2.5k, 5k and 10k
articles of one stream (roughly constant = roughly linear time), B-cubed F1 against the
synthetic labels, and the encoder's own speed on real fixture texts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.settings import Settings  # noqa: E402
from eventwire.stories.cluster import cluster_features  # noqa: E402
from eventwire.stories.embed import embed_texts, normalize  # noqa: E402
from eventwire.stories.features import ArticleFeatures  # noqa: E402
from eventwire.stories.metrics import summary  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "stories" / "articles.jsonl"
COUNTRIES = ["IRN", "TUR", "SYR", "FRA", "KOR", "ISR", "LBN", "ROU", "GEO", "URY", "VUT", "RUS"]
TYPES = ["CONSULT", "AGREE", "ACCUSE", "ASSAULT", "PROTEST", "SUPPORT", "REQUEST"]


def synthetic(n: int, seed: int = 7) -> tuple[list[tuple[ArticleFeatures, np.ndarray]], dict]:
    """`n` synthetic articles in ingest order, and their gold story labels."""
    rows = [json.loads(line) for line in FIXTURE.read_text().splitlines() if line.strip()]
    rng = random.Random(seed)
    base = embed_texts([f"{r['title'] or ''}. {r['text'][:400]}" for r in rows])
    by_story: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_story.setdefault(r["story"], []).append(i)
    stories = sorted(by_story)
    start = dt.date(2023, 1, 1)
    items, gold = [], {}
    copy = 0
    while len(items) < n:
        story = stories[copy % len(stories)]
        day = start + dt.timedelta(days=rng.randrange(730))
        pair = rng.sample(COUNTRIES, 2)
        etype = rng.choice(TYPES)
        for k in range(rng.randint(1, 4)):  # 1–4 reports of each happening
            src = by_story[story][k % len(by_story[story])]
            noise = np.array([rng.gauss(0, 0.025) for _ in range(base.shape[1])])
            vector = normalize(base[src] + noise)
            aid = f"syn-{len(items):06d}"
            feats = ArticleFeatures(
                id=aid, seq=(len(items), aid),
                published=None if rng.random() < 0.03 else day + dt.timedelta(rng.randint(0, 1)),
                language=rows[src]["language"], title=rows[src]["title"] or "",
                text_for_embedding="",
                kb_ids=Counter({f"person-{copy}-a": 2, f"person-{copy}-b": 1}),
                countries=Counter({pair[0]: 2, pair[1]: 1}),
                signatures={f"{etype}|{'~'.join(sorted(pair))}"}, dyads={"~".join(sorted(pair))},
                event_countries=set(pair), num_events=1)
            items.append((feats, vector))
            gold[aid] = f"{story}-{copy}"
            if len(items) == n:
                break
        copy += 1
    # reports of a happening do not arrive together: shuffle within a sliding day
    items.sort(key=lambda p: (p[0].published or start, rng.random()))
    items = [(f.__class__(**{**f.__dict__, "seq": (i, f.id)}), v) for i, (f, v) in enumerate(items)]
    return items, gold


def time_clustering(items, settings: Settings) -> tuple[float, dict]:
    t0 = time.perf_counter()
    decisions, clusterer = cluster_features(items, settings=settings)
    elapsed = time.perf_counter() - t0
    candidates = [d.scores["candidates"] for d in decisions]
    return elapsed, {"predicted": {d.article_id: d.story_id for d in decisions},
                     "mean_candidates": sum(candidates) / len(candidates)}


def store_path(n: int, seed: int = 11) -> None:
    """Time `assign_articles` through a SQLite store for `n` articles saved with analyses."""
    import tempfile

    from eventwire.models import ActorRef, Analysis, Article, Event, Mention
    from eventwire.store import open_store
    from eventwire.stories.cluster import assign_articles

    rows = [json.loads(line) for line in FIXTURE.read_text().splitlines() if line.strip()]
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"{tmp}/bench.db")
        ids = []
        for i in range(n):
            r = rows[i % len(rows)]
            copy = i // len(rows)
            day = dt.date.fromisoformat(r["published"] or "2024-12-01") + dt.timedelta(
                days=7 * copy + rng.randint(0, 1))
            text = f"{r['text']} (report {i})"
            a, b = rng.sample(COUNTRIES, 2)
            refs = [ActorRef(name=f"p{copy}{c}", text=c, country=c, code=f"{c}GOV",
                             kb_id=f"person-{copy}-{c}") for c in (a, b)]
            article = Article(id=f"bench-{i:06d}", source=f"bench:{i}", raw_text=text, text=text,
                              content_hash=f"{i:064d}", title=r["title"], published=day,
                              language=r["language"], outlet=r["outlet"])
            analysis = Analysis(
                article_id=article.id, language=article.language,
                mentions=[Mention(x.text, 0, 1 + k, "PERSON", x) for k, x in enumerate(refs)],
                events=[Event(type="CONSULT", trigger="met", start=0, end=10, evidence=text[:10],
                              actors=refs[:1], recipients=refs[1:], date=day,
                              date_source="text")])
            store.save(article, analysis, run_id=None)
            ids.append(article.id)
        t0 = time.perf_counter()
        embed_texts([f"{rows[i % len(rows)]['title']}. {rows[i % len(rows)]['text'][:400]}"
                     for i in range(n)])
        t_embed = time.perf_counter() - t0
        t0 = time.perf_counter()
        assign_articles(store, ids, settings=Settings())
        total = time.perf_counter() - t0
        print(f"store path, {n} articles: {total:.1f}s in all ({n / total:.0f} art/s), "
              f"of which ~{t_embed:.1f}s embedding; {n / max(total - t_embed, 1e-9):.0f} art/s "
              "without it (reads, clustering, writes, merging)")
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2500,5000,10000")
    parser.add_argument("--store", type=int, default=0,
                        help="also time assign_articles through SQLite for this many articles")
    args = parser.parse_args()
    if args.store:
        store_path(args.store)
    sizes = [int(s) for s in args.sizes.split(",")]
    settings = Settings()
    items, gold = synthetic(max(sizes))
    print(f"{'articles':>9} {'seconds':>8} {'art/s':>8} {'cands/art':>9} {'B3 F1':>6}")
    for n in sizes:
        part = items[:n]
        elapsed, out = time_clustering(part, settings)
        scores = summary({f.id: gold[f.id] for f, _ in part}, out["predicted"])
        print(f"{n:>9} {elapsed:>8.2f} {n / elapsed:>8.0f} {out['mean_candidates']:>9.1f} "
              f"{scores['bcubed_f1']:>6.3f}")
    rows = [json.loads(line) for line in FIXTURE.read_text().splitlines() if line.strip()]
    texts = [f"{r['title'] or ''}. {r['text'][:400]}" for r in rows] * 10
    for threads in (0, 1):  # 0 = all cores (the default); 1 wins when other work shares them
        embed_texts(texts[:4], threads=threads)
        t0 = time.perf_counter()
        embed_texts(texts, threads=threads)
        elapsed = time.perf_counter() - t0
        label = "all cores" if threads == 0 else "1 thread"
        print(f"encoder (title+lead, {label}): {len(texts) / elapsed:.0f} texts/s")


if __name__ == "__main__":
    main()
