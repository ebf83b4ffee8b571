"""Writing one analysed article: all of its rows in the caller's single transaction.

Outcomes: ``stored`` (new article), ``duplicate`` (its content is already stored: only the
sighting is recorded in ``article_sources``), ``updated`` (already stored, but the analysis
ran with other step versions, or the same id now has edited text: the analysis rows are
replaced). Identity is the unique ``content_hash`` first, then the article id.

``actors.first_seen``/``last_seen`` are news dates: the article's publication date, or the day
it was first ingested when it has none (an undated article is still evidence that the actor
was in the news around then). They only ever widen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam, case, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Row

from eventwire.models import Analysis, Article
from eventwire.store import rollup
from eventwire.store.reviews import relink
from eventwire.store.rows import actor_rows, analysis_rows, article_row, utcnow
from eventwire.store.schema import (
    actors,
    article_sources,
    articles,
    event_actors,
    events,
    mentions,
    quotes,
)


def insert_for(conn: Connection, table: Table):  # noqa: ANN201 - dialect-specific Insert
    """The dialect's INSERT that supports ON CONFLICT (SQLite and PostgreSQL share the API)."""
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


# Statements are built once per dialect: building one (and its cache key) per article cost
# more CPU than running it. Values are bound at execution.
@cache
def _find_stmt(dialect: str) -> Any:
    stmt = select(
        articles.c.id, articles.c.content_hash, articles.c.analysis_steps, articles.c.story_id,
        articles.c.published, articles.c.ingested_at,
    ).where(or_(articles.c.content_hash == bindparam("hash"), articles.c.id == bindparam("id")))
    return stmt.with_for_update() if dialect == "postgresql" else stmt


@cache
def _sighting_stmt(dialect: str) -> Any:
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(article_sources)
    return stmt.on_conflict_do_nothing(index_elements=["article_id", "source"])


@cache
def _seen_actors_stmt(dialect: str) -> Any:
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(actors)
    new = stmt.excluded
    first = case(
        (actors.c.first_seen.is_(None), new.first_seen),
        (new.first_seen < actors.c.first_seen, new.first_seen),
        else_=actors.c.first_seen,
    )
    last = case(
        (actors.c.last_seen.is_(None), new.last_seen),
        (new.last_seen > actors.c.last_seen, new.last_seen),
        else_=actors.c.last_seen,
    )
    return stmt.on_conflict_do_update(
        index_elements=["kb_id"], set_={"first_seen": first, "last_seen": last}
    )


_INSERTS = {table: table.insert() for table in (articles, mentions, quotes, events, event_actors)}


def find_stored(conn: Connection, article: Article) -> Row | None:
    """The stored row this article is (same content first, else same id), locked on PostgreSQL."""
    stmt = _find_stmt(conn.dialect.name)
    rows = conn.execute(stmt, {"hash": article.content_hash, "id": article.id}).all()
    same_content = [r for r in rows if r.content_hash == article.content_hash]
    return (same_content or rows or [None])[0]


def save_article(
    conn: Connection, article: Article, analysis: Analysis, *, run_id: int | None
) -> str:
    """Write the article and its analysis; return stored | duplicate | updated."""
    stored = find_stored(conn, article)
    if stored is None:
        conn.execute(_INSERTS[articles], article_row(article, analysis, run_id=run_id))
        record_sighting(conn, article.id, article.source)
        _write_analysis(conn, article.id, analysis, story_id=None, seen=seen_date(article))
        return "stored"
    record_sighting(conn, stored.id, article.source)
    if stored.content_hash != article.content_hash:  # same id, edited text: keep the newest
        row = article_row(article, analysis, run_id=run_id)
        row.pop("id")
        conn.execute(update(articles).where(articles.c.id == stored.id).values(row))
    elif list(stored.analysis_steps or []) == list(analysis.steps):
        return "duplicate"
    else:
        conn.execute(
            update(articles)
            .where(articles.c.id == stored.id)
            .values(analysis_steps=list(analysis.steps))
        )
    delete_analysis(conn, stored.id)
    seen = seen_date(article, stored)
    _write_analysis(conn, stored.id, analysis, story_id=stored.story_id, seen=seen)
    return "updated"


def seen_date(article: Article, stored: Row | None = None) -> dt.date:
    """The news date of an article's actors: published, else the day it was first ingested."""
    if article.published or (stored is not None and stored.published):
        return article.published or stored.published
    ingested = stored.ingested_at if stored is not None else None
    return (ingested or utcnow()).date()


def record_sighting(conn: Connection, article_id: str, source: str) -> None:
    conn.execute(
        _sighting_stmt(conn.dialect.name),
        {"article_id": article_id, "source": source, "seen_at": utcnow()},
    )


