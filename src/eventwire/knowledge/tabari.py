"""Importer for TABARI/PETRARCH dictionaries: ``.actors`` (names with dated codes) and
``.agents`` (titles/group nouns with code suffixes such as ``[~GOV]``).

Actor file syntax handled: ``NAME [CODE]`` on one line; ``+SYNONYM`` lines; indented code
lines ``[CODE]``, ``[CODE >YYYYMMDD]``, ``[CODE <YYMMDD]``, ``[CODE d1-d2]``; ``#`` comments and
``<!-- ... -->`` blocks; ``_`` joins words (a trailing ``_`` marks an exact word). Names listed
without a code share the next code block. Codes ``---``/``+++`` mean "ignore this name".

    >>> actors = parse_actors(Path("PETR.Validate.actors.txt"))
    >>> [a for a in actors if "GOLLUM" in a.names][0].code_on(dt.date(2000, 1, 1))
    'HOBREB'
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import InvalidKnowledgeBase
from eventwire.knowledge.entries import SECTORS, Alias, Entry, Role

_CODE_RE = re.compile(r"\[\s*([^\]\s]+)\s*(.*?)\s*\]")
_DATE_RANGE = re.compile(r"^(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})$")
_DATE_ONE = re.compile(r"^([<>])\s*(\d{6}|\d{8})$")
NULL_CODES = {"---", "+++", "###"}


@dataclass
class DatedCode:
    """A code with an optional validity range (end exclusive)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    def active(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class TabariActor:
    """One actor record: its names (spaces for ``_``) and dated codes, in file order."""

    names: list[str]
    codes: list[DatedCode] = field(default_factory=list)
    line: int = 0

    def code_on(self, day: dt.date | None) -> str | None:
        """The code for ``day``: the first matching dated code, else the undated default."""
        dated = [c for c in self.codes if c.start or c.end]
        if day is not None:
            for code in dated:
                if code.active(day):
                    return code.code
        default = [c for c in self.codes if not (c.start or c.end)]
        if default:
            return default[-1].code
        return dated[-1].code if dated and day is None else None


@dataclass
class TabariAgent:
    """One agent: its phrases (plurals expanded) and code, e.g. ``~GOV`` (suffix) or ``NGO~``."""

    phrases: list[str]
    code: str

    @property
    def sector(self) -> str:
        """The code without the ``~`` marker (``~GOVFRM`` -> ``GOVFRM``)."""
        return self.code.replace("~", "")

    @property
    def is_prefix(self) -> bool:
        return self.code.endswith("~")


def parse_date(text: str, where: str) -> dt.date:
    """TABARI dates: YYYYMMDD, or YYMMDD with two-digit years 00-30 -> 20xx, else 19xx."""
    try:
        if len(text) == 6:
            yy = int(text[:2])
            year = 2000 + yy if yy <= 30 else 1900 + yy
            return dt.date(year, int(text[2:4]), int(text[4:6]))
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError as exc:
        raise InvalidKnowledgeBase(f"{where}: bad TABARI date {text!r}") from exc


def parse_code(code: str, restriction: str, where: str) -> DatedCode:
    """``HOBGOV`` + ``19950601 - 19990815`` -> DatedCode."""
    restriction = restriction.strip()
    if not restriction:
        return DatedCode(code)
    one = _DATE_ONE.match(restriction)
    if one:
        day = parse_date(one.group(2), where)
        return DatedCode(code, start=day) if one.group(1) == ">" else DatedCode(code, end=day)
    both = _DATE_RANGE.match(restriction)
    if both:
        return DatedCode(code, parse_date(both.group(1), where), parse_date(both.group(2), where))
    raise InvalidKnowledgeBase(f"{where}: unreadable date restriction {restriction!r}")


def _strip_comments(lines: list[str]) -> list[tuple[int, str]]:
    """Drop ``#`` comments and ``<!-- -->`` / ``<! -- -->`` blocks, keep line numbers."""
    out, in_block = [], False
    for number, line in enumerate(lines, 1):
        if in_block:
            if "-->" in line:
                in_block = False
            continue
        stripped = line.strip()
        if stripped.startswith("<!"):
            in_block = "-->" not in stripped
            continue
        out.append((number, line.split("#", 1)[0].rstrip()))
    return out


def _clean_name(raw: str) -> str:
    """``PRESIDENT_GEORGE_W._BUSH_`` -> ``PRESIDENT GEORGE W. BUSH``."""
    return " ".join(raw.replace("_", " ").split())


def parse_actors(path: Path | str, *, strict: bool = True) -> list[TabariActor]:
    """Read a TABARI ``.actors`` file; ``strict=False`` skips codes with malformed dates."""
    path = Path(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    actors: list[TabariActor] = []
    pending: TabariActor | None = None
    for number, line in _strip_comments(text.splitlines()):
        stripped = line.strip()
        if not stripped:
            continue
        where = f"{path.name}:{number}"
        name_part = _CODE_RE.split(stripped, maxsplit=1)[0].strip() if "[" in stripped else stripped
        codes = _codes(stripped, where, strict)
        if stripped.startswith("["):
            if pending is None:
                raise InvalidKnowledgeBase(f"{where}: code line with no actor name before it")
            pending.codes += codes
            continue
        if stripped.startswith("+"):
            if pending is None:
                raise InvalidKnowledgeBase(f"{where}: synonym line with no actor name before it")
            pending.names.append(_clean_name(name_part[1:]))
            pending.codes += codes
            continue
        if pending is not None and not pending.codes:
            pending.names.append(_clean_name(name_part))  # names without a code share the next
            pending.codes += codes
            continue
        pending = TabariActor([_clean_name(name_part)], codes, number)
        actors.append(pending)
    return [a for a in actors if a.names and a.codes]


def _codes(line: str, where: str, strict: bool) -> list[DatedCode]:
    """The ``[CODE restriction]`` blocks of a line."""
    out = []
    for code, restriction in _CODE_RE.findall(line):
        try:
            out.append(parse_code(code.upper(), restriction, where))
        except InvalidKnowledgeBase:
            if strict:
                raise
    return out


def _plurals(word: str) -> list[str]:
    """Regular English plural of a phrase's last word (PETRARCH's automatic forms)."""
    head, _, last = word.rpartition(" ")
    if last.endswith("Y") and len(last) > 1 and last[-2] not in "AEIOU":
        plural = last[:-1] + "IES"
    elif last.endswith(("S", "X", "CH", "SH", "Z")):
        plural = last + "ES"
    elif last.endswith("MAN"):
        plural = last[:-3] + "MEN"
    else:
        plural = last + "S"
    return [f"{head} {plural}".strip()]


def parse_agents(path: Path | str) -> list[TabariAgent]:
    """Read a TABARI ``.agents`` file, expanding ``!SET!`` substitutions and plurals."""
    path = Path(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    sets: dict[str, list[str]] = {}
    agents: list[TabariAgent] = []
    for number, line in _strip_comments(text.splitlines()):
        stripped = line.strip()
        if not stripped:
            continue
        where = f"{path.name}:{number}"
        if stripped.startswith("!") and "=" in stripped:
            key, _, values = stripped.partition("=")
            sets[key.strip()] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        match = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[\s*([^\]]+?)\s*\]", stripped)
        if not match:
            raise InvalidKnowledgeBase(f"{where}: agent line without a [CODE]: {stripped!r}")
        raw, plural_block, code = match.group(1).strip(), match.group(2), match.group(3)
        forms = _expand_sets(raw, sets)
        phrases = [_clean_name(f) for f in forms]
        if plural_block is None:
            phrases += [p for f in phrases for p in _plurals(f)]
        elif plural_block.strip("{} "):
            phrases += [_clean_name(p) for p in plural_block.strip("{} ").split(",")]
        agents.append(TabariAgent(list(dict.fromkeys(phrases)), code.replace(" ", "")))
    return agents


def _expand_sets(raw: str, sets: dict[str, list[str]]) -> list[str]:
    """``!MINST!_OF_SILLY_WALKS`` -> one form per member of the substitution set."""
    match = re.search(r"![A-Z]+!", raw)
    if not match or match.group(0) not in sets:
        return [raw]
    key = match.group(0)
    return [f for v in sets[key] for f in _expand_sets(raw.replace(key, v, 1), sets)]


# ---------------------------------------------------------------------------------------------
# Phoenix base layer: conversion to a packaged JSON file and loading into KB entries
# ---------------------------------------------------------------------------------------------

PHOENIX_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)


def convert_phoenix(folder: Path | str, target: Path | str) -> int:
    """Write the Phoenix actor dictionaries as compact JSON; return the number of actors."""
    folder = Path(folder)
    records = []
    for name in PHOENIX_FILES:
        for actor in parse_actors(folder / name, strict=False):
            codes = [
                [
                    c.code,
                    c.start.isoformat() if c.start else None,
                    c.end.isoformat() if c.end else None,
                ]
                for c in actor.codes
                if c.code not in NULL_CODES
            ]
            if codes:
                records.append([actor.names, codes])
    doc = {
        "source": "Phoenix TABARI dictionaries (MIT, Open Event Data Alliance)",
        "actors": records,
    }
    Path(target).write_text(
        json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    return len(records)


def split_code(code: str, known: set[str]) -> tuple[str | None, str | None]:
    """CAMEO code -> (country, sector): ``IRNGOVLEG`` -> (IRN, GOV); ``IGOUNO`` -> (None, IGO)."""
    country = code[:3] if code[:3] in known else None
    rest = code[3:] if country else code
    sector = rest[:3] if rest[:3] in SECTORS else None
    return country, sector


def entries_from_converted(doc: dict[str, Any], known: set[str]) -> list[Entry]:
    """KB entries (source ``phoenix``) from the converted JSON document."""
    out = []
    for number, (names, codes) in enumerate(doc.get("actors", [])):
        roles = []
        for code, start, end in codes:
            country, sector = split_code(code, known)
            roles.append(
                Role(
                    None,
                    country,
                    sector,
                    dt.date.fromisoformat(start) if start else None,
                    dt.date.fromisoformat(end) if end else None,
                    code=code if not country else None,
                )
            )
        dated = any(r.start or r.end for r in roles)
        default = roles[-1]
        aliases = [Alias(n.title(), "name") for n in names]
        out.append(
            Entry(
                f"phoenix:{number}",
                names[0].title(),
                "person" if dated else "organisation",
                country=default.country,
                sector=None if dated else default.sector,
                code=None if dated else default.code,
                aliases=aliases,
                roles=roles if dated else [],
                source="phoenix",
            )
        )
    return out
