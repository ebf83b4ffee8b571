"""Filtered, paginated listings of events, articles and quotes, and their record shapes.

Every function takes a ``db`` that is a SQLAlchemy ``Engine`` or anything with an ``.engine``
(the ``Store``), and returns plain dicts in the export shape of ``spec/EXPORT.md`` (offsets as
``start``/``end``).

    >>> page = list_events(store, EventFilter(actor="IRN", type="CONSULT"), Page(limit=20))
    >>> [e["id"] for e in page.items]
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from eventwire.query.filters import (
    ALL_ARTICLES,
    ALL_EVENTS,
    ALL_QUOTES,
    FIRST_PAGE,
    ArticleFilter,
    EventFilter,
    InvalidFilter,
    NotFound,
    Page,
    QuoteFilter,
    Result,
    contains,
    engine_of,
    event_conditions,
    events_from,
    iso,
)
from eventwire.query.identity import scoped
from eventwire.store.schema import articles, events, quotes


def _paged(db: Any, stmt: Any, count_stmt: Any, page: Page, convert: Any) -> Result:
    with engine_of(db).connect() as conn:
        total = conn.execute(count_stmt).scalar_one()
        rows = conn.execute(stmt.limit(page.limit).offset(page.offset)).mappings().all()
    return Result([convert(r) for r in rows], total, page.limit, page.offset)

# ---------------------------------------------------------------------------------------------
# Row -> record
# ---------------------------------------------------------------------------------------------

EVENT_COLUMNS = [c for c in events.c if c.name not in {"start_char", "end_char"}]


def event_record(row: Any) -> dict[str, Any]:
    """An events row (plus article columns) in the export shape."""
    rec = {c.name: iso(row[c.name]) for c in EVENT_COLUMNS}
    rec["start"], rec["end"] = row["start_char"], row["end_char"]
    rec["context"] = rec.get("context") or []
    rec["actors"] = rec.get("actors") or []
    rec["recipients"] = rec.get("recipients") or []
    for extra in ("article_title", "article_language", "article_published"):
        if extra in row:
            rec[extra] = iso(row[extra])
    return rec


def event_select() -> Any:
    return select(
        events,
        articles.c.title.label("article_title"),
        articles.c.language.label("article_language"),
        articles.c.published.label("article_published"),
    ).select_from(events_from())


# the orders an event listing can take; "-" is descending; ties are broken by id
EVENT_SORTS = {
    "date": events.c.date, "type": events.c.type, "score": events.c.score,
    "confidence": events.c.confidence, "mode": events.c.mode,
}


INDEXED_SORTS = ("date", "type")  # orders an index of events gives (ix_events_*_cover)


def event_order(sort: str = "-date") -> list[Any]:
    """``date`` / ``-date`` (default: newest first), ``type``, ``score``, ``confidence``,
    ``mode``, each ascending or, with a leading ``-``, descending; empty values last."""
    name = sort.removeprefix("-")
    if name not in EVENT_SORTS:
        valid = ", ".join(f"{p}{n}" for n in EVENT_SORTS for p in ("", "-"))
        raise InvalidFilter("sort", f"unknown sort {sort!r}; valid: {valid}", valid.split(", "))
    column = EVENT_SORTS[name]
    ordered = column.desc() if sort.startswith("-") else column.asc()
    return [ordered.nulls_last(), events.c.id]


ARTICLE_SUMMARY = [
    articles.c.id, articles.c.source, articles.c.url, articles.c.title, articles.c.published,
    articles.c.language, articles.c.outlet, articles.c.cited_source, articles.c.story_id,
    articles.c.content_hash,
    # the opening words, to name untitled articles in listings
    func.substr(articles.c.text, 1, 120).label("lead"),
]


def article_record(row: Any) -> dict[str, Any]:
    return {k: iso(v) for k, v in dict(row).items()}


def quote_record(row: Any) -> dict[str, Any]:
    rec = {k: iso(v) for k, v in dict(row).items() if k not in {"start_char", "end_char"}}
    rec["start"], rec["end"] = row["start_char"], row["end_char"]
    return rec


# ---------------------------------------------------------------------------------------------
# Listings
# ---------------------------------------------------------------------------------------------


def list_events(
    db: Any, f: EventFilter = ALL_EVENTS, page: Page = FIRST_PAGE, *, sort: str = "-date"
) -> Result:
    """Events matching ``f``, newest first (undated last), then by id.

    With a date range, ``undated`` counts the events that match ``f`` but for the range and
    have no date (left out of ``total``); without one it is None (undated events are in it).
    """
    f = scoped(db, f)
    conds = event_conditions(f)
    # pick the page's ids without the article join, then fetch those rows with it
    order = event_order(sort)
    indexed_order = sort.removeprefix("-") in INDEXED_SORTS
    ids = (
        select(events.c.id).select_from(events_from(f))
        .where(*(conds if indexed_order else event_conditions(f, negated_by_index=False)))
        .order_by(*order).limit(page.limit).offset(page.offset)
    )
    stmt = event_select().where(events.c.id.in_(ids.scalar_subquery())).order_by(*order)
    count = select(func.count()).select_from(events_from(f)).where(*conds)
    with engine_of(db).connect() as conn:
        total = conn.execute(count).scalar_one()
        rows = conn.execute(stmt).mappings().all()
    return Result([event_record(r) for r in rows], total, page.limit, page.offset,
                  undated=undated_count(db, f) if f.date_from or f.date_to else None)


def undated_count(db: Any, f: EventFilter) -> int:
    """Events matching ``f`` but for its date range that have no date."""
    f = scoped(db, f)
    bare = dataclasses.replace(f, date_from=None, date_to=None)
    stmt = (select(func.count()).select_from(events_from(bare))
            .where(*event_conditions(bare), events.c.date.is_(None)))
    with engine_of(db).connect() as conn:
        return conn.execute(stmt).scalar_one()


def get_event(db: Any, event_id: str) -> dict[str, Any]:
    with engine_of(db).connect() as conn:
        row = conn.execute(event_select().where(events.c.id == event_id)).mappings().first()
    if row is None:
        raise NotFound(f"no event with id {event_id!r}")
    return event_record(row)


def article_conditions(f: ArticleFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.language:
        conds.append(articles.c.language == f.language)
    if f.story_id:
        conds.append(articles.c.story_id == f.story_id)
    if f.outlet:
        conds.append(contains(articles.c.outlet, f.outlet))
    if f.date_from:
        conds.append(articles.c.published >= f.date_from)
    if f.date_to:
        conds.append(articles.c.published <= f.date_to)
    if f.text:
        conds.append(or_(contains(articles.c.title, f.text), contains(articles.c.text, f.text)))
    return conds


def list_articles(db: Any, f: ArticleFilter = ALL_ARTICLES, page: Page = FIRST_PAGE) -> Result:
    """Article summaries (no text), newest first, with their event and quote counts."""
    conds = article_conditions(f)
    n_events = (
        select(func.count()).where(events.c.article_id == articles.c.id).scalar_subquery()
    )
    n_quotes = (
        select(func.count()).where(quotes.c.article_id == articles.c.id).scalar_subquery()
    )
    stmt = (
        select(*ARTICLE_SUMMARY, n_events.label("events"), n_quotes.label("quotes"))
        .where(*conds)
        .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
    )
    count = select(func.count()).select_from(articles).where(*conds)
    return _paged(db, stmt, count, page, article_record)


def quote_conditions(f: QuoteFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.speaker:
        conds.append(
            or_(
                quotes.c.speaker_kb_id == f.speaker,
                contains(quotes.c.speaker_name, f.speaker),
                contains(quotes.c.speaker_text, f.speaker),
            )
        )
    if f.contains:
        conds.append(contains(quotes.c.text, f.contains))
    if f.since:
        conds.append(articles.c.published >= f.since)
    if f.language:
        conds.append(quotes.c.language == f.language)
    if f.article_id:
        conds.append(quotes.c.article_id == f.article_id)
    if f.story_id:
        conds.append(articles.c.story_id == f.story_id)
    if f.direct is not None:
        conds.append(quotes.c.direct.is_(f.direct))
    return conds


def list_quotes(db: Any, f: QuoteFilter = ALL_QUOTES, page: Page = FIRST_PAGE) -> Result:
    """Quotes with their speaker, newest article first, in text order within an article."""
    conds = quote_conditions(f)
    joined = quotes.join(articles, articles.c.id == quotes.c.article_id)
    stmt = (
        select(
            quotes,
            articles.c.title.label("article_title"),
            articles.c.published.label("article_published"),
            func.substr(articles.c.text, 1, 120).label("article_lead"),
        )
        .select_from(joined)
        .where(*conds)
        .order_by(
            articles.c.published.desc().nulls_last(), quotes.c.article_id, quotes.c.start_char
        )
    )
    count = select(func.count()).select_from(joined).where(*conds)
    return _paged(db, stmt, count, page, quote_record)
