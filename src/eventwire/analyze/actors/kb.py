"""The actor knowledge base: countries, people with dated roles, organisations, armed groups.

Packaged data files under ``eventwire/data/kb/`` (validated on load) are layered, in order:
the converted Phoenix TABARI dictionaries (base layer, leaders up to 2014), the curated
countries/people/organisations, then user files (``--kb FILE``, ``settings.kb_files``), whose
entries replace packaged ones with the same id. Actors learned from articles are added with
:meth:`KnowledgeBase.add_learned`.

    >>> kb = load_kb()
    >>> kb.get("masoud-pezeshkian").role_on(dt.date(2024, 12, 1)).code
    'IRNGOV'
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import InvalidKnowledgeBase

SECTORS = frozenset(
    "GOV MIL COP REB OPP PTY LEG JUD MED EDU BUS CVL REF IGO NGO REL ELI SPY HLH LAB AGR".split()
)
LANGS = ("en", "es", "fr")
# Lower number wins when two entries share an alias.
SOURCE_RANK = {"user": 0, "kb": 1, "learned": 2, "phoenix": 3}


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes/hyphens/dots: the alias lookup key."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("ı", "i")
    text = text.lower().replace("-", " ").replace(".", "").replace("_", " ")
    return " ".join(text.split())


@dataclass(frozen=True)
class Role:
    """One office held between two dates (end exclusive: the successor's first day)."""

    title: str | None
    country: str | None
    sector: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    org: str | None = None
    code: str | None = None  # explicit code (e.g. IGOUNO); else country + sector

    def active(self, day: dt.date) -> bool:
        """True when the role is held on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def full_code(self) -> str | None:
        """Country + sector, or the explicit code."""
        if self.code:
            return self.code
        return ((self.country or "") + (self.sector or "")) or None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "country": self.country,
            "sector": self.sector,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


class Alias(str):
    """A way of writing an entry; a ``str`` (so it stores as plain JSON text) that also knows
    its kind (name|adjective|demonym|capital|alt|surname), language and sector override
    ("Assad regime" -> GOV)."""

    kind: str
    lang: str | None
    sector: str | None

    def __new__(
        cls, text: str, kind: str = "name", lang: str | None = None, sector: str | None = None
    ) -> Alias:
        obj = super().__new__(cls, text)
        obj.kind, obj.lang, obj.sector = kind, lang, sector
        return obj

    @property
    def text(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"Alias({str(self)!r}, kind={self.kind!r}, lang={self.lang!r})"


@dataclass
class Entry:
    """One actor of the KB."""

    kb_id: str
    name: str
    kind: str  # country | person | organisation
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    aliases: list[Alias] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    groups: tuple[str, ...] = ()
    source: str = "kb"
    evidence: dict[str, Any] | None = None
    gender: str | None = None  # "f" | "m" when known (pronoun agreement)

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role held on ``day``; no day: the most recent role.

        Among overlapping roles the narrowest date range wins (TABARI's rule: a short dated
        exception overrides a long one, and any dated role overrides an undated default).
        """
        if not self.roles:
            return None
        if day is None:
            return max(self.roles, key=_role_recency)
        active = [r for r in self.roles if r.active(day)]
        return min(active, key=_role_width) if active else None

    def base_role(self) -> Role:
        """The entry's own country/sector as a role (countries, organisations)."""
        return Role(None, self.country, self.sector, code=self.code)


NAME_PARTICLES = frozenset({"al", "el", "bin", "ben", "abu", "ibn", "von", "van", "de", "da", "le"})


def _surname_keys(entry: Entry) -> set[str]:
    """Folded last names of a person's multi-word aliases ("mugabe", "al sudani")."""
    keys = set()
    for alias in entry.aliases:
        words = fold(alias.text).split()
        if len(words) < 2:
            continue
        keys.add(words[-1])
        if len(words) > 2 and words[-2] in NAME_PARTICLES:
            keys.add(" ".join(words[-2:]))
    return keys


def _role_recency(role: Role) -> tuple[dt.date, dt.date]:
    """Order roles so that the most recent (open-ended first) wins."""
    return (role.end or dt.date.max, role.start or dt.date.min)


def _role_width(role: Role) -> tuple[int, int]:
    """Width of a role's date range in days (open ends count as very wide), latest start first."""
    start = role.start or dt.date.min
    end = role.end or dt.date.max
    return ((end - start).days, -start.toordinal())


class KnowledgeBase:
    """Entries by id plus an alias index keyed by :func:`fold`."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.entries: dict[str, Entry] = {}
        self._index: dict[str, list[tuple[str, Alias]]] = {}
        self._surnames: dict[str, list[str]] = {}
        self.learned: list[Entry] = []
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        """Add or replace an entry (a replaced entry's aliases leave the index)."""
        if entry.kb_id in self.entries:
            self._unindex(self.entries[entry.kb_id])
        self.entries[entry.kb_id] = entry
        for alias in entry.aliases:
            self._index.setdefault(fold(alias.text), []).append((entry.kb_id, alias))
        if entry.kind == "person":
            for key in _surname_keys(entry):
                self._surnames.setdefault(key, []).append(entry.kb_id)

    def add_learned(self, entry: Entry | dict[str, Any]) -> None:
        """Keep an actor learned from an article so that later articles can resolve it.

        Accepts an :class:`Entry` or a stored ``actors`` row (``Store.learned_actors()``).
        A learned actor never replaces a KB or user entry of the same id.
        """
        if isinstance(entry, dict):
            entry = entry_from_record(entry)
        existing = self.entries.get(entry.kb_id)
        if existing is not None and existing.source != "learned":
            return
        entry.source = "learned"
        if entry.kb_id not in self.entries:
            self.learned.append(entry)
        self.add(entry)

    def lookup_surname(self, text: str) -> list[Entry]:
        """People whose full name ends with ``text`` ("Mugabe", "Al Sudani"), best source first."""
        ids = dict.fromkeys(self._surnames.get(fold(text), []))
        found = [self.entries[i] for i in ids if i in self.entries]
        return sorted(found, key=lambda e: SOURCE_RANK.get(e.source, 9))

    def _unindex(self, entry: Entry) -> None:
        for key in _surname_keys(entry):
            self._surnames[key] = [i for i in self._surnames.get(key, []) if i != entry.kb_id]
        for alias in entry.aliases:
            key = fold(alias.text)
            kept = [(i, a) for i, a in self._index.get(key, []) if i != entry.kb_id]
            if kept:
                self._index[key] = kept
            else:
                self._index.pop(key, None)

    def get(self, kb_id: str) -> Entry | None:
        return self.entries.get(kb_id)

    def lookup(self, text: str) -> list[tuple[Entry, Alias]]:
        """Entries having ``text`` as an alias, best source first."""
        seen: dict[str, tuple[Entry, Alias]] = {}
        for kb_id, alias in self._index.get(fold(text), []):
            seen.setdefault(kb_id, (self.entries[kb_id], alias))
        hits = list(seen.values())
        return sorted(hits, key=lambda h: (SOURCE_RANK.get(h[0].source, 9), h[0].kind != "person"))

    def countries(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == "country"]

    def role_holder(self, country: str | None, title: str, day: dt.date | None) -> Entry | None:
        """The person holding ``title`` for ``country`` on ``day`` (no day: the latest one)."""
        best: tuple[Any, Entry] | None = None
        for entry in self.entries.values():
            if entry.kind != "person" or entry.source == "phoenix":
                continue
            for role in entry.roles:
                if role.title != title or role.country != country:
                    continue
                if day is not None and not role.active(day):
                    continue
                rank = (SOURCE_RANK.get(entry.source, 9) * -1, _role_recency(role))
                if best is None or rank > best[0]:
                    best = (rank, entry)
        return best[1] if best else None

    def gazetteer_aliases(self, lang: str) -> list[tuple[str, Entry, Alias]]:
        """(text, entry, alias) pairs for the gazetteer of ``lang`` (Phoenix layer excluded)."""
        out = []
        for entry in self.entries.values():
            if entry.source == "phoenix":
                continue
            for alias in entry.aliases:
                if alias.lang in (None, lang) or (alias.kind == "name" and alias.lang == "en"):
                    out.append((alias.text, entry, alias))
        return out


# ---------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------


def _data_path(name: str) -> Path:
    return Path(str(resources.files("eventwire") / "data" / "kb" / name))


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


def _read_structured(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidKnowledgeBase(f"cannot read KB file {path}: {exc.strerror}") from exc
    try:
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise InvalidKnowledgeBase(f"{path}: not valid {path.suffix[1:].upper()}: {exc}") from exc


def entries_from_document(doc: Any, known: set[str], source: str, where: str) -> list[Entry]:
    """Entries of a KB document: {people: [...], organisations: [...], countries: {...}}."""
    if not isinstance(doc, dict):
        raise InvalidKnowledgeBase(f"{where}: expected a mapping with 'people'/'organisations'")
    unknown = set(doc) - {"people", "organisations", "organizations", "countries"}
    if unknown:
        raise InvalidKnowledgeBase(
            f"{where}: unknown section(s) {sorted(unknown)}; use people, organisations, countries"
        )
    out = [parse_person(p, known, source) for p in doc.get("people") or []]
    orgs = (doc.get("organisations") or []) + (doc.get("organizations") or [])
    out += [parse_organisation(o, known, source) for o in orgs]
    for iso3, raw in (doc.get("countries") or {}).items():
        out.append(parse_country(iso3, {"name": iso3, **raw}))
        out[-1].source = source
    return out


def load_phoenix_layer(known: set[str]) -> list[Entry]:
    """The converted Phoenix dictionaries (see tabari.convert_phoenix), if packaged."""
    path = _data_path("phoenix.json")
    if not path.exists():
        return []
    from eventwire.analyze.actors.tabari import entries_from_converted

    return entries_from_converted(_read_structured(path), known)


def build_kb(extra_files: Iterable[str | Path] = ()) -> KnowledgeBase:
    """Load and validate the packaged KB plus user files (not cached)."""
    countries = _read_structured(_data_path("countries.json"))
    known = set(countries)
    kb = KnowledgeBase(load_phoenix_layer(known))
    for iso3, raw in countries.items():
        kb.add(parse_country(iso3, raw))
    for name in ("people.yaml", "organisations.yaml"):
        for entry in entries_from_document(_read_structured(_data_path(name)), known, "kb", name):
            kb.add(entry)
    for path in extra_files:
        path = Path(path)
        doc = _read_structured(path)
        for entry in entries_from_document(doc, known, "user", str(path)):
            previous = kb.get(entry.kb_id)
            if previous and entry.kind == "country":
                entry.aliases = previous.aliases + entry.aliases
                entry.name, entry.groups = previous.name, previous.groups
            kb.add(entry)
    return kb


@lru_cache(maxsize=8)
def _cached(extra: tuple[str, ...]) -> KnowledgeBase:
    return build_kb(extra)


def load_kb(extra_files: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The KB with ``extra_files`` layered on top; cached per list of files."""
    return _cached(tuple(str(p) for p in extra_files))
