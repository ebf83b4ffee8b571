"""Detail views: actors (profile, network), dyads, stories, and the dashboard summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, func, literal, or_, select, union_all

from eventwire.query.aggregates import dyad_matrix, event_counts, score_series, type_counts
from eventwire.query.filters import (
    ALL_ACTORS,
    FIRST_PAGE,
    PAGE_100,
    ActorFilter,
    EventFilter,
    NotFound,
    Page,
    QuoteFilter,
    Result,
    StoryFilter,
    actor_match,
    contains,
    engine_of,
    event_conditions,
    events_from,
    exact_actor_match,
    iso,
)
from eventwire.query.listings import list_events, list_quotes
from eventwire.store.schema import (
    actors,
    articles,
    canonical_events,
    event_actors,
    events,
    mentions,
    quotes,
    stories,
    story_articles,
)

ACTOR_COLUMNS = ("kb_id", "name", "code", "country", "sector")


# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------


def list_actors(
    db: Any,
    *,
    text: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    page: Page = FIRST_PAGE,
) -> Result:
    """Actors that take part in events, busiest first, with their event counts.

    Ranked by participations (a scan of the kb_id index, no join), then the page's actors get
    their exact counts of distinct, non-negated events.
    """
    ranked = actor_keys(ActorFilter(text=text, country=country, sector=sector))
    with engine_of(db).connect() as conn:
        total = conn.execute(select(func.count()).select_from(ranked)).scalar_one()
        keys = conn.execute(
            select(ranked.c.key, ranked.c.is_kb).order_by(ranked.c.n.desc(), ranked.c.key)
            .limit(page.limit).offset(page.offset)
        ).all()
        items = [_actor_summary(conn, key, bool(is_kb)) for key, is_kb in keys]
    items.sort(key=lambda a: (-a["events"], a["name"] or "", a["kb_id"] or ""))
    return Result(items, total, page.limit, page.offset)


def actor_keys(f: ActorFilter = ALL_ACTORS) -> Any:
    """One row per actor in events matching ``f``: ``key`` (kb_id, or the name of an actor
    without one), ``is_kb`` and ``n`` (participations) -- what the actor listing counts."""
    ea = event_actors
    conds = []
    if f.text:
        conds.append(or_(contains(ea.c.name, f.text), ea.c.kb_id == f.text,
                         ea.c.code == f.text.upper()))
    if f.country:
        conds.append(ea.c.country == f.country.upper())
    if f.sector:
        conds.append(ea.c.sector == f.sector.upper())
    n = func.count().label("n")
    return union_all(
        select(ea.c.kb_id.label("key"), literal(True).label("is_kb"), n)
        .where(ea.c.kb_id.is_not(None), *conds).group_by(ea.c.kb_id),
        select(ea.c.name.label("key"), literal(False).label("is_kb"), n)
        .where(ea.c.kb_id.is_(None), ea.c.name.is_not(None), *conds).group_by(ea.c.name),
    ).subquery()


def _actor_summary(conn: Any, key: str, is_kb: bool) -> dict[str, Any]:
    """Name, code, country, sector and distinct non-negated event count of one actor."""
    ea = event_actors
    match = ea.c.kb_id == key if is_kb else and_(ea.c.kb_id.is_(None), ea.c.name == key)
    row = conn.execute(
        select(*[ea.c[c] for c in ACTOR_COLUMNS]).where(match)
        .order_by(ea.c.code.is_(None), ea.c.code).limit(1)
    ).mappings().one()
    n = conn.execute(
        select(func.count(func.distinct(ea.c.event_id)))
        .select_from(ea.join(events, events.c.id == ea.c.event_id))
        .where(match, events.c.negated.is_(False))
    ).scalar_one()
    return {**dict(row), "events": n}


def _actor_identity(conn: Any, key: str) -> dict[str, Any]:
    """The actor behind ``key`` (kb_id or name): KB row if stored, else as seen in events."""
    row = conn.execute(
        select(actors).where(or_(actors.c.kb_id == key, func.lower(actors.c.name) == key.lower()))
    ).mappings().first()
    if row is not None:
        return _with_kb_details({k: iso(v) for k, v in dict(row).items()})
    cols = [event_actors.c[c] for c in ACTOR_COLUMNS]
    seen = conn.execute(
        select(*cols)
        .where(or_(event_actors.c.kb_id == key, func.lower(event_actors.c.name) == key.lower()))
        .order_by(event_actors.c.kb_id.is_(None), event_actors.c.kb_id)
        .limit(1)
    ).mappings().first()
    if seen is not None:
        return _with_kb_details({**dict(seen), "aliases": [], "roles": [], "source": None})
    spoke = conn.execute(
        select(quotes.c.speaker).where(
            or_(quotes.c.speaker_kb_id == key, func.lower(quotes.c.speaker_name) == key.lower())
        ).limit(1)
    ).scalar()
    if spoke:
        ident = {c: spoke.get(c) for c in ACTOR_COLUMNS}
        return {**ident, "aliases": [], "roles": [], "source": None}
    raise NotFound(f"no actor with kb_id or name {key!r}")


def _with_kb_details(ident: dict[str, Any]) -> dict[str, Any]:
    """Fill roles and aliases from the packaged KB when the stored row has none."""
    if ident.get("roles") and ident.get("aliases") or not ident.get("kb_id"):
        return ident
    try:
        from eventwire.knowledge import load_kb

        entry = load_kb().get(ident["kb_id"])
    except Exception:  # noqa: BLE001 - the profile is still useful without the KB
        return ident
    if entry is None:
        return ident
    aliases = sorted({str(a) for a in entry.aliases if str(a) != entry.name})
    return {**ident, "roles": ident.get("roles") or [r.to_dict() for r in entry.roles],
            "aliases": ident.get("aliases") or aliases, "kind": entry.kind}


def counterparts(
    db: Any, key: str, *, by_kb_id: bool = True, limit: int = 30
) -> list[dict[str, Any]]:
    """Who the actor dealt with: the other side of its events, with counts and mean score."""
    me, other = event_actors.alias("me"), event_actors.alias("other")
    cols = [other.c[c] for c in ACTOR_COLUMNS]
    n = func.count(func.distinct(events.c.id))
    stmt = (
        select(*cols, me.c.role.label("my_role"), n.label("events"),
               func.avg(events.c.score).label("mean_score"))
        .select_from(
            events.join(me, me.c.event_id == events.c.id)
            .join(other, and_(other.c.event_id == events.c.id, other.c.role != me.c.role))
        )
        .where(exact_actor_match(me, key) if by_kb_id else actor_match(me, key),
               other.c.name.is_not(None), events.c.negated.is_(False))
        .group_by(*cols, me.c.role)
        .order_by(n.desc(), other.c.name)
        .limit(limit)
    )
    with engine_of(db).connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return [
        {**{c: r[c] for c in ACTOR_COLUMNS},
         "direction": "outgoing" if r["my_role"] == "actor" else "incoming",
         "events": r["events"],
         "mean_score": round(float(r["mean_score"]), 2) if r["mean_score"] is not None else None}
        for r in rows
    ]


def network(ident: dict[str, Any], links: list[dict[str, Any]]) -> dict[str, Any]:
    """Ego network (nodes, links) for the counterpart graph."""
    me = ident.get("kb_id") or ident["name"]
    nodes = {me: {"id": me, "name": ident["name"], "code": ident.get("code"), "center": True}}
    out = []
    for c in links:
        cid = c.get("kb_id") or c["name"]
        nodes.setdefault(cid, {"id": cid, "name": c["name"], "code": c.get("code"),
                               "center": False})
        src, dst = (me, cid) if c["direction"] == "outgoing" else (cid, me)
        out.append({"source": src, "target": dst, "events": c["events"],
                    "mean_score": c["mean_score"]})
    return {"nodes": list(nodes.values()), "links": out}


def actor_profile(db: Any, key: str, *, page: Page = PAGE_100) -> dict[str, Any]:
    """Roles, aliases, events, quotes, counterparts and score series of one actor."""
    with engine_of(db).connect() as conn:
        ident = _actor_identity(conn, key)
    me = ident.get("kb_id") or ident["name"]
    by_kb_id = bool(ident.get("kb_id"))  # actors without a kb_id are matched by name
    f = EventFilter(actor=me, actor_exact=by_kb_id)
    with engine_of(db).connect() as conn:
        n_mentions = conn.execute(
            select(func.count()).select_from(mentions).where(mentions.c.kb_id == me)
        ).scalar_one()
    links = counterparts(db, me, by_kb_id=by_kb_id)
    quote_key = ident.get("kb_id") or ident["name"]
    return {
        "actor": ident,
        "mentions": n_mentions,
        "events": list_events(db, f, page).to_dict(),
        "types": type_counts(db, f),
        "timeline": event_counts(db, f, interval="day"),
        "scores": score_series(db, f, interval="day"),
        "counterparts": links,
        "network": network(ident, links),
        "quotes": list_quotes(db, QuoteFilter(speaker=quote_key), Page(limit=50)).to_dict(),
    }


# ---------------------------------------------------------------------------------------------
# Dyads
# ---------------------------------------------------------------------------------------------


def dyad_detail(
    db: Any, a: str, b: str, *, either_direction: bool = True, page: Page = PAGE_100
) -> dict[str, Any]:
    """Two actors (any actor term: kb_id, code, country, name): score over time and events."""
    f = EventFilter(dyad=(a, b), either_direction=either_direction)
    return {
        "a": a,
        "b": b,
        "either_direction": either_direction,
        "events": list_events(db, f, page).to_dict(),
        "types": type_counts(db, f),
        "scores": score_series(db, f, interval="day"),
        "counts": event_counts(db, f, interval="day"),
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
    distinct_actor = func.coalesce(event_actors.c.kb_id, event_actors.c.name)
    with engine_of(db).connect() as conn:
        return {
            "articles": conn.execute(select(func.count()).select_from(articles)).scalar_one(),
            "events": conn.execute(
                select(func.count()).select_from(events_from(f)).where(*event_conditions(f))
            ).scalar_one(),
            "quotes": conn.execute(select(func.count()).select_from(quotes)).scalar_one(),
            "stories": conn.execute(select(func.count()).select_from(stories)).scalar_one(),
            "actors": conn.execute(
                select(func.count(func.distinct(distinct_actor)))
            ).scalar_one(),
        }


def recent_window(db: Any, days: int) -> EventFilter:
    """Events of the ``days`` days up to the latest event date (all events if none is dated)."""
    with engine_of(db).connect() as conn:
        last = conn.execute(select(func.max(events.c.date))).scalar()
    if last is None:
        return EventFilter()
    last = last if isinstance(last, dt.date) else dt.date.fromisoformat(str(last)[:10])
    return EventFilter(date_from=last - dt.timedelta(days=days - 1), date_to=last)


def dashboard(db: Any, *, days: int = 90) -> dict[str, Any]:
    """The front page: totals, latest stories, and for the last ``days`` days of events the
    busiest dyads, events per day and per category (a window keeps it fast on big stores)."""
    recent = recent_window(db, days)
    return {
        "totals": totals(db),
        "window": {"days": days, "from": iso(recent.date_from), "to": iso(recent.date_to)},
        "stories": list_stories(db, page=Page(limit=8)).to_dict()["items"],
        "dyads": dyad_matrix(db, recent, level="country", limit=10),
        "counts": event_counts(db, recent, interval="day"),
        "types": type_counts(db, recent),
        "latest_events": list_events(db, page=Page(limit=10)).to_dict()["items"],
    }


def resolve_actor_term(db: Any, term: str) -> str | None:
    """The kb_id of the one stored actor a free term names: kb_id, name, alias or surname.

    "Pezeshkian", "Masud Pezeshkian" and "masoud-pezeshkian" all give the same actor; a term
    that fits several actors equally (or none) gives None, so callers fall back to matching
    codes and countries.
    """
    folded = " ".join(term.casefold().split())
    if not folded:
        return None
    with engine_of(db).connect() as conn:
        rows = conn.execute(select(actors.c.kb_id, actors.c.name, actors.c.aliases)).all()
    exact, alias, surname = set(), set(), set()
    for kb_id, name, aliases in rows:
        texts = (a if isinstance(a, str) else a.get("text", "") for a in aliases or [])
        names = [name or "", *texts]
        folded_names = {" ".join(n.casefold().split()) for n in names if n}
        if folded in (kb_id.casefold(), (name or "").casefold()):
            exact.add(kb_id)
        elif folded in folded_names:
            alias.add(kb_id)
        elif any(n.endswith(" " + folded) for n in folded_names):
            surname.add(kb_id)
    for found in (exact, alias, surname):
        if len(found) == 1:
            return next(iter(found))
        if found:
            return None
    return None
