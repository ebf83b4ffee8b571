"""Loading the actor knowledge base: countries, people with dated roles, organisations, groups.

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

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import InvalidKnowledgeBase
from eventwire.knowledge.base import KnowledgeBase
from eventwire.knowledge.entries import Entry
from eventwire.knowledge.tabari import entries_from_converted
from eventwire.knowledge.validate import parse_country, parse_organisation, parse_person


def _data_path(name: str) -> Path:
    return Path(str(resources.files("eventwire") / "data" / "kb" / name))



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
