"""The pipeline: Article → Analysis (pure), and ingest = read → clean → analyze → store → stories.

`analyze(article, settings=...)` runs the analysis steps in order on one article and records
`name@version` of each. `Analyzer.analyze_batch` does the same for many articles with
`nlp.pipe` per language. `ingest(...)` drives a whole batch: bad items are recorded and skipped,
every good article is written in its own transaction, and the result is the same whatever the
number of worker processes (see `eventwire.parallel`).

Learned actors (unknown people introduced with a title) are shared across articles batch by
batch: every batch is analysed with the KB plus all actors learned in earlier batches (and earlier
runs, read back from the store), so the output does not depend on how batches are spread over
workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from eventwire.errors import EventwireError
from eventwire.models import Analysis, Article, ItemError, RawDocument
from eventwire.settings import Settings

log = logging.getLogger(__name__)

# Articles per wave: learned actors found in one wave are visible from the next wave on. The
# wave size does not depend on the number of workers, so neither does the output.
BATCH_SIZE = 64


# ---------------------------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------------------------


def _version(module: Any) -> str:
    return str(getattr(module, "VERSION", "1"))


class Analyzer:
    """Loads the KB and the spaCy pipelines once; analyses articles. No I/O besides loading."""

    def __init__(self, settings: Settings, *, learned: Iterable[Any] = ()) -> None:
        from eventwire.knowledge import load_kb

        self.settings = settings
        self.kb = load_kb(tuple(settings.kb_files))
        self._learned_keys: set[str] = set()
        self.learn(learned)

    def learn(self, entries: Iterable[Any]) -> None:
        """Make actors learned elsewhere available to the next articles (idempotent)."""
        from eventwire.analyze.nlp import add_learned
        from eventwire.knowledge import entry_from_record

        added = []
        for entry in entries:
            if isinstance(entry, dict):  # a stored row (Store.learned_actors())
                entry = entry_from_record(entry)
            if entry.kb_id not in self._learned_keys:
                self._learned_keys.add(entry.kb_id)
                self.kb.add_learned(entry)
                kept = self.kb.get(entry.kb_id)
                if kept is not None and kept.source == "learned":  # a KB entry wins
                    added.append(kept)
        add_learned(added, kb_files=self.settings.kb_files)

    def warm_up(self) -> None:
        """Load everything analysis needs (pipelines, lexicons, place index) before any article.

        Otherwise each is built lazily inside the first article that needs it, in every worker.
        """
        from eventwire.analyze.actors.lexicon import load_lexicon as actor_lexicon
        from eventwire.analyze.actors.lexicon import phrase_matcher
        from eventwire.analyze.dates_lexicon import load_time_lexicon
        from eventwire.analyze.events_lexicon import load_lexicon
        from eventwire.analyze.nlp import get_nlp
        from eventwire.analyze.places_index import place_index
        from eventwire.analyze.quotes_lexicon import load_cues

        place_index()
        for lang in self.settings.languages:
            nlp = get_nlp(lang, kb_files=tuple(self.settings.kb_files))
            load_lexicon(lang)
            load_time_lexicon(lang)
            load_cues(lang)
            actor_lexicon(lang)
            phrase_matcher(lang, nlp.vocab)

    def steps(self) -> list[str]:
        """The `name@version` list a complete analysis records (to spot stale analyses)."""
        from eventwire.analyze import events, quotes
        from eventwire.analyze.actors import resolve

        return [
            f"actors@{_version(resolve)}",
            f"quotes@{_version(quotes)}",
            f"events@{_version(events)}",
        ]

    def language_of(self, article: Article) -> str | None:
        lang = article.language or self.settings.default_language
        return lang if lang in self.settings.languages else None

    def analyze_batch(self, articles: list[Article]) -> list[Analysis]:
        """Analyse articles in order; spaCy runs once per language over the batch (`nlp.pipe`)."""
        from eventwire.analyze.nlp import get_nlp

        results: dict[int, Analysis] = {}
        by_lang: dict[str, list[int]] = {}
        for i, article in enumerate(articles):
            lang = self.language_of(article)
            if lang is None:
                results[i] = Analysis(
                    article_id=article.id,
                    language=article.language,
                    errors=[
                        (
                            "language",
                            f"language {article.language!r} is not analysed; "
                            f"supported: {', '.join(self.settings.languages)}",
                        )
                    ],
                )
            else:
                by_lang.setdefault(lang, []).append(i)
        for lang, indexes in by_lang.items():
            nlp = get_nlp(lang, kb_files=tuple(self.settings.kb_files))
            docs = nlp.pipe(articles[i].text for i in indexes)
            for i, doc in zip(indexes, docs, strict=True):
                results[i] = self._analyze_doc(articles[i], doc, lang)
        return [results[i] for i in range(len(articles))]

    def analyze(self, article: Article) -> Analysis:
        return self.analyze_batch([article])[0]

    def _analyze_doc(self, article: Article, doc: Any, lang: str) -> Analysis:
        from eventwire.analyze import events as events_mod
        from eventwire.analyze import quotes as quotes_mod
        from eventwire.analyze.actors import resolve as actors_mod

        analysis = Analysis(article_id=article.id, language=lang)
        actors = actors_mod.resolve_actors(doc, article, self.kb)
        analysis.mentions = list(actors.mentions)
        analysis.steps.append(f"actors@{_version(actors_mod)}")
        try:
            analysis.quotes = quotes_mod.extract_quotes(doc, actors, lang)
            analysis.steps.append(f"quotes@{_version(quotes_mod)}")
        except Exception as exc:  # one failing step must not lose the other results
            log.exception("quotes failed on %s", article.id)
            analysis.errors.append(("quotes", f"{type(exc).__name__}: {exc}"))
        try:
            analysis.events = events_mod.extract_events(doc, article, actors, analysis.quotes, lang)
            analysis.steps.append(f"events@{_version(events_mod)}")
        except Exception as exc:
            log.exception("events failed on %s", article.id)
            analysis.errors.append(("events", f"{type(exc).__name__}: {exc}"))
        analysis.learned = list(getattr(actors, "learned", []))
        return analysis


_ANALYZERS: dict[Settings, Analyzer] = {}


def get_analyzer(settings: Settings) -> Analyzer:
    """One Analyzer per settings per process (models and KB are loaded once)."""
    if settings not in _ANALYZERS:
        _ANALYZERS[settings] = Analyzer(settings)
    return _ANALYZERS[settings]


def analyze(article: Article, *, settings: Settings) -> Analysis:
    """Analyse one article.

    >>> from eventwire.settings import Settings
    >>> analysis = analyze(article, settings=Settings())  # doctest: +SKIP
    >>> [e.type for e in analysis.events]                 # doctest: +SKIP
    ['CONSULT', 'REQUEST', ...]
    """
    return get_analyzer(settings).analyze(article)


# ---------------------------------------------------------------------------------------------
# Ingest
# ---------------------------------------------------------------------------------------------


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    updated: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[ItemError] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # stored or updated, in input order
    run_id: int | None = None

    def as_dict(self) -> dict[str, int]:
        return {
            "read": self.read,
            "stored": self.stored,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "failed": self.failed,
        }


def _articles(
    docs: Iterable[RawDocument | ItemError],
    settings: Settings,
    report: IngestReport,
    on_error: Callable[[ItemError], None],
) -> Iterator[Article]:
    from eventwire.ingest import build_article
    from eventwire.ingest.readers import error_for

    for doc in docs:
        report.read += 1
        if isinstance(doc, ItemError):
            on_error(doc)
            continue
        try:
            yield build_article(doc, settings=settings)
        except EventwireError as exc:
            on_error(error_for(doc.source, None, exc))
        except Exception as exc:  # a reader/cleaner bug must not stop the batch
            log.exception("building article from %s failed", doc.source)
            on_error(
                ItemError(
                    source=doc.source,
                    step="clean",
                    message=f"unexpected {type(exc).__name__}: {exc}",
                )
            )


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    inputs: list[str],
    *,
    store: Any,
    settings: Settings,
    workers: int = 1,
    dask_address: str | None = None,
    progress: Callable[[str, int], None] | None = None,
    on_error: Callable[[ItemError], None] | None = None,
    cluster_stories: bool = True,
) -> IngestReport:
    """Read, clean, analyse and store everything in `inputs`; never stops on a bad item.

    `progress(event, n)` is called with ("read", 1) per item and ("stored", n) per batch.
    """
    from eventwire.ingest import iter_documents
    from eventwire.parallel import make_executor

    report = IngestReport()
    report.run_id = store.start_run("ingest", {"inputs": inputs, "workers": workers})

    def fail(err: ItemError) -> None:
        report.failed += 1
        report.errors.append(err)
        store.record_error(err, run_id=report.run_id)
        if on_error:
            on_error(err)

    def counted(docs: Iterable[RawDocument | ItemError]) -> Iterator[RawDocument | ItemError]:
        for doc in docs:
            if progress:
                progress("read", 1)
            yield doc

    learned = store.learned_actors()
    executor = make_executor(settings, workers=workers, dask_address=dask_address, learned=learned)
    try:
        articles = _articles(
            counted(iter_documents(inputs, settings=settings)), settings, report, fail
        )
        analyzer = get_analyzer(settings)
        steps = analyzer.steps()
        fresh = (a for a in articles if not _already_stored(store, a, report, analyzer, steps))
        for batch, analyses in executor.map_batches(_batches(fresh, BATCH_SIZE)):
            for article, analysis in zip(batch, analyses, strict=True):
                _save(store, article, analysis, report, fail)
            if progress:
                progress("stored", len(batch))
    finally:
        executor.close()
    if cluster_stories:
        _cluster(store, report, settings, fail)
    _describe_actors(store, settings)
    store.finish_run(report.run_id, report.as_dict())
    return report


def _already_stored(
    store: Any, article: Article, report: IngestReport, analyzer: Analyzer, steps: list[str]
) -> bool:
    """Exact duplicates already analysed by these step versions are only recorded as seen.

    Articles in languages that are not analysed record no steps: any stored copy is complete.
    """
    analysed = steps if analyzer.language_of(article) else None
    if store.has_article(article, steps=analysed):
        store.record_sighting(article)
        report.duplicates += 1
        return True
    return False


def _describe_actors(store: Any, settings: Settings) -> None:
    """Copy aliases and dated roles of the KB actors seen so far into the store (actors export)."""
    kb = get_analyzer(settings).kb
    entries = [e for e in (kb.get(i) for i in store.undescribed_actors()) if e is not None]
    if entries:
        store.upsert_kb_actors(entries)


def _save(
    store: Any,
    article: Article,
    analysis: Analysis,
    report: IngestReport,
    fail: Callable[[ItemError], None],
) -> None:
    for step, message in analysis.errors:
        store.record_error(
            ItemError(source=article.source, step=step, message=message), run_id=report.run_id
        )
    try:
        outcome = store.save(article, analysis, run_id=report.run_id)
    except Exception as exc:
        log.exception("storing %s failed", article.source)
        fail(ItemError(source=article.source, step="store", message=f"{type(exc).__name__}: {exc}"))
        return
    if outcome == "duplicate":
        report.duplicates += 1
        return
    if outcome == "updated":
        report.updated += 1
    else:
        report.stored += 1
    report.article_ids.append(article.id)


CLUSTER_ATTEMPTS = 3  # another ingest clustering the same articles at once: re-read and retry


def _cluster(
    store: Any, report: IngestReport, settings: Settings, fail: Callable[[ItemError], None]
) -> None:
    """Cluster this run's articles, and any an interrupted or `--no-stories` run left out.

    Two ingests running at once may both try to place the same article (or found the same
    story); the loser's transaction rolls back, and the retry sees the winner's assignment.
    """
    from sqlalchemy.exc import IntegrityError

    from eventwire.stories.cluster import assign_articles
    from eventwire.stories.repo import unassigned_ids

    for attempt in range(1, CLUSTER_ATTEMPTS + 1):
        with store.read() as conn:
            pending = set(report.article_ids) | set(unassigned_ids(conn))
        if not pending:
            return
        try:
            assign_articles(store, sorted(pending), settings=settings)
            return
        except IntegrityError as exc:
            if attempt == CLUSTER_ATTEMPTS:
                fail(ItemError(source="(stories)", step="stories",
                               message=f"{type(exc).__name__}: {exc}"))
        except Exception as exc:
            log.exception("story clustering failed")
            fail(ItemError(source="(stories)", step="stories",
                           message=f"{type(exc).__name__}: {exc}"))
            return
