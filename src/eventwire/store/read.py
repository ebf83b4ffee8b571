"""Stored rows as export records (``spec/EXPORT.md``): offsets as ``start``/``end``, dates as
``YYYY-MM-DD``, nested actor and location objects. Records stream in keyset-paged batches so
exports of any size run in bounded memory. ``where`` conditions (SQLAlchemy expressions over
these tables, e.g. the read side's filters) narrow what is read. The fields of each record
type (``FIELDS``) are those of its model in ``eventwire.records``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Select, exists, func, not_, or_, select, tuple_
from sqlalchemy.engine import Row
from sqlalchemy.sql.elements import ColumnElement

from eventwire.records import FIELDS
from eventwire.store.reviews import wrong_event_ids
from eventwire.store.schema import (
    actors,
    article_sources,
    articles,
    canonical_events,
    event_actors,
    events,
    mentions,
    quotes,
    stories,
    story_articles,
)

BATCH = 500
Where = Sequence[ColumnElement[bool]]

# extra keys on event records when the GDELT writer asks for article details
ARTICLE_FIELDS = ("article_url", "article_source", "published", "ingested_at", "lead_end")


def iso(value: Any) -> Any:
    """Dates as YYYY-MM-DD, timestamps as ISO 8601, anything else unchanged."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def batches(conn: Connection, stmt: Select, keys: Sequence[Any]) -> Iterator[list[Row]]:
    """Run ``stmt`` page by page, ordered by ``keys`` (unique together), resuming after the
    last key seen, so a long export neither holds everything in memory nor skips rows."""
    last: list[Any] | None = None
    while True:
        page = stmt.order_by(*keys).limit(BATCH)
        if last is not None:
            page = page.where(tuple_(*keys) > tuple_(*last) if len(keys) > 1 else keys[0] > last[0])
        rows = conn.execute(page).all()
        if rows:
            yield rows
        if len(rows) < BATCH:
            return
        last = [rows[-1]._mapping[k] for k in keys]


def iter_articles(conn: Connection, *, where: Where = ()) -> Iterator[dict[str, Any]]:
    cols = [c for c in articles.c if c.name not in {"raw_text", "removals", "run_id"}]
    for rows in batches(conn, select(*cols).where(*where), [articles.c.id]):
        sightings = _grouped(
            conn,
            select(article_sources.c.article_id, article_sources.c.source)
            .where(article_sources.c.article_id.in_([r.id for r in rows]))
            .order_by(article_sources.c.seen_at, article_sources.c.source),
        )
        for r in rows:
            rec = {k: iso(v) for k, v in r._mapping.items() if k in FIELDS["articles"]}
            rec["sources"] = sightings.get(r.id, [])
            yield _ordered(rec, "articles")


def iter_events(
    conn: Connection, *, include_negated: bool = False, with_article: bool = False,
    where: Where = (),
) -> Iterator[dict[str, Any]]:
    """Per-mention events (joined to their article, which ``where`` may test); negated and
    hypothetical ones only when ``include_negated``; never those an analyst reviewed as wrong
    (``store.reviews``) unless ``where`` is given (the read side's filter says then)."""
    story = func.coalesce(events.c.story_id, articles.c.story_id).label("a_story_id")
    cols: list[Any] = [events, story]
    if with_article:
        cols += _article_columns(conn)
    stmt = select(*cols).join(articles, articles.c.id == events.c.article_id).where(*where)
    if not include_negated:
        stmt = stmt.where(not_(events.c.negated), not_(events.c.hypothetical))
    if not where:
        stmt = stmt.where(events.c.id.not_in(wrong_event_ids()))
    keys = [events.c.article_id, events.c.start_char, events.c.id]
    for rows in batches(conn, stmt, keys):
        for r in rows:
            yield event_record(r._mapping, with_article=with_article)


