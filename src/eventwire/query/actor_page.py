"""Actor pages: the busiest actors, one actor's profile, and who it dealt with.

Every count here is the count ``list_events`` gives for the same scope: a country's page
counts the events of everyone of the country (state, sectors, named people), as
``events?actor=IRN`` does, and a counterpart row counts exactly the events of the directed
dyad page it links to. Counterparts roll up by country (Syria, not SYR, SYRGOV, "Syria (GOV)"
and "Syria (MIL)" as four rows); the codes and people inside a country are its ``members``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, union_all

from eventwire.knowledge import load_kb
from eventwire.query.aggregates import counts_of, score_series, type_counts
from eventwire.query.filters import (
    ALL_ACTORS,
    FIRST_PAGE,
    PAGE_100,
    ActorFilter,
    ActorScope,
    EventFilter,
    Page,
    QuoteFilter,
    Result,
    contains,
    engine_of,
    event_conditions,
    events_from,
    iso,
)
from eventwire.query.identity import (
    actor_label,
    code_label,
    country_name,
    resolve_actor,
    scoped,
    sector_names,
)
from eventwire.query.listings import list_events, list_quotes
from eventwire.store.schema import actors, event_actors, events, mentions

ACTOR_COLUMNS = ("kb_id", "name", "code", "country", "sector")
MEMBERS = 8  # codes and people listed under a counterpart country


def term_of(row: dict[str, Any]) -> str:
    """The scope term a stored actor row links to: its kb_id, else its code, else its name."""
    if row.get("kb_id") and country_name(row["kb_id"]) is not None:
        return f"country:{row['kb_id']}"
    if row.get("kb_id"):
        return f"actor:{row['kb_id']}"
    if row.get("code") and not row.get("kb_id") and (row.get("name") or "").endswith(")"):
        return f"code:{row['code']}"  # a group label made from the code: "Iran (GOV)"
    return f"name:{row.get('name') or ''}"


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
    """Name, code, country, sector and distinct non-negated event count of one actor: what its
    page counts (a country entry counts the country rolled up, as ``actor=IRN`` does)."""
    ea = event_actors
    match = ea.c.kb_id == key if is_kb else and_(ea.c.kb_id.is_(None), ea.c.name == key)
    row = dict(conn.execute(
        select(*[ea.c[c] for c in ACTOR_COLUMNS]).where(match)
        .order_by(ea.c.code.is_(None), ea.c.code).limit(1)
    ).mappings().one())
    term = term_of(row)
    if is_kb and country_name(key) is not None:
        match, term = ea.c.country == key, f"country:{key}"
    n = conn.execute(
        select(func.count(func.distinct(ea.c.event_id)))
        .select_from(ea.join(events, events.c.id == ea.c.event_id))
        .where(match, events.c.negated.is_(False))
    ).scalar_one()
    return {**row, "label": actor_label(row), "country_name": country_name(row["country"]),
            "term": term, "events": n}


# ---------------------------------------------------------------------------------------------
# One actor
# ---------------------------------------------------------------------------------------------


def identity(db: Any, scope: ActorScope) -> dict[str, Any]:
    """Who a scope is, readably: name, kind, code, country, role at the time, aliases."""
    base = {"kind": scope.kind, "term": scope.term, "name": scope.name, "label": scope.name,
            "kb_id": None,
            "code": None, "country": None, "sector": None, "source": None,
            "roles": [], "aliases": [], "role": None, "exact": scope.exact}
    if scope.kind == "country":
        entry = load_kb().get(scope.key)
        names = sorted({a.text for a in entry.aliases if a.kind == "name"}) if entry else []
        return {**base, "kb_id": scope.key, "code": scope.key, "country": scope.key,
                "country_name": scope.name, "aliases": [n for n in names if n != scope.name],
                "source": "kb"}
    if scope.kind == "code":
        sector = scope.key[3:] or None
        return {**base, "code": scope.key, "country": scope.key[:3],
                "country_name": country_name(scope.key[:3]), "sector": sector,
                "sector_name": sector_names().get(sector or "")}
    with engine_of(db).connect() as conn:
        cols = [event_actors.c[c] for c in ACTOR_COLUMNS]
        seen = conn.execute(
            select(*cols, func.max(events.c.date).label("last"))
            .select_from(event_actors.join(events, events.c.id == event_actors.c.event_id))
            .where(scope.condition(event_actors))
            .group_by(*cols)
            .order_by(func.count().desc()).limit(1)
        ).mappings().first()
        stored = None
        if scope.kind == "actor":
            stored = conn.execute(
                select(actors).where(actors.c.kb_id == scope.key)).mappings().first()
    ident = {**base, **({c: seen[c] for c in ACTOR_COLUMNS} if seen else {})}
    if stored is not None:
        ident.update({k: iso(v) for k, v in dict(stored).items()
                      if k in ("source", "aliases", "roles", "first_seen", "last_seen")})
        ident["aliases"] = [a if isinstance(a, str) else a.get("text")
                            for a in ident["aliases"] or []]
    ident["name"] = ident.get("name") or scope.name
    ident["kb_id"] = scope.key if scope.kind == "actor" else None
    return _with_role(ident, seen["last"] if seen else None)


def _with_role(ident: dict[str, Any], last: Any) -> dict[str, Any]:
    """Roles and aliases from the packaged KB, and the role held at the actor's latest event."""
    entry = load_kb().get(ident["kb_id"]) if ident.get("kb_id") else None
    if entry is not None:
        if not ident.get("roles"):
            ident["roles"] = [r.to_dict() for r in entry.roles]
        if not ident.get("aliases"):
            ident["aliases"] = sorted({a.text for a in entry.aliases if a.text != entry.name})
        ident.setdefault("source", entry.source)
        ident["entity"] = entry.kind
        day = last if last is None or hasattr(last, "year") else None
        role = entry.role_on(day) or entry.role_on(None)
        if role is not None and role.title:
            ident["role"] = {**role.to_dict(), "country_name": country_name(role.country)}
    ident["country_name"] = country_name(ident.get("country"))
    ident["label"] = actor_label(ident)
    return ident


