"""Filters and pages of the read side, and the SQL conditions they stand for.

``EventFilter``, ``ArticleFilter`` and ``QuoteFilter`` say which rows; ``Page`` which window;
``Result`` is one page with its total. The helpers here (``engine_of``, ``event_conditions``,
``actor_match`` ...) are shared by every query module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select, union
from sqlalchemy.sql.elements import ColumnElement

from eventwire.store.reviews import wrong_event_ids
from eventwire.store.schema import articles, event_actors, events

MAX_LIMIT = 500
MAX_OFFSET = 2**31 - 1  # databases take 64-bit offsets; far beyond any real listing


class NotFound(LookupError):
    """The requested article, event, actor or story does not exist."""


class InvalidFilter(ValueError):
    """A filter value that names nothing valid (an unknown PLOVER type, mode or country).

    ``field`` is the parameter, ``valid`` the accepted values when they are few enough to list.
    """

    def __init__(self, field: str, message: str, valid: list[str] | None = None) -> None:
        super().__init__(message)
        self.field, self.valid = field, valid


@dataclass(frozen=True)
class ActorScope:
    """What an actor term stands for, once resolved (``query.identity.resolve_actor``).

    ``country`` rolls up everyone of the country (its state, sectors and named people) unless
    ``exact``, which keeps only the bare country code; ``code`` is one actor code (IRNGOV);
    ``actor`` one KB or learned actor (kb_id); ``name`` an actor seen only by name.
    """

    kind: str  # country | code | actor | name
    key: str
    name: str
    exact: bool = False

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise ValueError(f"actor scope kind must be one of {', '.join(SCOPE_KINDS)}")

    @property
    def term(self) -> str:
        """The unambiguous term for links: ``country:IRN``, ``actor:masoud-pezeshkian``."""
        return f"{self.kind}:{self.key}"

    def condition(self, table: Any) -> ColumnElement[bool]:
        """The rows of an ``event_actors``-shaped table this scope covers (one indexed column)."""
        if self.kind == "country":
            return table.c.code == self.key if self.exact else table.c.country == self.key
        if self.kind == "code":
            return table.c.code == self.key
        if self.kind == "actor":
            return table.c.kb_id == self.key
        return and_(table.c.kb_id.is_(None), func.lower(table.c.name) == self.key.lower())

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "name": self.name, "exact": self.exact,
                "term": self.term}


SCOPE_KINDS = ("country", "code", "actor", "name")


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
    undated: int | None = None  # events left out of ``total`` by a date range for lack of a date

    @property
    def next_offset(self) -> int | None:
        nxt = self.offset + self.limit
        return nxt if nxt < self.total else None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "items": self.items,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "next_offset": self.next_offset,
        }
        if self.undated is not None:
            out["undated"] = self.undated
        return out


@dataclass(frozen=True)
class EventFilter:
    """Every way to narrow the events; all given conditions must hold.

    ``actor`` is a term as people type it (surname, alias, kb_id, code IRNGOV, country IRN or
    its name in any language) or an :class:`ActorScope`; the query functions resolve terms
    with ``query.identity.scoped`` before building SQL, so every front end reads a term the
    same way. A country rolls up its sectors and people unless ``actor_exact``.
    ``dyad`` is (actor side, recipient side), both directions when ``either_direction``.
    """

    actor: str | ActorScope | None = None
    actor_role: str = "any"  # any | actor | recipient
    actor_exact: bool = False  # no roll-up: a country term means its bare code only
    actor_country: str | None = None
    actor_sector: str | None = None
    dyad: tuple[str | ActorScope, str | ActorScope] | None = None
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
    min_confidence: float | None = None  # the coder's confidence in [0, 1]
    include_rejected: bool = False  # also events an analyst reviewed as wrong

    def __post_init__(self) -> None:
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise ValueError(f"min_confidence must be between 0 and 1, not {self.min_confidence}")
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

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")


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


# Actor conditions are non-correlated IN (SELECT event_id ...) subqueries: the database
# evaluates each once through the event_actors indexes instead of once per event row; each
# scope tests one indexed column, so each reads a covering index (bench/RESULTS.md).
def _scope(value: str | ActorScope) -> ActorScope:
    if not isinstance(value, ActorScope):
        raise TypeError(f"actor term {value!r} is not resolved: pass the filter through "
                        "query.identity.scoped(db, f) first")
    return value


def actor_event_ids(scope: ActorScope, role: str) -> Any:
    """Ids of events with an actor in ``scope`` in ``role`` (actor | recipient | any)."""
    sub = select(event_actors.c.event_id).where(scope.condition(event_actors))
    return sub if role == "any" else sub.where(event_actors.c.role == role)


def _event_has(role: str, column: str, value: str) -> ColumnElement[bool]:
    ea = event_actors.alias()
    sub = select(ea.c.event_id).where(ea.c[column] == value.upper())
    if role != "any":
        sub = sub.where(ea.c.role == role)
    return events.c.id.in_(sub)


def _dyad_events(a: ActorScope, b: ActorScope) -> Any:
    """Ids of events with ``a`` among the actors and ``b`` among the recipients.

    A self-join of event_actors on event_id: each scope tests one indexed column, so both
    sides read covering indexes (PostgreSQL merge-joins them in event_id order, SQLite probes
    ``(column, role, event_id)`` per actor row) and PostgreSQL estimates the join from the
    event_id statistics (IRN -> ISR: 101 rows, actually 111). The INTERSECT used while actor
    terms were UNIONs of columns is estimated at the smaller side (~10k), which made
    PostgreSQL hash-join a sequential scan of all events for the score series (1M events:
    30 ms -> 400 ms; bench/RESULTS.md). An event with two matching actors appears twice;
    ``IN`` and the UNION of the two directions do not mind.
    """
    src, dst = event_actors.alias("src"), event_actors.alias("dst")
    return (
        select(src.c.event_id)
        .join(dst, dst.c.event_id == src.c.event_id)
        .where(a.condition(src), src.c.role == "actor", b.condition(dst), dst.c.role == "recipient")
    )


def dyad_condition(
    a: str | ActorScope, b: str | ActorScope, *, either_direction: bool
) -> ColumnElement[bool]:
    """Events with ``a`` on the actor side and ``b`` on the recipient side (or swapped)."""
    a, b = _scope(a), _scope(b)
    ids = union(_dyad_events(a, b), _dyad_events(b, a)) if either_direction else _dyad_events(a, b)
    return events.c.id.in_(ids)


def event_conditions(
    f: EventFilter, *, negated_by_index: bool = True
) -> list[ColumnElement[bool]]:
    """The WHERE conditions for an EventFilter (events joined to articles).

    ``negated_by_index=False`` writes the not-negated test so that SQLite cannot answer it from
    an index: for an order no index gives (score, confidence, mode), SQLite without statistics
    otherwise walks ``ix_events_date_cover`` for ``negated`` and reads every event's row in
    index order (1M events, sorted by -score: 3.4 s instead of 0.3 s for a table scan).
    """
    conds: list[ColumnElement[bool]] = []
    if f.actor:
        conds.append(events.c.id.in_(actor_event_ids(_scope(f.actor), f.actor_role)))
    if f.actor_country:
        conds.append(_event_has(f.actor_role, "country", f.actor_country))
    if f.actor_sector:
        conds.append(_event_has(f.actor_role, "sector", f.actor_sector))
    if f.dyad:
        conds.append(dyad_condition(*f.dyad, either_direction=f.either_direction))
    if f.type:
        conds.append(events.c.type == f.type.upper())
    if f.mode:
        conds.append(events.c.mode == f.mode.lower())
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
        conds.append(articles.c.language == f.language.lower())
    if f.text:
        conds.append(or_(contains(events.c.evidence, f.text), contains(events.c.trigger, f.text)))
    if not f.include_negated:
        negated = events.c.negated if negated_by_index else func.coalesce(events.c.negated, False)
        conds.append(negated.is_(False))  # the column is NOT NULL: both say the same
    if f.has_location:
        conds.append(and_(events.c.lat.is_not(None), events.c.lon.is_not(None)))
    if f.min_confidence is not None:
        conds.append(events.c.confidence >= f.min_confidence)
    if not f.include_rejected:
        conds.append(events.c.id.not_in(wrong_event_ids()))
    return conds


def events_from(f: EventFilter | None = None) -> Any:
    """events joined to their article (language, title, published).

    Given a filter, the join is made only when the filter needs an article column, so
    counts and aggregates skip one lookup per event.
    """
    if f is not None and not f.language:
        return events
    return events.join(articles, articles.c.id == events.c.article_id)
