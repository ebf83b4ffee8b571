"""The one read side: filtered, paginated listings of events, articles and quotes.

CLI, API and web all call these functions; none of them writes SQL. Every function takes a
``db`` that is a SQLAlchemy ``Engine`` or anything with an ``.engine`` (the ``Store``), and
returns plain dicts in the export shape of ``spec/EXPORT.md`` (offsets as ``start``/``end``).
Aggregates live in ``query_aggregates``, detail pages in ``query_detail``, full-text search in
``query_search``; they are re-exported here so callers import one module.

    >>> page = list_events(store, EventFilter(actor="IRN", type="CONSULT"), Page(limit=20))
    >>> [e["id"] for e in page.items]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, func, intersect, or_, select, union
from sqlalchemy.sql.elements import ColumnElement

from eventwire.store.schema import articles, event_actors, events, quotes

MAX_LIMIT = 500
MAX_OFFSET = 2**31 - 1  # databases take 64-bit offsets; far beyond any real listing


class NotFound(LookupError):
    """The requested article, event, actor or story does not exist."""


@dataclass(frozen=True)
class Page:
    """Limit/offset window; listings always sort stably (date desc, then id)."""

    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {self.limit}")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise ValueError(f"offset must be between 0 and {MAX_OFFSET}, got {self.offset}")


@dataclass
class Result:
    """One page of a listing, with the total count so clients can page on."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        nxt = self.offset + self.limit
        return nxt if nxt < self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "next_offset": self.next_offset,
        }


@dataclass(frozen=True)
class EventFilter:
    """Every way to narrow the events; all given conditions must hold.

    ``actor`` matches an actor or recipient by kb_id, code (IRNGOV), country (IRN) or name;
    ``dyad`` is (actor side, recipient side), both directions when ``either_direction``.
    """

    actor: str | None = None
    actor_role: str = "any"  # any | actor | recipient
    actor_exact: bool = False  # ``actor`` is a kb_id and nothing else (actor pages)
    actor_country: str | None = None
    actor_sector: str | None = None
    dyad: tuple[str, str] | None = None
    either_direction: bool = True
    type: str | None = None
    mode: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    place: str | None = None
    country: str | None = None  # country of the event's location
    story_id: str | None = None
    article_id: str | None = None
    language: str | None = None
    text: str | None = None
    include_negated: bool = False
    has_location: bool = False

    def __post_init__(self) -> None:
        if self.actor_role not in {"any", "actor", "recipient"}:
            raise ValueError(f"actor_role must be any, actor or recipient, not {self.actor_role!r}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")


@dataclass(frozen=True)
class ArticleFilter:
    language: str | None = None
    story_id: str | None = None
    outlet: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str | None = None


@dataclass(frozen=True)
class QuoteFilter:
    speaker: str | None = None  # kb_id, code, country or name (case-insensitive, substring)
    contains: str | None = None
    since: dt.date | None = None  # article published on or after
    language: str | None = None
    article_id: str | None = None
    story_id: str | None = None
    direct: bool | None = None


# Immutable defaults (the dataclasses are frozen, so sharing them is safe).
FIRST_PAGE = Page()
PAGE_100 = Page(limit=100)
ALL_EVENTS = EventFilter()
ALL_ARTICLES = ArticleFilter()
ALL_QUOTES = QuoteFilter()


# ---------------------------------------------------------------------------------------------
# Helpers shared by the query modules
# ---------------------------------------------------------------------------------------------


def engine_of(db: Any) -> Engine:
    """Accept an Engine or a Store (anything with ``.engine``)."""
    return db if isinstance(db, Engine) else db.engine


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with wildcards in the input escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """Case-insensitive substring condition (parametrised, wildcards escaped)."""
    return func.lower(column).like(like_pattern(text), escape="\\")


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


CODE_LIKE = re.compile(r"[A-Z]{3}[A-Z0-9]{0,7}")


def actor_branches(table: Any, term: str) -> list[ColumnElement[bool]]:
    """The alternatives of ``actor_match``: each tests one column, so each can use an index.

    The term's shape picks the columns: ``IRN`` is a country (or a kb_id), ``IRNGOV`` a code
    (or a kb_id), anything else a kb_id or a name.
    """
    conds = [table.c.kb_id == term]
    upper = term.upper()
    if CODE_LIKE.fullmatch(upper):
        # a 3-letter term is a country: its code (IRN) implies the same country, and the
        # country column is indexed; longer terms are codes (IRNGOV)
        conds.append(table.c.country == upper if len(term) == 3 else table.c.code == upper)
    if upper != term or not CODE_LIKE.fullmatch(term):  # typed in lower case: may be a name
        conds.append(func.lower(table.c.name) == term.lower())
    return conds


def actor_match(table: Any, term: str) -> ColumnElement[bool]:
    """An actor term matches a kb_id, a code, a country or a name (case-insensitive)."""
    return or_(*actor_branches(table, term))


def exact_actor_match(table: Any, term: str) -> ColumnElement[bool]:
    """Only the actor with this kb_id (actor pages)."""
    return table.c.kb_id == term


# Actor conditions are non-correlated IN (SELECT event_id ...) subqueries: the database
# evaluates each once through the event_actors indexes instead of once per event row. The
# alternatives of a term are a UNION, not an OR: an OR over two indexes makes SQLite collect
# rowids and read every matching table row, while each branch alone reads a covering index
# (IRN over 1M events: 400 ms -> see bench/RESULTS.md).
def _actor_event_ids(term: str, role: str, *, exact: bool = False) -> Any:
    """Ids of events with an actor matching ``term`` in ``role`` (actor|recipient|any)."""
    selects = []
    for cond in [exact_actor_match(event_actors, term)] if exact else actor_branches(
            event_actors, term):
        sub = select(event_actors.c.event_id).where(cond)
        if role != "any":
            sub = sub.where(event_actors.c.role == role)
        selects.append(sub)
    return union(*selects) if len(selects) > 1 else selects[0]