def _group_key(other: Any) -> Any:
    """The counterpart a row belongs to: its country, else its kb_id, else its name."""
    return case(
        (other.c.country.is_not(None), literal("country:") + other.c.country),
        (other.c.kb_id.is_not(None), literal("actor:") + other.c.kb_id),
        else_=literal("name:") + other.c.name,
    )


def counterparts(
    db: Any, scope: ActorScope, *, f: EventFilter | None = None, limit: int = 30
) -> list[dict[str, Any]]:
    """Who the actor dealt with, one row per counterpart country (or stateless actor) and
    direction, with the distinct events and mean score of that directed dyad (among the
    events of ``f``, when given)."""
    rest = scoped(db, dataclasses.replace(f or EventFilter(), actor=None))
    me, other = event_actors.alias("me"), event_actors.alias("other")
    key = _group_key(other).label("key")
    n = func.count(func.distinct(events.c.id))
    joined = (events_from(rest).join(me, me.c.event_id == events.c.id)
              .join(other, and_(other.c.event_id == events.c.id, other.c.role != me.c.role)))
    where = [scope.condition(me), *event_conditions(rest),
             or_(other.c.country.is_not(None), other.c.kb_id.is_not(None),
                 other.c.name.is_not(None))]
    rows_stmt = (
        select(key, me.c.role.label("my_role"), n.label("events"),
               func.avg(events.c.score).label("mean_score"))
        .select_from(joined).where(*where)
        .group_by(key, me.c.role).order_by(n.desc(), key).limit(limit)
    )
    member_stmt = (
        select(key, me.c.role.label("my_role"), *[other.c[c] for c in ACTOR_COLUMNS],
               n.label("events"))
        .select_from(joined).where(*where)
        .group_by(key, me.c.role, *[other.c[c] for c in ACTOR_COLUMNS])
        .order_by(n.desc(), other.c.name)
    )
    with engine_of(db).connect() as conn:
        rows = conn.execute(rows_stmt).mappings().all()
        members: dict[tuple[str, str], list[dict[str, Any]]] = {}
        if rows:
            for m in conn.execute(member_stmt.where(key.in_([r["key"] for r in rows]))).mappings():
                member = {c: m[c] for c in ACTOR_COLUMNS}
                members.setdefault((m["key"], m["my_role"]), []).append(
                    {**member, "label": actor_label(member), "term": term_of(member),
                     "events": m["events"]})
    out = []
    for r in rows:
        kind, _, value = r["key"].partition(":")
        found = members.get((r["key"], r["my_role"]), [])
        if kind == "country":
            name = country_name(value) or value
        else:
            name = found[0]["label"] if found else value
        out.append({
            "term": r["key"], "kind": kind, "key": value, "name": name,
            "country": value if kind == "country" else (found[0]["country"] if found else None),
            "code": value if kind == "country" else (found[0]["code"] if found else None),
            "kb_id": value if kind == "actor" else None,
            "direction": "outgoing" if r["my_role"] == "actor" else "incoming",
            "events": r["events"],
            "mean_score": round(float(r["mean_score"]), 2) if r["mean_score"] is not None else None,
            "members": found[:MEMBERS],
        })
    return out