def delete_analysis(conn: Connection, article_id: str) -> None:
    """Remove an article's mentions, quotes, events and event actors (not the article)."""
    rollup.count_article(conn, article_id, -1)
    ids = select(events.c.id).where(events.c.article_id == article_id)
    conn.execute(delete(event_actors).where(event_actors.c.event_id.in_(ids)))
    for table in (events, quotes, mentions):
        conn.execute(delete(table).where(table.c.article_id == article_id))


def _write_analysis(
    conn: Connection, article_id: str, analysis: Analysis, *, story_id: str | None, seen: Any
) -> None:
    rows = analysis_rows(article_id, analysis, story_id=story_id)
    for table, batch in (
        (mentions, rows.mentions),
        (quotes, rows.quotes),
        (events, rows.events),
        (event_actors, rows.event_actors),
    ):
        if batch:
            conn.execute(_INSERTS[table], batch)
    rollup.count_article(conn, article_id, +1)
    relink(conn, article_id)  # analysts' reviews follow their triggers into the new events
    learned = getattr(analysis, "learned", None)  # set by the pipeline, not a model field
    if learned:  # first, so that the rows below only widen their first/last_seen
        upsert_learned_actors(conn, learned, article_id=article_id)
    upsert_seen_actors(conn, actor_rows(article_id, analysis, seen))


def upsert_seen_actors(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert actors not known yet; widen first/last_seen of known ones (never narrow)."""
    if rows:
        conn.execute(_seen_actors_stmt(conn.dialect.name), list(rows))


def kb_actor_row(entry: Any) -> dict[str, Any]:
    """A KB entry (dataclass, object or mapping) as an ``actors`` row."""
    data = entry if isinstance(entry, dict) else _as_dict(entry)
    kb_id = data.get("kb_id") or data.get("id")
    if not kb_id or not data.get("name"):
        raise ValueError(f"KB entry without kb_id/name: {data!r}")
    return {
        "kb_id": kb_id,
        "name": data["name"],
        "country": data.get("country"),
        "sector": data.get("sector"),
        # a state referred to as a whole has its country as code (ONTOLOGY.md: "ISR")
        "code": data.get("code") or (data.get("country") if not data.get("sector") else None),
        "source": data.get("source") or "kb",
        "aliases": list(data.get("aliases") or []),
        "roles": [_jsonable(r) for r in data.get("roles") or []],
    }


def upsert_kb_actors(conn: Connection, entries: Sequence[Any]) -> int:
    """Insert or refresh KB actors (name, codes, aliases, roles); keeps first/last_seen."""
    rows = sorted((kb_actor_row(e) for e in entries), key=lambda r: r["kb_id"])
    if not rows:
        return 0
    stmt = insert_for(conn, actors)
    new = stmt.excluded
    cols = ("name", "country", "sector", "code", "source", "aliases", "roles")
    stmt = stmt.on_conflict_do_update(
        index_elements=["kb_id"], set_={c: getattr(new, c) for c in cols}
    )
    conn.execute(stmt, rows)
    return len(rows)


_KB_KEYS = (
    "kb_id", "id", "name", "country", "sector", "code", "source", "aliases", "roles", "evidence",
)


def upsert_learned_actors(conn: Connection, entries: Sequence[Any], *, article_id: str) -> None:
    """Store actors learned from an article with their aliases, roles and evidence.

    A learned actor never overwrites a KB or user actor of the same kb_id; an actor learned
    again adds its new aliases and keeps the evidence of the article that introduced it.
    """
    rows = {}
    for entry in entries:
        row = kb_actor_row(entry)
        data = entry if isinstance(entry, dict) else _as_dict(entry)
        evidence = _jsonable(data.get("evidence")) or {"article_id": article_id}
        row.update(source="learned", evidence=evidence)
        rows[row["kb_id"]] = row
    stmt = select(actors).where(actors.c.kb_id.in_(list(rows)))
    if conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    for old in conn.execute(stmt).all():
        row = rows.pop(old.kb_id)
        if old.source != "learned":
            continue  # the KB (or the user) knows this actor: their entry wins
        row["aliases"] = list(dict.fromkeys([*(old.aliases or []), *row["aliases"]]))
        row["roles"] = row["roles"] or old.roles or []
        row["evidence"] = old.evidence or row["evidence"]
        conn.execute(update(actors).where(actors.c.kb_id == old.kb_id).values(
            {k: row[k] for k in ("aliases", "roles", "evidence")}))
    if rows:  # new ones; a concurrent insert of the same actor keeps the first row
        ins = insert_for(conn, actors).on_conflict_do_nothing(index_elements=["kb_id"])
        conn.execute(ins, [rows[k] for k in sorted(rows)])


def _as_dict(obj: Any) -> dict[str, Any]:
    return {k: getattr(obj, k, None) for k in _KB_KEYS}


def _jsonable(value: Any) -> Any:
    """Roles may be dataclasses with dates: make them plain JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
