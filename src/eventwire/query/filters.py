"""Filters and pages of the read side, and the SQL conditions they stand for.

``EventFilter``, ``ArticleFilter`` and ``QuoteFilter`` say which rows; ``Page`` which window;
``Result`` is one page with its total. The helpers here (``engine_of``, ``event_conditions``,
``actor_match`` ...) are shared by every query module.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, func, intersect, or_, select, union
from sqlalchemy.sql.elements import ColumnElement

from eventwire.store.schema import articles, event_actors, events

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


@dataclass(frozen=True)
class ActorFilter:
    """Actors taking part in events: ``text`` in the name (or a kb_id / code), country, sector."""

    text: str | None = None
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class StoryFilter:
    language: str | None = None  # stories with at least one article in this language


# Immutable defaults (the dataclasses are frozen, so sharing them is safe).
FIRST_PAGE = Page()
PAGE_100 = Page(limit=100)
ALL_EVENTS = EventFilter()
ALL_ARTICLES = ArticleFilter()
ALL_QUOTES = QuoteFilter()
ALL_ACTORS = ActorFilter()


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
