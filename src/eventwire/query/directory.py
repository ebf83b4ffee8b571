"""Read side for the actor commands: actors with mention counts, and one actor's profile.

SQLAlchemy Core over the ``actors`` and ``mentions`` tables (``store/schema.py``); works on a
``Store`` or an ``Engine``. The packaged KB fills in roles and aliases of KB actors that the
store has not recorded in full.

    >>> with open_store("eventwire.db") as store:
    ...     rows = actor_mention_counts(store, country="IRN")
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select

from eventwire.store.schema import actors, articles, mentions


class ActorNotFound(LookupError):
    """No stored or KB actor matches the name or id asked for."""


def _engine(db: Any) -> Any:
    return getattr(db, "engine", db)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def actor_mention_counts(
    db: Any,
    *,
    text: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    source: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Actors mentioned in stored articles, most mentioned first."""
    identity = (actors.c.kb_id, actors.c.name, actors.c.code, actors.c.country,
                actors.c.sector, actors.c.source)
    n = func.count(mentions.c.id)
    n_articles = func.count(func.distinct(mentions.c.article_id))
    stmt = (
        select(
            *identity,
            n.label("mentions"),
            n_articles.label("articles"),
            func.max(articles.c.published).label("last_seen"),
        )
        .select_from(
            actors.join(mentions, mentions.c.kb_id == actors.c.kb_id).join(
                articles, articles.c.id == mentions.c.article_id
            )
        )
        .group_by(*identity)
        .order_by(n.desc(), actors.c.name)
        .limit(limit)
        .offset(offset)
    )
    if text:
        pattern = f"%{text.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(actors.c.name).like(pattern),
                actors.c.kb_id == text,
                actors.c.code == text.upper(),
            )
        )
    for column, value in (("country", country), ("sector", sector), ("source", source)):
        if value:
            stmt = stmt.where(
                actors.c[column] == (value.lower() if column == "source" else value.upper())
            )
    with _engine(db).connect() as conn:
        return [{k: _iso(v) for k, v in row.items()} for row in conn.execute(stmt).mappings()]


def actor_details(db: Any, key: str, *, recent: int = 10) -> dict[str, Any]:
    """Roles, aliases and the most recent mentions of the actor with kb_id or name ``key``."""
    with _engine(db).connect() as conn:
        row = (
            conn.execute(
                select(actors).where(
                    or_(actors.c.kb_id == key, func.lower(actors.c.name) == key.lower())
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            kb_id = _kb_id_for(key)  # an alias ("Al Sudani") of a stored actor
            row = conn.execute(select(actors).where(actors.c.kb_id == kb_id)).mappings().first()
        if row is None:
            return _kb_only(key)
        actor = {k: _iso(v) for k, v in row.items()}
        recent_rows = (
            conn.execute(
                select(
                    mentions.c.article_id,
                    mentions.c.text,
                    mentions.c.start_char,
                    mentions.c.end_char,
                    mentions.c.how,
                    articles.c.published,
                    articles.c.title,
                )
                .select_from(mentions.join(articles, articles.c.id == mentions.c.article_id))
                .where(mentions.c.kb_id == actor["kb_id"])
                .order_by(
                    articles.c.published.desc().nulls_last(),
                    mentions.c.article_id,
                    mentions.c.start_char,
                )
                .limit(recent)
            )
            .mappings()
            .all()
        )
        total = conn.execute(
            select(func.count()).select_from(mentions).where(mentions.c.kb_id == actor["kb_id"])
        ).scalar_one()
    _fill_from_kb(actor)
    actor["mentions"] = total
    actor["recent_mentions"] = [
        {
            "article_id": m["article_id"],
            "text": m["text"],
            "start": m["start_char"],
            "end": m["end_char"],
            "how": m["how"],
            "published": _iso(m["published"]),
            "title": m["title"],
        }
        for m in recent_rows
    ]
    return actor


def _fill_from_kb(actor: dict[str, Any]) -> None:
    """Roles/aliases from the packaged KB when the stored row lacks them."""
    from eventwire.knowledge import load_kb

    entry = load_kb().get(actor["kb_id"])
    if entry is None:
        return
    if not actor.get("roles"):
        actor["roles"] = [r.to_dict() for r in entry.roles]
    if not actor.get("aliases"):
        actor["aliases"] = sorted({str(a) for a in entry.aliases if str(a) != entry.name})


def _kb_id_for(key: str) -> str | None:
    """The kb_id the KB gives a name or alias (curated and learned entries only)."""
    from eventwire.knowledge import load_kb

    hits = [e for e, _ in load_kb().lookup(key) if e.source != "phoenix"]
    return hits[0].kb_id if hits else None


def _kb_only(key: str) -> dict[str, Any]:
    """An actor the KB knows but no stored article mentions."""
    from eventwire.knowledge import load_kb

    kb = load_kb()
    entry = kb.get(key) or next((e for e, _ in kb.lookup(key) if e.source != "phoenix"), None)
    if entry is None:
        raise ActorNotFound(
            f"no actor with kb_id or name {key!r}; `eventwire actors --search WORD` lists them"
        )
    role = entry.role_on(None) or entry.base_role()
    actor = {
        "kb_id": entry.kb_id,
        "name": entry.name,
        "country": role.country,
        "sector": role.sector,
        "code": role.full_code,
        "source": entry.source,
        "roles": [],
        "aliases": [],
        "mentions": 0,
        "recent_mentions": [],
    }
    _fill_from_kb(actor)
    return actor
