"""Analysts' reviews of coded events: a verdict that never overwrites the machine's output.

A review says an event is ``wrong`` (it did not happen as coded, or is no event at all) or
``corrected`` (the analyst's type, mode, actor, recipient or date). It keeps what the machine
coded (``machine``) and the trigger's offsets, so after a re-analysis ``relink`` attaches it to
the event that now has that trigger (or leaves it unattached, shown as such, when the coder no
longer finds it). The read side leaves events reviewed ``wrong`` out of every listing, count
and export (``query.filters.event_conditions``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, func, select, update

from eventwire.store.schema import events, reviews

VERDICTS = ("wrong", "corrected")
FIELDS = ("type", "mode", "actor", "recipient", "date")


class ReviewError(ValueError):
    """A review that cannot be stored as asked (unknown event, verdict or field)."""


def add_review(conn: Connection, event_id: str, verdict: str, *,
               fields: dict[str, Any] | None = None, note: str | None = None,
               now: dt.datetime | None = None) -> dict[str, Any]:
    """Store a review of ``event_id``; the latest review of an event is the one that counts."""
    if verdict not in VERDICTS:
        raise ReviewError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    fields = {k: v for k, v in (fields or {}).items() if v not in (None, "")}
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ReviewError(f"unknown fields {sorted(unknown)}; a review corrects "
                          f"{', '.join(FIELDS)}")
    if verdict == "corrected" and not fields:
        raise ReviewError("a correction names at least one field: " + ", ".join(FIELDS))
    row = conn.execute(select(events).where(events.c.id == event_id)).mappings().first()
    if row is None:
        raise ReviewError(f"no event with id {event_id!r}")
    machine = {"type": row["type"], "mode": row["mode"], "actors": row["actors"],
               "recipients": row["recipients"],
               "date": row["date"].isoformat() if row["date"] else None}
    values = {"article_id": row["article_id"], "event_id": event_id,
              "trigger_start": row["trigger_start"], "trigger_end": row["trigger_end"],
              "machine": machine, "verdict": verdict,
              "fields": fields if verdict == "corrected" else None, "note": note,
              "created_at": now or dt.datetime.now(dt.UTC)}
    review_id = conn.execute(reviews.insert().values(values)).inserted_primary_key[0]
    return {"id": review_id, **values, "created_at": values["created_at"].isoformat()}


def relink(conn: Connection, article_id: str) -> None:
    """After an article's events were written again: each review follows its trigger."""
    found = {(r.trigger_start, r.trigger_end): r.id for r in conn.execute(
        select(events.c.id, events.c.trigger_start, events.c.trigger_end)
        .where(events.c.article_id == article_id).order_by(events.c.id))}
    for r in conn.execute(select(reviews.c.id, reviews.c.trigger_start, reviews.c.trigger_end)
                          .where(reviews.c.article_id == article_id)).all():
        conn.execute(update(reviews).where(reviews.c.id == r.id)
                     .values(event_id=found.get((r.trigger_start, r.trigger_end))))


def latest_reviews() -> Any:
    """The latest review of each reviewed event (a SELECT of id, event_id, verdict)."""
    last = (select(func.max(reviews.c.id).label("id"))
            .where(reviews.c.event_id.is_not(None)).group_by(reviews.c.event_id))
    return (select(reviews.c.id, reviews.c.event_id, reviews.c.verdict)
            .where(reviews.c.id.in_(last)))


def wrong_event_ids() -> Any:
    """Ids of events whose latest review says ``wrong`` (for NOT IN conditions)."""
    latest = latest_reviews().subquery()
    return select(latest.c.event_id).where(latest.c.verdict == "wrong")
