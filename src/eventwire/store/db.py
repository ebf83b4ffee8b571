"""The Store: one object over one database (SQLite file or PostgreSQL) for every writer and
reader. Writes are explicit transactions, one per article.

    >>> store = open_store("eventwire.db")
    >>> run = store.start_run("ingest", {"workers": 1})
    >>> store.save(article, analysis, run_id=run)
    'stored'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Text, cast, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from eventwire.errors import StoreError
from eventwire.models import Analysis, Article, ItemError
from eventwire.store import read, search, write
from eventwire.store.engine import WRITE_OPTION, make_engine
from eventwire.store.migrations import migrate
from eventwire.store.schema import (
    actors,
    articles,
    events,
    metadata,
    processing_errors,
    runs,
)

SAVE_ATTEMPTS = 3  # a unique-key race with another writer is retried, then re-raised
RETRY_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure


class Store:
    """Reads and writes eventwire data; build it with ``open_store(url)``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing)."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot for a multi-query read."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def migrate(self) -> list[str]:
        """Apply missing named migrations; return the names applied."""
        with self.write() as conn:
            return migrate(conn)

    # -- runs and errors -------------------------------------------------------------------

    def start_run(self, command: str, settings: dict[str, Any] | None = None) -> int:
        """Record the start of a command run; return its id for saves and errors."""
        with self.write() as conn:
            result = conn.execute(
                runs.insert().values(
                    command=command, started_at=_now(), settings=_plain(settings or {})
                )
            )
            return int(result.inserted_primary_key[0])

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        """Record when a run ended and what it did (read/stored/duplicates/failed...)."""
        with self.write() as conn:
            conn.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(finished_at=_now(), stats=_plain(stats))
            )

    def record_error(self, error: ItemError, *, run_id: int | None) -> None:
        """Store a per-item failure (which input, where, which step, why)."""
        with self.write() as conn:
            conn.execute(
                processing_errors.insert().values(
                    run_id=run_id,
                    source=error.source,
                    line=error.line,
                    step=error.step,
                    message=error.message,
                    created_at=_now(),
                )
            )

    # -- articles ----------------------------------------------------------------------------

    def save(self, article: Article, analysis: Analysis, *, run_id: int | None) -> str:
        """Store an article with its analysis in one transaction: stored | duplicate | updated."""
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                with self.write() as conn:
                    return write.save_article(conn, article, analysis, run_id=run_id)
            except IntegrityError:
                # another writer stored the same article between our check and insert: the
                # retry sees its row; a conflict with nothing stored is a real error
                if attempt == SAVE_ATTEMPTS or not self._exists(article):
                    raise
            except DBAPIError as exc:
                # PostgreSQL resolves a lock cycle between writers (e.g. two articles
                # upserting the same actors) by failing one: run it again
                if attempt == SAVE_ATTEMPTS or _sqlstate(exc) not in RETRY_SQLSTATES:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _exists(self, article: Article) -> bool:
        with self.read() as conn:
            return write.find_stored(conn, article) is not None

    def has_article(self, article: Article, *, steps: Sequence[str] | None = None) -> bool:
        """Is this exact content stored (and, given ``steps``, analysed by those versions)?"""
        with self.read() as conn:
            row = conn.execute(
                select(articles.c.analysis_steps).where(
                    articles.c.content_hash == article.content_hash
                )
            ).first()
        if row is None:
            return False
        return steps is None or list(row.analysis_steps or []) == list(steps)

    def record_sighting(self, article: Article) -> bool:
        """Record that this already-stored content was seen at ``article.source`` again."""
        with self.write() as conn:
            stored = write.find_stored(conn, article)
            if stored is None or stored.content_hash != article.content_hash:
                return False
            write.record_sighting(conn, stored.id, article.source)
            return True

    def learned_actors(self) -> list[dict[str, Any]]:
        """Every learned actor (kb_id, name, codes, aliases, roles, evidence), oldest first."""
        with self.read() as conn:
            rows = conn.execute(
                select(actors).where(actors.c.source == "learned")
                .order_by(actors.c.first_seen, actors.c.kb_id)
            ).all()
        return [{k: read.iso(v) for k, v in r._mapping.items()} for r in rows]

    def upsert_kb_actors(self, entries: Sequence[Any]) -> int:
        """Load KB actors (aliases, dated roles) so the actors export can describe them."""
        with self.write() as conn:
            return write.upsert_kb_actors(conn, entries)

    def undescribed_actors(self) -> list[str]:
        """kb_ids of KB actors seen in articles but not yet described by ``upsert_kb_actors``.

        Loading the whole KB takes seconds; a run can describe just these:
        ``store.upsert_kb_actors([kb.get(i) for i in store.undescribed_actors() if kb.get(i)])``.
        """
        with self.read() as conn:
            return list(conn.scalars(
                select(actors.c.kb_id)
                .where(actors.c.source == "kb", cast(actors.c.aliases, Text) == "[]")
                .order_by(actors.c.kb_id)
            ))

    def search(self, table: str, query: str, *, limit: int = 50) -> list[str]:
        """Full-text search of ``articles`` or ``quotes`` in the search syntax
        (``eventwire.search_syntax``: "phrases", OR, -word, prefix*); ids, best first."""
        with self.read() as conn:
            return search.search_ids(conn, table, query, limit=limit)

    # -- reading -----------------------------------------------------------------------------

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """Article records (with every source they were seen at), by id."""
        with self.read() as conn:
            yield from read.iter_articles(conn)

    def iter_events(
        self, *, include_negated: bool = False, merged: bool = False, with_article: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Event records: per mention, or story-level canonical events when ``merged``."""
        with self.read() as conn:
            if merged:
                yield from read.iter_merged_events(conn, with_article=with_article)
            else:
                yield from read.iter_events(
                    conn, include_negated=include_negated, with_article=with_article
                )

    def iter_quotes(self) -> Iterator[dict[str, Any]]:
        """Quote records in text order, article by article."""
        with self.read() as conn:
            yield from read.iter_quotes(conn)

    def iter_mentions(self) -> Iterator[dict[str, Any]]:
        """Mention records (actor or unresolved entity spans)."""
        with self.read() as conn:
            yield from read.iter_mentions(conn)

    def iter_actors(self) -> Iterator[dict[str, Any]]:
        """Actors that were mentioned, plus learned and user actors."""
        with self.read() as conn:
            yield from read.iter_actors(conn)

    def iter_stories(self) -> Iterator[dict[str, Any]]:
        """Story records with their article ids and event counts."""
        with self.read() as conn:
            yield from read.iter_stories(conn)

    # -- statistics --------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table (migration bookkeeping excluded)."""
        with self.read() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in metadata.tables.items()
                if name != "schema_migrations"
            }

    def stats(self, *, last_runs: int = 5) -> dict[str, Any]:
        """Counts, languages, date spans, errors by step and the latest runs."""
        counts = self.counts()
        with self.read() as conn:
            langs = conn.execute(
                select(articles.c.language, func.count())
                .group_by(articles.c.language)
                .order_by(func.count().desc(), articles.c.language)
            ).all()
            published = conn.execute(
                select(func.min(articles.c.published), func.max(articles.c.published))
            ).one()
            dated = conn.execute(select(func.min(events.c.date), func.max(events.c.date))).one()
            errors = conn.execute(
                select(processing_errors.c.step, func.count())
                .group_by(processing_errors.c.step)
                .order_by(processing_errors.c.step)
            ).all()
            recent = conn.execute(select(runs).order_by(runs.c.id.desc()).limit(last_runs)).all()
        return {
            "counts": counts,
            "languages": {lang or "unknown": n for lang, n in langs},
            "published": {"first": read.iso(published[0]), "last": read.iso(published[1])},
            "event_dates": {"first": read.iso(dated[0]), "last": read.iso(dated[1])},
            "errors": {step: n for step, n in errors},
            "runs": [{k: read.iso(v) for k, v in r._mapping.items() if k != "settings"}
                     for r in recent],
        }


def open_store(url: str, *, migrate_schema: bool = True) -> Store:
    """Open the database at ``url`` (SQLite path or postgresql:// URL) and migrate it."""
    store = Store(make_engine(url))
    if migrate_schema:
        try:
            store.migrate()
        except OperationalError as exc:
            store.close()
            raise StoreError(f"cannot open database {url!r}: {exc.orig}") from exc
        except BaseException:
            store.close()
            raise
    return store


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _plain(value: Any) -> Any:
    """JSON-safe copy (tuples become lists, dates and paths strings)."""
    return json.loads(json.dumps(value, default=str))
