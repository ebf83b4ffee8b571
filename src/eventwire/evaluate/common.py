"""Shared scoring helpers: event matching (docs/GOLD.md), ratios, F1, article runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventwire.models import ActorRef, Analysis, Article, Event, RawDocument
from eventwire.settings import Settings

# Categories whose dyads are unordered when matching (GOLD.md rule 2).
UNORDERED = {"CONSULT", "AGREE", "COOPERATE"}


def ratio(num: float, den: float) -> float:
    """num / den rounded to 4 places; 0.0 when there is nothing to divide."""
    return round(num / den, 4) if den else 0.0


def f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": ratio(2 * p * r, p + r)}


def _as_set(value: Any) -> set[str]:
    if value is None:
        return set()
    return {str(v) for v in value} if isinstance(value, list) else {str(value)}


def actor_is(ref: ActorRef, wanted: set[str]) -> bool:
    """An actor has one of the gold values: ISO alpha-3 country, or lower-case canonical name."""
    if ref.country and ref.country in wanted:
        return True
    return ref.name.lower() in wanted


def reportable(events: Iterable[Event]) -> list[Event]:
    """Events that count for scoring: negated and hypothetical ones are excluded."""
    return [e for e in events if not e.negated and not e.hypothetical]


def _dyad_ok(actors: list[ActorRef], recipients: list[ActorRef], a: set[str], r: set[str]) -> bool:
    has_actor = any(actor_is(x, a) for x in actors)
    if not r:
        return has_actor
    if has_actor and any(actor_is(x, r) for x in recipients):
        return True
    # a joint act lists both parties as actors
    return has_actor and any(actor_is(x, r) for x in actors if not actor_is(x, a))


def event_matches(event: Event, gold: dict[str, Any], *, dated: bool = True) -> bool:
    """GOLD.md: same type; actor (and recipient when given), either way for unordered types;
    with ``dated``, the same date (one of the listed days) when the gold gives one."""
    if event.type not in _as_set(gold.get("type")):
        return False
    if dated and gold.get("date") and (
            event.date is None or event.date.isoformat() not in _as_set(gold["date"])):
        return False
    a, r = _as_set(gold.get("actor")), _as_set(gold.get("recipient"))
    if _dyad_ok(event.actors, event.recipients, a, r):
        return True
    return event.type in UNORDERED and bool(r) and _dyad_ok(event.actors, event.recipients, r, a)


def score_events(events: list[Event], gold: list[dict[str, Any]], *,
                 dated: bool = True) -> dict[str, Any]:
    """Counts for one article: matched required gold events, correct system events, duplicates
    (``dated``: dates must agree too)."""
    def match(e: Event, g: dict[str, Any]) -> bool:
        return event_matches(e, g, dated=dated)

    required = [g for g in gold if not g.get("optional")]
    system = reportable(events)
    matched_required = sum(1 for g in required if any(match(e, g) for e in system))
    correct = [e for e in system if any(match(e, g) for g in gold)]
    hits_per_gold = [sum(1 for e in system if match(e, g)) for g in gold]
    return {
        "required": len(required),
        "matched": matched_required,
        "system": len(system),
        "correct": len(correct),
        "duplicates": sum(max(0, n - 1) for n in hits_per_gold),
        "missed": [g for g in required if not any(match(e, g) for e in system)],
        "wrong": [e for e in system if e not in correct],
    }


def analyze_text(text: str, *, source: str, settings: Settings, language: str | None = None,
                 published: dt.date | None = None) -> tuple[Article, Analysis]:
    """Ingest one text as an article and analyse it with the pipeline."""
    from eventwire.analyze import analyze
    from eventwire.ingest import build_article

    raw = RawDocument(source=source, content=text, language=language,
                      published=published.isoformat() if published else None)
    article = build_article(raw, settings=settings)
    return article, analyze(article, settings=settings)


def analyze_file(path: Path, *, settings: Settings) -> tuple[Article, Analysis]:
    """Ingest and analyse one article file."""
    return analyze_text(path.read_text(encoding="utf-8"), source=str(path), settings=settings)
