"""Detail views: dyads, stories, and the dashboard summary (actor pages: ``actor_page``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import func, select, union

from eventwire.query.aggregates import (
    counts_of,
    dyad_matrix,
    event_counts,
    score_series,
    type_counts,
)
from eventwire.query.filters import (
    ALL_EVENTS,
    FIRST_PAGE,
    PAGE_100,
    EventFilter,
    NotFound,
    Page,
    Result,
    StoryFilter,
    engine_of,
    event_conditions,
    events_from,
    iso,
)
from eventwire.query.identity import resolve_actor, scoped
from eventwire.query.listings import list_events, undated_count
from eventwire.store.schema import (
    articles,
    canonical_events,
    event_actors,
    events,
    quotes,
    stories,
    story_articles,
)

# ---------------------------------------------------------------------------------------------
# Dyads
# ---------------------------------------------------------------------------------------------


def dyad_detail(
    db: Any, a: str, b: str, *, either_direction: bool = True, page: Page = PAGE_100,
    f: EventFilter = ALL_EVENTS, interval: str = "day",
) -> dict[str, Any]:
    """Two actors (any actor terms): both directed counts, score over time and the events.

    ``counts.a_to_b`` is what the dyad tables show for the row a → b with the same filter;
    the events and series are both directions unless ``either_direction`` is false.
    """
    sa, sb = resolve_actor(db, a), resolve_actor(db, b)
    both = scoped(db, dataclasses.replace(f, dyad=(sa, sb), either_direction=either_direction))
    one_way = {
        name: list_events(db, dataclasses.replace(both, dyad=pair, either_direction=False),
                          Page(limit=1)).total
        for name, pair in (("a_to_b", (sa, sb)), ("b_to_a", (sb, sa)))
    }
    listed = list_events(db, both, page)
    scores = score_series(db, both, interval=interval)
    return {
        "a": sa.to_dict(),
        "b": sb.to_dict(),
        "either_direction": either_direction,
        "counts": {**one_way, "listed": listed.total},
        "events": listed.to_dict(),
        "types": type_counts(db, both),
        "interval": interval,
        "scores": scores,
        "timeline": counts_of(scores),
        "undated": undated_count(db, both),
    }


# ---------------------------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------------------------


def _story_counts() -> tuple[Any, Any]:
    n_articles = (
        select(func.count()).where(articles.c.story_id == stories.c.id).scalar_subquery()
    )
    n_events = select(func.count()).where(events.c.story_id == stories.c.id).scalar_subquery()
    return n_articles.label("articles"), n_events.label("events")


def story_conditions(f: StoryFilter) -> list[Any]:
    """The WHERE conditions on ``stories`` for a StoryFilter."""
    if not f.language:
        return []
    return [select(articles.c.id).where(
        articles.c.story_id == stories.c.id, articles.c.language == f.language).exists()]


def list_stories(db: Any, *, language: str | None = None, page: Page = FIRST_PAGE) -> Result:
    """Stories, latest first, with their article and event counts."""
    cols = [stories.c[c] for c in ("id", "title", "languages", "start", "end", "actors")]
    stmt = select(*cols, *_story_counts()).order_by(
        stories.c.end.desc().nulls_last(), stories.c.id
    )
    conds = story_conditions(StoryFilter(language=language))
    stmt = stmt.where(*conds)
    count = select(func.count()).select_from(stories).where(*conds)
    with engine_of(db).connect() as conn:
        total = conn.execute(count).scalar_one()
        rows = conn.execute(stmt.limit(page.limit).offset(page.offset)).mappings().all()
    return Result([{k: iso(v) for k, v in dict(r).items()} for r in rows],
                  total, page.limit, page.offset)


def story_detail(db: Any, story_id: str) -> dict[str, Any]:
    """A story: its articles across languages, merged (canonical) events and all events."""
    with engine_of(db).connect() as conn:
        row = conn.execute(
            select(*[c for c in stories.c if c.name != "centroid"]).where(stories.c.id == story_id)
        ).mappings().first()
        if row is None:
            raise NotFound(f"no story with id {story_id!r}")
        arts = conn.execute(
            select(articles.c.id, articles.c.title, articles.c.language, articles.c.published,
                   articles.c.outlet, articles.c.url, story_articles.c.scores,
                   func.substr(articles.c.text, 1, 120).label("lead"))
            .select_from(articles.outerjoin(
                story_articles, story_articles.c.article_id == articles.c.id))
            .where(articles.c.story_id == story_id)
            .order_by(articles.c.published, articles.c.id)
        ).mappings().all()
        merged = conn.execute(
            select(canonical_events).where(canonical_events.c.story_id == story_id)
            .order_by(canonical_events.c.num_articles.desc(), canonical_events.c.id)
        ).mappings().all()
    f = EventFilter(story_id=story_id)
    return {
        "story": {k: iso(v) for k, v in dict(row).items()},
        "articles": [{k: iso(v) for k, v in dict(a).items()} for a in arts],
        "canonical_events": [{k: iso(v) for k, v in dict(m).items()} for m in merged],
        "events": list_events(db, f, Page(limit=500)).to_dict(),
        "types": type_counts(db, f),
    }


# ---------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------


def totals(db: Any) -> dict[str, int]:
    """How many articles, events, quotes, stories and distinct actors are stored."""
    f = EventFilter()
    ea = event_actors
    # the distinct values of coalesce(kb_id, name), as a UNION of two grouped columns: SQLite
    # reads the kb_id index in order, PostgreSQL hashes (it estimates the groups from the
    # column's statistics) instead of sorting 2M coalesced strings on disk (1M events:
    # SQLite 1.0 -> 0.3 s, PostgreSQL 2.7 -> 0.7 s; bench/RESULTS.md, 2026-12-08)
    distinct_actors = union(
        select(ea.c.kb_id.label("actor")).where(ea.c.kb_id.is_not(None)).group_by(ea.c.kb_id),
        select(ea.c.name).where(ea.c.kb_id.is_(None), ea.c.name.is_not(None))
        .group_by(ea.c.name),
    ).subquery()
    with engine_of(db).connect() as conn:
        return {
            "articles": conn.execute(select(func.count()).select_from(articles)).scalar_one(),
            "events": conn.execute(
                select(func.count()).select_from(events_from(f)).where(*event_conditions(f))
            ).scalar_one(),
            "quotes": conn.execute(select(func.count()).select_from(quotes)).scalar_one(),
            "stories": conn.execute(select(func.count()).select_from(stories)).scalar_one(),
            "actors": conn.execute(
                select(func.count()).select_from(distinct_actors)
            ).scalar_one(),
        }


def data_span(db: Any) -> tuple[dt.date | None, dt.date | None]:
    """The first and last event dates in the store (None, None when nothing is dated)."""
    # two scalar subqueries: SQLite answers one min() or max() from the date index, but both
    # in one SELECT scan the whole table (1M events: ~240 ms)
    with engine_of(db).connect() as conn:
        first, last = conn.execute(select(
            select(func.min(events.c.date)).scalar_subquery(),
            select(func.max(events.c.date)).scalar_subquery(),
        )).one()
    return (_as_date(first) if first else None, _as_date(last) if last else None)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def dashboard(db: Any, f: EventFilter = ALL_EVENTS, *, interval: str = "day") -> dict[str, Any]:
    """The front page for a filter (default: the whole span of the data): totals, latest
    stories, the busiest dyads, events per day and per category, and how many events of the
    filter have no date (left out of the series and of any date range)."""
    f = scoped(db, f)
    first, last = data_span(db)
    window = {"from": iso(f.date_from or first), "to": iso(f.date_to or last),
              "data_from": iso(first), "data_to": iso(last)}
    matching = list_events(db, f, Page(limit=10))
    return {
        "totals": totals(db),
        "window": window,
        "events": matching.total,
        "undated": undated_count(db, f),
        "stories": list_stories(db, page=Page(limit=8)).to_dict()["items"],
        "dyads": dyad_matrix(db, f, level="country", limit=10),
        "interval": interval,
        "counts": event_counts(db, f, interval=interval),
        "types": type_counts(db, f),
        "latest_events": matching.to_dict()["items"],
    }
