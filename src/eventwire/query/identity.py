"""Actor terms as people type them → one :class:`ActorScope`; filter values checked and normalised.

An analyst types "Pezeshkian", "masoud-pezeshkian", "IRNGOV", "irn", "Iran", "Irán" or "l'Iran"
and expects the same answer from the dashboard, the actor page, the dyad page, the events list,
the CLI and the API. ``resolve_actor`` reads a term in this order, first hit wins:

1. an explicit scope: ``country:IRN``, ``code:IRNGOV``, ``actor:<kb_id>``, ``name:<name>``;
2. a country code (``IRN``, any case) → the country, rolled up (all its sectors and people);
3. an actor code (``IRNGOV``: country + sector, or a code seen in the store) → that code;
4. a kb_id of the packaged KB or of a stored (learned, user) actor → that actor;
5. a name, alias or surname in any language → the country or the actor it names; a term naming
   several gives :class:`AmbiguousActor` with the candidates (the ones with stored events
   first: "Assad" is Bashar al-Assad when only he appears), a term naming nothing
   :class:`UnknownActor` with near names.

``scoped(db, f)`` resolves every actor term of an ``EventFilter`` and checks its type, mode,
language and countries, so the query functions only ever see scopes and valid codes.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import exists, func, select

from eventwire.knowledge import SECTORS, fold, load_kb
from eventwire.knowledge.entries import SOURCE_RANK
from eventwire.query.filters import (
    SCOPE_KINDS,
    ActorScope,
    EventFilter,
    InvalidFilter,
    NotFound,
    contains,
    engine_of,
)
from eventwire.store.schema import actors, event_actors

MAX_CANDIDATES = 10
CODE_LIKE = re.compile(r"[A-Z]{3}[A-Z0-9]{0,7}")


class UnknownActor(NotFound):
    """No country, code, KB or stored actor answers to the term."""

    def __init__(self, term: str, suggestions: list[dict[str, Any]]) -> None:
        hint = "; did you mean " + ", ".join(s["name"] for s in suggestions) if suggestions else ""
        super().__init__(f"no actor, code or country {term!r}{hint} "
                         "(try a surname, a kb_id, a code such as IRNGOV or a country)")
        self.term, self.suggestions = term, suggestions


class AmbiguousActor(LookupError):
    """The term names several actors equally well; ``candidates`` are their scopes."""

    def __init__(self, term: str, candidates: list[ActorScope]) -> None:
        names = "; ".join(f"{c.name} ({c.term})" for c in candidates)
        super().__init__(f"{term!r} names {len(candidates)} actors: {names}; "
                         "ask for one by its term")
        self.term, self.candidates = term, candidates


@functools.cache
def sector_names() -> dict[str, str]:
    """Readable names of the sector codes (``data/kb/sectors.yaml``)."""
    path = resources.files("eventwire") / "data" / "kb" / "sectors.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def _countries() -> dict[str, str]:
    return {e.kb_id: e.name for e in load_kb().countries()}


def country_name(code: str | None) -> str | None:
    return _countries().get(code or "")


def code_label(code: str) -> str:
    """A readable name for an actor code: IRNGOV → "Iran · government"; unknown parts kept."""
    country, rest = code[:3], code[3:]
    name = country_name(country)
    if name is None:
        return code
    if not rest:
        return name
    return f"{name} · {sector_names().get(rest, rest)}"


def actor_label(row: dict[str, Any]) -> str:
    """The name to show for an event_actors-shaped row: its own name unless it is only a
    group label made from the code ("Iran (GOV)"), which reads as "Iran · government"."""
    name, code = row.get("name"), row.get("code")
    if code and (not name or (not row.get("kb_id") and name.endswith(f"({code[3:]})"))):
        return code_label(code)
    return name or code or "?"


def resolve_actor(db: Any, term: str, *, exact: bool = False) -> ActorScope:
    """The one scope ``term`` names (see the module docstring for the order)."""
    text = " ".join(str(term).split())
    if not text:
        raise InvalidFilter("actor", "the actor term is empty")
    kind, sep, key = text.partition(":")
    if sep and kind.lower() in SCOPE_KINDS and key:
        return _explicit(db, kind.lower(), key.strip(), exact)
    upper = text.upper()
    if upper in _countries():
        return ActorScope("country", upper, _countries()[upper], exact)
    with engine_of(db).connect() as conn:
        if CODE_LIKE.fullmatch(upper) and len(upper) > 3 and _is_code(conn, upper):
            return ActorScope("code", upper, code_label(upper))
        by_id = _by_kb_id(conn, text, exact)
        if by_id is not None:
            return by_id
        candidates = _by_name(conn, text, exact)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise UnknownActor(text, _suggestions(conn, text))
        stored = [c for c in candidates if _has_events(conn, c)]
        if len(stored) == 1:
            return stored[0]
        raise AmbiguousActor(text, (stored or candidates)[:MAX_CANDIDATES])


def _explicit(db: Any, kind: str, key: str, exact: bool) -> ActorScope:
    if kind == "country":
        code = key.upper()
        if code not in _countries():
            raise UnknownActor(key, [])
        return ActorScope("country", code, _countries()[code], exact)
    if kind == "code":
        return ActorScope("code", key.upper(), code_label(key.upper()))
    if kind == "name":
        return ActorScope("name", key, key)
    with engine_of(db).connect() as conn:
        found = _by_kb_id(conn, key, exact)
    if found is None:
        raise UnknownActor(key, [])
    return found


def _is_code(conn: Any, code: str) -> bool:
    """IRNGOV-shaped (a country and a sector) or a code the store has seen (IGOUNO)."""
    if code[:3] in _countries() and code[3:] in SECTORS:
        return True
    return bool(conn.execute(select(exists().where(event_actors.c.code == code))).scalar())


def _by_kb_id(conn: Any, key: str, exact: bool) -> ActorScope | None:
    kb = load_kb()
    entry = kb.get(key) or kb.get(key.lower())
    if entry is not None:
        if entry.kind == "country":
            return ActorScope("country", entry.kb_id, entry.name, exact)
        return ActorScope("actor", entry.kb_id, entry.name)
    for table in (actors, event_actors):
        row = conn.execute(
            select(table.c.kb_id, table.c.name).where(table.c.kb_id == key).limit(1)
        ).first()
        if row is not None:
            return ActorScope("actor", row.kb_id, row.name or row.kb_id)
    return None


def _by_name(conn: Any, text: str, exact: bool) -> list[ActorScope]:
    """Scopes whose name or alias is ``text`` (folded), else whose surname it is; of those,
    the ones from the most trusted source (user, KB, learned, Phoenix dictionaries)."""
    kb = load_kb()
    found: dict[str, tuple[int, ActorScope]] = {}

    def add(entry: Any) -> None:
        scope = (ActorScope("country", entry.kb_id, entry.name, exact)
                 if entry.kind == "country" else ActorScope("actor", entry.kb_id, entry.name))
        found.setdefault(scope.term, (SOURCE_RANK.get(entry.source, 9), scope))

    for entry, _alias in kb.lookup(text):
        add(entry)
    rows = conn.execute(
        select(actors.c.kb_id, actors.c.name, actors.c.source)
        .where(func.lower(actors.c.name) == text.lower())
    ).all()
    for kb_id, name, source in rows:
        if kb.get(kb_id) is not None:
            add(kb.get(kb_id))
        else:
            found.setdefault(f"actor:{kb_id}",
                             (SOURCE_RANK.get(source, 9), ActorScope("actor", kb_id, name)))
    if not found:
        for entry in kb.lookup_surname(text):
            add(entry)
    if not found:  # actors seen only by name in events ("Iran (MED)", unknown people)
        named = conn.execute(
            select(event_actors.c.name).where(
                event_actors.c.kb_id.is_(None), func.lower(event_actors.c.name) == text.lower()
            ).limit(1)
        ).scalar()
        if named:
            found[f"name:{named}"] = (9, ActorScope("name", named, named))
    best = min((rank for rank, _ in found.values()), default=None)
    return [scope for rank, scope in found.values() if rank == best]


def _has_events(conn: Any, scope: ActorScope) -> bool:
    return bool(conn.execute(select(exists().where(scope.condition(event_actors)))).scalar())


def _suggestions(conn: Any, text: str) -> list[dict[str, Any]]:
    """Up to five stored actor names containing the term (or its first word)."""
    word = fold(text).split()[0] if fold(text) else text
    rows = conn.execute(
        select(event_actors.c.kb_id, event_actors.c.name, func.count().label("n"))
        .where(contains(event_actors.c.name, word))
        .group_by(event_actors.c.kb_id, event_actors.c.name)
        .order_by(func.count().desc(), event_actors.c.name)
        .limit(5)
    ).all()
    return [{"kb_id": kb_id, "name": name, "events": n} for kb_id, name, n in rows]


# ---------------------------------------------------------------------------------------------
# Whole filters
# ---------------------------------------------------------------------------------------------


@functools.cache
def plover_vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The PLOVER categories and all their modes (``data/plover.yaml``)."""
    path = resources.files("eventwire") / "data" / "plover.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    cats = doc["categories"]
    modes = sorted({m for c in cats.values() for m in (c.get("modes") or {})})
    return tuple(cats), tuple(modes)


