"""Which rows an export holds: everything (the CLI), or what an API listing shows for a filter.

With ``matching`` (the listing's filter: ``EventFilter`` for events, ``ArticleFilter``,
``QuoteFilter``, ``ActorFilter``, ``StoryFilter``) the rows are exactly the ones the listing
counts -- the same conditions from ``eventwire.query`` -- and ``count`` is its COUNT. Without
it, an export keeps the CLI's rules: no negated or hypothetical events unless
``include_negated``, actors that were mentioned or learned.

    >>> with engine.connect() as conn:
    ...     n = count(conn, "events", EventFilter(actor="IRN"))
    ...     rows = list(records(conn, "events", matching=EventFilter(actor="IRN")))
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, func, select

from eventwire.export.records import UnsupportedExport
from eventwire.query import ActorFilter, ArticleFilter, EventFilter, QuoteFilter, StoryFilter
from eventwire.query.actor_page import actor_keys
from eventwire.query.detail import story_conditions
from eventwire.query.filters import event_conditions, events_from
from eventwire.query.identity import scoped
from eventwire.query.listings import article_conditions, quote_conditions
from eventwire.store import read
from eventwire.store.schema import articles, quotes, stories

# the filter type of each record type's API listing (mentions have none)
FILTERS: dict[str, type] = {
    "events": EventFilter, "articles": ArticleFilter, "quotes": QuoteFilter,
    "actors": ActorFilter, "stories": StoryFilter,
}


def check_matching(what: str, matching: Any, *, merged: bool = False) -> None:
    """Refuse a filter of the wrong type, a filter of mentions, or a filtered merged export."""
    if matching is None:
        return
    wanted = FILTERS.get(what)
    if wanted is None:
        raise UnsupportedExport(f"{what} cannot be filtered: choose one of {', '.join(FILTERS)}")
    if not isinstance(matching, wanted):
        raise UnsupportedExport(
            f"{what} are filtered by a {wanted.__name__}, not a {type(matching).__name__}")
    if merged:
        raise UnsupportedExport("filters select per-mention events, not merged ones")


def records(
    conn: Connection,
    what: str,
    *,
    matching: Any = None,
    merged: bool = False,
    include_negated: bool = False,
    with_article: bool = False,
) -> Iterator[dict[str, Any]]:
    """The export records of ``what`` in a stable order, read in keyset-paged batches."""
    if what == "events" and merged:
        return read.iter_merged_events(conn, with_article=with_article)
    if matching is None:
        if what == "events":
            return read.iter_events(conn, include_negated=include_negated,
                                    with_article=with_article)
        return getattr(read, f"iter_{what}")(conn)
    if what == "events":
        # the filter says which negated events to keep (the listing hides negated ones and
        # keeps hypothetical ones), so the reader must add no rule of its own
        return read.iter_events(conn, include_negated=True, with_article=with_article,
                                where=event_conditions(scoped(conn, matching)))
    if what == "actors":
        return _listed_actors(conn, matching)
    where = {"articles": article_conditions, "quotes": quote_conditions,
             "stories": story_conditions}[what](matching)
    return getattr(read, f"iter_{what}")(conn, where=where)


def count(conn: Connection, what: str, matching: Any) -> int:
    """How many records ``records(conn, what, matching=matching)`` gives: the listing's total."""
    check_matching(what, matching)
    if matching is None:
        raise UnsupportedExport("counting needs the listing's filter")
    stmt: Any
    if what == "events":
        matching = scoped(conn, matching)
        stmt = select(func.count()).select_from(events_from(matching)).where(
            *event_conditions(matching))
    elif what == "articles":
        stmt = select(func.count()).select_from(articles).where(*article_conditions(matching))
    elif what == "quotes":
        joined = quotes.join(articles, articles.c.id == quotes.c.article_id)
        stmt = select(func.count()).select_from(joined).where(*quote_conditions(matching))
    elif what == "actors":
        stmt = select(func.count()).select_from(actor_keys(matching))
    else:
        stmt = select(func.count()).select_from(stories).where(*story_conditions(matching))
    return conn.execute(stmt).scalar_one()


def _listed_actors(conn: Connection, f: ActorFilter) -> Iterator[dict[str, Any]]:
    """The actors the actor listing counts (names without a kb_id, then kb_ids), in batches."""
    ranked = actor_keys(f)
    stmt = select(ranked.c.key, ranked.c.is_kb)
    for rows in read.batches(conn, stmt, [ranked.c.is_kb, ranked.c.key]):
        yield from read.actor_records(conn, [(r.key, bool(r.is_kb)) for r in rows])