def event_record(m: Any, *, with_article: bool = False) -> dict[str, Any]:
    """An ``events`` row (mapping) as an export record."""
    rec = {k: iso(m[k]) for k in FIELDS["events"] if k not in {"start", "end", "story_id"}}
    rec.update(start=m["start_char"], end=m["end_char"], story_id=m["a_story_id"])
    rec = _ordered(rec, "events")
    if with_article:
        rec.update({k: iso(m[k]) for k in ARTICLE_FIELDS if k != "lead_end"})
        rec["lead_end"] = _lead_end(m["lead_pos"], m["text_len"])
    return rec


def iter_merged_events(conn: Connection, *, with_article: bool = False) -> Iterator[dict]:
    """Canonical (story-merged) events with the ids of the events and articles behind them."""
    for rows in batches(conn, select(canonical_events), [canonical_events.c.id]):
        cols: list[Any] = [events.c.canonical_id, events.c.id, events.c.article_id]
        if with_article:
            cols += _article_columns(conn)
        members = conn.execute(
            select(*cols)
            .join(articles, articles.c.id == events.c.article_id)
            .where(events.c.canonical_id.in_([r.id for r in rows]))
            .order_by(events.c.canonical_id, articles.c.ingested_at, events.c.id)
        ).all()
        by_canonical: dict[str, list[Any]] = defaultdict(list)
        for m in members:
            by_canonical[m.canonical_id].append(m._mapping)
        for r in rows:
            yield _merged_record(r._mapping, by_canonical.get(r.id, []), with_article)


def _merged_record(m: Any, members: list[Any], with_article: bool) -> dict[str, Any]:
    rec = {k: iso(m[k]) for k in FIELDS["merged"] if k not in {"events", "article_ids"}}
    rec["events"] = [x["id"] for x in members]
    rec["article_ids"] = list(dict.fromkeys(x["article_id"] for x in members))
    rec = _ordered(rec, "merged")
    if with_article:
        first = members[0] if members else None
        rec.update({k: iso(first[k]) if first else None for k in ARTICLE_FIELDS[:4]})
        rec["lead_end"] = _lead_end(first["lead_pos"], first["text_len"]) if first else None
    return rec


def iter_quotes(conn: Connection, *, where: Where = ()) -> Iterator[dict[str, Any]]:
    """Quotes in text order, article by article (joined to the article, which ``where`` may
    test)."""
    keys = [quotes.c.article_id, quotes.c.start_char, quotes.c.id]
    stmt = select(quotes).join(articles, articles.c.id == quotes.c.article_id).where(*where)
    for rows in batches(conn, stmt, keys):
        for r in rows:
            m = r._mapping
            rec = {k: iso(m[k]) for k in FIELDS["quotes"] if k not in {"start", "end"}}
            rec.update(start=m["start_char"], end=m["end_char"])
            yield _ordered(rec, "quotes")


def iter_mentions(conn: Connection) -> Iterator[dict[str, Any]]:
    for rows in batches(conn, select(mentions), [mentions.c.id]):
        for r in rows:
            m = r._mapping
            rec = {k: m[k] for k in FIELDS["mentions"] if k not in {"start", "end"}}
            rec.update(start=m["start_char"], end=m["end_char"])
            yield _ordered(rec, "mentions")


def iter_actors(conn: Connection) -> Iterator[dict[str, Any]]:
    """Actors that were mentioned (in text or as event actors), plus learned and user ones.

    The whole KB may be loaded into ``actors`` (``Store.upsert_kb_actors``); KB entries never
    seen in an article are left out so the export describes the data, not the KB.
    """
    seen = or_(
        actors.c.source != "kb",
        exists(select(1).where(mentions.c.kb_id == actors.c.kb_id)),
        exists(select(1).where(event_actors.c.kb_id == actors.c.kb_id)),
    )
    for rows in batches(conn, select(actors).where(seen), [actors.c.kb_id]):
        counts = _mention_counts(conn, [r.kb_id for r in rows])
        for r in rows:
            yield _actor_record(r._mapping, counts.get(r.kb_id, 0))


