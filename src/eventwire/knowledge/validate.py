"""Validation of knowledge-base records: people, organisations, countries and stored actors.

Every error names the record and the field (``InvalidKnowledgeBase``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventwire.errors import InvalidKnowledgeBase
from eventwire.knowledge.entries import LANGS, SECTORS, Alias, Entry, Role


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidKnowledgeBase(f"{where}: bad date {value!r}; use YYYY-MM-DD") from exc


def _check_sector(sector: Any, where: str) -> str | None:
    if sector is not None and sector not in SECTORS:
        raise InvalidKnowledgeBase(
            f"{where}: unknown sector {sector!r}; choose from {', '.join(sorted(SECTORS))}"
        )
    return sector


def _check_country(country: Any, known: set[str], where: str) -> str | None:
    if country is not None and known and country not in known:
        raise InvalidKnowledgeBase(f"{where}: unknown country code {country!r} (ISO alpha-3)")
    return country


def parse_role(raw: dict[str, Any], known: set[str], where: str) -> Role:
    """Validate one role mapping."""
    start, end = _date(raw.get("start"), where), _date(raw.get("end"), where)
    if start and end and end < start:
        raise InvalidKnowledgeBase(f"{where}: role ends ({end}) before it starts ({start})")
    return Role(
        title=raw.get("title"),
        country=_check_country(raw.get("country"), known, where),
        sector=_check_sector(raw.get("sector"), where),
        start=start,
        end=end,
        org=raw.get("org"),
        code=raw.get("code"),
    )


def parse_person(raw: dict[str, Any], known: set[str], source: str) -> Entry:
    """Validate a person record (id, name, aliases, roles)."""
    where = f"person {raw.get('id') or raw.get('name')!r}"
    if not raw.get("id") or not raw.get("name"):
        raise InvalidKnowledgeBase(f"{where}: every person needs 'id' and 'name'")
    roles = [parse_role(r, known, where) for r in raw.get("roles") or []]
    names = [raw["name"], *(raw.get("aliases") or [])]
    aliases = [Alias(a, "name") for a in dict.fromkeys(names)]
    country = roles[-1].country if roles else raw.get("country")
    gender = raw.get("gender")
    if gender not in (None, "f", "m"):
        raise InvalidKnowledgeBase(f"{where}: gender must be f or m, not {gender!r}")
    return Entry(
        str(raw["id"]),
        raw["name"],
        "person",
        country=country,
        aliases=aliases,
        roles=roles,
        source=source,
        gender=gender,
    )


def parse_organisation(raw: dict[str, Any], known: set[str], source: str) -> Entry:
    """Validate an organisation / armed group record."""
    where = f"organisation {raw.get('id') or raw.get('name')!r}"
    if not raw.get("id") or not raw.get("name"):
        raise InvalidKnowledgeBase(f"{where}: every organisation needs 'id' and 'name'")
    names = [raw["name"], *(raw.get("aliases") or [])]
    return Entry(
        str(raw["id"]),
        raw["name"],
        "organisation",
        country=_check_country(raw.get("country"), known, where),
        sector=_check_sector(raw.get("sector"), where),
        code=raw.get("code"),
        aliases=[Alias(a, "name") for a in dict.fromkeys(names)],
        source=source,
    )


def parse_country(iso3: str, raw: dict[str, Any]) -> Entry:
    """Build a country entry from a countries.json record."""
    aliases: list[Alias] = []
    for lang in LANGS:
        aliases += [Alias(t, "name", lang) for t in raw.get("names", {}).get(lang, [])]
        aliases += [Alias(t, "adjective", lang) for t in raw.get("adjectives", {}).get(lang, [])]
        aliases += [Alias(t, "capital", lang) for t in raw.get("capitals", {}).get(lang, [])]
        for text, sector in (raw.get("alternative", {}).get(lang) or {}).items():
            aliases.append(Alias(text, "alt", lang, _check_sector(sector, iso3)))
    aliases += [Alias(t, "demonym", "en") for t in raw.get("demonyms", {}).get("en", [])]
    return Entry(
        iso3,
        raw["name"],
        "country",
        country=iso3,
        aliases=aliases,
        groups=tuple(raw.get("groups", ())),
    )


def entry_from_record(record: dict[str, Any]) -> Entry:
    """An entry from a stored ``actors`` row or exported actor record."""
    kb_id = record.get("kb_id") or record.get("id")
    if not kb_id or not record.get("name"):
        raise InvalidKnowledgeBase(f"actor record without kb_id/name: {record!r}")
    aliases = [
        Alias(a["text"] if isinstance(a, dict) else str(a)) for a in record.get("aliases") or []
    ]
    if record["name"] not in aliases:
        aliases.insert(0, Alias(record["name"]))
    roles = [parse_role(r, set(), f"actor {kb_id!r}") for r in record.get("roles") or []]
    kind = record.get("kind") or ("person" if roles else "organisation")
    return Entry(
        str(kb_id),
        record["name"],
        kind,
        country=record.get("country"),
        sector=record.get("sector"),
        code=record.get("code"),
        aliases=aliases,
        roles=roles,
        source=record.get("source") or "learned",
        evidence=record.get("evidence"),
    )
