"""One ingest run: read → clean → analyze → store → stories; never stops on a bad item.

`ingest(...)` drives a whole batch: bad items are recorded and skipped, every good article is
written in its own transaction, and the result is the same whatever the number of worker
processes (see `eventwire.pipeline.parallel`). The analysis itself is `eventwire.analyze`.

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

from eventwire.analyze import Analyzer, get_analyzer
from eventwire.errors import EventwireError
from eventwire.models import Analysis, Article, ItemError, Position, RawDocument, Skipped
from eventwire.pipeline.resume import Resumption
from eventwire.settings import Settings

log = logging.getLogger(__name__)

# Articles per wave: learned actors found in one wave are visible from the next wave on. The
# wave size does not depend on the number of workers, so neither does the output.
BATCH_SIZE = 64


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
    # records deliberately not read as articles, by reason (WARC: not-html, status, duplicate)
    skipped: dict[str, int] = field(default_factory=dict)
    # WARC file -> (offset it was resumed at, its size)
    resumed: dict[str, tuple[int, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {
            "read": self.read,
            "stored": self.stored,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "failed": self.failed,
        }

    def run_stats(self) -> dict[str, Any]:
        """What the run did, as recorded in the store's ``runs`` table."""
        stats: dict[str, Any] = self.as_dict()
        if self.skipped:
            stats["skipped"] = dict(sorted(self.skipped.items()))
        if self.resumed:
            stats["resumed"] = self.resumed
        return stats


def _articles(
    docs: Iterable[RawDocument | ItemError | Skipped | Position],
    settings: Settings,
    report: IngestReport,
    on_error: Callable[[ItemError], None],
    resumption: Resumption,
) -> Iterator[Article]:
    from eventwire.ingest import build_article
    from eventwire.ingest.documents import error_for

    for doc in docs:
        if isinstance(doc, Position):
            resumption.read(doc)
            continue
        report.read += 1
        if isinstance(doc, Skipped):
            report.skipped[doc.reason] = report.skipped.get(doc.reason, 0) + 1
            continue
        if isinstance(doc, ItemError):
            on_error(doc)
            continue
        try:
            article = build_article(doc, settings=settings)
            resumption.article(article)
            yield article
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
    restart: bool = False,
    url_lists: list[str] = (),  # type: ignore[assignment]
) -> IngestReport:
    """Read, clean, analyse and store everything in `inputs`; never stops on a bad item.

    `progress(event, n)` is called with ("read", 1) per item and ("stored", n) per batch.
    A WARC file an earlier ingest did not finish is read from where it stopped
    (`eventwire.pipeline.resume`), unless ``restart``. ``url_lists`` are files of URLs whose
    pages are fetched (`eventwire.ingest.urls`).
    """
    from eventwire.ingest import iter_documents
    from eventwire.pipeline.parallel import make_executor

    report = IngestReport()
    params = {"inputs": inputs, "workers": workers}
    if url_lists:
        params["url_lists"] = list(url_lists)
    report.run_id = store.start_run("ingest", params)

    def fail(err: ItemError) -> None:
        report.failed += 1
        report.errors.append(err)
        store.record_error(err, run_id=report.run_id)
        if on_error:
            on_error(err)

    def counted(docs: Iterable[Any]) -> Iterator[Any]:
        for doc in docs:
            if progress and not isinstance(doc, Position):
                progress("read", 1)
            yield doc

    learned = store.learned_actors()
    executor = make_executor(settings, workers=workers, dask_address=dask_address, learned=learned)
    resumption = Resumption(store, restart=restart)
    try:
        docs = iter_documents(inputs, settings=settings, start_at=resumption.start_at,
                              url_lists=list(url_lists))
        articles = _articles(counted(docs), settings, report, fail, resumption)
        analyzer = get_analyzer(settings)
        steps = analyzer.steps()
        fresh = (a for a in articles if not _already_stored(store, a, report, analyzer, steps))
        for batch, analyses in executor.map_batches(_batches(fresh, BATCH_SIZE)):
            for article, analysis in zip(batch, analyses, strict=True):
                _save(store, article, analysis, report, fail)
            resumption.saved(batch)
            if progress:
                progress("stored", len(batch))
        resumption.finished()  # not on an interruption: the next run resumes
    finally:
        executor.close()
    report.resumed = resumption.resumed
    if cluster_stories:
        _cluster(store, report, settings, fail)
    _describe_actors(store, settings)
    store.finish_run(report.run_id, report.run_stats())
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
