"""One event as an analyst checks it: the coding, where each field came from, the evidence
sentence with its annotations, and the other reports merged into the same happening."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from eventwire.query.article import _event_spans, _mention_span, segment_text
from eventwire.query.filters import NotFound, engine_of, iso
from eventwire.query.listings import event_record, event_select
from eventwire.query.reviews import reviews_of
from eventwire.store.schema import articles, canonical_events, events, mentions


def event_detail(db: Any, event_id: str) -> dict[str, Any]:
    """The event, its article, its evidence segments and the reports merged with it."""
    with engine_of(db).connect() as conn:
        row = conn.execute(event_select().where(events.c.id == event_id)).mappings().first()
        if row is None:
            raise NotFound(f"no event with id {event_id!r}")
        event = event_record(row)
        art = conn.execute(
            select(articles.c.id, articles.c.title, articles.c.published, articles.c.language,
                   articles.c.outlet, articles.c.url, articles.c.text)
            .where(articles.c.id == event["article_id"])
        ).mappings().one()
        inside = conn.execute(
            select(mentions).where(mentions.c.article_id == event["article_id"],
                                   mentions.c.start_char >= event["start"],
                                   mentions.c.end_char <= event["end"])
            .order_by(mentions.c.start_char)
        ).mappings().all()
        canonical, merged = None, []
        if event.get("canonical_id"):
            canonical = conn.execute(
                select(canonical_events).where(canonical_events.c.id == event["canonical_id"])
            ).mappings().first()
            merged = conn.execute(
                event_select().where(events.c.canonical_id == event["canonical_id"],
                                     events.c.id != event_id)
                .order_by(events.c.date, events.c.id)
            ).mappings().all()
    text, start, end = art["text"], event["start"], event["end"]
    spans = [s for s in _event_spans(text, event)
             + [_mention_span(_mention(m)) for m in inside] if start <= s.start < s.end <= end]
    return {
        "event": event,
        "article": {k: iso(v) for k, v in dict(art).items() if k != "text"},
        "evidence": [{**seg, "start": seg["start"] + start}
                     for seg in segment_text(text[start:end], [_shift(s, -start) for s in spans])],
        "date": {"date": event.get("date"), "text": event.get("date_text"),
                 "source": event.get("date_source"), "conflict": event.get("date_conflict")},
        "canonical": {k: iso(v) for k, v in dict(canonical).items()} if canonical else None,
        "merged": [event_record(m) for m in merged],
        "reviews": reviews_of(db, event_id),
    }


def _mention(row: Any) -> dict[str, Any]:
    return {**{k: v for k, v in dict(row).items() if k not in ("start_char", "end_char")},
            "start": row["start_char"], "end": row["end_char"]}


def _shift(span: Any, by: int) -> Any:
    return type(span)(span.start + by, span.end + by, span.kind, span.label, span.ref)