def _event_has_actor(term: str, role: str, *, exact: bool = False) -> ColumnElement[bool]:
    return events.c.id.in_(_actor_event_ids(term, role, exact=exact))


def _event_has(role: str, column: str, value: str) -> ColumnElement[bool]:
    ea = event_actors.alias()
    sub = select(ea.c.event_id).where(ea.c[column] == value.upper())
    if role != "any":
        sub = sub.where(ea.c.role == role)
    return events.c.id.in_(sub)


def _dyad_events(a: str, b: str) -> Any:
    """Ids of events with ``a`` among the actors and ``b`` among the recipients.

    Both sides read covering indexes and are joined by id; matching the recipient row by row
    made PostgreSQL fetch ~10k table rows per side (1M events: 200 ms -> see bench/RESULTS.md).
    """
    src = _actor_event_ids(a, "actor").subquery()
    dst = _actor_event_ids(b, "recipient").subquery()
    # INTERSECT, not a join: PostgreSQL estimates a join of two id sets at half the table
    # and then scans all events; an intersection is estimated at most the smaller side
    both = intersect(select(src.c.event_id), select(dst.c.event_id)).subquery()
    return select(both.c.event_id)  # a plain SELECT: SQLite cannot nest compound queries


def dyad_condition(a: str, b: str, *, either_direction: bool) -> ColumnElement[bool]:
    """Events with ``a`` on the actor side and ``b`` on the recipient side (or swapped)."""
    ids = union(_dyad_events(a, b), _dyad_events(b, a)) if either_direction else _dyad_events(a, b)
    return events.c.id.in_(ids)


def event_conditions(f: EventFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions for an EventFilter (events joined to articles)."""
    conds: list[ColumnElement[bool]] = []
    if f.actor:
        conds.append(_event_has_actor(f.actor, f.actor_role, exact=f.actor_exact))
    if f.actor_country:
        conds.append(_event_has(f.actor_role, "country", f.actor_country))
    if f.actor_sector:
        conds.append(_event_has(f.actor_role, "sector", f.actor_sector))
    if f.dyad:
        conds.append(dyad_condition(*f.dyad, either_direction=f.either_direction))
    if f.type:
        conds.append(events.c.type == f.type.upper())
    if f.mode:
        conds.append(events.c.mode == f.mode)
    if f.date_from:
        conds.append(events.c.date >= f.date_from)
    if f.date_to:
        conds.append(events.c.date <= f.date_to)
    if f.place:
        conds.append(contains(events.c.location_name, f.place))
    if f.country:
        conds.append(events.c.location_country == f.country.upper())
    if f.story_id:
        conds.append(events.c.story_id == f.story_id)
    if f.article_id:
        conds.append(events.c.article_id == f.article_id)
    if f.language:
        conds.append(articles.c.language == f.language)
    if f.text:
        conds.append(or_(contains(events.c.evidence, f.text), contains(events.c.trigger, f.text)))
    if not f.include_negated:
        conds.append(events.c.negated.is_(False))
    if f.has_location:
        conds.append(and_(events.c.lat.is_not(None), events.c.lon.is_not(None)))
    return conds


def events_from(f: EventFilter | None = None) -> Any:
    """events joined to their article (language, title, published).

    Given a filter, the join is made only when the filter needs an article column, so
    counts and aggregates skip one lookup per event.
    """
    if f is not None and not f.language:
        return events
    return events.join(articles, articles.c.id == events.c.article_id)


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


def event_order() -> list[Any]:
    return [events.c.date.desc().nulls_last(), events.c.id]


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


def list_events(db: Any, f: EventFilter = ALL_EVENTS, page: Page = FIRST_PAGE) -> Result:
    """Events matching ``f``, newest first (undated last), then by id."""
    conds = event_conditions(f)
    # pick the page's ids without the article join, then fetch those rows with it
    ids = (
        select(events.c.id).select_from(events_from(f)).where(*conds)
        .order_by(*event_order()).limit(page.limit).offset(page.offset)
    )
    stmt = event_select().where(events.c.id.in_(ids.scalar_subquery())).order_by(*event_order())
    count = select(func.count()).select_from(events_from(f)).where(*conds)
    with engine_of(db).connect() as conn:
        total = conn.execute(count).scalar_one()
        rows = conn.execute(stmt).mappings().all()
    return Result([event_record(r) for r in rows], total, page.limit, page.offset)


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


# Re-exported so callers import one module (imports at the bottom: those modules use helpers).
from eventwire.query_aggregates import (  # noqa: E402
    dyad_matrix,
    event_counts,
    score_series,
    top_actors,
    top_places,
    type_counts,
)
from eventwire.query_article import article_detail  # noqa: E402
from eventwire.query_detail import (  # noqa: E402
    actor_profile,
    dashboard,
    dyad_detail,
    list_actors,
    list_stories,
    resolve_actor_term,
    story_detail,
)
from eventwire.query_search import KINDS, search  # noqa: E402

__all__ = [
    "KINDS",
    "ArticleFilter", "EventFilter", "NotFound", "Page", "QuoteFilter", "Result",
    "actor_profile", "article_detail", "dashboard", "dyad_detail", "dyad_matrix",
    "event_counts", "get_event", "list_actors", "list_articles", "list_events", "list_quotes",
    "list_stories", "resolve_actor_term", "score_series", "search", "story_detail",
    "top_actors", "top_places",
    "type_counts",
]
