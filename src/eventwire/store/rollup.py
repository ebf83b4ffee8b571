"""``actor_periods``: distinct events per actor per year, month and day, kept in step on write.

An actor's events over a date range are the sum over the whole years, whole months and single
days that tile the range (every event has one date, so the periods partition its events and
the sums count each event once). One year of a million events is a dozen rows per actor
instead of a join over every event of the year. Undated events are not counted here.

``store.write`` counts each article as it writes or replaces its events; code that loads
events and event_actors in bulk by other means must call ``rebuild`` afterwards.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.types import Date

from eventwire.store.schema import actor_periods, event_actors, events

IDENTITY = ("kb_id", "name", "code", "country", "sector")
KEY = ("period", "start", "negated", *IDENTITY)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def day_counts(where: Any) -> Any:
    """Distinct events per (day, negated, actor identity) among dated events matching ``where``."""
    identity = [func.coalesce(event_actors.c[c], "").label(c) for c in IDENTITY]
    return (
        select(events.c.date.label("start"), events.c.negated, *identity,
               func.count(func.distinct(events.c.id)).label("n"))
        .select_from(events.join(event_actors, event_actors.c.event_id == events.c.id))
        .where(where, events.c.date.is_not(None), event_actors.c.name.is_not(None))
        .group_by(events.c.date, events.c.negated, *identity)
    )


@cache
def _article_counts() -> Any:
    """The per-article day counts, built once (statement building costs more than the query)."""
    return day_counts(events.c.article_id == bindparam("article_id"))


@cache
def _upsert(dialect: str) -> Any:
    insert = (pg_insert if dialect == "postgresql" else sqlite_insert)(actor_periods)
    return insert.on_conflict_do_update(
        index_elements=list(KEY), set_={"n": actor_periods.c.n + insert.excluded.n})


def count_article(conn: Connection, article_id: str, sign: int) -> None:
    """Add (sign=1, after writing) or remove (sign=-1, before deleting) an article's events."""
    deltas: dict[tuple, int] = {}
    for row in conn.execute(_article_counts(), {"article_id": article_id}):
        day = _as_date(row.start)
        ident = tuple(row._mapping[c] for c in IDENTITY)
        for period, start in (("Y", day.replace(month=1, day=1)), ("M", day.replace(day=1)),
                              ("D", day)):
            key = (period, start, bool(row.negated), *ident)
            deltas[key] = deltas.get(key, 0) + sign * row.n
    if not deltas:
        return
    # a fixed order: concurrent writers lock shared rows in the same order and cannot deadlock
    rows = [dict(zip(KEY, k, strict=True), n=v) for k, v in sorted(deltas.items())]
    conn.execute(_upsert(conn.dialect.name), rows)


def _truncate(conn: Connection, column: Any, unit: str) -> Any:
    if conn.dialect.name == "postgresql":
        return func.cast(func.date_trunc(unit, column), Date)
    return func.date(column, f"start of {unit}")


def backfill(conn: Connection) -> None:
    """Count every stored event (for databases written before ``actor_periods`` existed)."""
    days = day_counts(true()).subquery()
    conn.execute(actor_periods.insert().from_select(
        list(KEY) + ["n"], select(literal("D"), *[days.c[c] for c in KEY[1:]], days.c.n)))
    ident = [actor_periods.c[c] for c in IDENTITY]
    for period, unit in (("M", "month"), ("Y", "year")):
        start = _truncate(conn, actor_periods.c.start, unit)
        conn.execute(actor_periods.insert().from_select(
            list(KEY) + ["n"],
            select(literal(period), start, actor_periods.c.negated, *ident,
                   func.sum(actor_periods.c.n))
            .where(actor_periods.c.period == "D")
            .group_by(start, actor_periods.c.negated, *ident)))


def rebuild(conn: Connection) -> None:
    """Recount everything from events and event_actors."""
    conn.execute(actor_periods.delete())
    backfill(conn)


def tiles(lo: dt.date, hi: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(period, first day, last day) of the fewest years, months and day runs covering lo..hi."""
    out: list[tuple[str, dt.date, dt.date]] = []
    day = lo
    while day <= hi:
        year_end, month_end = dt.date(day.year, 12, 31), _month_end(day)
        if day.month == 1 and day.day == 1 and year_end <= hi:
            out.append(("Y", day, year_end))
            day = year_end
        elif day.day == 1 and month_end <= hi:
            out.append(("M", day, month_end))
            day = month_end
        elif out and out[-1][0] == "D" and out[-1][2] == day - dt.timedelta(days=1):
            out[-1] = ("D", out[-1][1], day)  # extend the run of single days
        else:
            out.append(("D", day, day))
        day += dt.timedelta(days=1)
    return out


def _month_end(day: dt.date) -> dt.date:
    first_next = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_next - dt.timedelta(days=1)


def top_in_range(
    conn: Connection, lo: dt.date, hi: dt.date, *, include_negated: bool, limit: int
) -> list[dict[str, Any]]:
    """The actors in the most events dated lo..hi (as actor or recipient), like top_actors."""
    ap = actor_periods.c
    parts = []
    for period, first, last in tiles(lo, hi):
        start = ap.start == first if period != "D" else ap.start.between(first, last)
        parts.append(and_(ap.period == period, start))
    n = func.sum(ap.n)
    ident = [ap[c] for c in IDENTITY]
    stmt = (
        select(*ident, n.label("events"))
        .where(or_(*parts), true() if include_negated else ap.negated.is_(False))
        .group_by(*ident)
        .having(n > 0)
        .order_by(n.desc(), ap.name, ap.kb_id)
        .limit(limit)
    )
    return [{**{c: (r[c] or None) for c in IDENTITY}, "events": int(r["events"])}
            for r in conn.execute(stmt).mappings()]
