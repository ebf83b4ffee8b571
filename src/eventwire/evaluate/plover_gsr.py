"""Score event coding on the PLOVER gold-standard records (benchmarks/plover_gsr).

Each record is one English sentence with a category (older names mapped: DEMAND -> REQUEST,
DISAPPROVE -> ACCUSE/disapprove, INVESTIGATE -> ACCUSE/investigate, FIGHT -> ASSAULT; DOCUMENT
skipped), a mode, and source / target actors with country codes.  The *primary* event of a
record is the most confident event eventwire codes in it (ties: the earliest trigger).
Reported: coverage (records with an event), category accuracy where produced, mode accuracy
where the gold has a mode, actor and recipient country F1 (micro, over all records).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from eventwire.analyze.events.lexicon import Ontology, load_ontology
from eventwire.evaluate.common import analyze_text, f1, ratio, reportable
from eventwire.models import ActorRef, Event
from eventwire.settings import Settings

GSR_DATE = dt.date(2000, 1, 1)  # every record is dated 2000-01-01 (not testable)
_NON_COUNTRY = {"IGO", "NGO", "IMG", "ISM"}  # organisation codes of the GSR, not countries


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """The scorable records (DOCUMENT records and records without text are skipped)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [r for r in data if r.get("event") != "DOCUMENT" and r.get("text")]


def gold_category(record: dict[str, Any], onto: Ontology) -> tuple[str, str | None]:
    """(category, mode) with the older category and mode names mapped to the current ones."""
    event, mode = record["event"], (record.get("mode") or None)
    if event in onto.legacy:
        event, legacy_mode = onto.legacy[event]
        mode = mode or legacy_mode
    mode = onto.legacy_modes.get(mode, mode) if mode else None
    return event, mode


def gold_codes(actors: Any, onto: Ontology) -> set[str]:
    """Country codes (ISO alpha-3, old codes mapped) or organisation codes of gold actors."""
    if not isinstance(actors, list):
        return set()
    codes = {str(a.get("code", ""))[:3].upper() for a in actors if a.get("code")}
    return {onto.legacy_countries.get(c, c) for c in codes}


def system_codes(refs: list[ActorRef]) -> set[str]:
    """Comparable codes of our actors: the country, else IGO/NGO for organisations."""
    out = set()
    for ref in refs:
        if ref.country:
            out.add(ref.country)
        elif ref.sector in _NON_COUNTRY:
            out.add(ref.sector)
    return out


def primary_event(events: list[Event]) -> Event | None:
    candidates = reportable(events)
    if not candidates:
        return None
    return max(candidates, key=lambda e: (e.confidence, -(e.trigger_start or 0)))


class _Tally:
    def __init__(self) -> None:
        self.n = self.produced = self.correct = self.mode_n = self.mode_ok = 0
        self.actor = [0, 0, 0]  # tp, fp, fn
        self.recipient = [0, 0, 0]
        self.confusion: dict[str, int] = {}

    def dyad(self, which: list[int], gold: set[str], system: set[str]) -> None:
        which[0] += len(gold & system)
        which[1] += len(system - gold)
        which[2] += len(gold - system)


def evaluate_plover_gsr(path: str | Path, *, settings: Settings | None = None,
                        limit: int | None = None) -> dict[str, Any]:
    """Category accuracy, coverage, mode accuracy and actor/recipient country F1."""
    settings = settings or Settings()
    onto = load_ontology()
    t = _Tally()
    misses = []
    for record in load_records(path)[:limit]:
        t.n += 1
        category, mode = gold_category(record, onto)
        _, analysis = analyze_text(record["text"], source=record["id"], settings=settings,
                                   language="en", published=GSR_DATE)
        event = primary_event(analysis.events)
        gold_a = gold_codes(record.get("source"), onto)
        gold_r = gold_codes(record.get("target"), onto)
        sys_a = system_codes(event.actors) if event else set()
        sys_r = system_codes(event.recipients) if event else set()
        t.dyad(t.actor, gold_a, sys_a)
        t.dyad(t.recipient, gold_r, sys_r)
        if event is None:
            misses.append({"id": record["id"], "gold": category, "system": None})
            continue
        t.produced += 1
        if event.type == category:
            t.correct += 1
            if mode:
                t.mode_n += 1
                t.mode_ok += int(event.mode == mode)
        else:
            key = f"{category}->{event.type}"
            t.confusion[key] = t.confusion.get(key, 0) + 1
            misses.append({"id": record["id"], "gold": category, "system": event.type,
                           "rule": event.rule})
    return {
        "records": t.n,
        "coverage": ratio(t.produced, t.n),
        "category_accuracy": ratio(t.correct, t.produced),
        "mode_accuracy": ratio(t.mode_ok, t.mode_n),
        "actor_country": f1(*t.actor),
        "recipient_country": f1(*t.recipient),
        "confusion": dict(sorted(t.confusion.items(), key=lambda kv: -kv[1])),
        "misses": misses,
    }