def actor_records(conn: Connection, keys: Sequence[tuple[str, bool]]) -> list[dict[str, Any]]:
    """Actor records for (key, is_kb) pairs: a kb_id, or the name of an actor without one.

    A kb_id in ``actors`` gives its stored record; any other actor is described as the events
    name it (``event_actors``), with no aliases, roles or source.
    """
    kb_ids = [key for key, is_kb in keys if is_kb]
    stored = {r.kb_id: r._mapping for r in conn.execute(
        select(actors).where(actors.c.kb_id.in_(kb_ids)))} if kb_ids else {}
    counts = _mention_counts(conn, kb_ids)
    out = []
    for key, is_kb in keys:
        row = stored.get(key) if is_kb else None
        out.append(_actor_record(row or _seen_actor(conn, key, is_kb), counts.get(key, 0)))
    return out


def _mention_counts(conn: Connection, kb_ids: Sequence[str]) -> dict[str, int]:
    if not kb_ids:
        return {}
    return dict(conn.execute(
        select(mentions.c.kb_id, func.count())
        .where(mentions.c.kb_id.in_(kb_ids)).group_by(mentions.c.kb_id)
    ).all())


def _seen_actor(conn: Connection, key: str, is_kb: bool) -> Any:
    """An actor's identity as events give it (the row with the most specific code first)."""
    ea = event_actors
    match = ea.c.kb_id == key if is_kb else (ea.c.kb_id.is_(None)) & (ea.c.name == key)
    return conn.execute(
        select(ea.c.kb_id, ea.c.name, ea.c.country, ea.c.sector, ea.c.code).where(match)
        .order_by(ea.c.code.is_(None), ea.c.code).limit(1)
    ).mappings().one()


def _actor_record(m: Any, n_mentions: int) -> dict[str, Any]:
    rec = {k: iso(v) for k, v in m.items() if k in FIELDS["actors"]}
    rec.update(text=m["name"], mentions=n_mentions)
    rec["aliases"] = rec.get("aliases") or []
    rec["roles"] = rec.get("roles") or []
    return _ordered(rec, "actors")


def iter_stories(conn: Connection, *, where: Where = ()) -> Iterator[dict[str, Any]]:
    for rows in batches(conn, select(stories).where(*where), [stories.c.id]):
        ids = [r.id for r in rows]
        members = _grouped(
            conn,
            select(story_articles.c.story_id, story_articles.c.article_id)
            .where(story_articles.c.story_id.in_(ids))
            .order_by(story_articles.c.decided_at, story_articles.c.article_id),
        )
        n_events = _counts(conn, events.c.story_id, ids, not_(events.c.negated),
                           not_(events.c.hypothetical))
        n_canonical = _counts(conn, canonical_events.c.story_id, ids)
        for r in rows:
            rec = {k: iso(r._mapping[k]) for k in FIELDS["stories"] if k in r._mapping}
            rec.update(
                articles=members.get(r.id, []),
                events=n_events.get(r.id, 0),
                canonical_events=n_canonical.get(r.id, 0),
            )
            yield _ordered(rec, "stories")


def _grouped(conn: Connection, stmt: Select) -> dict[Any, list[Any]]:
    """(key, value) rows as {key: [values in row order]}."""
    out: dict[Any, list[Any]] = defaultdict(list)
    for key, value in conn.execute(stmt):
        out[key].append(value)
    return out


def _counts(conn: Connection, key: Any, ids: list[Any], *where: Any) -> dict[Any, int]:
    stmt = select(key, func.count()).where(key.in_(ids), *where).group_by(key)
    return dict(conn.execute(stmt).all())


def _ordered(rec: dict[str, Any], kind: str) -> dict[str, Any]:
    return {k: rec.get(k) for k in FIELDS[kind]}


def _article_columns(conn: Connection) -> list[Any]:
    """Article details for GDELT rows; ``lead_pos`` finds the end of the first paragraph."""
    find = func.strpos if conn.dialect.name == "postgresql" else func.instr
    return [
        articles.c.url.label("article_url"),
        articles.c.source.label("article_source"),
        articles.c.published,
        articles.c.ingested_at,
        find(articles.c.text, "\n\n").label("lead_pos"),
        func.length(articles.c.text).label("text_len"),
    ]


def _lead_end(pos: int | None, length: int | None) -> int | None:
    return pos - 1 if pos else length