def network(ident: dict[str, Any], links: list[dict[str, Any]]) -> dict[str, Any]:
    """Ego network (nodes, links) for the counterpart graph."""
    me = ident["term"]
    nodes = {me: {"id": me, "name": ident["label"], "code": ident.get("code"), "center": True}}
    out = []
    for c in links:
        nodes.setdefault(c["term"], {"id": c["term"], "name": c["name"], "code": c.get("code"),
                                     "center": False})
        src, dst = (me, c["term"]) if c["direction"] == "outgoing" else (c["term"], me)
        out.append({"source": src, "target": dst, "events": c["events"],
                    "mean_score": c["mean_score"]})
    return {"nodes": list(nodes.values()), "links": out}


def actor_profile(
    db: Any, key: str | ActorScope, *, exact: bool = False, page: Page = PAGE_100,
    f: EventFilter | None = None, interval: str = "day",
) -> dict[str, Any]:
    """Who, roles, events, quotes, counterparts and score series of the actor ``key`` names.

    ``key`` is any actor term (``query.identity.resolve_actor``); a country rolls up its
    sectors and people unless ``exact``; ``f`` narrows the events further (a date range ...).
    """
    scope = key if isinstance(key, ActorScope) else resolve_actor(db, key, exact=exact)
    ident = identity(db, scope)
    f = dataclasses.replace(f or EventFilter(), actor=scope)
    with engine_of(db).connect() as conn:
        n_mentions = conn.execute(
            select(func.count()).select_from(mentions).where(mentions.c.kb_id == scope.key)
        ).scalar_one() if scope.kind in ("actor", "country") else 0
    links = counterparts(db, scope, f=f)
    speaker = scope.key if scope.kind != "code" else scope.key[:3]
    scores = score_series(db, f, interval=interval)
    return {
        "actor": ident,
        "mentions": n_mentions,
        "events": list_events(db, f, page).to_dict(),
        "types": type_counts(db, f),
        "interval": interval,
        "timeline": counts_of(scores),
        "scores": scores,
        "counterparts": links,
        "network": network(ident, links),
        "quotes": list_quotes(db, QuoteFilter(speaker=speaker), Page(limit=50)).to_dict(),
        "members": _members(db, scope) if scope.kind == "country" and not scope.exact else [],
    }


def _members(db: Any, scope: ActorScope, limit: int = 30) -> list[dict[str, Any]]:
    """What a country's roll-up is made of: its codes and people, with their event counts."""
    ea = event_actors
    cols = [ea.c.kb_id, ea.c.name, ea.c.code]
    n = func.count(func.distinct(ea.c.event_id))
    stmt = (
        select(*cols, n.label("events"))
        .select_from(ea.join(events, events.c.id == ea.c.event_id))
        .where(ea.c.country == scope.key, events.c.negated.is_(False))
        .group_by(*cols).order_by(n.desc(), ea.c.name).limit(limit)
    )
    with engine_of(db).connect() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    # the country's own rows (the state as such) link to its page with exact=true
    return [{**r, "country": scope.key, "label": actor_label({**r, "country": scope.key}),
             "term": term_of(r), "state": r["kb_id"] == scope.key, "events": r["events"]}
            for r in rows]


__all__ = ["actor_profile", "code_label", "counterparts", "identity", "list_actors", "network"]
