"""Check a gold file in our format against docs/ANNOTATION.md §0.6 and §9.

    python scripts/check_gold.py benchmarks/realtext/test/gold_en.jsonl [...]

Prints one line per problem (file, article, what) and exits 1 when there is any. It reads only
the gold and the article files; it never runs eventwire.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pycountry
import yaml

REPO = Path(__file__).resolve().parents[1]
PLOVER = yaml.safe_load((REPO / "src/eventwire/data/plover.yaml").read_text())["categories"]
SECTORS = {"GOV", "MIL", "COP", "REB", "OPP", "PTY", "LEG", "JUD", "MED", "EDU", "BUS", "CVL",
           "LAB", "AGR", "REF", "IGO", "NGO", "REL"}
COUNTRIES = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
EVENT_FIELDS = ("type", "mode", "actor", "actor_sector", "actor_name", "recipient",
                "recipient_sector", "recipient_name", "date", "date_precision", "location",
                "optional", "historical", "negated", "evidence")
RECORD_FIELDS = ("file", "published", "language", "events", "quotes", "actors", "annotator",
                 "notes")
PRECISIONS = {"day", "week", "month", "year", "range", None}


def _listed(value):
    return value if isinstance(value, list) else [value]


def _party(value) -> str | None:
    """A problem with an actor/recipient value, or None."""
    for v in _listed(value):
        if v is None:
            continue
        if not isinstance(v, str) or not v:
            return f"party {v!r} is not a string"
        if v.isupper() and v not in COUNTRIES:
            return f"{v!r} is not an ISO 3166-1 alpha-3 code"
        if not v.isupper() and v != v.lower():
            return f"organisation name {v!r} must be lower case"
    return None


def _date(value) -> bool:
    for v in _listed(value):
        if v is None:
            continue
        try:
            dt.date.fromisoformat(v)
        except (TypeError, ValueError):
            return False
    return True


def check_event(ev: dict, text: str) -> list[str]:
    out = [f"missing field {f}" for f in EVENT_FIELDS if f not in ev]
    types = _listed(ev.get("type"))
    for t in types:
        if t not in PLOVER:
            out.append(f"type {t!r} is not a PLOVER category")
    mode = ev.get("mode")
    if mode is not None and not any(mode in (PLOVER.get(t) or {}).get("modes", {})
                                    for t in types):
        out.append(f"mode {mode!r} is not a mode of {types}")
    for side in ("actor", "recipient"):
        problem = _party(ev.get(side))
        if problem:
            out.append(f"{side}: {problem}")
        for s in _listed(ev.get(f"{side}_sector")):
            if s is not None and s not in SECTORS:
                out.append(f"{side}_sector {s!r} is not a sector code")
    if ev.get("actor") is None:
        out.append("actor is null")
    if not _date(ev.get("date")):
        out.append(f"date {ev.get('date')!r} is not YYYY-MM-DD")
    if ev.get("date_precision") not in PRECISIONS:
        out.append(f"date_precision {ev.get('date_precision')!r}")
    if ev.get("negated"):
        out.append("negated events are omitted, not coded (§4)")
    if ev.get("historical") and not ev.get("optional"):
        out.append("historical implies optional")
    evidence = ev.get("evidence")
    if not isinstance(evidence, str) or not evidence or evidence not in text:
        out.append(f"evidence is not a substring of the article: {evidence!r}")
    return out


def check_record(rec: dict, folder: Path) -> list[str]:
    out = [f"missing field {f}" for f in RECORD_FIELDS if f not in rec]
    path = folder / "articles" / rec.get("file", "")
    if not path.is_file():
        path = folder / rec.get("file", "")
    if not path.is_file():
        return out + [f"article file {rec.get('file')!r} not found"]
    text = path.read_text(encoding="utf-8")
    if rec.get("language") not in ("en", "es", "fr"):
        out.append(f"language {rec.get('language')!r}")
    if not _date(rec.get("published")) or rec.get("published") is None:
        out.append(f"published {rec.get('published')!r}")
    for i, ev in enumerate(rec.get("events", [])):
        out += [f"event {i}: {p}" for p in check_event(ev, text)]
    for i, q in enumerate(rec.get("quotes", [])):
        if not q.get("contains") or q["contains"] not in text:
            out.append(f"quote {i}: contains is not a substring: {q.get('contains')!r}")
        if q.get("kind") not in ("direct", "partial", "indirect"):
            out.append(f"quote {i}: kind {q.get('kind')!r}")
        if not q.get("speaker"):
            out.append(f"quote {i}: no speaker")
    for i, a in enumerate(rec.get("actors", [])):
        if not a.get("text") or a["text"] not in text:
            out.append(f"actor {i}: text is not a substring: {a.get('text')!r}")
        if a.get("sector") is not None and a["sector"] not in SECTORS:
            out.append(f"actor {i}: sector {a['sector']!r}")
        problem = _party(a.get("country"))
        if problem:
            out.append(f"actor {i}: {problem}")
    return out


def main(paths: list[str]) -> int:
    problems = 0
    for name in paths:
        gold = Path(name)
        seen: set[str] = set()
        for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{gold}:{n}: not JSON: {exc}")
                problems += 1
                continue
            if rec.get("file") in seen:
                print(f"{gold}:{n}: {rec.get('file')} appears twice")
                problems += 1
            seen.add(rec.get("file"))
            for p in check_record(rec, gold.parent):
                print(f"{gold}:{n}: {rec.get('file')}: {p}")
                problems += 1
        articles = {p.name for p in (gold.parent / "articles").glob("*.txt")}
        lang = gold.stem.rsplit("_", 1)[-1]
        expected = {a for a in articles if a.startswith(f"{lang}-")}
        for missing in sorted(expected - seen):
            print(f"{gold}: no record for {missing}")
            problems += 1
        print(f"{gold}: {len(seen)} records, {problems} problems so far")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
