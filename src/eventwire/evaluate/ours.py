"""Score eventwire against a gold file in our own format (docs/GOLD.md).

    >>> report = evaluate_ours("examples/gold.jsonl")       # doctest: +SKIP
    >>> report["events"]["recall"], report["events"]["precision"]  # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError
from eventwire.evaluate.common import analyze_file, ratio, score_events
from eventwire.models import Analysis, Event, Quote
from eventwire.settings import Settings


class GoldFileError(EventwireError):
    """A gold file that cannot be read or names an article that is not there."""


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The gold records, one JSON object per line."""
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldFileError(f"cannot read gold file {path}: {exc.strerror}") from exc
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise GoldFileError(
                    f"{path}:{n}: not JSON ({exc.msg}); one object per line") from exc
    return records


def article_path(gold: Path, name: str) -> Path:
    """The article file of a gold record: next to the gold file, or in its articles/ folder."""
    for folder in (gold.parent, gold.parent / "articles"):
        if (folder / name).is_file():
            return folder / name
    raise GoldFileError(f"{gold}: article {name!r} not found next to it or in articles/")


def _quote_hits(quotes: list[Quote], gold: list[dict[str, Any]]) -> tuple[int, int]:
    """(gold quotes found, system quotes that match a gold quote)."""

    def ok(q: Quote, g: dict[str, Any]) -> bool:
        name = (q.speaker.name if q.speaker else q.speaker_text or "").lower()
        return g["speaker"].lower() in name and g["contains"].lower() in q.text.lower()

    found = sum(1 for g in gold if any(ok(q, g) for q in quotes))
    return found, sum(1 for q in quotes if any(ok(q, g) for g in gold))


def _actor_hits(analysis: Analysis, gold: list[dict[str, Any]]) -> int:
    """Gold actors whose exact text span resolves to the gold country and sector."""
    hits = 0
    for g in gold:
        spans = [m for m in analysis.mentions if m.text == g["text"] and m.actor is not None]
        if any(m.actor.country == g.get("country") and (g.get("sector") is None
               or m.actor.sector == g["sector"]) for m in spans):
            hits += 1
    return hits


def _describe(e: Event) -> dict[str, Any]:
    return {"type": e.type, "actors": [a.country or a.name for a in e.actors],
            "recipients": [a.country or a.name for a in e.recipients],
            "date": e.date.isoformat() if e.date else None, "trigger": e.trigger, "rule": e.rule}


def _prf(counts: dict[str, int]) -> dict[str, Any]:
    recall = ratio(counts["matched"], counts["required"])
    precision = ratio(counts["correct"], counts["system"])
    f1 = ratio(2 * recall * precision, recall + precision) if recall + precision else 0.0
    return {**counts, "recall": recall, "precision": precision, "f1": f1}


def evaluate_ours(path: str | Path, *, settings: Settings | None = None) -> dict[str, Any]:
    """Event recall / precision, duplicates, quote P/R and actor accuracy on a gold file."""
    gold_path = Path(path)
    settings = settings or Settings()
    totals = {"required": 0, "matched": 0, "system": 0, "correct": 0, "duplicates": 0}
    undated = dict(totals)
    quotes = {"gold": 0, "found": 0, "system": 0, "correct": 0}
    actors = {"gold": 0, "correct": 0}
    articles = []
    for record in read_gold(gold_path):
        _, analysis = analyze_file(article_path(gold_path, record["file"]), settings=settings)
        counts = score_events(analysis.events, record.get("events", []))
        loose = score_events(analysis.events, record.get("events", []), dated=False)
        for key in totals:
            totals[key] += counts[key]
            undated[key] += loose[key]
        found, correct = _quote_hits(analysis.quotes, record.get("quotes", []))
        quotes["gold"] += len(record.get("quotes", []))
        quotes["found"] += found
        quotes["system"] += len(analysis.quotes)
        quotes["correct"] += correct
        actors["gold"] += len(record.get("actors", []))
        actors["correct"] += _actor_hits(analysis, record.get("actors", []))
        articles.append({
            "file": record["file"], "matched": counts["matched"], "required": counts["required"],
            "correct": counts["correct"], "system": counts["system"],
            "missed": counts["missed"], "wrong": [_describe(e) for e in counts["wrong"]],
            "errors": analysis.errors,
        })
    return {
        "events": _prf(totals),
        # type + actor + recipient only (issue 15's real-text measure; dates are issue 17's)
        "events_undated": _prf(undated),
        "quotes": {**quotes, "recall": ratio(quotes["found"], quotes["gold"]),
                   "precision": ratio(quotes["correct"], quotes["system"])},
        "actors": {**actors, "accuracy": ratio(actors["correct"], actors["gold"])},
        "articles": articles,
    }
