"""Facets: the values a filter field takes among the events of a filter, with their counts.

What the filter bar offers as choices comes from the store itself, never a fixed list: the
PLOVER types, modes, languages, actor countries, location countries and places that the
events matching the *other* filters have (a facet ignores its own field, so choosing CONSULT
still shows how many ASSAULT events the rest of the filter holds). Counts are distinct,
non-negated events, as ``list_events`` counts them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import func, select

from eventwire.query.filters import (
    ALL_EVENTS,
    EventFilter,
    engine_of,
    event_conditions,
    events_from,
)
from eventwire.query.identity import country_name, scoped
from eventwire.store.schema import articles, event_actors, events

FACETS = ("type", "mode", "language", "actor_country", "country", "place")
# the EventFilter field each facet ignores while it is counted
_OWN = {"type": "type", "mode": "mode", "language": "language",
        "actor_country": "actor_country", "country": "country", "place": "place"}


def _column(facet: str) -> Any:
    return {"type": events.c.type, "mode": events.c.mode, "language": articles.c.language,
            "actor_country": event_actors.c.country, "country": events.c.location_country,
            "place": events.c.location_name}[facet]


def facet_counts(
    db: Any, f: EventFilter = ALL_EVENTS, *, fields: tuple[str, ...] = FACETS, limit: int = 40
) -> dict[str, list[dict[str, Any]]]:
    """For each facet field, its values among the events of ``f`` (but for that field), the
    most frequent first, at most ``limit`` values each."""
    unknown = set(fields) - set(FACETS)
    if unknown:
        raise ValueError(f"unknown facets {sorted(unknown)}; choose from {', '.join(FACETS)}")
    f = scoped(db, f)
    out = {}
    with engine_of(db).connect() as conn:
        for facet in fields:
            rest = dataclasses.replace(f, **{_OWN[facet]: None})
            column = _column(facet)
            # articles only when the facet or the filter reads them (every event has its
            # article), and distinct ids only where event_actors repeats an event: counting
            # distinct ids of all events made SQLite sort 1M ids per facet (see bench/RESULTS.md)
            source = (events.join(articles, articles.c.id == events.c.article_id)
                      if facet == "language" else events_from(rest))
            n = func.count()
            if facet == "actor_country":
                source = source.join(event_actors, event_actors.c.event_id == events.c.id)
                n = func.count(func.distinct(events.c.id))
            rows = conn.execute(
                select(column.label("value"), n.label("events"))
                .select_from(source)
                .where(*event_conditions(rest), column.is_not(None))
                .group_by(column).order_by(n.desc(), column).limit(limit)
            ).all()
            out[facet] = [_labelled(facet, value, count) for value, count in rows]
    return out


def _labelled(facet: str, value: str, count: int) -> dict[str, Any]:
    item = {"value": value, "events": count}
    if facet in ("actor_country", "country"):
        item["label"] = country_name(value) or value
    return item
