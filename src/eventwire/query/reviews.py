"""Analysts' reviews on the read side: an event's reviews, all reviews, and reviews as gold.

The gold file follows docs/GOLD.md, one record per reviewed article, so ``eventwire evaluate``
scores the coder against what analysts said: events confirmed or corrected are required gold
events (corrections applied), events reviewed as wrong are left out (a coder that emits them
again loses precision), and the article's events nobody reviewed are ``optional`` (neither
rewarded nor punished).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from eventwire.query.filters import FIRST_PAGE, Page, Result, engine_of, iso
from eventwire.store.schema import articles, events, reviews


def _record(row: Any) -> dict[str, Any]:
    return {k: iso(v) for k, v in dict(row).items()}


def reviews_of(db: Any, event_id: str) -> list[dict[str, Any]]:
    """The reviews of one event, newest first (the first is the one that counts)."""
    with engine_of(db).connect() as conn:
        rows = conn.execute(select(reviews).where(reviews.c.event_id == event_id)
                            .order_by(reviews.c.id.desc())).mappings().all()
    return [_record(r) for r in rows]


def list_reviews(db: Any, page: Page = FIRST_PAGE) -> Result:
    """Every review, newest first; ``event_id`` is null when a re-analysis lost the event."""
    with engine_of(db).connect() as conn:
        total = conn.execute(select(func.count()).select_from(reviews)).scalar_one()
        rows = conn.execute(select(reviews).order_by(reviews.c.id.desc())
                            .limit(page.limit).offset(page.offset)).mappings().all()
    return Result([_record(r) for r in rows], total, page.limit, page.offset)


def _side(refs: list[dict[str, Any]] | None) -> str | None:
    """The gold form of one side: the first actor's country, else its lower-case name."""
    for ref in refs or []:
        if ref.get("country"):
            return ref["country"]
        if ref.get("name"):
            return ref["name"].lower()
    return None


def _gold_event(ev: dict[str, Any], fields: dict[str, Any] | None, *, optional: bool) -> dict:
    fields = fields or {}
    return {
        "type": fields.get("type") or ev["type"],
        "mode": fields.get("mode") or ev["mode"],
        "actor": fields.get("actor") or _side(ev["actors"]),
        "recipient": fields.get("recipient") or _side(ev["recipients"]),
        "date": fields.get("date") or iso(ev["date"]),
        "optional": optional,
        "evidence": ev["evidence"],
    }


def review_gold(db: Any) -> list[dict[str, Any]]:
    """GOLD.md records of the reviewed articles (``file``: ``<article id>.txt``)."""
    with engine_of(db).connect() as conn:
        latest = {}
        for r in conn.execute(select(reviews).where(reviews.c.event_id.is_not(None))
                              .order_by(reviews.c.id)).mappings():
            latest[r["event_id"]] = r  # the last review of an event wins
        ids = sorted({r["article_id"] for r in latest.values()})
        arts = conn.execute(select(articles.c.id, articles.c.published, articles.c.language)
                            .where(articles.c.id.in_(ids)).order_by(articles.c.id)).all()
        by_article: dict[str, list[Any]] = defaultdict(list)
        for ev in conn.execute(select(events).where(events.c.article_id.in_(ids),
                                                    events.c.negated.is_(False))
                               .order_by(events.c.article_id, events.c.start_char, events.c.id)
                               ).mappings():
            by_article[ev["article_id"]].append(ev)
    out = []
    for art in arts:
        gold = []
        for ev in by_article[art.id]:
            review = latest.get(ev["id"])
            if review is not None and review["verdict"] == "wrong":
                continue
            gold.append(_gold_event(ev, review["fields"] if review else None,
                                    optional=review is None))
        out.append({"file": f"{art.id}.txt", "published": iso(art.published),
                    "language": art.language, "events": gold, "quotes": [], "actors": []})
    return out


def gold_texts(db: Any, records: list[dict[str, Any]]) -> dict[str, str]:
    """Each gold record's article as a file for ``evaluate``: its publication day as the
    `` date`` header the readers take (so relative dates resolve as they did), then its
    cleaned text."""
    ids = [r["file"].removesuffix(".txt") for r in records]
    with engine_of(db).connect() as conn:
        rows = conn.execute(select(articles.c.id, articles.c.published, articles.c.text)
                            .where(articles.c.id.in_(ids))).all()
    return {f"{i}.txt": (f" date {iso(day)} " if day else "") + text for i, day, text in rows}