def _one_of(field: str, what: str, value: str | None, valid: list[str], normal: str) -> str | None:
    """``value`` normalised (``str.upper`` / ``str.lower`` by name) when it is one of ``valid``;
    empty → None; anything else is InvalidFilter listing the valid values."""
    if not value:
        return None
    norm = getattr(value, normal)()
    if norm not in valid:
        raise InvalidFilter(field, f"unknown {what} {value!r}; valid: {', '.join(valid)}", valid)
    return norm


def check_type(value: str | None) -> str | None:
    """A PLOVER category in any case, or InvalidFilter listing the categories."""
    return _one_of("type", "PLOVER type", value, list(plover_vocabulary()[0]), "upper")


def check_mode(value: str | None) -> str | None:
    return _one_of("mode", "PLOVER mode", value, list(plover_vocabulary()[1]), "lower")


def check_language(value: str | None) -> str | None:
    """An ISO 639-1 code in any case (``EN`` → ``en``); anything else is InvalidFilter."""
    if not value:
        return None
    code = value.strip().lower()
    import pycountry

    if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
        raise InvalidFilter("language", f"unknown language {value!r}: give an ISO 639-1 code "
                            "such as en, es or fr")
    return code


def check_country(value: str | None, field: str = "country") -> str | None:
    """A country as an ISO alpha-3 code or a name in any language → its code."""
    if not value:
        return None
    if value.upper() in _countries():
        return value.upper()
    hits = {e.kb_id for e, _ in load_kb().lookup(value) if e.kind == "country"}
    if len(hits) == 1:
        return hits.pop()
    raise InvalidFilter(field, f"unknown country {value!r}: give an ISO alpha-3 code (IRN) or "
                        "a country name")


def check_sector(value: str | None) -> str | None:
    return _one_of("actor_sector", "sector", value, sorted(SECTORS), "upper")


def scoped(db: Any, f: EventFilter) -> EventFilter:
    """``f`` with its actor terms resolved to scopes and its codes checked and normalised.

    Idempotent: a filter that is already scoped comes back unchanged (no queries).
    """
    actor = f.actor
    if isinstance(actor, str):
        actor = resolve_actor(db, actor, exact=f.actor_exact)
    dyad = f.dyad
    if dyad is not None:
        dyad = tuple(s if isinstance(s, ActorScope) else resolve_actor(db, s) for s in dyad)
    changed = dataclasses.replace(
        f, actor=actor, dyad=dyad, type=check_type(f.type), mode=check_mode(f.mode),
        language=check_language(f.language),
        actor_country=check_country(f.actor_country, "actor_country"),
        actor_sector=check_sector(f.actor_sector),
        country=check_country(f.country),
    )
    return f if changed == f else changed
