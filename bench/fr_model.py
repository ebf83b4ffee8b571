"""Cost of one French spaCy pipeline in a fresh process: load time, time per article, memory.

    EVENTWIRE_SPACY_MODEL_FR=fr_core_news_md .venv/bin/python bench/fr_model.py [--repeat 3]

The 49 French articles of the repository (benchmarks/realtext dev + test, and the French story
fixtures), analysed one at a time after `Analyzer.warm_up`. Prints one JSON line: the model,
seconds to load it (`get_nlp`, with the KB gazetteer), resident memory before and after
loading, plain `nlp.pipe` and full analysis milliseconds per article (wall and CPU, each the least
over --repeat passes, the least disturbed by other processes on a shared machine), and the
process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections import deque
from pathlib import Path

from eventwire.analyze.analyzer import Analyzer
from eventwire.analyze.nlp import get_nlp
from eventwire.ingest import build_article
from eventwire.models import RawDocument
from eventwire.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def french_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for split in ("dev", "test")
             for p in sorted((ROOT / "benchmarks" / "realtext" / split / "articles").glob("fr-*"))]
    stories = ROOT / "tests" / "fixtures" / "stories" / "articles.jsonl"
    for line in stories.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("language") == "fr":
            texts.append(rec["text"])
    return texts


def fastest(repeat: int, run) -> tuple[float, float]:
    """The least wall and the least CPU seconds over ``repeat`` calls of ``run``."""
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the articles")
    repeat = parser.parse_args().repeat
    settings = Settings(languages=("fr",), default_language="fr")
    articles = [build_article(RawDocument(source=f"fr{i}", content=t, language="fr"),
                              settings=settings) for i, t in enumerate(french_texts())]
    analyzer = Analyzer(settings)
    before = rss_mb()
    t0 = time.perf_counter()
    nlp = get_nlp("fr")
    load_s = time.perf_counter() - t0
    analyzer.warm_up()
    loaded = rss_mb()
    texts = [a.text for a in articles]
    spacy_s, spacy_cpu = fastest(repeat, lambda: deque(nlp.pipe(texts), maxlen=0))
    full_s, full_cpu = fastest(repeat, lambda: [analyzer.analyze(a) for a in articles])
    n = len(articles)
    print(json.dumps({
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']}", "articles": n,
        "words": sum(len(a.text.split()) for a in articles), "load_s": round(load_s, 2),
        "rss_before_load_mb": round(before), "rss_loaded_mb": round(loaded),
        "spacy_ms_per_article": round(1000 * spacy_s / n, 1),
        "spacy_cpu_ms_per_article": round(1000 * spacy_cpu / n, 1),
        "full_ms_per_article": round(1000 * full_s / n, 1),
        "full_cpu_ms_per_article": round(1000 * full_cpu / n, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
