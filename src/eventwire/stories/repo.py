"""Story rows in the store: article features in, stories/assignments out (SQLAlchemy Core).

Every function takes an open connection, so one write transaction covers a whole batch.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, or_, select, update

from eventwire.store.schema import (
    articles,
    canonical_events,
    event_actors,
    events,
    mentions,
    stories,
    story_articles,
)
from eventwire.stories.embed import first_sentence, lead_text
from eventwire.stories.features import ArticleFeatures, add_actor, add_event
from eventwire.stories.state import StoryState

CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for lo in range(0, len(items), size):
        yield items[lo:lo + size]


def _json(value: Any) -> Any:
    """JSON columns come back decoded from SQLAlchemy, but be lenient with raw strings."""
    return json.loads(value) if isinstance(value, str) else value


def _seq(ingested_at: Any, article_id: str) -> tuple:
    """Clustering order: ingest time, then id."""
    # a fixed format: SQLite gives naive and PostgreSQL aware datetimes, both UTC
    stamp = (ingested_at.strftime("%Y-%m-%dT%H:%M:%S.%f") if isinstance(ingested_at, dt.datetime)
             else str(ingested_at or ""))
    return (stamp, article_id)


def ordered_ids(conn: Connection, article_ids: Sequence[str] | None = None) -> list[str]:
    """Article ids (all, or the given ones that exist) in ingest order, tie-broken by id."""
    stmt = select(articles.c.id, articles.c.ingested_at)
    rows = []
    if article_ids is None:
        rows = list(conn.execute(stmt))
    else:
        for part in _chunks(sorted(set(article_ids))):
            rows.extend(conn.execute(stmt.where(articles.c.id.in_(part))))
    return [r.id for r in sorted(rows, key=lambda r: _seq(r.ingested_at, r.id))]


def unassigned_ids(conn: Connection) -> list[str]:
    """Stored articles in no story yet (e.g. an ingest killed between storing and clustering)."""
    stmt = (select(articles.c.id).select_from(
        articles.outerjoin(story_articles, story_articles.c.article_id == articles.c.id))
        .where(story_articles.c.article_id.is_(None)))
    return list(conn.scalars(stmt))


def assigned(conn: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """Article id -> story id for those already in a story."""
    out: dict[str, str] = {}
    for part in _chunks(list(article_ids)):
        stmt = select(story_articles.c.article_id, story_articles.c.story_id).where(
            story_articles.c.article_id.in_(part))
        out.update({r.article_id: r.story_id for r in conn.execute(stmt)})
    return out


def load_features(conn: Connection, article_ids: Sequence[str]) -> dict[str, ArticleFeatures]:
    """Features of stored articles from their rows, mentions and events."""
    feats: dict[str, ArticleFeatures] = {}
    cols = (articles.c.id, articles.c.title, articles.c.text, articles.c.published,
            articles.c.language, articles.c.ingested_at)
    for part in _chunks(list(article_ids)):
        for r in conn.execute(select(*cols).where(articles.c.id.in_(part))):
            feats[r.id] = ArticleFeatures(
                id=r.id, seq=_seq(r.ingested_at, r.id), published=r.published,
                language=r.language,
                title=(r.title or "").strip() or first_sentence(r.text),
                text_for_embedding=lead_text(r.title, r.text),
                titled=bool((r.title or "").strip()))
        mstmt = (select(mentions.c.article_id, mentions.c.actor)
                 .where(mentions.c.article_id.in_(part), mentions.c.actor.is_not(None))
                 .order_by(mentions.c.article_id, mentions.c.start_char))
        for r in conn.execute(mstmt):
            add_actor(feats[r.article_id], _json(r.actor))
        estmt = (select(events.c.article_id, events.c.type, events.c.actors, events.c.recipients,
                        events.c.location_name, events.c.geonameid)
                 .where(events.c.article_id.in_(part), events.c.negated.is_(False),
                        events.c.hypothetical.is_(False))
                 .order_by(events.c.article_id, events.c.id))
        for r in conn.execute(estmt):
            place = str(r.geonameid) if r.geonameid else r.location_name
            add_event(feats[r.article_id], r.type, _json(r.actors) or [],
                      _json(r.recipients) or [], place)
    return feats


def _windows(days: list[dt.date], window_days: int) -> list[tuple[dt.date, dt.date]]:
    """The batch's dates ±window as a few disjoint intervals (not one min..max span)."""
    out: list[tuple[dt.date, dt.date]] = []
    pad = dt.timedelta(days=window_days)
    for day in sorted(set(days)):
        lo, hi = day - pad, day + pad
        if out and lo <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _sharing(conn: Connection, kb_ids: list[str], countries: list[str], *,
             undated_only: bool) -> set[str]:
    """Stories with a member that names one of these actors (kb ids, or event countries)."""
    found: set[str] = set()
    queries = []
    for part in _chunks(kb_ids):
        queries.append(select(articles.c.story_id)
                       .join(mentions, mentions.c.article_id == articles.c.id)
                       .where(mentions.c.kb_id.in_(part)))
        queries.append(select(articles.c.story_id)
                       .join(events, events.c.article_id == articles.c.id)
                       .join(event_actors, event_actors.c.event_id == events.c.id)
                       .where(event_actors.c.kb_id.in_(part)))
    for part in _chunks(countries):
        queries.append(select(articles.c.story_id)
                       .join(events, events.c.article_id == articles.c.id)
                       .join(event_actors, event_actors.c.event_id == events.c.id)
                       .where(event_actors.c.country.in_(part)))
    for stmt in queries:
        stmt = stmt.where(articles.c.story_id.is_not(None))
        if undated_only:
            stmt = stmt.join(stories, stories.c.id == articles.c.story_id).where(
                stories.c.start.is_(None))
        found |= set(conn.execute(stmt.distinct()).scalars())
    return found


def candidate_story_ids(conn: Connection, batch: Sequence[ArticleFeatures],
                        window_days: int) -> set[str]:
    """A superset of the stories any article of the batch may join (the index narrows it).

    Mirrors `StoryIndex.candidates`: dated articles look in their date windows and at undated
    stories sharing an actor; undated articles at any story sharing an actor.
    """
    found: set[str] = set()
    for lo, hi in _windows([f.published for f in batch if f.published], window_days):
        stmt = select(stories.c.id).where(stories.c.start <= hi, stories.c.end >= lo)
        found |= set(conn.execute(stmt).scalars())
    for undated in (False, True):
        group = [f for f in batch if (f.published is None) == undated]
        kb_ids = sorted({k for f in group for k in f.kb_ids})
        countries = sorted({c for f in group if not f.kb_ids for c in f.event_countries})
        if kb_ids or countries:
            found |= _sharing(conn, kb_ids, countries, undated_only=not undated)
    return found


def load_stories(conn: Connection, story_ids: Iterable[str], *,
                 embed: Callable[[list[str]], np.ndarray] | None = None) -> list[StoryState]:
    """Stories rebuilt from their members' features, with the stored centroid; a story stored
    without one (written by another tool) gets it from its members' texts through `embed`."""
    ids = sorted(story_ids)
    members: dict[str, list[str]] = defaultdict(list)
    centroids: dict[str, Any] = {}
    for part in _chunks(ids):
        stmt = select(story_articles.c.story_id, story_articles.c.article_id).where(
            story_articles.c.story_id.in_(part))
        for r in conn.execute(stmt):
            members[r.story_id].append(r.article_id)
        stmt = select(stories.c.id, stories.c.centroid).where(stories.c.id.in_(part))
        centroids.update({r.id: _json(r.centroid) for r in conn.execute(stmt)})
    feats = load_features(conn, [a for sid in ids for a in members[sid]])
    loaded = []
    for sid in ids:
        member_feats = sorted((feats[a] for a in members[sid] if a in feats),
                              key=lambda f: f.seq)
        if not member_feats or (centroids.get(sid) is None and embed is None):
            continue
        story = StoryState(id=sid, founder_seq=member_feats[0].seq)
        if centroids.get(sid) is None:
            vectors = embed([f.text_for_embedding for f in member_feats])
            for f, v in zip(member_feats, vectors, strict=True):
                story.add(f, v)
        else:
            for f in member_feats:
                story.add(f, None)
            story.centroid = np.asarray(centroids[sid], dtype=np.float64)
        loaded.append(story)
    return loaded


def save_story(conn: Connection, story: StoryState, *, preferred_language: str,
               now: dt.datetime) -> None:
    """Insert or update one story row from its state."""
    title = story.title_member(preferred_language)
    row = {
        "title": title.title,
        "title_article_id": title.id,
        "languages": sorted(story.languages, key=lambda k: (-story.languages[k], k)),
        "start": story.start,
        "end": story.end,
        "actors": story.top_actors(),
        "centroid": story.centroid.tolist(),
        "updated_at": now,
    }
    exists = conn.execute(select(stories.c.id).where(stories.c.id == story.id)).first()
    if exists:
        conn.execute(update(stories).where(stories.c.id == story.id).values(row))
    else:
        conn.execute(stories.insert().values(id=story.id, created_at=now, **row))


def save_assignment(conn: Connection, article_id: str, story_id: str, scores: dict,
                    *, now: dt.datetime) -> None:
    """Record the decision and point the article and its events at the story."""
    conn.execute(story_articles.insert().values(
        story_id=story_id, article_id=article_id, scores=scores, decided_at=now))
    conn.execute(update(articles).where(articles.c.id == article_id).values(story_id=story_id))
    conn.execute(update(events).where(events.c.article_id == article_id).values(story_id=story_id))


def clear_stories(conn: Connection) -> None:
    """Forget every story, assignment and canonical event (the start of a rebuild)."""
    conn.execute(update(events).where(or_(events.c.story_id.is_not(None),
                                          events.c.canonical_id.is_not(None)))
                 .values(story_id=None, canonical_id=None))
    conn.execute(update(articles).where(articles.c.story_id.is_not(None)).values(story_id=None))
    for table in (canonical_events, story_articles, stories):
        conn.execute(delete(table))
